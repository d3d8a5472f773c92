/* A search result for a function, enum or composite type opens its schema page at the
   object's section. Material's search files every entry with an anchor under its page
   (whose own entry then comes first), so those results are addressed as
   `<page>?section=<anchor>` instead, and this script scrolls to the anchor. */
(function () {
  "use strict";

  function reveal() {
    var wanted = new URLSearchParams(window.location.search).get("section");
    var target = wanted && document.getElementById(wanted);
    if (!target) return;
    target.scrollIntoView();
    // Below the sticky header, not under it.
    var header = document.querySelector(".md-header");
    window.scrollBy(0, -((header ? header.offsetHeight : 0) + 8));
    // Also a reload, a bookmark and the back button keep the place.
    if (!window.location.hash) {
      history.replaceState(history.state, "", "#" + encodeURIComponent(wanted));
    }
  }

  // Material's instant navigation swaps pages without a reload and announces each
  // new page on document$ (then scrolls to the top: reveal after that).
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { window.setTimeout(reveal, 0); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
