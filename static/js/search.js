// Search as you type in the top bar: hits appear under the box; arrows and Enter pick one.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input[name=q]"), box = document.getElementById("search-suggest");
  var timer = null, last = "", active = -1;

  function hits() { return Array.prototype.slice.call(box.querySelectorAll("a.hit")); }
  function mark(i) {
    var all = hits();
    all.forEach(function (a) { a.classList.remove("active"); });
    active = Math.max(-1, Math.min(i, all.length - 1));
    if (active >= 0) all[active].classList.add("active");
  }
  function run() {
    var q = input.value.trim();
    if (q === last) return;
    last = q;
    if (q.length < 2) { box.innerHTML = ""; return; }
    fetch(form.dataset.results + "?q=" + encodeURIComponent(q), { headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.text(); })
      .then(function (html) { if (q === last) { box.innerHTML = html; active = -1; } });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); mark(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
    else if (e.key === "Escape") { box.innerHTML = ""; last = ""; }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = hits()[active].href; }
  });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) { box.innerHTML = ""; last = ""; } });
})();
