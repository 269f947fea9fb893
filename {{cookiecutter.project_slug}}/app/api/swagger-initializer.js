// Starts Swagger UI on /api/v1/docs; the spec URL comes from this tag's data-spec-url.
"use strict";
(function () {
  const specUrl = document.currentScript.dataset.specUrl;
  window.addEventListener("load", function () {
    window.ui = SwaggerUIBundle({
      url: specUrl,
      dom_id: "#swagger-ui",
      deepLinking: true,
      persistAuthorization: false,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout",
    });
  });
})();
