// Every page: after a failed submit the focus goes to the first field in error (or the first error message), so a
// keyboard or screen-reader user lands where the correction is needed.
(function () {
  "use strict";
  var field = document.querySelector("main [aria-invalid=true], main .is-invalid");
  if (field && typeof field.focus === "function") {
    field.focus();
    return;
  }
  var alert = document.querySelector("main form .alert-danger, main form .alert-warning[role=alert]");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
})();
