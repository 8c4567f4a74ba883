/* A scenario's chart (/org/?scenario=<id>, HR, a draft): edit on the chart. Each card gets
   handles: drag "move" onto another card to move the seat (and everything below it) under it,
   drag "team" to move all its reports; "+" and "role" fill the edit form beside the chart (its
   role picker); "close" closes a vacant seat. Each edit is one POST to the page view, which
   calls scenario_edit; a refused edit shows its message and changes nothing. Without this
   script the same form does every edit. */
(function () {
  "use strict";
  var tools = document.getElementById("scenario-tools");
  var canvas = document.querySelector(".chart-canvas");
  if (!tools || !canvas) return;
  var form = tools.querySelector("form.scenario-edit");
  var message = tools.querySelector(".scenario-message");
  var labels = tools.dataset;

  function show(texts) {
    message.textContent = texts.join(" ");
    message.hidden = false;
    message.scrollIntoView({ block: "nearest" });
  }

  function post(fields) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    return fetch(labels.editUrl, { method: "POST", body: body, headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.ok) window.location.reload();
        else show(answer.messages);
      })
      .catch(function () { show([labels.labelFailed || "The edit could not be sent."]); });
  }

  function fillForm(action, seat) {
    form.querySelector("[name=action]").value = action;
    form.querySelector("[name=seat]").value = seat;
    var role = form.querySelector("[name=role]");
    role.scrollIntoView({ block: "center" });
    role.focus();
  }

  function button(text, title, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = text;
    b.title = title;
    b.setAttribute("aria-label", title);
    return b;
  }

  function decorate(card) {
    var seat = +card.dataset.seat;
    if (card.querySelector(".scenario-actions") || seat <= 0 || card.dataset.mark === "closed") return;
    var box = document.createElement("span");
    box.className = "scenario-actions";
    var move = button("⠿", labels.labelDragSeat, "drag-seat");
    move.draggable = true;
    box.appendChild(move);
    if (+card.dataset.direct > 0) {
      var team = button("⇶", labels.labelDragTeam, "drag-team");
      team.draggable = true;
      box.appendChild(team);
    }
    box.appendChild(button("+", labels.labelNew, "new-seat"));
    box.appendChild(button("R", labels.labelRole, "new-role"));
    if (card.classList.contains("vacant") && !+card.dataset.direct) box.appendChild(button("✕", labels.labelClose, "close-seat"));
    card.appendChild(box);
  }

  function decorateAll() { canvas.querySelectorAll(".card").forEach(decorate); }
  decorateAll();
  new MutationObserver(decorateAll).observe(canvas, { childList: true, subtree: true });

  canvas.addEventListener("click", function (e) {
    var b = e.target.closest(".scenario-actions button");
    if (!b) return;
    var seat = b.closest(".card").dataset.seat;
    if (b.classList.contains("new-seat")) fillForm("new", seat);
    else if (b.classList.contains("new-role")) fillForm("role", seat);
    else if (b.classList.contains("close-seat")) post({ action: "close", seat: seat });
  });
  canvas.addEventListener("dragstart", function (e) {
    var handle = e.target.closest && e.target.closest(".drag-seat, .drag-team");
    if (!handle) return;
    var what = { seat: handle.closest(".card").dataset.seat, action: handle.classList.contains("drag-team") ? "team" : "move" };
    e.dataTransfer.setData("text/plain", JSON.stringify(what));
    e.dataTransfer.effectAllowed = "move";
  });
  canvas.addEventListener("dragover", function (e) {
    var card = e.target.closest && e.target.closest(".card");
    if (!card || +card.dataset.seat <= 0) return;
    e.preventDefault();
    card.classList.add("drop-target");
  });
  canvas.addEventListener("dragleave", function (e) {
    var card = e.target.closest && e.target.closest(".card");
    if (card) card.classList.remove("drop-target");
  });
  canvas.addEventListener("drop", function (e) {
    var card = e.target.closest && e.target.closest(".card");
    if (!card) return;
    e.preventDefault();
    card.classList.remove("drop-target");
    var what;
    try { what = JSON.parse(e.dataTransfer.getData("text/plain")); } catch (err) { return; }
    if (!what || what.seat === card.dataset.seat) return;
    post({ action: what.action, seat: what.seat, target: card.dataset.seat });
  });
})();
