// The console's dialpad keys (A4): a key appends its digit to the dialpad's number field. Loaded with
// the dialpad (again after each htmx swap of the main screen), so it listens once.
(function () {
  "use strict";
  if (window.ccDialpadKeys) return;
  window.ccDialpadKeys = true;
  document.addEventListener("click", function (e) {
    var key = e.target && e.target.closest ? e.target.closest("[data-pad-key]") : null;
    var field = key && key.form && key.form.elements.number;
    if (!field) return;
    e.preventDefault();
    field.value += key.getAttribute("data-pad-key");
    field.focus();
  });
})();
