/* Sortable tables for schemadoc sites: click a column header to sort by it, click
   again to reverse. Numbers sort by value: a cell may carry its sort key in a
   data-sort attribute (sizes, "~1,234" estimates, "never analysed" = -1); otherwise
   text that reads as a number ("1,359", "~453") sorts numerically.
   No dependency: the site must build and work offline. */
(function () {
  "use strict";

  var NUMBER = /^[~\u2248]?\s*-?[\d,]+(\.\d+)?\+?$/;

  function sortKey(cell) {
    var tagged = cell.querySelector("[data-sort]");
    var raw = tagged ? tagged.getAttribute("data-sort") : cell.textContent.trim();
    if (tagged || NUMBER.test(raw)) {
      var value = parseFloat(raw.replace(/[~\u2248,+\s]/g, ""));
      if (!isNaN(value)) return { number: value };
    }
    return { text: raw.toLowerCase() };
  }

  function compare(a, b) {
    if (a.number !== undefined && b.number !== undefined) return a.number - b.number;
    if (a.number !== undefined) return -1;
    if (b.number !== undefined) return 1;
    return a.text.localeCompare(b.text);
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      var cell = row.cells[index];
      return { row: row, key: cell ? sortKey(cell) : { text: "" }, position: position };
    });
    rows.sort(function (a, b) {
      var order = compare(a.key, b.key) || a.position - b.position;
      return descending ? -order : order;
    });
    rows.forEach(function (entry) { body.appendChild(entry.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function makeSortable(table) {
    if (table.dataset.sortable || !table.tHead || !table.tBodies.length) return;
    table.dataset.sortable = "true";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.classList.add("sd-sortable");
      th.setAttribute("tabindex", "0");
      th.addEventListener("click", function () { sortBy(table, index, th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, index, th);
        }
      });
    });
  }

  function init() {
    document.querySelectorAll("article table").forEach(makeSortable);
  }

  // Material's instant navigation swaps pages without a reload and announces each
  // new page on document$; without it, run once the page has loaded.
  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
