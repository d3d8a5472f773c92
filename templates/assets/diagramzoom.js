/* Full-size view of schemadoc diagrams: a button on each diagram opens it over the
   whole window, where dragging pans it, the wheel (or + / - / 0 and the buttons)
   zooms about the pointer, and Escape closes it. Links in the diagram keep working
   (a drag is not a click). The view moves the SVG's viewBox: no library, no network,
   as the site must work offline.
   With `diagrams: mermaid` the page holds Mermaid text that Material draws in the
   browser, into a closed shadow root the page cannot reach: the view keeps the text
   from before Material replaces its block and asks Mermaid (loaded by then, with
   Material's theme) to draw it again, full size. */
(function () {
  "use strict";

  var view = null;  // {dialog, stage, svg, box: [x, y, w, h], full: [x, y, w, h], units}
  var drawn = 0;  // Mermaid drawings made for the view (each needs its own id)

  function setBox(box) {
    view.box = box;
    view.svg.setAttribute("viewBox", box.join(" "));
  }

  // Zoom by `factor` about the point (px, py) of the stage, in CSS pixels.
  function zoom(factor, px, py) {
    var rect = view.stage.getBoundingClientRect();
    var b = view.box;
    var scale = Math.max(b[2] / rect.width, b[3] / rect.height);
    // The point under the pointer, in SVG units (the viewBox is centred: "meet").
    var cx = b[0] + b[2] / 2 + (px - rect.width / 2) * scale;
    var cy = b[1] + b[3] / 2 + (py - rect.height / 2) * scale;
    var w = b[2] / factor, h = b[3] / factor;
    setBox([cx - (cx - b[0]) / factor, cy - (cy - b[1]) / factor, w, h]);
  }

  // The whole diagram at its natural size (Graphviz's points: 1 SVG unit = 4/3 px;
  // Mermaid's pixels: 1 unit = 1 px), or fitted to the window if it is smaller.
  function natural() {
    var rect = view.stage.getBoundingClientRect();
    var f = view.full;
    var units = view.units;  // SVG units per CSS pixel at the natural size
    if (f[2] <= rect.width * units && f[3] <= rect.height * units) {
      setBox(f.slice());
      return;
    }
    var w = rect.width * units, h = rect.height * units;
    // Centred on the page's own table when the diagram has one, else its top middle.
    var subject = view.svg.querySelector('polygon[fill="#3f51b5"]');
    if (subject && view.svg.getScreenCTM()) {
      var r = subject.getBoundingClientRect(), point = view.svg.createSVGPoint();
      point.x = r.left + r.width / 2;
      point.y = r.top;
      var at = point.matrixTransform(view.svg.getScreenCTM().inverse());
      setBox([at.x - w / 2, at.y - h / 4, w, h]);
      return;
    }
    setBox([f[0] + Math.max(0, (f[2] - w) / 2), f[1], w, h]);
  }

  function close() {
    if (view) {
      view.dialog.close();
      view.dialog.remove();
      if (view.opener) view.opener.focus();
      view = null;
    }
  }

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", action);
    return b;
  }

  function open(frame, opener) {
    var source = frame.querySelector("svg");
    if (source) show(source, 0.75, opener);
  }

  // Mermaid's drawing of `text` into the view (nothing while Mermaid is not loaded:
  // the page's own drawing is not there yet either).
  function openMermaid(text, opener) {
    if (typeof mermaid === "undefined" || !mermaid.render) return;
    drawn += 1;
    mermaid.render("schemadoc-zoom-mermaid-" + drawn, text).then(function (result) {
      var holder = document.createElement("div");
      holder.innerHTML = result.svg;
      var svg = holder.querySelector("svg");
      if (svg) {
        svg.style.removeProperty("max-width");  // Mermaid's own: the view sizes it
        show(svg, 1, opener);
      }
    }, function () { /* the page shows Mermaid's error drawing already */ });
  }

  function show(source, units, opener) {
    close();
    var dialog = document.createElement("dialog");
    dialog.className = "schemadoc-zoom";
    dialog.setAttribute("aria-label", "Diagram, full size");
    var stage = document.createElement("div");
    stage.className = "schemadoc-diagram schemadoc-zoom-stage";
    var svg = source.cloneNode(true);
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    stage.appendChild(svg);
    var bar = document.createElement("div");
    bar.className = "schemadoc-zoom-bar";
    dialog.appendChild(stage);
    dialog.appendChild(bar);
    document.body.appendChild(dialog);
    var full = (source.getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
    view = { dialog: dialog, stage: stage, svg: svg, box: full.slice(), full: full,
             opener: opener, units: units };
    bar.appendChild(button("+", "Zoom in", function () { centre(1.25); }));
    bar.appendChild(button("\u2212", "Zoom out", function () { centre(0.8); }));
    bar.appendChild(button("Fit", "Whole diagram", function () { setBox(view.full.slice()); }));
    bar.appendChild(button("1:1", "Natural size", natural));
    var closer = button("\u00d7", "Close", close);
    closer.autofocus = true;  // not the diagram's first link
    bar.appendChild(closer);
    dialog.addEventListener("close", close);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); close(); });
    dialog.showModal();
    natural();
    listen(stage);
  }

  function centre(factor) {
    var rect = view.stage.getBoundingClientRect();
    zoom(factor, rect.width / 2, rect.height / 2);
  }

  function listen(stage) {
    var drag = null;
    stage.addEventListener("wheel", function (event) {
      event.preventDefault();
      var rect = stage.getBoundingClientRect();
      zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - rect.left,
           event.clientY - rect.top);
    }, { passive: false });
    stage.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY, box: view.box.slice(), moved: false };
    });
    stage.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) stage.setPointerCapture(event.pointerId);
      drag.moved = true;
      var rect = stage.getBoundingClientRect();
      var scale = Math.max(drag.box[2] / rect.width, drag.box[3] / rect.height);
      setBox([drag.box[0] - dx * scale, drag.box[1] - dy * scale, drag.box[2], drag.box[3]]);
    });
    stage.addEventListener("pointerup", function () {
      if (drag && drag.moved) {
        // The click that ends a drag must not follow a link.
        stage.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
        }, { capture: true, once: true });
      }
      drag = null;
    });
    // A link in the diagram leaves the view for its page.
    stage.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) {
        var dialog = view && view.dialog;
        window.setTimeout(function () { if (view && view.dialog === dialog) close(); }, 0);
      }
    });
    view.dialog.addEventListener("keydown", function (event) {
      if (event.key === "+" || event.key === "=") centre(1.25);
      else if (event.key === "-") centre(0.8);
      else if (event.key === "0") setBox(view.full.slice());
    });
  }

  // A table's neighbourhood is wider than the column: scroll its frame to the table
  // itself (the box with the primary colour's header), not to an empty corner.
  function centreSubject(frame) {
    if (frame.scrollWidth <= frame.clientWidth && frame.scrollHeight <= frame.clientHeight) return;
    var here = frame.getBoundingClientRect();
    var subject = frame.querySelector('svg polygon[fill="#3f51b5"]');
    if (subject) {
      var box = subject.getBoundingClientRect();
      frame.scrollLeft += box.left + box.width / 2 - (here.left + here.width / 2);
      frame.scrollTop += box.top - here.top - frame.clientHeight / 4;
      return;
    }
    // A schema's diagram: start at its topmost table rather than at blank space.
    var top = null;
    frame.querySelectorAll("svg g.node").forEach(function (node) {
      var b = node.getBoundingClientRect();
      if (!top || b.top < top.top) top = b;
    });
    if (!top) return;
    if (top.right > here.right) frame.scrollLeft += top.right - here.right + 16;
    frame.scrollTop += top.top - here.top - 16;
  }

  // The Full size button, above `frame`: not in it, as a frame that scrolls would
  // carry it away (and Material replaces a Mermaid block whole).
  function addOpener(frame, action) {
    frame.dataset.zoom = "true";
    var opener = button("\u2922 Full size", "Open the diagram full size (pan and zoom)",
                        function () { action(opener); });
    opener.className = "schemadoc-zoom-open";
    var bar = document.createElement("div");
    bar.className = "schemadoc-zoom-opener";
    bar.appendChild(opener);
    frame.parentNode.insertBefore(bar, frame);
  }

  function init() {
    document.querySelectorAll(".schemadoc-diagram").forEach(function (frame) {
      if (frame.dataset.zoom || frame.classList.contains("schemadoc-zoom-stage") ||
          !frame.querySelector("svg")) return;
      addOpener(frame, function (opener) { open(frame, opener); });
      centreSubject(frame);
    });
    // Mermaid blocks, still text: Material draws them later (asynchronously).
    document.querySelectorAll("pre.mermaid").forEach(function (block) {
      if (block.dataset.zoom) return;
      var text = block.textContent;
      addOpener(block, function (opener) { openMermaid(text, opener); });
    });
  }

  // Material's instant navigation swaps pages without a reload and announces each
  // new page on document$; without it, run once the page has loaded.
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { close(); init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
