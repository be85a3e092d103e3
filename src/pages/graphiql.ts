import { join } from 'node:path';
import { Hono } from 'hono';
import { asset, assetUrl, CONTENT_TYPES, fileAsset, lazy, packageDir, sendAsset, type AssetFiles, type LazyAsset } from './assets.js';
import { graphiqlStartScript } from './graphiqlClient.js';
import { GUIDED_TOUR, SUBMIT_JOB } from './graphiqlExample.js';
import { escapeHtml, pageCsp, pageStyle } from './layout.js';

/**
 * GraphiQL served entirely by the gateway: the page at GET /graphql (Yoga renders it through
 * renderGraphiQLPage, and only while introspection is on), its files under /graphiql/assets/. The
 * GraphiQL build is @graphql-yoga/render-graphiql's, which the stock page inlines into one 9 MB HTML
 * answer; here its parts are separate files the browser caches.
 */

export const GRAPHIQL_ASSETS = '/graphiql/assets';

/** The bundle's parts (GraphiQL with React and Monaco, its stylesheet, Monaco's three workers), imported on first use. */
const part = (name: 'js' | 'css' | 'editorWorkerService' | 'jsonWorker' | 'graphqlWorker', type: string): LazyAsset =>
  lazy(async () => asset(type, (await import('@graphql-yoga/render-graphiql/graphiql'))[name]));

const WORKER_LABELS = { editorWorkerService: 'editor-worker.js', json: 'json-worker.js', graphql: 'graphql-worker.js' } as const;

const files: AssetFiles = new Map([
  ['graphiql.js', part('js', CONTENT_TYPES.js)],
  ['graphiql.css', part('css', CONTENT_TYPES.css)],
  ['editor-worker.js', part('editorWorkerService', CONTENT_TYPES.js)],
  ['json-worker.js', part('jsonWorker', CONTENT_TYPES.js)],
  ['graphql-worker.js', part('graphqlWorker', CONTENT_TYPES.js)],
  ['page.css', pageStyle],
  ['graphql-ws.js', fileAsset(join(packageDir('graphql-ws'), 'umd', 'graphql-ws.min.js'), CONTENT_TYPES.js)],
  [
    'start.js',
    lazy(async () => {
      const workers: Record<string, string> = {};
      for (const [label, name] of Object.entries(WORKER_LABELS)) workers[label] = await fileUrl(name);
      return asset(CONTENT_TYPES.js, graphiqlStartScript(GRAPHIQL_OPTIONS, workers));
    }),
  ],
]);

/** A file's URL with its current version, loading the file if need be. */
const fileUrl = async (name: string) => assetUrl(GRAPHIQL_ASSETS, name, await files.get(name)!());

/** What GraphiQL opens with; Yoga's own options (endpoint, protocol) do not apply: the page brings its fetcher. */
const GRAPHIQL_OPTIONS = {
  title: 'DCP Gateway',
  // The bar above GraphiQL names the product; an empty logo keeps Yoga's from showing.
  logo: '',
  defaultQuery: GUIDED_TOUR,
  defaultTabs: [{ query: GUIDED_TOUR }, { query: SUBMIT_JOB }],
  defaultEditorToolsVisibility: 'headers',
  isHeadersEditorEnabled: true,
  shouldPersistHeaders: false,
};

const HELP = `<header class="dcp-bar">
  <strong>DCP Gateway</strong> GraphQL
  <span>Credentials: the <b>Headers</b> tab, as JSON, e.g. <code>{"X-Renter-Key": "dc1-renter-…"}</code>;
  also <code>X-Provider-Key</code>, <code>X-Admin-Token</code>. Subscriptions use graphql-ws with the same headers.</span>
  <nav><a href="/docs">REST API reference</a></nav>
</header>`;

/** Yoga's renderGraphiQL: the page that loads GraphiQL from this gateway's own files. */
export async function renderGraphiQLPage(): Promise<string> {
  const url = async (name: string) => escapeHtml(await fileUrl(name));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${pageCsp({ workers: true })}">
<title>DCP Gateway · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${await url('graphiql.css')}">
<link rel="stylesheet" href="${await url('page.css')}">
</head>
<body class="dcp-graphiql">
${HELP}
<div id="graphiql"><p class="dcp-loading">Loading GraphiQL…</p></div>
<noscript>GraphiQL needs JavaScript.</noscript>
<script src="${await url('graphql-ws.js')}"></script>
<script src="${await url('start.js')}"></script>
<script src="${await url('graphiql.js')}"></script>
</body>
</html>
`;
}

/** GET /graphiql/assets/:name, only while GraphiQL is served (introspection on); 404 otherwise. */
export function graphiqlAssetRoutes(enabled: boolean): Hono {
  const app = new Hono();
  app.get(`${GRAPHIQL_ASSETS}/:name`, async (c) => {
    const file = enabled ? files.get(c.req.param('name')) : undefined;
    if (!file) return c.json({ error: 'Not found' }, 404);
    return sendAsset(c, await file());
  });
  return app;
}
