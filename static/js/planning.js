// /planning/: the what-if controls compute again as soon as one changes (the form works
// without this script: its button submits it).
document.querySelectorAll("#what-if select, #what-if input").forEach((control) => {
  control.addEventListener("change", () => control.form.requestSubmit());
});
