// The API reference page: Swagger UI (served by the server itself) reading /openapi, read-only
// (no "Try it out": the page is a reference, and requests from it would carry no key).
'use strict';
window.addEventListener('DOMContentLoaded', () => {
  window.SwaggerUIBundle({
    url: '/openapi',
    dom_id: '#reference',
    deepLinking: true,
    supportedSubmitMethods: [],
    defaultModelsExpandDepth: 0,
    docExpansion: 'list',
  });
});
