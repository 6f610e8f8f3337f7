// Starts Swagger UI on /docs. A file of its own (not an inline script) so the page works under
// the product's Content-Security-Policy; the schema URL comes from the page's data attribute.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,  // no badge from an external validator (the CSP would block it anyway)
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
