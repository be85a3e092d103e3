import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferenceUsage } from '../../src/db/schema.js';
import { storeName } from '../helpers/index.js';
import { startV1, type V1Harness } from './support.js';

const MODEL = 'keys/chat-1b';
const ask = { model: MODEL, messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 };

/** Renter sub-keys on /v1: only a key with the inference scope may ask for completions, billed to its renter. */
describe(`/v1 with renter sub-keys (${storeName})`, () => {
  let h: V1Harness;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);

  beforeAll(async () => {
    h = await startV1({}, now);
    await h.model(MODEL, 1_000_000, 1_000_000);
    await h.provider(await h.fake({ kind: 'json' }), [MODEL]);
  });
  afterAll(() => h?.close());

  const complete = (headers: Record<string, string>, query = '') =>
    h.t.fetchJson(`/v1/chat/completions${query}`, { method: 'POST', headers, json: ask });

  async function mint(masterKey: string, body: Record<string, unknown>): Promise<{ id: number; key: string }> {
    const res = await h.t.fetchJson('/api/renters/me/keys', { method: 'POST', headers: { 'x-renter-key': masterKey }, json: body });
    expect(res.status, res.text).toBe(201);
    return { id: res.body.id, key: res.body.key };
  }

  it('serves an inference key, however it is sent, and bills the owning renter', async () => {
    const renter = await h.renter(1_000);
    const sub = await mint(renter.key, { label: 'smoke', scopes: ['inference'] });
    const viaBearer = await complete({ authorization: `Bearer ${sub.key}`, 'x-request-id': 'sub-key-bearer' });
    expect(viaBearer.status, viaBearer.text).toBe(200);
    expect((await complete({ 'x-renter-key': sub.key })).status).toBe(200);
    expect((await complete({}, `?key=${sub.key}`)).status).toBe(200);
    const sdk = await h.openai(sub.key).chat.completions.create(ask as never);
    expect(sdk.choices[0].message.content).toBeTruthy();

    // 8 prompt + 4 completion tokens at one halala each, four times.
    expect(await h.balance(renter.id)).toBe(1_000 - 4 * 12);
    const [usage] = await h.t.gateway.store.db.select().from(inferenceUsage).where(eq(inferenceUsage.requestId, 'sub-key-bearer'));
    expect(usage.renterId).toBe(renter.id);
  });

  it.each([['read'], ['jobs'], ['billing']])('refuses a %s-only key with 403 authentication_scope_missing and charges nothing', async (scope) => {
    const renter = await h.renter(1_000);
    const sub = await mint(renter.key, { scopes: [scope] });
    const res = await complete({ authorization: `Bearer ${sub.key}` });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      type: 'authentication_error',
      code: 'authentication_scope_missing',
      status: 403,
      retryable: false,
      message: "This API key lacks the 'inference' scope",
      required_scopes: ['inference'],
    });
    expect(await h.balance(renter.id)).toBe(1_000);
  });

  it('refuses an expired key from its first second, even one it has just served', async () => {
    const renter = await h.renter(1_000);
    const sub = await mint(renter.key, { scopes: ['inference'], expires_at: new Date(now().getTime() + 10_000).toISOString() });
    expect((await complete({ authorization: `Bearer ${sub.key}` })).status).toBe(200);
    offsetMs += 10_000;
    const res = await complete({ authorization: `Bearer ${sub.key}` });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ type: 'authentication_error', code: 'authentication_invalid_key' });
    const unknown = await complete({ authorization: 'Bearer dc1-sk-0000000000000000000000000000000000000000' });
    expect(res.body.error.message).toBe(unknown.body.error.message);
  });

  it('refuses a revoked key on the next request, even one it has just served', async () => {
    const renter = await h.renter(1_000);
    const sub = await mint(renter.key, { scopes: ['inference'] });
    expect((await complete({ authorization: `Bearer ${sub.key}` })).status).toBe(200);
    const balanceBefore = await h.balance(renter.id);
    const revoked = await h.t.fetchJson(`/api/renters/me/keys/${sub.id}`, { method: 'DELETE', headers: { 'x-renter-key': renter.key } });
    expect(revoked.status).toBe(200);
    const res = await complete({ authorization: `Bearer ${sub.key}` });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('authentication_invalid_key');
    expect(await h.balance(renter.id)).toBe(balanceBefore);
  });

  it('keeps the master key working for completions next to its sub-keys', async () => {
    const renter = await h.renter(1_000);
    await mint(renter.key, { scopes: ['read'] });
    expect((await complete({ authorization: `Bearer ${renter.key}` })).status).toBe(200);
  });
});
