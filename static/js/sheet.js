// The monthly filing sheet: each row saves itself as a draft (htmx, the row's own fields only) when the filer leaves
// it, picks its file or ticks 本月无到位资金; the toolbar's buttons wait for those saves before sending the whole form.
// Without JavaScript the whole form still saves every row. No inline script (the content security policy).
(function () {
  "use strict";
  var form = document.querySelector("form[data-sheet]");
  if (!form) return;
  var inflight = 0;
  var waiting = null;

  function rowOf(el) { return el && el.closest ? el.closest("tr[data-row]") : null; }
  function save(row) {
    if (!row || !window.htmx) return;
    row.dataset.dirty = "";
    window.htmx.trigger(row, "sheet:save");
  }
  // A file picked on a row with its amount (or 本月无到位资金) saves at once; picked first, it waits for the row.
  function ready(row) {
    var nil = row.querySelector("input[data-nil]");
    var amount = row.querySelector("input[data-amount]");
    return (nil && nil.checked) || (amount && amount.value.trim() !== "");
  }
  function syncNil(row) {
    var nil = row.querySelector("input[data-nil]");
    var amount = row.querySelector("input[data-amount]");
    if (!nil || !amount) return;
    if (nil.checked) { amount.value = ""; }
    amount.readOnly = nil.checked;
    amount.classList.toggle("bg-body-secondary", nil.checked);
  }

  form.addEventListener("input", function (event) {
    var row = rowOf(event.target);
    if (row) row.dataset.dirty = "1";
  });
  form.addEventListener("change", function (event) {
    var row = rowOf(event.target);
    if (!row) return;
    row.dataset.dirty = "1";
    if (event.target.matches("input[data-nil]")) { syncNil(row); save(row); }
    else if (event.target.type === "file" && ready(row)) { save(row); }
  });
  // Leaving a row (tab or click elsewhere) saves it once, if anything in it changed.
  form.addEventListener("focusout", function (event) {
    var row = rowOf(event.target);
    if (!row || row.dataset.dirty !== "1") return;
    if (event.relatedTarget && row.contains(event.relatedTarget)) return;
    save(row);
  });
  // Enter in a row's field saves that row (not the whole form through the first row's button).
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !window.htmx) return;
    var row = rowOf(event.target);
    if (!row || event.target.tagName === "TEXTAREA" || event.target.tagName === "BUTTON") return;
    event.preventDefault();
    save(row);
  });
  // A row's own 保存 button: that row only.
  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-row-save]") : null;
    if (!button || !window.htmx) return;
    event.preventDefault();
    save(rowOf(button));
  });

  document.body.addEventListener("htmx:beforeRequest", function () { inflight += 1; });
  document.body.addEventListener("htmx:afterRequest", function () {
    inflight = Math.max(0, inflight - 1);
    if (!inflight && waiting) {
      var button = waiting;
      waiting = null;
      if (button) { form.requestSubmit(button); } else { form.requestSubmit(); }
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail && event.detail.target;
    if (row && row.matches && row.matches("tr[data-row]")) syncNil(row);
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var row = event.detail && event.detail.elt;
    if (row && row.querySelector) {
      var status = row.querySelector(".sheet-status");
      if (status) {
        var note = document.createElement("div");
        note.className = "small text-danger";
        note.setAttribute("role", "alert");
        note.textContent = "保存失败（网络或服务器错误），请稍后点“保存”重试；已填内容仍在。";
        status.appendChild(note);
      }
    }
  });

  // The toolbar: ask first where a button says so; wait for row saves still running.
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !button.dataset.confirmed) {
      var empty = form.querySelectorAll("tr.sheet-empty").length;  // as the rows stand now, not at page load
      if (!window.confirm(button.dataset.confirm.replace("{n}", empty))) { event.preventDefault(); return; }
    }
    if (inflight > 0) {
      event.preventDefault();
      if (button) button.dataset.confirmed = "1";
      waiting = button || null;
      return;
    }
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    setTimeout(function () {
      form.querySelectorAll(".sheet-toolbar button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  form.querySelectorAll("tr[data-row]").forEach(syncNil);
})();
