// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-mode-switch]");
    if (link) {
      event.preventDefault();
      var elder = !document.documentElement.classList.contains("mode-elder");
      document.documentElement.classList.toggle("mode-elder", elder);
      document.cookie = "gk_mode=" + (elder ? "elder" : "standard") + "; path=/; max-age=31536000; SameSite=Lax";
      link.textContent = elder ? "标准模式" : "长辈模式 / 无障碍";
      return;
    }
    var print = event.target.closest("[data-print]");
    if (print) { event.preventDefault(); window.print(); }
  });
})();
