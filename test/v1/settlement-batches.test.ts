import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inferenceReservations, inferenceUsage } from '../../src/db/schema.js';
import { hashKey } from '../../src/domain/auth.js';
import type { Reservation } from '../../src/domain/inference.js';
import { storeName } from '../helpers/index.js';
import { expectMoneyConsistent } from '../helpers/money.js';
import { racePostgres } from '../helpers/racePostgres.js';
import { startV1, type V1Harness } from './support.js';

/**
 * Settlements that arrive together share one statement (group commit): each renter's and each provider's row
 * is updated once with the sums, and each reservation is still paid out at most once, whatever races it.
 */

/** One halala per token each way, so costs read as token counts. */
const PRICE = 1_000_000;
const MODEL = 'batch/settle-1b';

function harness(postgresUrl?: string) {
  const state = {} as { h: V1Harness; provider: { id: number; key: string } };
  beforeAll(async () => {
    state.h = await startV1({}, undefined, postgresUrl);
    await state.h.model(MODEL, PRICE, PRICE);
    state.provider = await state.h.provider(await state.h.fake({ kind: 'json' }), [MODEL]);
  });
  afterAll(() => state.h?.close());
  afterEach(() => (state.h ? expectMoneyConsistent(state.h.t.gateway) : undefined));
  const inference = () => state.h.t.gateway.domain.inference;
  return {
    state,
    inference,
    /** Reserves as a request does before dispatch. */
    async open(renter: { id: number; key: string }): Promise<Reservation> {
      const caller = { renterId: renter.id, keyHash: hashKey(renter.key) };
      const ask = { model: MODEL, maxTokens: 10, choices: 1, prompt: { text: 'user: hi', messageCount: 1, hasTools: false } };
      return (await inference().book(caller, ask, (candidates) => candidates)).reservation;
    },
    /** 4 tokens each way: 8 halala, 6 of them the provider's. */
    completion: (requestId: string) => ({ requestId, providerId: state.provider.id, model: MODEL, usage: { promptTokens: 4, completionTokens: 4 }, usageSource: 'provider' as const, stream: false }),
  };
}

describe(`/v1 settlements in batches (${storeName})`, () => {
  const { state, inference, open, completion } = harness();

  it('settles completions that arrive together in one statement, each charged once; a released one is left alone', async () => {
    const { h } = state;
    const renters = [await h.renter(1_000), await h.renter(1_000), await h.renter(1_000)];
    const reservations: Reservation[] = [];
    for (let i = 0; i < 10; i++) reservations.push(await open(renters[i % 3]));
    const released = reservations[9];
    await inference().release(released);
    const earnedBefore = await h.earnings(state.provider.id);

    const { result, count } = await h.t.gateway.store.statements.measure(() =>
      Promise.all(reservations.map((reservation, i) => inference().settle(reservation, completion(`batch-${i}`)))),
    );
    // Two statements in flight at once: the first two go alone, the eight that arrive meanwhile in one.
    expect(count).toBe(3);
    expect(result.slice(0, 9)).toEqual(Array(9).fill({ costHalala: 8, providerEarnedHalala: 6 }));
    expect(result[9]).toBeUndefined();

    // Renter 0 had reservations 0, 3, 6 and 9 (released), renters 1 and 2 three each: 8 halala a completion.
    for (const r of renters) {
      expect(await h.balance(r.id)).toBe(1_000 - 3 * 8);
      expect(await h.ledger(`renter:${r.id}`)).toBe(1_000 - 3 * 8);
    }
    expect((await h.earnings(state.provider.id)) - earnedBefore).toBe(9 * 6);
    expect(await h.ledger(`provider:${state.provider.id}`)).toBe(await h.earnings(state.provider.id));
    for (const reservation of reservations) expect(await h.ledger(`inference:${reservation.id}`)).toBe(0);
    const { db } = h.t.gateway.store;
    const usage = await db.select().from(inferenceUsage).where(inArray(inferenceUsage.renterId, renters.map((r) => r.id)));
    expect(usage.map((u) => u.requestId).sort()).toEqual([...Array(9).keys()].map((i) => `batch-${i}`).sort());
    expect(usage.every((u) => u.costHalala === 8 && u.providerEarnedHalala === 6)).toBe(true);
    const states = await db.select({ id: inferenceReservations.id, state: inferenceReservations.state }).from(inferenceReservations).where(inArray(inferenceReservations.id, reservations.map((r) => r.id)));
    expect(states.filter((s) => s.state === 'settled')).toHaveLength(9);
    expect(states.find((s) => s.id === released.id)?.state).toBe('released');
  });

  it('a reservation settled in one batch is not paid again by a later one', async () => {
    const { h } = state;
    const r = await h.renter(1_000);
    const reservation = await open(r);
    const [first, again] = await Promise.all([inference().settle(reservation, completion('once-a')), inference().settle(reservation, completion('once-b'))]);
    expect([first, again].filter(Boolean)).toEqual([{ costHalala: 8, providerEarnedHalala: 6 }]);
    expect(await h.balance(r.id)).toBe(1_000 - 8);
    expect(await h.t.gateway.store.db.select().from(inferenceUsage).where(eq(inferenceUsage.renterId, r.id))).toHaveLength(1);
  });

  it('a burst of completions through HTTP leaves every balance, earning and ledger account consistent', async () => {
    const { h } = state;
    const renters = [await h.renter(1_000), await h.renter(1_000), await h.renter(1_000), await h.renter(1_000)];
    const earnedBefore = await h.earnings(state.provider.id);
    const body = { model: MODEL, messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 };
    const answers = await Promise.all(
      [...Array(24).keys()].map((i) =>
        h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${renters[i % 4].key}` }, json: body }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200));
    await h.settled();
    const { db } = h.t.gateway.store;
    const usage = await db.select().from(inferenceUsage).where(inArray(inferenceUsage.renterId, renters.map((r) => r.id)));
    expect(usage).toHaveLength(24);
    for (const r of renters) {
      const spent = usage.filter((u) => u.renterId === r.id).reduce((sum, u) => sum + u.costHalala, 0);
      expect(await h.balance(r.id)).toBe(1_000 - spent);
      expect(await h.ledger(`renter:${r.id}`)).toBe(1_000 - spent);
    }
    const earned = usage.reduce((sum, u) => sum + u.providerEarnedHalala, 0);
    expect((await h.earnings(state.provider.id)) - earnedBefore).toBe(earned);
    const held = await db.select().from(inferenceReservations).where(eq(inferenceReservations.state, 'held'));
    expect(held).toEqual([]);
  });
});

// Races need transactions running side by side: always Postgres, never PGlite (which runs one at a time).
const postgresUrl = await racePostgres('test/v1/settlement-batches.test.ts');

describe.skipIf(!postgresUrl)('/v1 settlement batches under races (postgres)', () => {
  const { state, inference, open, completion } = harness(postgresUrl);

  it('either settles or releases each reservation of a batch racing the sweep, never both', async () => {
    const { h } = state;
    const renters = [await h.renter(1_000), await h.renter(1_000)];
    const earnedBefore = await h.earnings(state.provider.id);
    let settled = 0;
    for (let round = 0; round < 8; round++) {
      const reservations: Reservation[] = [];
      for (let i = 0; i < 6; i++) reservations.push(await open(renters[i % 2]));
      const [settlements] = await Promise.all([
        Promise.all(reservations.map((reservation, i) => inference().settle(reservation, completion(`race-${round}-${i}`)))),
        inference().releaseStaleReservations(0),
      ]);
      settled += settlements.filter(Boolean).length;
    }
    const { db } = h.t.gateway.store;
    const usage = await db.select().from(inferenceUsage).where(inArray(inferenceUsage.renterId, renters.map((r) => r.id)));
    expect(usage).toHaveLength(settled);
    const spent = (renterId: number) => usage.filter((u) => u.renterId === renterId).length * 8;
    for (const r of renters) {
      expect(await h.balance(r.id)).toBe(1_000 - spent(r.id));
      expect(await h.ledger(`renter:${r.id}`)).toBe(1_000 - spent(r.id));
    }
    expect((await h.earnings(state.provider.id)) - earnedBefore).toBe(settled * 6);
    expect(await h.ledger(`provider:${state.provider.id}`)).toBe(await h.earnings(state.provider.id));
    expect(await db.select().from(inferenceReservations).where(eq(inferenceReservations.state, 'held'))).toEqual([]);
  });

  it('two batches in flight settling the same renters in opposite orders neither deadlock nor lose a charge', async () => {
    const { h } = state;
    const renters = [await h.renter(1_000), await h.renter(1_000), await h.renter(1_000)];
    for (let round = 0; round < 5; round++) {
      const reservations: Reservation[] = [];
      for (let i = 0; i < 12; i++) reservations.push(await open(renters[(round % 2 ? 11 - i : i) % 3]));
      const results = await Promise.all(reservations.map((reservation, i) => inference().settle(reservation, completion(`order-${round}-${i}`))));
      expect(results.every(Boolean)).toBe(true);
    }
    for (const r of renters) expect(await h.balance(r.id)).toBe(1_000 - 20 * 8);
  });
});
