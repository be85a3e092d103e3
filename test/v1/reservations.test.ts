import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inferenceUsage } from '../../src/db/schema.js';
import { hashKey } from '../../src/domain/auth.js';
import { staleReservationMs } from '../../src/domain/inference.js';
import { storeName } from '../helpers/index.js';
import { expectMoneyConsistent } from '../helpers/money.js';
import { racePostgres } from '../helpers/racePostgres.js';
import { dataLines, sseText, startV1, type V1Harness } from './support.js';

/**
 * What a /v1 request may cost: the reservation taken before dispatch is the ceiling, whatever a
 * provider reports, and a reservation is resolved exactly once, by its request or by the sweep that
 * gives back what a crashed request left open.
 */

/** One halala per token each way, so costs read as token counts. */
const PRICE = 1_000_000;
const MAX_STREAM_MS = 400;
const ask = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: '0123456789' }], max_tokens: 10, ...extra });

describe(`/v1 charges never exceed the reservation (${storeName})`, () => {
  let h: V1Harness;
  let sequence = 0;
  const post = (key: string, body: unknown) => h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: body });

  beforeAll(async () => {
    h = await startV1({ DCP_V1_MAX_STREAM_MS: String(MAX_STREAM_MS) });
  });
  afterAll(() => h?.close());
  // Every charge, refund and payout of the test, whatever it checked itself, leaves the money conserved.
  afterEach(() => (h ? expectMoneyConsistent(h.t.gateway) : undefined));

  /** A priced model served by one fake provider reporting `usage`. */
  async function servedModel(behaviour: Parameters<V1Harness['fake']>[0]) {
    const model = `clamp/model-${++sequence}`;
    await h.model(model, PRICE, PRICE);
    const provider = await h.provider(await h.fake(behaviour), [model]);
    return { model, provider };
  }

  /** The reservation a request takes, read from the 402 a renter with nothing gets. */
  async function reservationOf(body: unknown): Promise<number> {
    const broke = await h.renter(0);
    const refused = await post(broke.key, body);
    expect(refused.status).toBe(402);
    return refused.body.error.required_halala;
  }

  it('bills at most max_tokens of completion when a provider reports two billion tokens', async () => {
    const { model, provider } = await servedModel({ kind: 'json', usage: { prompt_tokens: 8, completion_tokens: 2e9, total_tokens: 2e9 + 8 } });
    const r = await h.renter(10_000);
    const res = await post(r.key, ask(model));
    expect(res.status).toBe(200);
    expect(res.body.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 10, total_tokens: 18, pricing: { halala_total: 18 } });
    expect(await h.balance(r.id)).toBe(10_000 - 18);
    expect(await h.ledger(`renter:${r.id}`)).toBe(10_000 - 18);
    expect(await h.earnings(provider.id)).toBe(13);
    const [row] = await h.t.gateway.store.db.select().from(inferenceUsage).where(eq(inferenceUsage.renterId, r.id));
    expect(row).toMatchObject({ promptTokens: 8, completionTokens: 10, costHalala: 18, providerEarnedHalala: 13 });
  });

  it('charges exactly the reservation, without a server error, when both counts overflow a 32-bit integer', async () => {
    const { model, provider } = await servedModel({ kind: 'json', usage: { prompt_tokens: 3e9, completion_tokens: 3e9, total_tokens: 6e9 } });
    const reserved = await reservationOf(ask(model));
    const r = await h.renter(10_000);
    const res = await post(r.key, ask(model));
    expect(res.status).toBe(200);
    expect(res.body.usage.completion_tokens).toBe(10);
    expect(res.body.usage.pricing.halala_total).toBe(reserved);
    expect(await h.balance(r.id)).toBe(10_000 - reserved);
    expect(await h.ledger(`renter:${r.id}`)).toBe(10_000 - reserved);
    expect(await h.earnings(provider.id)).toBe(Math.floor(reserved * 0.75));
  });

  it('bills a stream at most its reservation when the provider usage chunk claims more', async () => {
    const { model } = await servedModel({ kind: 'sse', usage: { prompt_tokens: 8, completion_tokens: 2e9, total_tokens: 2e9 + 8 } });
    const r = await h.renter(10_000);
    const { status, text } = await sseText(h.t.url, r.key, ask(model, { stream: true }));
    expect(status).toBe(200);
    const usage = dataLines(text)
      .filter((l) => l !== '[DONE]')
      .map((l) => JSON.parse(l))
      .find((chunk) => chunk.usage)?.usage;
    expect(usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 10, total_tokens: 18, pricing: { halala_total: 18 } });
    expect(await h.balance(r.id)).toBe(10_000 - 18);
  });

  it('ends a stream still running at its longest allowed duration, so no request outlives the sweep cutoff, and bills what was delivered', async () => {
    const { model } = await servedModel({ kind: 'trickles', everyMs: 20 });
    const r = await h.renter(10_000);
    const { status, text } = await sseText(h.t.url, r.key, ask(model, { stream: true, max_tokens: 1_000 }));
    expect(status).toBe(200);
    const data = dataLines(text);
    expect(data.at(-1)).toBe('[DONE]');
    expect(JSON.parse(data.at(-2)!)).toMatchObject({
      error: { type: 'timeout_error', code: 'upstream_timeout', message: `Provider stream ran past the longest allowed duration of ${MAX_STREAM_MS} ms` },
    });
    const delivered = data.filter((l) => l.includes('"la"')).length;
    const usage = data.map((l) => (l === '[DONE]' ? {} : JSON.parse(l))).find((chunk) => chunk.usage)?.usage;
    // "la" is two characters, half a token each by the text estimate.
    expect(usage.completion_tokens).toBe(Math.ceil(delivered / 2));
    expect(await h.balance(r.id)).toBe(10_000 - usage.pricing.halala_total);
  });

  it('reserves enough prompt tokens for chat-template overhead: more than the prompt text alone', async () => {
    const { model } = await servedModel({ kind: 'json' });
    // "user: 0123456789" is 16 bytes; every message is wrapped in template tokens on top.
    const oneMessage = await reservationOf(ask(model, { max_tokens: 1 }));
    const twoMessages = await reservationOf(ask(model, { max_tokens: 1, messages: [{ role: 'user', content: '01234' }, { role: 'user', content: '6789' }] }));
    expect(oneMessage).toBeGreaterThan(16 + 1);
    expect(twoMessages).toBeGreaterThan(oneMessage);
  });
});

/**
 * A gateway with one priced model served by one fake provider, and a clock a sweep can move forward, for
 * the tests of how reservations are resolved. `postgresUrl`: the race tests' Postgres server.
 */
function reservationsHarness(postgresUrl?: string) {
  const model = 'resolve/once-1b';
  const state = { offsetMs: 0, fakeUrl: '' } as { offsetMs: number; fakeUrl: string; h: V1Harness; provider: { id: number; key: string } };

  beforeAll(async () => {
    state.h = await startV1({}, () => new Date(Date.now() + state.offsetMs), postgresUrl);
    await state.h.model(model, PRICE, PRICE);
    const fake = await state.h.fake({ kind: 'json' });
    state.fakeUrl = fake.url;
    state.provider = await state.h.provider(fake, [model]);
  });
  afterAll(() => state.h?.close());

  const inference = () => state.h.t.gateway.domain.inference;

  return {
    state,
    inference,
    /** Reserves as a request does before dispatch, for a request that will never get further by itself. */
    async openReservation(renter: { id: number; key: string }) {
      const caller = { renterId: renter.id, keyHash: hashKey(renter.key) };
      const ask = { model, maxTokens: 10, choices: 1, prompt: { text: 'user: hi', messageCount: 1, hasTools: false } };
      return (await inference().book(caller, ask, (candidates) => candidates)).reservation;
    },
    /** What the provider served for a reservation: 4 tokens each way, 8 halala at one halala a token. */
    completion: (requestId: string) => ({ requestId, providerId: state.provider.id, model, usage: { promptTokens: 4, completionTokens: 4 }, usageSource: 'provider' as const, stream: false }),
    /** Runs a sweep pass as if `laterMs` had passed; the provider, gone silent that long, then heartbeats again. */
    async sweepAfter(laterMs: number) {
      state.offsetMs = laterMs;
      try {
        return await state.h.t.gateway.domain.sweeps.runOnce();
      } finally {
        state.offsetMs = 0;
        const { domain } = state.h.t.gateway;
        await domain.providers.heartbeat((await domain.principal(state.provider.key))!, { vllm_endpoint_url: state.fakeUrl, cached_models: [model] });
      }
    },
  };
}

describe(`/v1 reservations are resolved exactly once (${storeName})`, () => {
  const { state, inference, openReservation, completion, sweepAfter } = reservationsHarness();
  const usageOf = (renterId: number) => state.h.t.gateway.store.db.select().from(inferenceUsage).where(eq(inferenceUsage.renterId, renterId));

  it('gives back, on the sweep pass, a reservation a crashed request left open, but not while a request could still settle it', async () => {
    const { h } = state;
    const r = await h.renter(1_000);
    const reservation = await openReservation(r);
    expect(await h.balance(r.id)).toBe(1_000 - reservation.amountHalala);
    const { maxAttempts, upstreamTimeoutMs, maxStreamMs } = h.t.gateway.config.v1;
    expect((await sweepAfter(maxAttempts * upstreamTimeoutMs + maxStreamMs))?.reservationsReleased).toBe(0);
    expect(await h.balance(r.id)).toBe(1_000 - reservation.amountHalala);
    expect((await sweepAfter(staleReservationMs(h.t.gateway.config) + 1))?.reservationsReleased).toBe(1);
    expect(await h.balance(r.id)).toBe(1_000);
    expect(await h.ledger(`renter:${r.id}`)).toBe(1_000);
    expect(await h.ledger(`inference:${reservation.id}`)).toBe(0);
    await expectMoneyConsistent(h.t.gateway);
  });

  // The guards themselves, one resolution after the other (a race can only find them by chance).
  it('a released reservation cannot be settled afterwards: the late settlement charges and pays nothing', async () => {
    const { h } = state;
    const r = await h.renter(1_000);
    const earnedBefore = await h.earnings(state.provider.id);
    const reservation = await openReservation(r);
    await inference().release(reservation);
    expect(await inference().settle(reservation, completion('late-settle'))).toBeUndefined();
    expect(await h.balance(r.id)).toBe(1_000);
    expect(await h.earnings(state.provider.id)).toBe(earnedBefore);
    expect(await h.ledger(`inference:${reservation.id}`)).toBe(0);
    expect(await usageOf(r.id)).toEqual([]);
    await expectMoneyConsistent(h.t.gateway);
  });

  it('a settled reservation cannot be released afterwards, by the request or by the sweep: nothing is refunded twice', async () => {
    const { h } = state;
    const r = await h.renter(1_000);
    const earnedBefore = await h.earnings(state.provider.id);
    const reservation = await openReservation(r);
    expect(await inference().settle(reservation, completion('settle-first'))).toEqual({ costHalala: 8, providerEarnedHalala: 6 });
    await inference().release(reservation);
    expect(await inference().releaseStaleReservations(0)).toBe(0);
    expect(await inference().settle(reservation, completion('settle-again'))).toBeUndefined();
    expect(await h.balance(r.id)).toBe(1_000 - 8);
    expect((await h.earnings(state.provider.id)) - earnedBefore).toBe(6);
    expect(await h.ledger(`inference:${reservation.id}`)).toBe(0);
    expect(await usageOf(r.id)).toHaveLength(1);
    await expectMoneyConsistent(h.t.gateway);
  });
});

// Races need transactions running side by side: always Postgres, never PGlite (which runs one at a time).
const postgresUrl = await racePostgres('test/v1/reservations.test.ts');

describe.skipIf(!postgresUrl)('/v1 reservations resolved exactly once under races (postgres)', () => {
  const { state, inference, openReservation, completion } = reservationsHarness(postgresUrl);

  it('pays a reservation out once when its release races the stale-reservation sweep', async () => {
    const { h } = state;
    const r = await h.renter(1_000);
    for (let round = 0; round < 20; round++) {
      const reservation = await openReservation(r);
      await Promise.all([inference().release(reservation), inference().releaseStaleReservations(0)]);
    }
    expect(await h.balance(r.id)).toBe(1_000);
    expect(await h.ledger(`renter:${r.id}`)).toBe(1_000);
    await expectMoneyConsistent(h.t.gateway);
  });

  it('either settles or releases a reservation when its settlement races the sweep, never both', async () => {
    const { h } = state;
    const r = await h.renter(1_000);
    const earnedBefore = await h.earnings(state.provider.id);
    let settled = 0;
    for (let round = 0; round < 20; round++) {
      const reservation = await openReservation(r);
      const [settlement] = await Promise.all([inference().settle(reservation, completion(`race-${round}`)), inference().releaseStaleReservations(0)]);
      if (settlement) settled++;
    }
    expect(await h.balance(r.id)).toBe(1_000 - settled * 8);
    expect(await h.ledger(`renter:${r.id}`)).toBe(1_000 - settled * 8);
    expect((await h.earnings(state.provider.id)) - earnedBefore).toBe(settled * 6);
    expect(await h.ledger(`provider:${state.provider.id}`)).toBe(await h.earnings(state.provider.id));
    const usage = await h.t.gateway.store.db.select().from(inferenceUsage).where(eq(inferenceUsage.renterId, r.id));
    expect(usage).toHaveLength(settled);
    await expectMoneyConsistent(h.t.gateway);
  });
});
