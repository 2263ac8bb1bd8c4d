// Page behaviour that needs no data from the article: legend toggles hide highlight layers
// (and the English names beside the Persian); one button folds or unfolds every section.
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
    var fold = document.getElementById("fold-all");
    if (fold) {
      fold.addEventListener("click", function () {
        var open = fold.getAttribute("data-open") === "1";
        Array.prototype.forEach.call(document.querySelectorAll("details.fold"), function (d) { d.open = open; });
        fold.setAttribute("data-open", open ? "0" : "1");
        fold.textContent = open ? "Collapse all sections" : "Expand all sections";
      });
    }
  });
})();
