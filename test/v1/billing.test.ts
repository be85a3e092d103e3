import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inferenceUsage } from '../../src/db/schema.js';
import { createV1App } from '../../src/v1/app.js';
import { eventually } from '../helpers/eventually.js';
import { storeName } from '../helpers/index.js';
import { expectMoneyConsistent } from '../helpers/money.js';
import { racePostgres } from '../helpers/racePostgres.js';
import { startV1, type V1Harness } from './support.js';

/** One halala per token each way, so costs are easy to read. */
const MODEL = 'bill/exact-1b';
const PROMPT = '0123456789';
const ask = { model: MODEL, messages: [{ role: 'user', content: PROMPT }], max_tokens: 4 };
/** 8 prompt + 4 completion tokens, as the fake reports them. */
const COST = 12;

describe(`/v1 billing and idempotency (${storeName})`, () => {
  let h: V1Harness;
  let provider: { id: number; key: string };

  const post = (key: string, body: unknown, headers: Record<string, string> = {}) =>
    h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}`, ...headers }, json: body });

  beforeAll(async () => {
    h = await startV1({ DCP_PROVIDER_MAX_INFLIGHT: '64' });
    await h.model(MODEL, 1_000_000, 1_000_000);
    provider = await h.provider(await h.fake({ kind: 'json', delayMs: 20 }), [MODEL]);
  });
  afterAll(() => h?.close());
  // Every charge, refund and payout of the test, whatever it checked itself, leaves the money conserved.
  afterEach(() => (h ? expectMoneyConsistent(h.t.gateway) : undefined));

  it('records each completion with its request id, tokens, cost and the provider share', async () => {
    const r = await h.renter(1_000);
    const res = await post(r.key, ask, { 'x-request-id': 'usage-check-1' });
    expect(res.body.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 4, total_tokens: 12, pricing: { halala_total: COST } });
    await h.settled();
    const [row] = await h.t.gateway.store.db.select().from(inferenceUsage).where(eq(inferenceUsage.requestId, 'usage-check-1'));
    expect(row).toMatchObject({ renterId: r.id, providerId: provider.id, model: MODEL, promptTokens: 8, completionTokens: 4, costHalala: COST, stream: false });
  });

  it('counts tokens from the text when the provider reports no usage, so a completion is never free', async () => {
    const r = await h.renter(1_000);
    const model = 'bill/no-usage-1b';
    await h.model(model, 1_000_000, 1_000_000);
    await h.provider(await h.fake({ kind: 'json', usage: false, content: 'twelve chars' }), [model]);
    const res = await post(r.key, { ...ask, model }, { 'x-request-id': 'estimated-1' });
    // "user: 0123456789" is 16 characters (4 tokens); "twelve chars" is 12 (3 tokens).
    expect(res.body.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 3, pricing: { halala_total: 7 } });
    expect(await h.balance(r.id)).toBe(1_000 - 7);
    const [row] = await h.t.gateway.store.db.select().from(inferenceUsage).where(eq(inferenceUsage.requestId, 'estimated-1'));
    expect(row).toMatchObject({ usageSource: 'estimated', costHalala: 7 });
  });

  describe('Idempotency-Key', () => {
    it('replays a retry with the stored answer and does not bill it again', async () => {
      const r = await h.renter(1_000);
      const first = await post(r.key, ask, { 'idempotency-key': 'retry-1' });
      const again = await post(r.key, ask, { 'idempotency-key': 'retry-1' });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.text).toBe(first.text);
      expect(again.headers.get('x-dcp-provider-id')).toBe(String(provider.id));
      expect(await h.balance(r.id)).toBe(1_000 - COST);
    });

    it('makes a concurrent duplicate wait for the first instead of reaching the provider twice', async () => {
      const r = await h.renter(1_000);
      const slow = await h.fake({ kind: 'json', delayMs: 200 });
      const model = 'bill/slow-1b';
      await h.model(model, 1_000_000, 1_000_000);
      await h.provider(slow, [model]);
      const body = { ...ask, model };
      const answers = await Promise.all([1, 2, 3].map(() => post(r.key, body, { 'idempotency-key': 'dup-1' })));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(slow.hits).toBe(1);
      expect(await h.balance(r.id)).toBe(1_000 - COST);
    });

    it('refuses the same key with a different body (409)', async () => {
      const r = await h.renter(1_000);
      await post(r.key, ask, { 'idempotency-key': 'reuse-1' });
      const other = await post(r.key, { ...ask, max_tokens: 5 }, { 'idempotency-key': 'reuse-1' });
      expect(other.status).toBe(409);
      expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key' });
    });

    it('keeps keys per renter', async () => {
      const [a, b] = [await h.renter(1_000), await h.renter(1_000)];
      await post(a.key, ask, { 'idempotency-key': 'shared-name' });
      const second = await post(b.key, ask, { 'idempotency-key': 'shared-name' });
      expect(second.headers.get('idempotent-replayed')).toBeNull();
      expect(await h.balance(b.id)).toBe(1_000 - COST);
    });

    it('forgets a key whose request failed, so the retry runs', async () => {
      const r = await h.renter(1_000);
      const fake = await h.fake({ kind: 'status', status: 502 });
      const model = 'bill/flaky-1b';
      await h.model(model, 1_000_000, 1_000_000);
      await h.provider(fake, [model]);
      expect((await post(r.key, { ...ask, model }, { 'idempotency-key': 'fails-first' })).status).toBe(503);
      expect(await h.balance(r.id)).toBe(1_000);
      fake.behaviour = { kind: 'json' };
      const retry = await post(r.key, { ...ask, model }, { 'idempotency-key': 'fails-first' });
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
    });
  });
});

// Races need transactions running side by side: always Postgres, never PGlite (which runs one at a time).
const postgresUrl = await racePostgres('test/v1/billing.test.ts');

describe.skipIf(!postgresUrl)('/v1 billing under concurrency (postgres)', () => {
  let h: V1Harness;

  const post = (key: string, body: unknown) =>
    h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: body });

  beforeAll(async () => {
    h = await startV1({ DCP_PROVIDER_MAX_INFLIGHT: '64' }, undefined, postgresUrl);
  });
  afterAll(() => h?.close());
  afterEach(() => (h ? expectMoneyConsistent(h.t.gateway) : undefined));

  it('30 concurrent completions against a balance covering 10: 10 served, 20 refused with 402, never negative', async () => {
    const model = 'bill/burst-1b';
    await h.model(model, 1_000_000, 1_000_000);
    let openGate!: () => void;
    // The provider answers only once every request has reached it or been refused, so no settlement
    // gives money back while the burst is still reserving.
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const fake = await h.fake({ kind: 'json', gate });
    const burstProvider = await h.provider(fake, [model]);
    const body = { ...ask, model };
    const reserved = (await post((await h.renter(0)).key, body)).body.error.required_halala;
    const r = await h.renter(10 * reserved);
    // Before the gate opens, only requests that never reached the provider can be answered.
    let answered = 0;
    const burst = Promise.all(
      Array.from({ length: 30 }, () =>
        post(r.key, body).then((res) => {
          answered++;
          return res;
        }),
      ),
    );
    await eventually(() => fake.hits + answered >= 30, 'every request of the burst to reach the provider or be answered');
    openGate();
    const results = await burst;
    const served = results.filter((res) => res.status === 200);
    const refused = results.filter((res) => res.status === 402);
    expect(served).toHaveLength(10);
    expect(refused).toHaveLength(20);
    expect(refused[0].body.error).toMatchObject({ code: 'billing_insufficient_balance', required_halala: reserved });
    expect(await h.balance(r.id)).toBe(10 * (reserved - COST));
    expect(await h.ledger(`renter:${r.id}`)).toBe(10 * (reserved - COST));
    expect(await h.earnings(burstProvider.id)).toBe(10 * Math.floor(COST * 0.75));
    expect(await h.ledger(`provider:${burstProvider.id}`)).toBe(await h.earnings(burstProvider.id));
    const usage = await h.t.gateway.store.db.select().from(inferenceUsage).where(eq(inferenceUsage.renterId, r.id));
    expect(usage).toHaveLength(10);
    expect(usage.every((u) => u.costHalala === COST && u.providerEarnedHalala === 9 && u.usageSource === 'provider')).toBe(true);
  });
});

describe(`/v1 rate limits (${storeName})`, () => {
  let h: V1Harness;
  const body = { model: 'rate/limited-1b', messages: [{ role: 'user', content: 'hi' }] };

  beforeAll(async () => {
    h = await startV1({ DCP_RATE_LIMITS: 'on', DCP_V1_RATE_LIMIT_PER_MIN: '3', DCP_V1_STREAM_RATE_LIMIT_PER_MIN: '1' });
    await h.provider(await h.fake({ kind: 'json' }), [body.model]);
    await h.provider(await h.fake({ kind: 'sse' }), ['rate/streamed-1b']);
  });
  afterAll(() => h?.close());

  it('answers 429 in the contract shape once a key has used its JSON budget', async () => {
    const r = await h.renter(1_000);
    const post = () => h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${r.key}` }, json: body });
    const ok = [await post(), await post(), await post()];
    expect(ok.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(ok[0].headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(ok.map((res) => res.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0']);
    const limited = await post();
    expect(limited.status).toBe(429);
    const seconds = limited.body.retry_after_seconds;
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(limited.body).toEqual({
      error: {
        message: expect.stringMatching(/^Rate limit exceeded\. Retry after \d+ seconds?\.$/),
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limit_exceeded',
        status: 429,
        retryable: true,
        retry_after_seconds: seconds,
        retry_after_ms: seconds * 1000,
      },
      retry_after_seconds: seconds,
      retry_after_ms: seconds * 1000,
    });
    expect(limited.headers.get('retry-after')).toBe(String(seconds));
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('counts streams in their own, tighter bucket', async () => {
    const r = await h.renter(1_000);
    const stream = () =>
      h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${r.key}` }, json: { ...body, model: 'rate/streamed-1b', stream: true } });
    expect((await stream()).status).toBe(200);
    expect((await stream()).status).toBe(429);
    const json = await h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${r.key}` }, json: body });
    expect(json.status).toBe(200);
  });

  it('shares one budget between gateway instances on the same database', async () => {
    const r = await h.renter(1_000);
    const other = createV1App(h.t.gateway);
    const viaOther = () =>
      other.request('/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${r.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const viaServer = () => h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${r.key}` }, json: body });
    expect((await viaServer()).status).toBe(200);
    expect((await viaOther()).status).toBe(200);
    expect((await viaServer()).status).toBe(200);
    expect((await viaOther()).status).toBe(429);
  });
});
