// The browsable API docs: Swagger UI (shipped in django-ninja's wheel, served from our own
// static files) on /api/openapi.json. A file, not an inline script: the CSP allows only 'self'.
(function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
