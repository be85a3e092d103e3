import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { startV1, type V1Harness } from './support.js';

/**
 * The /v1 completion's cost in statements, through the real HTTP server (speed itself is measured by
 * `npm run bench -- v1`): once the routing snapshot and the key are warm, a completion is its reservation
 * before dispatch and its settlement after the answer, and nothing else.
 */
describe(`/v1 hot path: statements per completion (${storeName})`, () => {
  let h: V1Harness;
  let renter: { id: number; key: string };
  let provider: { id: number };
  const MODEL = 'hot/path-7b';
  const body = { model: MODEL, messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 };
  const complete = () => h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${renter.key}` }, json: body });

  beforeAll(async () => {
    h = await startV1();
    await h.model(MODEL, 30, 60);
    provider = await h.provider(await h.fake({ kind: 'json' }), [MODEL]);
    renter = await h.renter(10_000);
    expect((await complete()).status).toBe(200);
    await h.settled();
  });
  afterAll(() => h?.close());

  it('is two statements, each with a fixed text: the reservation and the settlement', async () => {
    const run = () =>
      h.t.gateway.store.statements.measure(async () => {
        const res = await complete();
        await h.settled();
        return res;
      });
    const first = await run();
    const second = await run();
    expect(first.result.status, first.result.text).toBe(200);
    expect(first.count, first.queries.join('\n---\n')).toBe(2);
    expect(second.count).toBe(2);
    // The same texts both times: prepared once per connection, never built again per request.
    expect(second.queries).toEqual(first.queries);
    expect(first.queries[0]).toContain('inference_reservations');
    expect(first.queries[1]).toContain("state = 'settled'");
    // 8 prompt tokens at 30/1M and 4 completion tokens at 60/1M: one halala per side, each time.
    expect(await h.balance(renter.id)).toBe(10_000 - 3 * 2);
    expect(await h.ledger(`renter:${renter.id}`)).toBe(10_000 - 3 * 2);
    expect(await h.ledger(`provider:${provider.id}`)).toBeGreaterThan(0);
  });
});
