// Safe actions (issue 9): a form with data-confirm asks its question (what will be lost) before it
// posts; "cancel" sends nothing. Without scripts the form posts as before.
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (e) {
      var form = e.target;
      var question = form && form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );
})();
