import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, TEST_ADMIN_TOKEN, type TestGateway } from '../helpers/index.js';
import { subscribeWs, wsClient } from '../subscriptions/support.js';

/**
 * GraphQL over HTTP against hostile browsers and curious strangers: cross-site requests (CSRF), CORS,
 * and introspection/GraphiQL, which are off in production unless DCP_GRAPHQL_INTROSPECTION=1.
 */

const REGISTER = `mutation ($email: String!) { registerRenter(input: { email: $email, name: "Form" }) { userErrors { code } } }`;
const INTROSPECTION = `{ __schema { queryType { name } } }`;
let seq = 0;
const email = () => `csrf-${Date.now()}-${seq++}@example.com`;

/** Registers `address` through a JSON POST: `created` if nothing held it before, else the user error's code (`CONFLICT` if it was taken). */
async function registerJson(t: TestGateway, address: string): Promise<string> {
  const res = await t.gql(REGISTER, { email: address });
  const errors = res.data?.registerRenter.userErrors as Array<{ code: string }> | undefined;
  return errors === undefined ? 'no answer' : errors.length ? errors[0].code : 'created';
}

describe(`GraphQL over HTTP, development profile (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_CORS_ORIGINS: 'https://partner.example' } });
  });
  afterAll(() => t?.close());

  describe('CSRF: only JSON bodies, and GET for queries only', () => {
    it('a JSON POST runs a mutation', async () => {
      expect(await registerJson(t, email())).toBe('created');
    });

    it('a form-urlencoded POST mutation is refused with 415 and nothing is written', async () => {
      const address = email();
      const form = new URLSearchParams({ query: REGISTER, variables: JSON.stringify({ email: address }) });
      const res = await t.fetchJson('/graphql', { method: 'POST', body: form });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(res.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.errors[0].message).toMatch(/application\/json/);
      expect(await registerJson(t, address)).toBe('created');
    });

    it('a multipart POST mutation is refused with 415 and nothing is written', async () => {
      const address = email();
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: REGISTER, variables: { email: address } }));
      form.set('map', '{}');
      const res = await t.fetchJson('/graphql', { method: 'POST', body: form });
      expect(res.status).toBe(415);
      expect(res.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await registerJson(t, address)).toBe('created');
    });

    it('text/plain (what a cross-site fetch may send without a preflight) and a missing type are refused', async () => {
      const address = email();
      const body = JSON.stringify({ query: REGISTER, variables: { email: address } });
      for (const headers of [{ 'content-type': 'text/plain' }, {}] as Record<string, string>[]) {
        const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers, body: new Blob([body]) });
        expect(res.status, JSON.stringify(headers)).toBe(415);
      }
      expect(await registerJson(t, address)).toBe('created');
    });

    it('a mutation over GET is refused with 405 and nothing is written; a query over GET works', async () => {
      const address = email();
      const params = new URLSearchParams({ query: REGISTER, variables: JSON.stringify({ email: address }) });
      const res = await t.fetchJson(`/graphql?${params}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(405);
      expect(await registerJson(t, address)).toBe('created');
      const query = await t.fetchJson(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
      expect(query).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
    });

    it('application/graphql+json bodies and a charset parameter are JSON too', async () => {
      for (const type of ['application/graphql+json', 'application/json; charset=utf-8']) {
        const res = await t.fetchJson('/graphql', { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify({ query: '{ __typename }' }) });
        expect(res, type).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
      }
    });
  });

  describe('JSON bodies: a small one is read ahead of Yoga, a large one streams into it, and both are answered alike', () => {
    /** The answer to a JSON POST of `text`, as it is (read ahead) and padded with whitespace past 64 KB (streamed), or chunked. */
    async function answers(text: string) {
      const post = async (body: string | ReadableStream<Uint8Array>) => {
        const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
        const answer = JSON.parse(await res.text()) as { errors?: { extensions?: { requestId?: string; originalError?: { message?: string } } }[] };
        for (const error of answer.errors ?? []) {
          delete error.extensions?.requestId;
          // A JSON parser's message quotes the text and the position, which the padding moves.
          delete error.extensions?.originalError?.message;
        }
        return { status: res.status, answer };
      };
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      });
      return { small: await post(text), large: await post(text + ' '.repeat(70 * 1024)), chunked: await post(chunked) };
    }

    it('runs an operation, with its variables', async () => {
      const { small, large, chunked } = await answers(JSON.stringify({ query: 'query ($n: Boolean!) { __typename a: __typename @include(if: $n) }', variables: { n: true } }));
      expect(small).toEqual({ status: 200, answer: { data: { __typename: 'Query', a: 'Query' } } });
      expect(large).toEqual(small);
      expect(chunked).toEqual(small);
    });

    it('answers what is not a JSON object as Yoga does', async () => {
      for (const text of ['{"query": "{ __typename }"', 'null', '[]', '"text"', '{}', '']) {
        const { small, large, chunked } = await answers(text);
        expect(small.answer.errors, text).toBeDefined();
        expect(large, text).toEqual(small);
        expect(chunked, text).toEqual(small);
      }
    });
  });

  describe('CORS: the allowlist REST uses', () => {
    it('reflects an allowed origin with credentials, on answers and errors alike', async () => {
      for (const origin of ['https://dcp.sa', 'https://partner.example', 'http://localhost:3000']) {
        const res = await t.fetchJson('/graphql', { method: 'POST', headers: { origin }, json: { query: '{ __typename }' } });
        expect(res.headers.get('access-control-allow-origin'), origin).toBe(origin);
        expect(res.headers.get('access-control-allow-credentials')).toBe('true');
        // A page may read the request id it quotes when reporting a problem.
        expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
        expect(res.headers.get('vary')).toMatch(/origin/i);
      }
      const refused = await t.fetchJson('/graphql', { method: 'POST', headers: { origin: 'https://dcp.sa' }, body: 'query={__typename}' });
      expect(refused.status).toBe(415);
      expect(refused.headers.get('access-control-allow-origin')).toBe('https://dcp.sa');
    });

    it('gives a disallowed origin no CORS headers, and its preflight a JSON 403', async () => {
      const res = await t.fetchJson('/graphql', { method: 'POST', headers: { origin: 'https://evil.example' }, json: { query: '{ __typename }' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await t.fetchJson('/graphql', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.body).toEqual({ error: 'Origin not allowed by CORS' });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers an allowed preflight with 204, the methods and the credential headers', async () => {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.dcp.sa', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-renter-key' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.dcp.sa');
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/X-Renter-Key/);
    });

    it('refuses a graphql-ws handshake from a disallowed browser origin, accepts an allowed one and a non-browser client', async () => {
      const { WebSocket } = await import('ws');
      const open = (origin?: string, host?: string) =>
        new Promise<number>((resolve) => {
          const options = { ...(origin ? { origin } : {}), ...(host ? { headers: { host } } : {}) };
          const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', options);
          ws.once('open', () => {
            ws.close();
            resolve(101);
          });
          ws.once('unexpected-response', (_req, res) => {
            resolve(res.statusCode ?? 0);
            ws.terminate();
          });
          ws.once('error', () => resolve(-1));
        });
      expect(await open('https://evil.example')).toBe(403);
      expect(await open('https://partner.example')).toBe(101);
      expect(await open()).toBe(101);
      // A page the gateway served itself (GraphiQL on a host outside the allowlist) names the host it calls.
      expect(await open('http://gateway.lan:8083', 'gateway.lan:8083')).toBe(101);
      expect(await open('https://evil.example', 'gateway.lan:8083')).toBe(403);
    });
  });

  describe('introspection and GraphiQL outside production', () => {
    it('are on by default', async () => {
      const res = await t.gql(INTROSPECTION);
      expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      await page.text();
    });
  });
});

describe(`GraphQL over HTTP, production profile (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => t?.close());

  it('refuses introspection to anonymous callers and to the admin alike, naming the setting', async () => {
    for (const headers of [{}, { 'x-admin-token': TEST_ADMIN_TOKEN }]) {
      const res = await t.gql(INTROSPECTION, undefined, headers);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
      expect(res.errors?.[0].message).toMatch(/DCP_GRAPHQL_INTROSPECTION/);
    }
    const typeQuery = await t.gql(`{ __type(name: "Renter") { name } }`);
    expect(typeQuery.errors?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
  });

  it('still answers __typename and ordinary queries', async () => {
    expect((await t.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('refuses introspection over graphql-ws and SSE too', async () => {
    const client = wsClient(t.url);
    try {
      const over = subscribeWs(client, INTROSPECTION);
      await over.ended();
      // Refused at validation: a graphql-ws `error` message, no result.
      expect(over.results).toEqual([]);
      expect((over.failure as Array<{ extensions?: { code?: string } }>).map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
    } finally {
      await client.dispose();
    }
    const sse = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: INTROSPECTION }),
    });
    const text = await sse.text();
    expect(text).toContain('INTROSPECTION_DISABLED');
    expect(text).not.toContain('"queryType"');
  });

  it('does not serve the GraphiQL page', async () => {
    const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    const body = await page.text();
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(body).not.toMatch(/graphiql/i);
  });

  it('does not reflect loopback origins (allowed only outside production)', async () => {
    const res = await t.fetchJson('/graphql', { method: 'POST', headers: { origin: 'http://localhost:3000' }, json: { query: '{ __typename }' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe(`DCP_GRAPHQL_INTROSPECTION overrides the profile (${storeName})`, () => {
  let on: TestGateway;
  let off: TestGateway;
  beforeAll(async () => {
    [on, off] = await Promise.all([
      startTestGateway({ env: { NODE_ENV: 'production', DCP_GRAPHQL_INTROSPECTION: '1' } }),
      startTestGateway({ env: { DCP_GRAPHQL_INTROSPECTION: '0' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([on?.close(), off?.close()]);
  });

  it('=1 turns introspection and GraphiQL on in production', async () => {
    expect((await on.gql(INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const page = await fetch(`${on.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    await page.text();
  });

  it('=0 turns both off in development: GraphiQL needs introspection', async () => {
    expect((await off.gql(INTROSPECTION)).errors?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
    const page = await fetch(`${off.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    await page.text();
  });
});
