import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { GUIDED_TOUR, SUBMIT_JOB } from '../../src/pages/graphiqlExample.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';

/**
 * GraphiQL and the REST reference as HTTP sees them: what the pages load, from where, with which headers.
 * test/browser runs the same pages in Chromium.
 */

/** graphql-js as the schema was built with it: the CommonJS build (see src/graphql/ws.ts). */
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const htmlPage = (t: TestGateway, path: string) => fetch(`${t.url}${path}`, { headers: { accept: 'text/html' } });

/** The same-origin files a page loads (scripts, stylesheets); fails on any URL with a scheme or host. */
function loadedFiles(html: string): string[] {
  const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  for (const url of urls) expect(url, 'a page may load nothing from another origin').toMatch(/^(\/[^/]|data:,$)/);
  return urls.filter((url) => url.startsWith('/') && /\.(js|css)\?v=/.test(url));
}

describe(`the browser pages (${storeName})`, () => {
  let t: TestGateway;
  let closed: TestGateway;
  beforeAll(async () => {
    [t, closed] = await Promise.all([startTestGateway(), startTestGateway({ env: { DCP_GRAPHQL_INTROSPECTION: '0' } })]);
  });
  afterAll(async () => {
    await Promise.all([t?.close(), closed?.close()]);
  });

  it('GraphiQL is a page of the gateway’s own: titled for the product, every file from this origin, other origins forbidden', async () => {
    const res = await htmlPage(t, '/graphql');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>DCP Gateway · GraphiQL</title>');
    expect(html).not.toMatch(/unpkg|jsdelivr|cdnjs|googleapis/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    const files = loadedFiles(html);
    expect(files.map((url) => url.replace(/\?.*/, '')).sort()).toEqual(
      ['graphiql.css', 'graphiql.js', 'graphql-ws.js', 'page.css', 'start.js'].map((name) => `/graphiql/assets/${name}`),
    );
    for (const url of files) {
      const file = await fetch(`${t.url}${url}`);
      expect(file.status, url).toBe(200);
      expect(file.headers.get('content-type'), url).toMatch(url.includes('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(file.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      expect((await file.arrayBuffer()).byteLength, url).toBeGreaterThan(100);
    }
  });

  it('GraphiQL’s start script opens the guided tour and its submit tab, the Headers tab open, and sends subscriptions over graphql-ws', async () => {
    const html = await (await htmlPage(t, '/graphql')).text();
    const start = loadedFiles(html).find((url) => url.startsWith('/graphiql/assets/start.js'))!;
    const script = await (await fetch(`${t.url}${start}`)).text();
    expect(script).toContain(`"defaultTabs":[{"query":${JSON.stringify(GUIDED_TOUR)}},{"query":${JSON.stringify(SUBMIT_JOB)}}]`);
    expect(script).toContain('"defaultEditorToolsVisibility":"headers"');
    expect(script).toContain('graphqlWs.createClient');
    // Monaco's workers are files of the gateway too, named with their versions.
    for (const worker of ['editor-worker.js', 'json-worker.js', 'graphql-worker.js']) {
      const url = new RegExp(`"(/graphiql/assets/${worker}\\?v=[0-9a-f]+)"`).exec(script)?.[1];
      expect(url, worker).toBeDefined();
      expect((await fetch(`${t.url}${url}`)).status, worker).toBe(200);
    }
  });

  it('the guided tour and its submit tab are valid against the schema', () => {
    for (const document of [GUIDED_TOUR, SUBMIT_JOB]) expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });

  it('a file is sent gzipped to clients that accept it, and an unchanged one answers 304', async () => {
    const html = await (await htmlPage(t, '/graphql')).text();
    const url = loadedFiles(html).find((u) => u.startsWith('/graphiql/assets/graphql-ws.js'))!;
    const plain = Buffer.from(await (await fetch(`${t.url}${url}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    // fetch unzips what it receives: the gzipped answer must decode to the very same file.
    const zipped = await fetch(`${t.url}${url}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(Buffer.from(await zipped.arrayBuffer()).equals(plain)).toBe(true);
    const etag = zipped.headers.get('etag')!;
    const again = await fetch(`${t.url}${url}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('an unknown file is a JSON 404', async () => {
    const res = await t.fetchJson('/graphiql/assets/../../package.json');
    expect(res.status).toBe(404);
    for (const path of ['/graphiql/assets/secrets.js', '/graphiql/assets/constructor', '/docs/assets/__proto__', '/docs/assets/toString']) {
      const unknown = await t.fetchJson(path);
      expect(unknown.status, path).toBe(404);
      expect(unknown.body, path).toEqual({ error: 'Not found' });
    }
  });

  it('the REST reference is a page at /docs over the OpenAPI JSON that /api/docs keeps answering', async () => {
    const res = await htmlPage(t, '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('href="/graphql"');
    const files = loadedFiles(html);
    expect(files.map((url) => url.replace(/\?.*/, '')).sort()).toEqual(
      ['page.css', 'start.js', 'swagger-ui-bundle.js', 'swagger-ui.css'].map((name) => `/docs/assets/${name}`),
    );
    for (const url of files) expect((await fetch(`${t.url}${url}`)).status, url).toBe(200);
    const start = await (await fetch(`${t.url}${files.find((url) => url.includes('start.js'))}`)).text();
    expect(start).toContain('url: "/api/docs"');
    expect(start).toContain('validatorUrl: null');

    const json = await fetch(`${t.url}/api/docs`, { headers: { accept: 'text/html,application/json' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await json.json()).openapi).toBe('3.1.0');
  });

  it('GET / links the REST reference page', async () => {
    const res = await t.fetchJson('/');
    expect(res.body.links).toMatchObject({ graphql: `${t.url}/graphql`, rest_docs: `${t.url}/api/docs`, rest_reference: `${t.url}/docs` });
  });

  it('with introspection off there is no GraphiQL: no page, no files, no link from the REST reference', async () => {
    const page = await htmlPage(closed, '/graphql');
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    await page.text();
    const file = await closed.fetchJson('/graphiql/assets/graphiql.js');
    expect(file.status).toBe(404);
    const docs = await htmlPage(closed, '/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).not.toContain('href="/graphql"');
  });
});
