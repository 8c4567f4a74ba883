// The org chart: expand in place, zoom and pan, keyboard navigation, SVG/PNG/CSV downloads.
// Without this script the chart still works: links open the chart around a seat, <details> fold.
(function () {
  "use strict";
  var viewport = document.getElementById("chart");
  if (!viewport) return;
  var canvas = viewport.querySelector(".chart-canvas");
  var controls = document.querySelector(".controls");
  var view = { x: 0, y: 0, s: 1 };

  viewport.classList.add("js");
  if (controls) controls.hidden = false;

  function apply() {
    canvas.style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.s + ")";
  }
  function zoomAt(factor, cx, cy) {
    var s = Math.min(2.5, Math.max(0.1, view.s * factor));
    view.x = cx - (cx - view.x) * (s / view.s);
    view.y = cy - (cy - view.y) * (s / view.s);
    view.s = s;
    apply();
  }
  function box(el) { // an element's box in unscaled canvas coordinates
    var c = canvas.getBoundingClientRect(), r = el.getBoundingClientRect();
    return { x: (r.left - c.left) / view.s, y: (r.top - c.top) / view.s, w: r.width / view.s, h: r.height / view.s };
  }
  function fit() {
    var w = canvas.scrollWidth, h = canvas.scrollHeight;
    view.s = Math.min(1, viewport.clientWidth / w, viewport.clientHeight / h);
    view.x = (viewport.clientWidth - w * view.s) / 2;
    view.y = 0;
    apply();
  }
  function centerOn(card, keepScale) {
    if (!keepScale) view.s = 1;
    var b = box(card);
    view.x = viewport.clientWidth / 2 - (b.x + b.w / 2) * view.s;
    view.y = Math.min(0, viewport.clientHeight / 3 - (b.y + b.h / 2) * view.s);
    apply();
  }
  function reveal(card) { // pan just enough to keep a card in view
    var v = viewport.getBoundingClientRect(), r = card.getBoundingClientRect(), pad = 24;
    if (r.left < v.left + pad) view.x += v.left + pad - r.left;
    if (r.right > v.right - pad) view.x -= r.right - v.right + pad;
    if (r.top < v.top + pad) view.y += v.top + pad - r.top;
    if (r.bottom > v.bottom - pad) view.y -= r.bottom - v.bottom + pad;
    apply();
  }

  // Zoom with ctrl + wheel (or pinch), pan with the wheel and by dragging the background.
  viewport.addEventListener("wheel", function (e) {
    e.preventDefault();
    var v = viewport.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) zoomAt(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - v.left, e.clientY - v.top);
    else { view.x -= e.deltaX; view.y -= e.deltaY; apply(); }
  }, { passive: false });
  var drag = null;
  viewport.addEventListener("pointerdown", function (e) {
    if (e.button !== 0 || e.target.closest("a, button, summary")) return;
    drag = { x: e.clientX - view.x, y: e.clientY - view.y };
    viewport.classList.add("dragging");
    viewport.setPointerCapture(e.pointerId);
  });
  viewport.addEventListener("pointermove", function (e) {
    if (!drag) return;
    view.x = e.clientX - drag.x; view.y = e.clientY - drag.y; apply();
  });
  viewport.addEventListener("pointerup", function () { drag = null; viewport.classList.remove("dragging"); });

  // Expanding a card: one request for its reports, inserted under it.
  function expand(link) {
    var card = link.closest(".card"), li = card.parentElement;
    if (link.getAttribute("aria-busy") === "true") return Promise.resolve();
    link.setAttribute("aria-busy", "true");
    return fetch(link.getAttribute("data-reports"), { headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        card.insertAdjacentHTML("afterend", html);
        li.classList.add("open");
        link.remove();
        reveal(card);
      })
      .catch(function () { window.location.href = link.href; });
  }
  viewport.addEventListener("click", function (e) {
    var link = e.target.closest("a.expand");
    if (!link) return;
    e.preventDefault();
    expand(link);
  });

  // Keyboard: arrows move between cards, Enter opens or folds a card's reports.
  function cards() { return Array.prototype.slice.call(canvas.querySelectorAll(".card")); }
  function childCards(card) {
    var d = card.parentElement.querySelector(":scope > details.reports");
    if (!d || !d.open) return [];
    return Array.prototype.map.call(d.querySelectorAll(":scope > ul > li > .card"), function (c) { return c; });
  }
  function siblingCards(card) {
    var ul = card.parentElement.parentElement;
    return Array.prototype.map.call(ul.querySelectorAll(":scope > li > .card"), function (c) { return c; });
  }
  function parentCard(card) {
    var li = card.parentElement.parentElement.closest("li.node");
    return li ? li.querySelector(":scope > .card") : null;
  }
  function moveTo(card) {
    if (!card) return;
    cards().forEach(function (c) { c.tabIndex = -1; });
    card.tabIndex = 0;
    card.focus({ preventScroll: true });
    reveal(card);
  }
  function toggle(card) {
    var d = card.parentElement.querySelector(":scope > details.reports");
    if (d) { d.open = !d.open; return; }
    var link = card.querySelector("a.expand");
    if (link) expand(link).then(function () { moveTo(card); });
  }
  viewport.addEventListener("keydown", function (e) {
    var card = e.target.closest(".card");
    if (!card) return;
    var sibs, i, next = null;
    if (e.key === "ArrowDown") next = childCards(card)[0];
    else if (e.key === "ArrowUp") next = parentCard(card);
    else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      sibs = siblingCards(card); i = sibs.indexOf(card);
      next = sibs[i + (e.key === "ArrowRight" ? 1 : -1)];
    } else if (e.key === "Enter" && e.target === card) { e.preventDefault(); toggle(card); return; }
    else if (e.key === "+" ) { zoomAt(1.2, viewport.clientWidth / 2, viewport.clientHeight / 2); return; }
    else if (e.key === "-" ) { zoomAt(1 / 1.2, viewport.clientWidth / 2, viewport.clientHeight / 2); return; }
    else return;
    e.preventDefault();
    moveTo(next);
  });

  // Downloads of the chart as shown (SVG, PNG) and of its seats (CSV).
  function shown() { return cards().filter(function (c) { return c.offsetParent !== null; }); }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function svgText() {
    var all = shown(), boxes = {}, maxX = 0, maxY = 0, parts = [];
    all.forEach(function (c) {
      var b = box(c); boxes[c.dataset.seat] = b;
      maxX = Math.max(maxX, b.x + b.w); maxY = Math.max(maxY, b.y + b.h);
    });
    all.forEach(function (c) {
      var b = boxes[c.dataset.seat], p = boxes[c.dataset.manager];
      if (!p) return;
      var midY = (p.y + p.h + b.y) / 2;
      parts.push('<path d="M' + (p.x + p.w / 2) + " " + (p.y + p.h) + " V" + midY + " H" + (b.x + b.w / 2) + " V" + b.y + '" fill="none" stroke="#9aa7b4"/>');
    });
    var vacant = viewport.dataset.labelVacant;
    all.forEach(function (c) {
      var b = boxes[c.dataset.seat], isVacant = c.classList.contains("vacant");
      var meta = c.querySelector(".meta").textContent.replace(/\s+/g, " ").trim();
      parts.push('<g transform="translate(' + b.x.toFixed(1) + "," + b.y.toFixed(1) + ')">' +
        '<rect width="' + b.w.toFixed(1) + '" height="' + b.h.toFixed(1) + '" rx="6" fill="' + (isVacant ? "#fffaf3" : "#fff") +
        '" stroke="' + (isVacant ? "#b35c00" : "#8a97a5") + '"' + (isVacant ? ' stroke-dasharray="4 3"' : "") + "/>" +
        '<text x="10" y="18" font-weight="600" font-size="13">' + esc(c.dataset.name || vacant) + "</text>" +
        '<text x="10" y="35" font-size="11" fill="#5a6877">' + esc(c.dataset.role) + "</text>" +
        '<text x="10" y="51" font-size="10" fill="#5a6877">' + esc(meta) + "</text></g>");
    });
    var w = Math.ceil(maxX + 16), h = Math.ceil(maxY + 16);
    return '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h +
      '" viewBox="0 0 ' + w + " " + h + '" font-family="DejaVu Sans, Arial, sans-serif"><rect width="100%" height="100%" fill="#fff"/>' +
      parts.join("") + "</svg>";
  }
  function save(blob, ext) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = (viewport.dataset.csvName || "org-chart") + "." + ext;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function png() {
    var text = svgText(), img = new Image();
    var w = +text.match(/width="(\d+)"/)[1], h = +text.match(/height="(\d+)"/)[1];
    var k = Math.min(2, 16000 / Math.max(w, h));
    img.onload = function () {
      var cv = document.createElement("canvas");
      cv.width = Math.round(w * k); cv.height = Math.round(h * k);
      var ctx = cv.getContext("2d"); ctx.scale(k, k); ctx.drawImage(img, 0, 0);
      cv.toBlob(function (b) { save(b, "png"); }, "image/png");
    };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }
  function cell(v) {
    // A spreadsheet must not run a cell as a formula: OWASP's rules as core/spreadsheet.py
    // applies them (after NFKC, behind spaces and invisible characters), every cell quoted.
    var s = String(v == null ? "" : v);
    var n = s.normalize("NFKC");
    if (/^[=+\-@\t\r]/.test(n) || /^[=+\-@]/.test(n.replace(/^[\s\u0000-\u001f\u200b-\u200f\u2060-\u2064]+/, ""))) s = "'" + s;
    return '"' + s.replace(/"/g, '""') + '"';
  }
  function csv() {
    var rows = [["seat_id", "manager_seat_id", "name", "role", "site", "direct_reports", "headcount", "seats_below", "vacant"]];
    shown().forEach(function (c) {
      var d = c.dataset;
      rows.push([d.seat, d.manager, d.name, d.role, d.site, d.direct, d.headcount, d.seats, c.classList.contains("vacant") ? "yes" : "no"]);
    });
    save(new Blob(["\ufeff" + rows.map(function (r) { return r.map(cell).join(","); }).join("\r\n") + "\r\n"], { type: "text/csv" }), "csv");
  }
  var actions = {
    "zoom-in": function () { zoomAt(1.2, viewport.clientWidth / 2, viewport.clientHeight / 2); },
    "zoom-out": function () { zoomAt(1 / 1.2, viewport.clientWidth / 2, viewport.clientHeight / 2); },
    fit: fit,
    reset: function () { var f = canvas.querySelector(".card.focused") || canvas.querySelector(".card"); centerOn(f); },
    svg: function () { save(new Blob([svgText()], { type: "image/svg+xml" }), "svg"); },
    png: png,
    csv: csv,
    print: function () { window.print(); }
  };
  if (controls) controls.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-action]");
    if (b && actions[b.dataset.action]) actions[b.dataset.action]();
  });

  // First view: the top of the org as large as stays readable, or the seat in focus with as
  // much of its chain of command above it as fits.
  var first = canvas.querySelector(".card.focused") || canvas.querySelector(".card");
  if (first) {
    first.tabIndex = 0;
    var b = box(first), focused = first.classList.contains("focused");
    view.s = focused
      ? Math.max(0.6, Math.min(1, (viewport.clientHeight * 0.6) / (b.y + b.h)))
      : Math.max(0.7, Math.min(1, viewport.clientWidth / canvas.scrollWidth));
    view.x = viewport.clientWidth / 2 - (b.x + b.w / 2) * view.s;
    view.y = focused ? Math.min(0, viewport.clientHeight * 0.6 - (b.y + b.h) * view.s) : 0;
    apply();
  }
  window.orgChart = { svg: svgText, view: view };
})();
