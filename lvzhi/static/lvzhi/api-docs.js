// Starts Swagger UI on the page's schema URL (kept out of the HTML: the CSP forbids inline scripts).
document.addEventListener("DOMContentLoaded", () => {
  const node = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    requestInterceptor: (request) => {
      request.headers["X-CSRFToken"] = node.dataset.csrf;
      return request;
    },
  });
});
