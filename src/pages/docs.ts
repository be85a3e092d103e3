import { join } from 'node:path';
import { Hono } from 'hono';
import { asset, assetUrl, CONTENT_TYPES, fileAsset, lazy, packageDir, sendAsset, type AssetFiles } from './assets.js';
import { escapeHtml, pageCsp, pageStyle } from './layout.js';

/**
 * The REST API reference as a page, at GET /docs: Swagger UI (swagger-ui-dist, from the project's own
 * dependencies) over the OpenAPI document that GET /api/docs answers. /api/docs itself stays JSON for
 * every caller: the REST face answers nothing but JSON, and clients already read the document there.
 */

export const DOCS_PATH = '/docs';
const DOCS_ASSETS = '/docs/assets';
/** Where the page reads the OpenAPI document from: the JSON clients already use. */
const OPENAPI_URL = '/api/docs';

// Browser JavaScript. validatorUrl: null keeps Swagger UI from asking swagger.io to validate the document.
const START = `'use strict';
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_URL)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  persistAuthorization: false,
});
`;

const swaggerUi = packageDir('swagger-ui-dist');
const files: AssetFiles = new Map([
  ['swagger-ui-bundle.js', fileAsset(join(swaggerUi, 'swagger-ui-bundle.js'), CONTENT_TYPES.js)],
  ['swagger-ui.css', fileAsset(join(swaggerUi, 'swagger-ui.css'), CONTENT_TYPES.css)],
  ['page.css', pageStyle],
  ['start.js', lazy(async () => asset(CONTENT_TYPES.js, START))],
]);

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': pageCsp({ frameAncestors: true }),
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

async function renderDocsPage(graphiql: boolean): Promise<string> {
  const url = async (name: string) => escapeHtml(assetUrl(DOCS_ASSETS, name, await files.get(name)!()));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>DCP Gateway · REST API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${await url('swagger-ui.css')}">
<link rel="stylesheet" href="${await url('page.css')}">
</head>
<body>
<header class="dcp-bar">
  <strong>DCP Gateway</strong> REST API
  <span>Served identically under <code>/api</code> and <code>/api/dc1</code>.
  Credentials: <b>Authorize</b>, with <code>X-Renter-Key</code>, <code>X-Provider-Key</code> or <code>X-Admin-Token</code>.</span>
  <nav>${graphiql ? '<a href="/graphql">GraphiQL</a>' : ''}<a href="${OPENAPI_URL}" type="application/json">OpenAPI JSON</a></nav>
</header>
<div id="swagger-ui"><p class="dcp-loading">Loading the API reference…</p></div>
<noscript>The API reference needs JavaScript; the OpenAPI document itself is at ${OPENAPI_URL}.</noscript>
<script src="${await url('swagger-ui-bundle.js')}"></script>
<script src="${await url('start.js')}"></script>
</body>
</html>
`;
}

/** GET /docs and its files. `graphiql` says whether to link GraphiQL (served only while introspection is on). */
export function docsRoutes(graphiql: boolean): Hono {
  const app = new Hono();
  const page = lazy(() => renderDocsPage(graphiql));
  app.get(DOCS_PATH, async (c) => c.body(await page(), 200, PAGE_HEADERS));
  app.get(`${DOCS_ASSETS}/:name`, async (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.json({ error: 'Not found' }, 404);
    return sendAsset(c, await file());
  });
  return app;
}
