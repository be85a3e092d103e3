import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName, type JsonResponse } from '../helpers/index.js';
import type { FakeProvider } from '../v1/fake-provider.js';
import { startV1, type V1Harness } from '../v1/support.js';
import { parseChatRequest } from '../../src/v1/chat-request.js';
import { dispatch } from '../../src/v1/proxy.js';
import { ProviderRouter } from '../../src/v1/routing.js';
import { UpstreamClient } from '../../src/v1/upstream.js';
import { BAD_BODIES, BAD_VALUES, changedTables, databaseDigest, DEEP, objectText } from './corpus.js';

/**
 * Hostile input on the /v1 face: every class of bad value, wherever a chat request may carry it, is a
 * 400 in the canonical envelope naming the param, answered before any key, balance or provider is
 * looked at: the provider hears nothing, nothing is reserved or stored. And what a renter's request does
 * wrong never counts against the provider's circuit breaker, so no renter can shut another out.
 */

const MODEL = 'corpus/model-1b';
const ask = (content: string) => `{"model":${JSON.stringify(MODEL)},"messages":[{"role":"user","content":${content}}]}`;

/** Where a chat body can carry a bad value, as JSON text around it, with the param that names the spot. */
const PLACES: Array<{ at: string; body: (bad: string) => string }> = [
  { at: 'messages[0].content', body: (bad) => ask(bad) },
  { at: 'model', body: (bad) => `{"model":${bad},"messages":[{"role":"user","content":"hi"}]}` },
  { at: 'messages[0].name', body: (bad) => `{"model":"${MODEL}","messages":[{"role":"user","content":"hi","name":${bad}}]}` },
  { at: 'tools', body: (bad) => `{"model":"${MODEL}","messages":[{"role":"user","content":"hi"}],"tools":${bad}}` },
  { at: 'metadata', body: (bad) => `{"model":"${MODEL}","messages":[{"role":"user","content":"hi"}],"metadata":${bad}}` },
];

/** The gate's dot path as /v1 names params: `messages[0].content`. */
const bracketed = (field: string) => field.replace(/\.(\d+)/g, '[$1]');

function expectInvalidRequest(res: JsonResponse<any>, what: string, param?: string): void {
  expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBe(400);
  expect(res.headers.get('content-type') ?? '', what).toContain('json');
  expect(res.body?.error?.type, `${what}: ${res.text.slice(0, 300)}`).toBe('invalid_request_error');
  if (param !== undefined) expect(String(res.body.error.param), `${what}: ${res.text.slice(0, 300)}`).toMatch(new RegExp(`^${escape(param)}`));
}

describe(`hostile input on the /v1 face (${storeName})`, () => {
  let h: V1Harness;
  let fake: FakeProvider;
  let renter: { id: number; key: string };

  const post = (body: string, key = renter.key) =>
    h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });

  beforeAll(async () => {
    h = await startV1();
    await h.model(MODEL, 100, 200);
    fake = await h.fake({ kind: 'json' });
    await h.provider(fake, [MODEL]);
    renter = await h.renter(100_000);
  });
  afterAll(() => h?.close());

  it('refuses every class of bad value in every part of a chat request with 400 naming the param; the provider hears nothing', async () => {
    const before = await databaseDigest(h.t);
    for (const place of PLACES) {
      for (const bad of BAD_VALUES) {
        const what = `${bad.name} in ${place.at}`;
        expectInvalidRequest(await post(place.body(bad.json)), what, bracketed(bad.field(place.at)));
      }
    }
    expect(fake.hits).toBe(0);
    expect(changedTables(before, await databaseDigest(h.t))).toEqual([]);
  });

  it('refuses a body that is not a JSON object with 400 in the envelope', async () => {
    for (const bad of BAD_BODIES) expectInvalidRequest(await post(bad.text), bad.name);
    expect(fake.hits).toBe(0);
  });

  it('refuses a NUL character in a model id or a query parameter with 400 naming it', async () => {
    expectInvalidRequest(await h.t.fetchJson('/v1/models/a%00b'), 'GET /v1/models/a%00b', 'model');
    expectInvalidRequest(await h.t.fetchJson('/v1/models?x=%00'), 'GET /v1/models?x=%00', 'x');
    const query = await h.t.fetchJson('/v1/chat/completions?trace=%00', {
      method: 'POST',
      headers: { authorization: `Bearer ${renter.key}` },
      json: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] },
    });
    expectInvalidRequest(query, 'POST ?trace=%00', 'trace');
    expect(fake.hits).toBe(0);
  });

  it('still serves a clean request after all of that', async () => {
    const res = await post(ask('"hello"'));
    expect(res.status, res.text).toBe(200);
    expect(fake.hits).toBe(1);
  });
});

describe(`a renter cannot open another renter's circuit breaker (${storeName})`, () => {
  let h: V1Harness;

  beforeAll(async () => {
    h = await startV1({ DCP_V1_BREAKER_FAILURES: '3', DCP_V1_BREAKER_COOLDOWN_MS: '60000' });
  });
  afterAll(() => h?.close());

  it(`renter A's requests nested ${DEEP} levels deep are refused, and renter B's request still reaches the provider`, async () => {
    await h.model(MODEL, 100, 200);
    const fake = await h.fake({ kind: 'json' });
    await h.provider(fake, [MODEL]);
    const attacker = await h.renter(100_000);
    const victim = await h.renter(100_000);
    const deep = '['.repeat(DEEP) + ']'.repeat(DEEP);
    const attack = objectText({ model: JSON.stringify(MODEL), messages: '[{"role":"user","content":"hi"}]', metadata: deep });
    for (let i = 0; i < 10; i++) {
      const res = await h.t.fetchJson('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${attacker.key}`, 'content-type': 'application/json' },
        body: attack,
      });
      expectInvalidRequest(res, `attack ${i}`, 'metadata');
    }
    const res = await h.t.fetchJson('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${victim.key}` },
      json: { model: MODEL, messages: [{ role: 'user', content: 'hello' }] },
    });
    expect(res.status, res.text).toBe(200);
    expect(fake.hits).toBe(1);
  });

  it("a provider's own 400 for a request (context too long) never opens its breaker for the next renter", async () => {
    const model = 'corpus/model-2b';
    await h.model(model, 100, 200);
    const fake = await h.fake({ kind: 'context-too-long' });
    await h.provider(fake, [model]);
    const attacker = await h.renter(100_000);
    const victim = await h.renter(100_000);
    const body = { model, messages: [{ role: 'user', content: 'a very long prompt' }] };
    for (let i = 0; i < 5; i++) {
      const res = await h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${attacker.key}` }, json: body });
      expect(res.status, res.text).toBe(400);
    }
    fake.behaviour = { kind: 'json' };
    const res = await h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${victim.key}` }, json: body });
    expect(res.status, res.text).toBe(200);
    expect(fake.hits).toBe(6);
  });

  it("an error of the gateway's own while preparing a dispatch is not held against the provider", async () => {
    const fake = await h.fake({ kind: 'json' });
    const router = new ProviderRouter({ ...h.t.gateway.config.v1, breakerFailures: 1 }, () => Date.now());
    const deps = { config: h.t.gateway.config.v1, router, client: new UpstreamClient(true) };
    const candidate = { providerId: 1, endpointUrl: fake.url, routedModel: MODEL };
    // A value JSON cannot encode stands for any fault of the gateway's own (it was a stack overflow).
    const request = parseChatRequest({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    const broken = { ...request, body: { ...request.body, metadata: 1n } };
    for (let i = 0; i < 3; i++) await expect(dispatch(deps, broken, [candidate], new AbortController().signal)).rejects.toThrow(TypeError);
    expect(fake.hits).toBe(0);
    expect(router.order([candidate])).toEqual([candidate]);
    const served = await dispatch(deps, request, [candidate], new AbortController().signal);
    expect(served.json?.choices).toBeTruthy();
    deps.client.close();
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
