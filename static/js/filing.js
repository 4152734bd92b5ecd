// Filing pages: no inline scripts (the content security policy forbids them); everything is wired by data-* attributes.
(function () {
  "use strict";

  // A form marked data-once disables its buttons once sent, so a double click files one record.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      // Keep the pressed button's name/value in the POST (a disabled button is not sent).
      var pressed = event.submitter;
      if (pressed && pressed.name) {
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = pressed.name; hidden.value = pressed.value || "1";
        form.appendChild(hidden);
      }
      setTimeout(function () {
        form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // data-confirm="question" asks before sending.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    }, true);
  });

  // The queue's bulk confirmation: the button counts the picked records and asks once, naming how many.
  document.querySelectorAll("form[data-confirm-picked]").forEach(function (form) {
    var picked = function () { return form.querySelectorAll("input[name=pick]:checked").length; };
    var show = function () {
      form.querySelectorAll("[data-picked-count]").forEach(function (el) { el.textContent = picked(); });
    };
    form.addEventListener("change", show);
    show();
    form.addEventListener("submit", function (event) {
      var n = picked();
      if (!n) { window.alert("请先勾选要认定的记录。"); event.preventDefault(); return; }
      if (!window.confirm(form.dataset.confirmPicked.replace("{n}", n))) event.preventDefault();
    }, true);
  });

  // The running total of the credited units' shares.
  var credits = document.querySelector("[data-credits]");
  var total = document.querySelector("[data-share-total]");
  if (credits && total) {
    var update = function () {
      var sum = 0;
      credits.querySelectorAll("input[name$='-share']").forEach(function (input) {
        var v = parseFloat(input.value);
        if (!isNaN(v)) sum += Math.round(v * 100);
      });
      total.textContent = (sum / 100).toString();
      total.classList.toggle("text-danger", sum !== 10000);
      total.classList.toggle("text-success", sum === 10000);
    };
    credits.addEventListener("input", update);
    update();
  }

  // "Select all" of a group of checkboxes in the auditor's queue.
  document.querySelectorAll("[data-check-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[data-group='" + box.dataset.checkAll + "']").forEach(function (c) { c.checked = box.checked; });
    });
  });
})();
