import { request as httpRequest } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferenceReservations } from '../../src/db/schema.js';
import { storeName } from '../helpers/index.js';
import { startV1, type V1Harness } from './support.js';

/** Small, so an over-size body is read whole before the refusal and the connection closes cleanly. */
const MAX_BODY_BYTES = 64 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (ok(value)) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

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
    h = await startV1({ DCP_V1_MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
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

  it('refuses a chunked body past the limit as it arrives: 413 in the envelope, connection not reused', async () => {
    // No Content-Length: the size is only known while reading. The client sends just past the limit and waits.
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      let answered = false;
      const req = httpRequest(`${h.t.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${renter.key}`, 'content-type': 'application/json' } }, (res) => {
        answered = true;
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
      });
      // The server closes the connection after its answer: only an error before it fails the test.
      req.on('error', (err) => (answered ? undefined : reject(err)));
      req.write(`{"model":"x","messages":[{"role":"user","content":"${'x'.repeat(MAX_BODY_BYTES)}`);
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { type: 'invalid_request_error', code: 'request_too_large', status: 413, message: `Request body exceeds ${MAX_BODY_BYTES} bytes` },
      request_id: expect.any(String),
    });
  });

  it('cuts the provider request and gives the reservation back in full when the client leaves before the answer', async () => {
    let answer!: () => void;
    const fake = await h.fake({ kind: 'slow', until: new Promise<void>((resolve) => (answer = resolve)) });
    const model = 'hot/slow-7b';
    await h.provider(fake, [model]);
    const r = await h.renter(5_000);
    const abort = new AbortController();
    const leaving = fetch(`${h.t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 }),
      signal: abort.signal,
    }).catch((err: unknown) => err);
    const { db } = h.t.gateway.store;
    const reservations = () => db.select({ state: inferenceReservations.state }).from(inferenceReservations).where(eq(inferenceReservations.renterId, r.id));
    await eventually(reservations, (rows) => rows.length === 1 && fake.requests.length > 0, 'the request to reach the provider');
    abort.abort();
    await leaving;
    const [released] = await eventually(reservations, (rows) => rows[0]?.state === 'released', 'the reservation to be released');
    expect(released.state).toBe('released');
    answer();
    expect(await h.balance(r.id)).toBe(5_000);
    expect(await h.ledger(`renter:${r.id}`)).toBe(5_000);
  });
});
