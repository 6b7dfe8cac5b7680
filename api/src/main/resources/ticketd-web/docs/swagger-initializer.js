// ticketd's API docs page: Swagger UI over the server's own /openapi.yaml.
// "Authorize" takes the credential as AKI=…;AKS=… (as admin.credentials holds it, and as the
// admin API returns it); every call then sends "Authentication: X-API-Key AKI=…;AKS=…".
// Everything the page loads comes from this server: validatorUrl is null, or Swagger UI would send the
// document's address to validator.swagger.io for a badge whenever the page is not opened on localhost.
window.onload = function () {
  const SCHEME = "X-API-Key ";
  window.ui = SwaggerUIBundle({
    url: "../openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    displayRequestDuration: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    requestInterceptor: function (request) {
      const value = request.headers && request.headers.Authentication;
      if (value && !value.trim().toLowerCase().startsWith(SCHEME.toLowerCase())) {
        request.headers.Authentication = SCHEME + value.trim();
      }
      return request;
    }
  });
};
