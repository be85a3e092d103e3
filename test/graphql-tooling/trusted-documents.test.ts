import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadTrustedDocuments } from '../../src/graphql/plugins/trustedDocuments.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { registerRenter } from '../rest/restFixtures.js';
import { subscribeWs, wsClient } from '../subscriptions/support.js';

/** Documents as codegen's client preset lists them: `sha256:<hex of the text>` -> text. */
const TYPENAME = 'query Typename { __typename }';
const VIEWER = 'query Viewer { me { __typename } }';
const idOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const ARBITRARY = '{ __typename }';

function manifestFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcp-trusted-'));
  const path = join(dir, 'persisted-documents.json');
  writeFileSync(path, JSON.stringify({ [idOf(TYPENAME)]: TYPENAME, [idOf(VIEWER)]: VIEWER }));
  return path;
}

const post = (t: TestGateway, body: unknown, headers: Record<string, string> = {}) =>
  t.fetchJson('/graphql', { method: 'POST', headers, json: body });

const codes = (body: any) => body?.errors?.map((e: any) => e.extensions?.code);

describe(`trusted documents on (${storeName})`, () => {
  let t: TestGateway;
  let renter: { 'x-renter-key': string };
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_GRAPHQL_TRUSTED_DOCUMENTS: '1', DCP_GRAPHQL_TRUSTED_DOCUMENTS_MANIFEST: manifestFile() } });
    renter = { 'x-renter-key': (await registerRenter(t)).apiKey };
  });
  afterAll(() => t?.close());

  it('runs a persisted document named by its documentId', async () => {
    const res = await post(t, { documentId: idOf(VIEWER) }, renter);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ data: { me: { __typename: 'Renter' } } });
  });

  it('reads an Apollo persisted-query hash as the same id, over GET too', async () => {
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: idOf(TYPENAME).slice('sha256:'.length) } });
    const res = await t.fetchJson(`/graphql?extensions=${encodeURIComponent(extensions)}`);
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('runs the stored copy when a client sends the id with a text', async () => {
    const res = await post(t, { documentId: idOf(TYPENAME), query: '{ me { __typename } }' }, renter);
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses an unknown id with PERSISTED_QUERY_NOT_FOUND', async () => {
    const unknown = idOf('query Unknown { __typename }');
    const res = await post(t, { documentId: unknown }, renter);
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(res.body.errors[0].extensions.documentId).toBe(unknown);
    expect(res.body.data ?? null).toBeNull();
  });

  it('refuses a document sent as text to a renter and to anonymous callers, naming the setting', async () => {
    for (const headers of [renter, {}]) {
      const res = await post(t, { query: ARBITRARY }, headers);
      expect(res.status).toBe(400);
      expect(codes(res.body)).toEqual(['PERSISTED_QUERY_ONLY']);
      expect(res.body.errors[0].message).toMatch(/DCP_GRAPHQL_TRUSTED_DOCUMENTS/);
    }
  });

  it('runs a document sent as text for the admin token, in either header', async () => {
    const asAdmin: Array<Record<string, string>> = [{ 'x-admin-token': t.adminToken }, { authorization: `Bearer ${t.adminToken}` }];
    for (const headers of asAdmin) {
      const res = await post(t, { query: '{ me { __typename } }' }, headers);
      expect(res.body).toEqual({ data: { me: { __typename: 'Admin' } } });
    }
  });

  it('refuses a request with neither an id nor a text', async () => {
    const res = await post(t, { variables: {} }, renter);
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);
  });

  it('applies over SSE', async () => {
    const sse = (body: unknown) =>
      fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...renter }, body: JSON.stringify(body) }).then((r) => r.text());
    expect(await sse({ documentId: idOf(VIEWER) })).toContain('{"data":{"me":{"__typename":"Renter"}}}');
    const refused = await sse({ query: ARBITRARY });
    expect(refused).toContain('PERSISTED_QUERY_ONLY');
    expect(refused).not.toContain('"data"');
  });

  it('applies over graphql-ws: text refused for a renter, ids run, text runs for the admin', async () => {
    const asRenter = wsClient(t.url, renter);
    const asAdmin = wsClient(t.url, { 'x-admin-token': t.adminToken });
    try {
      const refused = subscribeWs(asRenter, ARBITRARY);
      await refused.ended();
      expect(refused.results).toEqual([]);
      expect((refused.failure as Array<{ extensions?: { code?: string } }>).map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_ONLY']);

      const received: unknown[] = [];
      await new Promise<void>((resolve, reject) =>
        asRenter.subscribe({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: idOf(VIEWER).slice(7) } } }, { next: (r) => void received.push(r), error: reject, complete: resolve }),
      );
      expect(received).toEqual([{ data: { me: { __typename: 'Renter' } } }]);

      const empty = subscribeWs(asRenter, '');
      await empty.ended();
      expect((empty.failure as Array<{ extensions?: { code?: string } }>).map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);

      const admin = subscribeWs(asAdmin, '{ me { __typename } }');
      await admin.ended();
      expect(admin.data).toEqual([{ me: { __typename: 'Admin' } }]);
    } finally {
      await Promise.all([asRenter.dispose(), asAdmin.dispose()]);
    }
  });
});

describe(`trusted documents off (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_GRAPHQL_TRUSTED_DOCUMENTS: '0' } });
  });
  afterAll(() => t?.close());

  it('runs any document for anyone', async () => {
    const renter = await registerRenter(t);
    const res = await post(t, { query: '{ me { __typename } }' }, { 'x-renter-key': renter.apiKey });
    expect(res.body).toEqual({ data: { me: { __typename: 'Renter' } } });
  });
});

describe('trusted documents configuration', () => {
  it('is on in production and off in development and test, unless DCP_GRAPHQL_TRUSTED_DOCUMENTS says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production', DCP_ADMIN_TOKEN: 'x'.repeat(40) }).graphqlTrustedDocuments).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).graphqlTrustedDocuments).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).graphqlTrustedDocuments).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DCP_GRAPHQL_TRUSTED_DOCUMENTS: '0' }).graphqlTrustedDocuments).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', DCP_GRAPHQL_TRUSTED_DOCUMENTS: 'on' }).graphqlTrustedDocuments).toBe(true);
  });

  it('loads the committed manifest by default: every id is the sha256 of its document', () => {
    const documents = loadTrustedDocuments([]);
    expect(documents.size).toBeGreaterThan(10);
    for (const [id, text] of documents) expect(id).toBe(idOf(text));
  });

  it('refuses a manifest it cannot read, naming the file (start-up stops)', () => {
    const missing = join(tmpdir(), 'no-such-dir', 'persisted-documents.json');
    expect(() => loadTrustedDocuments([missing])).toThrow(missing);
    const notAManifest = join(mkdtempSync(join(tmpdir(), 'dcp-trusted-')), 'list.json');
    writeFileSync(notAManifest, '["query A { __typename }"]');
    expect(() => loadTrustedDocuments([notAManifest])).toThrow(/not a JSON object/);
  });
});
