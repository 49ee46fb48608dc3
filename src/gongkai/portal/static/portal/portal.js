// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var LABELS = { elder: "标准模式", standard: "长辈模式 / 无障碍" };
  function setMode(elder) {
    document.documentElement.classList.toggle("mode-elder", elder);
    var links = document.querySelectorAll("[data-mode-switch]");
    for (var i = 0; i < links.length; i++) { links[i].textContent = elder ? LABELS.elder : LABELS.standard; }
  }
  // A page from a static host or a cache cannot know the reader's mode: the cookie decides.
  var cookieElder = /(?:^|;\s*)gk_mode=elder(?:;|$)/.test(document.cookie);
  if (cookieElder !== document.documentElement.classList.contains("mode-elder")) { setMode(cookieElder); }
  // The print button needs JavaScript: show it only when it works.
  var prints = document.querySelectorAll("[data-print]");
  for (var j = 0; j < prints.length; j++) { prints[j].hidden = false; }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-mode-switch]");
    if (link) {
      event.preventDefault();
      var elder = !document.documentElement.classList.contains("mode-elder");
      document.cookie = "gk_mode=" + (elder ? "elder" : "standard") + "; path=/; max-age=31536000; SameSite=Lax";
      setMode(elder);
      return;
    }
    var print = event.target.closest("[data-print]");
    if (print) { event.preventDefault(); window.print(); }
  });
})();
