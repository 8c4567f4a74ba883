// The org chart: a compact tidy layout of the cards the server sent, expand and collapse in
// place, zoom, pan and pinch, keyboard navigation, colour by, filters, SVG/PNG/CSV downloads and
// a print of the view. Without this script the chart is nested lists: links open the chart
// around a seat, <details> fold.
(function () {
  "use strict";
  var viewport = document.getElementById("chart");
  if (!viewport) return;
  var canvas = viewport.querySelector(".chart-canvas");
  var page = document.querySelector(".chart-page");
  var controls = document.querySelector(".controls");
  var tools = document.querySelector(".chart-tools");
  var status = document.querySelector(".chart-status");
  var labels = viewport.dataset;
  var view = { x: 0, y: 0, s: 1 };
  var MIN_READABLE = 0.6; // Fit closes deeper levels rather than going below this scale

  viewport.classList.add("js");
  canvas.classList.add("laid");
  if (controls) controls.hidden = false;
  if (tools) tools.hidden = false;

  // --- Links between cards: one path each for reporting lines and dotted lines (few elements).
  var SVGNS = "http://www.w3.org/2000/svg";
  var links = document.createElementNS(SVGNS, "svg");
  links.setAttribute("class", "links");
  links.setAttribute("aria-hidden", "true");
  var solid = document.createElementNS(SVGNS, "path"), dotted = document.createElementNS(SVGNS, "path");
  solid.setAttribute("class", "line");
  dotted.setAttribute("class", "dotted-line");
  links.appendChild(solid); links.appendChild(dotted);
  canvas.insertBefore(links, canvas.firstChild);

  // --- The tree as shown: a node per visible card, its visible reports and its assistants.
  function childElement(el, tag, cls) {
    for (var c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (c.tagName === tag && (!cls || c.classList.contains(cls))) return c;
    }
    return null;
  }
  function reportsOf(li) { return childElement(li, "DETAILS", "reports"); }
  function read(li, depth) {
    var card = childElement(li, "ARTICLE", "card"), node = { li: li, card: card, depth: depth, kids: [], assist: [] };
    var details = reportsOf(li), ul = details && details.open ? childElement(details, "UL") : null;
    if (ul) {
      for (var c = ul.firstElementChild; c; c = c.nextElementSibling) {
        var kid = read(c, depth + 1);
        if (kid.card.dataset.assistant === "1" && !kid.kids.length) node.assist.push(kid); else node.kids.push(kid);
      }
    }
    // A card on the chain of command above the seat in focus, showing only the next card of the
    // chain, is drawn short (name and role): a chain of eight stays on one screen with the seat.
    node.chain = li.classList.contains("on-path") && node.kids.length === 1 && !node.assist.length &&
      !card.classList.contains("focused");
    node.h = node.chain ? CHAIN_H : H;
    card.classList.toggle("chain", node.chain);
    return node;
  }
  function model() {
    var roots = [], ul = canvas.querySelector("ul.tree");
    for (var c = ul.firstElementChild; c; c = c.nextElementSibling) roots.push(read(c, 0));
    return roots;
  }

  // --- Layout of the tidy family (Reingold-Tilford, Walker): each subtree is laid out on its
  // own, then siblings are packed side by side by the extent of their subtrees and the parent is
  // centred over its first and last child. Siblings pack by whole extents, not per level: a card
  // is never drawn above or below another's open team, so nobody reads as a member of the wrong
  // team. Leaf teams are a block of columns under their leader (the compact mode of
  // d3-org-chart) and assistant seats sit beside their manager.
  var W = 256, H = 120, CHAIN_H = 72, GX = 20, GY = 44, COL_GAP = 26, ROW_GAP = 12, PAD = 24, ASSIST_GAP = 24, COMPACT_MIN = 4;

  // Columns of a leaf team: two for a small team, then about square, so a team of 30 or a row of
  // 13 heads of call center stays readable on one screen.
  function compactColumns(n) { return Math.max(2, Math.ceil(Math.sqrt(n))); }
  function isBlock(n) {
    if (n.kids.length < COMPACT_MIN) return false;
    for (var i = 0; i < n.kids.length; i++) if (n.kids[i].kids.length || n.kids[i].assist.length) return false;
    return true;
  }
  // Places a row of subtrees side by side (kid.rel: centre relative to the row's middle);
  // returns the row's extent.
  function row(kids) {
    var right = -Infinity, left = Infinity, offs = [];
    for (var i = 0; i < kids.length; i++) {
      var c = place(kids[i]), off = i === 0 ? 0 : right - c.l + GX;
      offs.push(off);
      left = Math.min(left, c.l + off); right = Math.max(right, c.r + off);
    }
    var mid = (offs[0] + offs[offs.length - 1]) / 2;
    for (var n = 0; n < offs.length; n++) kids[n].rel = offs[n] - mid;
    return { l: left - mid, r: right - mid };
  }
  // Lays out a subtree; returns its extent relative to the centre of its top card.
  function place(n) {
    var l = -W / 2, r = W / 2 + n.assist.length * (W + ASSIST_GAP);
    n.block = null;
    if (!n.kids.length) return { l: l, r: r };
    if (isBlock(n)) {
      var cols = compactColumns(n.kids.length), bw = cols * (W + COL_GAP) - COL_GAP, left = -bw / 2;
      n.block = true;
      n.kids.forEach(function (kid, i) {
        kid.rel = left + (i % cols) * (W + COL_GAP) + W / 2;
        kid.row = Math.floor(i / cols);
      });
      return { l: Math.min(l, left - COL_GAP), r: Math.max(r, -left) };
    }
    var c = row(n.kids);
    return { l: Math.min(l, c.l), r: Math.max(r, c.r) };
  }
  // Absolute positions (x is a card's centre, y its top), then the links.
  function position(n, x, y, out) {
    n.x = x; n.y = y; out.push(n);
    n.assist.forEach(function (a, i) {
      a.x = x + (i + 1) * (W + ASSIST_GAP); a.y = y; a.kids = []; out.push(a);
    });
    n.kids.forEach(function (kid) {
      var below = y + n.h + GY;
      position(kid, x + kid.rel, n.block ? below + kid.row * (H + ROW_GAP) : below, out);
    });
  }
  function path(n, d) {
    var bottom = n.y + n.h, bus = bottom + GY / 2, kids = n.kids;
    n.assist.forEach(function (a) { d.push("M" + (n.x + W / 2) + " " + (n.y + n.h / 2) + "H" + (a.x - W / 2)); });
    if (!kids.length) return;
    d.push("M" + n.x + " " + bottom + "V" + bus);
    if (n.block) {
      var gutters = {}, minX = n.x, maxX = n.x;
      kids.forEach(function (kid) {
        var gx = kid.x - W / 2 - COL_GAP / 2, mid = kid.y + H / 2;
        gutters[gx] = Math.max(gutters[gx] || 0, mid);
        d.push("M" + gx + " " + mid + "H" + (kid.x - W / 2));
        minX = Math.min(minX, gx); maxX = Math.max(maxX, gx);
      });
      d.push("M" + minX + " " + bus + "H" + maxX);
      Object.keys(gutters).forEach(function (gx) { d.push("M" + gx + " " + bus + "V" + gutters[gx]); });
      return;
    }
    var first = kids[0].x, last = kids[kids.length - 1].x;
    d.push("M" + Math.min(first, n.x) + " " + bus + "H" + Math.max(last, n.x));
    kids.forEach(function (kid) { d.push("M" + kid.x + " " + bus + "V" + kid.y); path(kid, d); });
  }
  // A dotted-line manager's link: from the manager's bottom to the report's top when the report
  // is lower, side to side when they share a band, from top to bottom when the report is higher.
  function dottedLine(m, n) {
    var x0, y0, x1, y1, bend;
    if (n.y >= m.y + m.h + GY / 2) { x0 = m.x; y0 = m.y + m.h; x1 = n.x; y1 = n.y; bend = "v"; }
    else if (m.y >= n.y + n.h + GY / 2) { x0 = m.x; y0 = m.y; x1 = n.x; y1 = n.y + n.h; bend = "v"; }
    else {
      var right = n.x > m.x ? 1 : -1;
      x0 = m.x + right * W / 2; y0 = m.y + m.h / 2; x1 = n.x - right * W / 2; y1 = n.y + n.h / 2; bend = "h";
    }
    var c = bend === "v"
      ? [x0, (y0 + y1) / 2, x1, (y0 + y1) / 2]
      : [(x0 + x1) / 2, y0, (x0 + x1) / 2, y1];
    return "M" + x0 + " " + y0 + "C" + c.join(" ") + " " + x1 + " " + y1;
  }
  // Each layout is a Performance API measure ("chart-layout", from reading the cards to the last
  // position written): the Chromium tests and `make bench` (bench/chart_layout.py) read it back.
  var LAYOUT_MARK = "chart-layout-start";
  function layout() {
    performance.mark(LAYOUT_MARK);
    var roots = model();
    if (!roots.length) return;
    row(roots);
    var out = [], minX = Infinity;
    roots.forEach(function (root) { position(root, root.rel, 0, out); });
    out.forEach(function (n) { minX = Math.min(minX, n.x - W / 2); });
    var dx = PAD - minX, maxX = 0, maxY = 0, byId = {};
    out.forEach(function (n) {
      n.x += dx; n.y += PAD;
      maxX = Math.max(maxX, n.x + W / 2); maxY = Math.max(maxY, n.y + n.h);
      byId[n.card.dataset.seat] = n;
    });
    var d = [], dd = [];
    roots.forEach(function (root) { path(root, d); });
    out.forEach(function (n) {
      var s = n.card.style;
      s.left = (n.x - W / 2) + "px"; s.top = n.y + "px";
      (n.card.dataset.dotted || "").split(" ").forEach(function (id) {
        if (id && byId[id]) dd.push(dottedLine(byId[id], n));
      });
    });
    solid.setAttribute("d", d.join(""));
    dotted.setAttribute("d", dd.join(""));
    var w = maxX + PAD, h = maxY + PAD;
    canvas.style.width = w + "px"; canvas.style.height = h + "px";
    links.setAttribute("width", w); links.setAttribute("height", h);
    printFit(w, h);
    shownNodes = out;
    var measured = performance.measure("chart-layout", { start: LAYOUT_MARK, detail: { cards: out.length } });
    performance.clearMarks(LAYOUT_MARK);
    window.orgChart.layoutMs = measured ? measured.duration : null;
    window.orgChart.cards = out.length;
    return out;
  }
  var shownNodes = [];

  // --- Print of the view: the chart scaled to the page when it stays readable (A4 and Letter,
  // either orientation: the smaller of each), else an indented outline that flows over pages.
  // Sizes in CSS px of the printable area with 10 mm margins, minus room for the title.
  var PAGE = { portrait: [718, 860], landscape: [980, 580] }, PRINT_MIN = 0.4;
  function printFit(w, h) {
    Object.keys(PAGE).forEach(function (o) {
      var z = Math.min(1, PAGE[o][0] / w, PAGE[o][1] / h);
      canvas.style.setProperty("--print-zoom-" + o, z.toFixed(3));
      canvas.dataset["print" + o.charAt(0).toUpperCase() + o.slice(1)] = z >= PRINT_MIN ? "fit" : "outline";
    });
  }

  // --- Zoom and pan.
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
  function size() { return { w: parseFloat(canvas.style.width) || canvas.scrollWidth, h: parseFloat(canvas.style.height) || canvas.scrollHeight }; }
  function scaleToFit() {
    var z = size();
    return Math.min(1, viewport.clientWidth / z.w, viewport.clientHeight / z.h);
  }
  function deepestOpen() { // the deepest level with an open card below the first three levels
    var deepest = -1;
    shownNodes.forEach(function (n) { if (n.kids.length && n.depth > deepest) deepest = n.depth; });
    return deepest;
  }
  // Fit: the whole view if it is readable; else close the deepest open level (never the first
  // three) until it is, and show it at no less than MIN_READABLE.
  function fit() {
    layout();
    var deepest;
    while (scaleToFit() < MIN_READABLE && (deepest = deepestOpen()) >= 2) {
      shownNodes.forEach(function (n) {
        if (n.depth === deepest && n.kids.length && !n.card.classList.contains("focused") && !n.li.querySelector(".card.focused")) {
          setOpen(n.card, false, true);
        }
      });
      var before = shownNodes.length;
      layout();
      if (shownNodes.length === before) break; // only the path to a card in focus is left open
    }
    var z = size();
    view.s = Math.max(MIN_READABLE, scaleToFit());
    view.x = Math.max(0, (viewport.clientWidth - z.w * view.s) / 2);
    if (z.w * view.s > viewport.clientWidth) { // wider than the screen at the readable scale: centre the top
      var top = shownNodes[0];
      view.x = viewport.clientWidth / 2 - top.x * view.s;
    }
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
  // Keeps a card where it was on screen while the layout moves it.
  function keepInPlace(card, change) {
    var before = card.getBoundingClientRect();
    change();
    var after = card.getBoundingClientRect();
    view.x += before.left - after.left; view.y += before.top - after.top;
    apply();
  }

  // Zoom with ctrl + wheel (or a trackpad's pinch), pan with the wheel; drag to pan, pinch to zoom.
  viewport.addEventListener("wheel", function (e) {
    e.preventDefault();
    var v = viewport.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) zoomAt(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - v.left, e.clientY - v.top);
    else { view.x -= e.deltaX; view.y -= e.deltaY; apply(); }
  }, { passive: false });
  var pointers = {}, drag = null, pinch = null;
  function pinchState() {
    var p = Object.keys(pointers).map(function (k) { return pointers[k]; }), v = viewport.getBoundingClientRect();
    return { d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y), x: (p[0].x + p[1].x) / 2 - v.left, y: (p[0].y + p[1].y) / 2 - v.top };
  }
  viewport.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) return;
    // A finger on a link still counts for a pinch (touch pointers stay with their element and
    // their events bubble here); a drag starts only on the background, so links keep their taps.
    var onControl = !!e.target.closest("a, button, summary");
    if (onControl && e.pointerType !== "touch") return;
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    if (Object.keys(pointers).length === 2) { drag = null; pinch = pinchState(); return; }
    if (onControl) return;
    viewport.setPointerCapture(e.pointerId);
    drag = { x: e.clientX - view.x, y: e.clientY - view.y };
    viewport.classList.add("dragging");
  });
  viewport.addEventListener("pointermove", function (e) {
    if (!pointers[e.pointerId]) return;
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    if (pinch && Object.keys(pointers).length === 2) {
      var now = pinchState();
      view.x += now.x - pinch.x; view.y += now.y - pinch.y;
      if (pinch.d > 0) zoomAt(now.d / pinch.d, now.x, now.y); else apply();
      pinch = now;
      return;
    }
    if (!drag) return;
    view.x = e.clientX - drag.x; view.y = e.clientY - drag.y; apply();
  });
  function release(e) {
    delete pointers[e.pointerId];
    if (Object.keys(pointers).length < 2) pinch = null;
    drag = null; viewport.classList.remove("dragging");
  }
  viewport.addEventListener("pointerup", release);
  viewport.addEventListener("pointercancel", release);

  // --- Expand and collapse. A card whose reports are loaded gets a fold button; one that is not
  // yet loaded keeps its link (the chart around the seat without JavaScript).
  function foldButton(card) {
    var b = card.querySelector("button.fold");
    if (!b) {
      b = document.createElement("button");
      b.type = "button"; b.className = "fold";
      card.appendChild(b);
    }
    var open = reportsOf(card.parentElement).open;
    b.setAttribute("aria-expanded", String(open));
    b.textContent = open ? labels.labelHide : labels.labelShow + " (" + card.dataset.direct + ")";
    return b;
  }
  function setOpen(card, open, quiet) {
    var d = reportsOf(card.parentElement);
    if (!d) return;
    d.open = open;
    card.parentElement.classList.toggle("open", open);
    foldButton(card);
    if (!quiet) { keepInPlace(card, layout); paint(); }
  }
  function afterInsert(li) {
    li.querySelectorAll("details.reports").forEach(function (d) {
      var card = childElement(d.parentElement, "ARTICLE", "card");
      if (card) foldButton(card);
    });
  }
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
        afterInsert(li);
        keepInPlace(card, layout);
        paint();
        reveal(card);
      })
      .catch(function () { window.location.href = link.href; });
  }
  // Every level of a branch, in one request, up to the limit the server draws.
  function expandAll(card) {
    var seats = +card.dataset.seats, limit = +labels.branchLimit, li = card.parentElement;
    if (!seats) return Promise.resolve();
    if (seats > limit) { tooMany(card, seats, limit); return Promise.resolve(); }
    var url = labels.reportsUrl.replace("/0/", "/" + card.dataset.seat + "/") + "?all=1";
    // A dated chart (the past, or a projection) opens the branch as it is on that day.
    if (labels.asOf) url += "&as_of=" + encodeURIComponent(labels.asOf);
    // A scenario's chart (pages/views/scenarios.py) opens the branch as the scenario makes it.
    if (labels.scenario) url += "&scenario=" + encodeURIComponent(labels.scenario);
    return fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        if (r.status === 409) { tooMany(card, seats, limit); throw new Error("too many"); }
        if (!r.ok) throw new Error(r.status);
        return r.text();
      })
      .then(function (html) {
        var old = reportsOf(li), link = card.querySelector("a.expand");
        if (old) old.remove();
        if (link) link.remove();
        card.insertAdjacentHTML("afterend", html);
        li.classList.add("open");
        afterInsert(li);
        keepInPlace(card, layout);
        paint();
      })
      .catch(function () {});
  }
  function tooMany(card, seats, limit) {
    var fmt = new Intl.NumberFormat(document.documentElement.lang);
    status.textContent = labels.labelTooMany.replace("%(n)s", fmt.format(seats)).replace("%(limit)s", fmt.format(limit)) + " ";
    var a = document.createElement("a");
    a.href = labels.focusUrl.replace("/0/", "/" + card.dataset.seat + "/") + "?view=list";
    a.textContent = labels.labelAsList;
    status.appendChild(a);
  }
  function collapseAll(card) {
    card.parentElement.querySelectorAll("details.reports").forEach(function (d) {
      d.open = false;
      d.parentElement.classList.remove("open");
      var c = childElement(d.parentElement, "ARTICLE", "card");
      if (c) foldButton(c);
    });
    keepInPlace(card, layout);
    paint();
  }
  viewport.addEventListener("click", function (e) {
    var link = e.target.closest("a.expand"), fold = e.target.closest("button.fold");
    var card = e.target.closest(".card");
    if (card) select(card);
    if (fold) { setOpen(card, fold.getAttribute("aria-expanded") !== "true"); return; }
    if (!link) return;
    e.preventDefault();
    expand(link);
  });

  // --- Keyboard: arrows move between cards, Enter opens or folds a card's reports, * opens all.
  function cards() { return Array.prototype.slice.call(canvas.querySelectorAll(".card")); }
  function childCards(card) {
    var d = reportsOf(card.parentElement);
    if (!d || !d.open) return [];
    return Array.prototype.slice.call(d.querySelectorAll(":scope > ul > li > .card"));
  }
  function siblingCards(card) {
    var ul = card.parentElement.parentElement;
    return Array.prototype.slice.call(ul.querySelectorAll(":scope > li > .card"));
  }
  function parentCard(card) {
    var li = card.parentElement.parentElement.closest("li.node");
    return li ? childElement(li, "ARTICLE", "card") : null;
  }
  var selected = null;
  function select(card) {
    if (selected) selected.tabIndex = -1;
    selected = card; card.tabIndex = 0;
  }
  function moveTo(card) {
    if (!card) return;
    select(card);
    card.focus({ preventScroll: true });
    reveal(card);
  }
  function toggle(card) {
    var d = reportsOf(card.parentElement);
    if (d) { setOpen(card, !d.open); return; }
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
    else if (e.key === "*") { e.preventDefault(); expandAll(card); return; }
    else if (e.key === "+") { zoomAt(1.2, viewport.clientWidth / 2, viewport.clientHeight / 2); return; }
    else if (e.key === "-") { zoomAt(1 / 1.2, viewport.clientWidth / 2, viewport.clientHeight / 2); return; }
    else return;
    e.preventDefault();
    moveTo(next);
  });
  viewport.addEventListener("focusin", function (e) { if (e.target.classList.contains("card")) select(e.target); });

  // --- Colour by and filters: read from the cards shown; the legend counts them.
  var PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7a6bb8", "#8c6d31", "#3b8f8f", "#b8336a", "#6b8e23", "#4d4d4d"];
  var colourBy = document.getElementById("colour-by");
  var siteFilter = document.getElementById("filter-site"), roleFilter = document.getElementById("filter-role");
  function keyOf(card, mode) {
    var d = card.dataset;
    if (mode === "site") return d.site || labels.labelNoSite;
    if (mode === "track") return d.track;
    if (mode === "level") return labels.labelLevel + " " + d.level;
    if (mode === "vacancy") return card.classList.contains("vacant") ? labels.labelVacant : labels.labelFilled;
    if (mode === "span") {
      if (card.classList.contains("over-span")) return labels.labelOverSpan;
      return card.classList.contains("single-report") ? labels.labelSingleReport : labels.labelInNorm;
    }
    if (mode === "tenure") return d.tenure || labels.labelNotShown;
    return "";
  }
  function options(select, values) {
    var keep = select.value, first = select.options[0];
    select.textContent = ""; select.appendChild(first);
    values.forEach(function (v) { var o = document.createElement("option"); o.value = o.textContent = v; select.appendChild(o); });
    select.value = values.indexOf(keep) >= 0 ? keep : "";
  }
  function unique(fn) {
    var seen = {};
    shownNodes.forEach(function (n) { var v = fn(n.card); if (v) seen[v] = true; });
    return Object.keys(seen).sort(function (a, b) { return a.localeCompare(b, undefined, { numeric: true }); });
  }
  function paint() {
    if (!colourBy) return;
    var mode = colourBy.value, legend = tools.querySelector(".colour-legend"), counts = {};
    options(siteFilter, unique(function (c) { return c.dataset.site; }));
    options(roleFilter, unique(function (c) { return c.dataset.role; }));
    var keys = mode ? unique(function (c) { return keyOf(c, mode); }) : [];
    var site = siteFilter.value, role = roleFilter.value, matching = 0;
    shownNodes.forEach(function (n) {
      var c = n.card, k = mode ? keyOf(c, mode) : "";
      c.classList.toggle("tinted", !!mode);
      if (mode) { c.style.setProperty("--tint", PALETTE[keys.indexOf(k) % PALETTE.length]); counts[k] = (counts[k] || 0) + 1; }
      var hit = (!site || c.dataset.site === site) && (!role || c.dataset.role === role);
      c.classList.toggle("dimmed", !hit);
      if (hit) matching++;
    });
    legend.textContent = "";
    keys.forEach(function (k, i) {
      var li = document.createElement("li"), sw = document.createElement("span");
      sw.className = "swatch"; sw.style.setProperty("--tint", PALETTE[i % PALETTE.length]);
      li.appendChild(sw); li.appendChild(document.createTextNode(k + " (" + counts[k] + ")"));
      legend.appendChild(li);
    });
    status.textContent = site || role ? labels.labelMatching.replace("%(shown)s", matching).replace("%(all)s", shownNodes.length) : "";
    sizeViewport(); // the legend may have taken or given back a line above the chart
  }
  [colourBy, siteFilter, roleFilter].forEach(function (s) { if (s) s.addEventListener("change", paint); });

  // --- Downloads of the chart as shown (SVG, PNG) and of its seats (CSV).
  function shown() { return shownNodes.map(function (n) { return n.card; }); }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function svgText() {
    var parts = [], vacant = labels.labelVacant, w = parseFloat(canvas.style.width), h = parseFloat(canvas.style.height);
    parts.push('<path d="' + solid.getAttribute("d") + '" fill="none" stroke="#9aa7b4" stroke-width="2"/>');
    parts.push('<path d="' + dotted.getAttribute("d") + '" fill="none" stroke="#6b5ca5" stroke-width="2" stroke-dasharray="6 4"/>');
    shownNodes.forEach(function (n) {
      var c = n.card, isVacant = c.classList.contains("vacant");
      var meta = c.querySelector(".meta").textContent.replace(/\s+/g, " ").trim();
      parts.push('<g transform="translate(' + (n.x - W / 2).toFixed(1) + "," + n.y.toFixed(1) + ')">' +
        '<rect width="' + W + '" height="' + n.h + '" rx="6" fill="' + (isVacant ? "#fffaf3" : "#fff") +
        '" stroke="' + (isVacant ? "#b35c00" : "#8a97a5") + '"' + (isVacant ? ' stroke-dasharray="4 3"' : "") + "/>" +
        '<text x="10" y="20" font-weight="600" font-size="13">' + esc(c.dataset.name || vacant) + "</text>" +
        '<text x="10" y="38" font-size="11" fill="#5a6877">' + esc(c.dataset.role) + "</text>" +
        (n.chain ? "" : '<text x="10" y="56" font-size="10" fill="#5a6877">' + esc(meta) + "</text>") + "</g>");
    });
    w = Math.ceil(w); h = Math.ceil(h);
    return '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h +
      '" viewBox="0 0 ' + w + " " + h + '" font-family="DejaVu Sans, Arial, sans-serif"><rect width="100%" height="100%" fill="#fff"/>' +
      parts.join("") + "</svg>";
  }
  function save(blob, ext) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = (labels.csvName || "org-chart") + "." + ext;
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
  function current() { return selected || canvas.querySelector(".card.focused") || canvas.querySelector(".card"); }
  var actions = {
    "zoom-in": function () { zoomAt(1.2, viewport.clientWidth / 2, viewport.clientHeight / 2); },
    "zoom-out": function () { zoomAt(1 / 1.2, viewport.clientWidth / 2, viewport.clientHeight / 2); },
    fit: fit,
    reset: function () { centerOn(canvas.querySelector(".card.focused") || canvas.querySelector(".card")); },
    "expand-all": function () { expandAll(current()); },
    "collapse-all": function () { collapseAll(current()); },
    svg: function () { save(new Blob([svgText()], { type: "image/svg+xml" }), "svg"); },
    png: png,
    csv: csv,
    print: function () { window.print(); },
    tree: function () { page.classList.add("as-tree"); page.classList.remove("as-list"); start(); },
    list: function () { page.classList.remove("as-tree"); page.classList.add("as-list"); }
  };
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-action]");
    if (b && actions[b.dataset.action] && (controls.contains(b) || tools.contains(b))) actions[b.dataset.action]();
  });

  // --- First view: the top of the org fitted (deeper levels closed until it is readable), or
  // the seat in focus with its chain above it. On a phone the list is shown and the tree is laid
  // out only when asked for (or when the window grows).
  // The viewport takes the rest of the window, so the first view is what the screen shows.
  function sizeViewport() {
    if (!viewport.clientWidth) return;
    var top = viewport.getBoundingClientRect().top + window.scrollY;
    viewport.style.height = Math.max(320, window.innerHeight - top - 12) + "px";
  }
  // The seat in focus opens with its chain of command: every card from the top down to it in
  // view, at the largest scale (up to 100 %) that holds them; its reports below as room allows.
  function showChain(focused) {
    var l = Infinity, r = -Infinity, t = Infinity, b = -Infinity, pad = 16;
    shownNodes.forEach(function (n) {
      if (n.card !== focused && !n.li.classList.contains("on-path")) return;
      l = Math.min(l, n.x - W / 2); r = Math.max(r, n.x + W / 2);
      t = Math.min(t, n.y); b = Math.max(b, n.y + n.h);
    });
    var vw = viewport.clientWidth, vh = viewport.clientHeight;
    view.s = Math.min(1, (vw - 2 * pad) / (r - l), (vh - 2 * pad) / (b - t));
    view.x = vw / 2 - ((l + r) / 2) * view.s;
    view.y = pad - t * view.s;
    apply();
  }
  // In a leaf team (a block of columns) the seat in focus moves to the middle of the first row,
  // right under its manager, so the chain above it and the seat fit one screen. The list moves
  // with it, so keyboard order and reading order stay the drawing's.
  function focusFirst(focused) {
    var li = focused.parentElement, ul = li.parentElement;
    if (!ul.classList.contains("children") || ul.children.length < COMPACT_MIN) return;
    for (var c = ul.firstElementChild; c; c = c.nextElementSibling) if (c.classList.contains("open")) return;
    var n = ul.children.length, at = Math.min(n - 1, Math.floor((compactColumns(n) - 1) / 2));
    ul.removeChild(li);
    ul.insertBefore(li, ul.children[at] || null);
  }
  var started = false;
  function start() {
    sizeViewport();
    if (started || !viewport.clientWidth) return;
    started = true;
    canvas.querySelectorAll("details.reports").forEach(function (d) {
      var card = childElement(d.parentElement, "ARTICLE", "card");
      if (card) foldButton(card);
    });
    var focused = canvas.querySelector(".card.focused");
    if (focused) focusFirst(focused);
    layout();
    paint(); // the filters' choices first: the bar above the chart takes its height now
    if (focused) {
      select(focused);
      showChain(focused);
    } else {
      fit();
      select(canvas.querySelector(".card"));
    }
    paint();
  }
  window.orgChart = { svg: svgText, view: view, layout: layout, fit: fit, nodes: function () { return shownNodes; } };
  start();
  window.addEventListener("resize", start);
})();
