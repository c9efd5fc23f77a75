import express from 'express';
import swaggerUi from 'swagger-ui-express';

import { buildOpenApiDocument, type OpenApiDocumentOptions } from './document.js';

/**
 * The files the docs page loads. swagger-ui-dist also ships a demo `index.html` and
 * `swagger-initializer.js` that point at the public Petstore, so nothing else is served.
 */
const DOCS_ASSETS = new Set([
  '/swagger-ui-init.js',
  '/swagger-ui.css',
  '/swagger-ui.css.map',
  '/swagger-ui-bundle.js',
  '/swagger-ui-bundle.js.map',
  '/swagger-ui-standalone-preset.js',
  '/swagger-ui-standalone-preset.js.map',
  '/favicon-16x16.png',
  '/favicon-32x32.png',
]);

/** `GET /openapi.json` and `GET /docs`, both from one document built when the router is. */
export function openApiRouter(options: OpenApiDocumentOptions = {}): express.Router {
  const document = buildOpenApiDocument(options);
  const json = JSON.stringify(document);
  // Strict, so that `/docs` and `/docs/` are different routes: the page's asset URLs are
  // relative and only resolve under `/docs/`.
  const router = express.Router({ strict: true });

  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(json);
  });

  router.get('/docs', (_req, res) => {
    // Relative, so it stays right behind a proxy that mounts the API under a path prefix.
    res.redirect(301, 'docs/');
  });

  const swaggerUiOptions = {
    customSiteTitle: 'Assetra API docs',
    // The document is embedded in the init script, which swagger-ui-express serves as a file
    // (no inline script for a CSP to forbid); no validator badge calling validator.swagger.io.
    swaggerOptions: { validatorUrl: null },
  };
  router.get('/docs/', swaggerUi.setup(document, swaggerUiOptions));

  const assets = express.Router();
  assets.use((req, _res, next) => {
    next(DOCS_ASSETS.has(req.path) ? undefined : 'router');
  });
  // serveFiles, not `serve`: `serve` reads an init script that `setup` keeps in module state,
  // shared by every router in the process.
  assets.use(swaggerUi.serveFiles(document, swaggerUiOptions));
  router.use('/docs', assets);

  return router;
}
