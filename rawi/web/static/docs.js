// Swagger UI start-up, kept in a file so the page needs no inline script (CSP).
window.addEventListener("load", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.getAttribute("data-openapi"), dom_id: "#swagger-ui", deepLinking: true });
});
