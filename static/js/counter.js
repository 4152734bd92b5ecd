// A character counter under every textarea with a maximum length (data-counter): "已输入 12 / 2000 字".
(function () {
  function attach(area) {
    if (area.dataset.counterReady) return;
    area.dataset.counterReady = "1";
    var max = parseInt(area.getAttribute("maxlength"), 10);
    var note = document.createElement("div");
    note.className = "form-text text-end";
    note.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", note);
    function update() {
      var n = area.value.length;
      note.textContent = "已输入 " + n + " / " + max + " 字";
      note.classList.toggle("text-danger", n >= max);
    }
    area.addEventListener("input", update);
    update();
  }
  function scan(root) {
    (root || document).querySelectorAll("textarea[data-counter][maxlength]").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(); });
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
