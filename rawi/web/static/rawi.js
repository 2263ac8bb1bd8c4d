// Page behaviour that needs no data from the article: legend toggles hide highlight layers.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var text = document.getElementById("article-text");
    var boxes = document.querySelectorAll("#legend input[data-layer]");
    Array.prototype.forEach.call(boxes, function (box) {
      box.addEventListener("change", function () {
        if (text) text.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
      });
    });
  });
})();
