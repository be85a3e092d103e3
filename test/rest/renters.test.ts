import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { admin, onlineProvider, registerProvider, registerRenter, renterHeaders } from './restFixtures.js';

describe(`REST renters (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  describe('POST /renters/register', () => {
    it('answers the seed example with 201 and every documented field', async () => {
      const res = await t.fetchJson('/api/dc1/renters/register', {
        method: 'POST',
        json: { name: 'Fatima Al-Saud', email: 'fatima@example.sa', organization: 'Riyadh AI Lab', use_case: 'llm_inference', phone: '+966500000000' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        renter_id: expect.any(Number),
        api_key: expect.stringMatching(/^dc1-renter-[0-9a-f]{32}$/),
        message: "Welcome Fatima Al-Saud! Save your API key — it won't be shown again.",
      });
      const me = await t.fetchJson('/api/renters/me', { headers: { 'x-renter-key': res.body.api_key } });
      expect(me.body.renter).toMatchObject({ name: 'Fatima Al-Saud', email: 'fatima@example.sa', organization: 'Riyadh AI Lab', balance_halala: 1000, status: 'active' });
    });

    it('lists the missing required fields in order', async () => {
      const res = await t.fetchJson('/api/renters/register', { method: 'POST', json: { organization: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Missing required fields: name, email' });
    });

    it('names the invalid field', async () => {
      const res = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Al', email: 'not-an-email' } });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('Validation failed');
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('email');
    });

    it('refuses a second account for the same email with 409', async () => {
      await registerRenter(t, { email: 'dup@example.sa' });
      const res = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Someone', email: 'DUP@example.sa' } });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: 'A renter with this email already exists' });
    });

    it('ignores a placeholder renter key sent by the SDK on register', async () => {
      const res = await t.fetchJson('/api/renters/register', {
        method: 'POST',
        headers: { 'x-renter-key': 'bootstrap-placeholder' },
        json: { name: 'SDK User', email: 'sdk-user@example.sa' },
      });
      expect(res.status).toBe(201);
    });

    it('answers malformed JSON with a JSON 400', async () => {
      const res = await t.fetchJson('/api/renters/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Malformed JSON body' });
    });
  });

  describe('GET /renters/me', () => {
    it('returns the account, recent jobs and v1 usage for ?key= with deprecation headers', async () => {
      const renter = await registerRenter(t);
      const res = await t.fetchJson(`/api/renters/me?key=${renter.apiKey}`);
      expect(res.status).toBe(200);
      expect(res.body.renter).toMatchObject({ id: renter.id, balance_halala: 1000, total_spent_halala: 0, total_jobs: 0 });
      expect(res.body.renter.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(res.body.recent_jobs).toEqual([]);
      expect(res.body.v1_usage_summary).toEqual({ total_requests: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, total_cost_halala: 0 });
      expect(res.headers.get('deprecation')).toBe('true');
      expect(res.headers.get('sunset')).toBeTruthy();
      expect(res.headers.get('link')).toBe('<https://api.dcp.sa/docs/auth#bearer>; rel="deprecation"');
    });

    it('does not add deprecation headers for a header key', async () => {
      const renter = await registerRenter(t);
      const res = await t.fetchJson('/api/renters/me', { headers: renterHeaders(renter) });
      expect(res.status).toBe(200);
      expect(res.headers.get('deprecation')).toBeNull();
    });

    it('answers 400 without a key and 404 for an unknown one', async () => {
      expect(await t.fetchJson('/api/renters/me')).toMatchObject({ status: 400, body: { error: 'API key required' } });
      expect(await t.fetchJson('/api/renters/me', { headers: { 'x-renter-key': 'dc1-renter-00000000000000000000000000000000' } })).toMatchObject({
        status: 404,
        body: { error: 'Renter not found' },
      });
    });

    it('refuses a provider key with wrong_key_type', async () => {
      const provider = await registerProvider(t);
      const res = await t.fetchJson('/api/renters/me', { headers: { 'x-renter-key': provider.apiKey } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'Wrong key type: provider key cannot be used on renter endpoint', code: 'wrong_key_type' });
    });

    it('treats a suspended renter as not found', async () => {
      const renter = await registerRenter(t);
      expect((await t.fetchJson(`/api/admin/renters/${renter.id}/suspend`, { method: 'POST', headers: admin(t) })).status).toBe(200);
      expect(await t.fetchJson('/api/renters/me', { headers: renterHeaders(renter) })).toMatchObject({ status: 404 });
      expect((await t.fetchJson(`/api/admin/renters/${renter.id}/unsuspend`, { method: 'POST', headers: admin(t) })).status).toBe(200);
      expect(await t.fetchJson('/api/renters/me', { headers: renterHeaders(renter) })).toMatchObject({ status: 200 });
    });
  });

  describe('GET /renters/balance', () => {
    it('reports balance, held, available and totals as the SDK reads them', async () => {
      const renter = await registerRenter(t);
      const res = await t.fetchJson('/api/renters/balance', { headers: renterHeaders(renter) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        balance_halala: 1000,
        balance_sar: 10,
        held_halala: 0,
        held_sar: 0,
        available_halala: 1000,
        total_spent_halala: 0,
        total_spent_sar: 0,
        total_jobs: 0,
      });
    });

    it('moves a submitted job quote from available into held', async () => {
      const renter = await registerRenter(t);
      const submit = await t.fetchJson('/api/jobs/submit', {
        method: 'POST',
        headers: renterHeaders(renter),
        json: { job_type: 'llm_inference', duration_minutes: 10 },
      });
      expect(submit.status, submit.text).toBe(201);
      const cost = submit.body.job.cost_halala as number;
      const res = await t.fetchJson('/api/renters/balance', { headers: renterHeaders(renter) });
      expect(res.body).toMatchObject({ balance_halala: 1000 - cost, held_halala: cost, available_halala: 1000 - cost });
    });

    it('answers 400 without a key', async () => {
      expect(await t.fetchJson('/api/renters/balance')).toMatchObject({ status: 400, body: { error: 'API key required' } });
    });
  });

  describe('POST /renters/topup', () => {
    it('credits the wallet in development and test', async () => {
      const renter = await registerRenter(t);
      const res = await t.fetchJson('/api/renters/topup', { method: 'POST', headers: renterHeaders(renter), json: { amount_sar: 5 } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, topped_up_halala: 500, topped_up_sar: 5, new_balance_halala: 1500, new_balance_sar: 15 });
    });

    it('refuses an amount out of range, naming the field', async () => {
      const renter = await registerRenter(t);
      const res = await t.fetchJson('/api/renters/topup', { method: 'POST', headers: renterHeaders(renter), json: { amount_halala: 100_001 } });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('amount_halala');
    });

    it('answers 400 with the contract message without a key', async () => {
      const res = await t.fetchJson('/api/renters/topup', { method: 'POST', json: { amount_halala: 10 } });
      expect(res).toMatchObject({ status: 400, body: { error: 'API key required (x-renter-key header or key query)' } });
    });
  });

  describe('key rotation', () => {
    it('replaces the key on both paths; the old key stops working at once', async () => {
      const renter = await registerRenter(t);
      const first = await t.fetchJson('/api/renters/rotate-key', { method: 'POST', headers: renterHeaders(renter) });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        success: true,
        message: 'API key rotated. Save the new key — the old one is now invalid.',
        new_key: expect.stringMatching(/^dc1-renter-/),
        api_key: first.body.new_key,
        renter_id: renter.id,
      });
      expect((await t.fetchJson('/api/renters/me', { headers: renterHeaders(renter) })).status).toBe(404);
      const second = await t.fetchJson('/api/renters/me/rotate-key', { method: 'POST', headers: { 'x-renter-key': first.body.api_key } });
      expect(second.status).toBe(200);
    });

    it('allows three self-service rotations per day, then 429', async () => {
      let key = (await registerRenter(t)).apiKey;
      for (let i = 0; i < 3; i++) {
        const res = await t.fetchJson('/api/renters/rotate-key', { method: 'POST', headers: { 'x-renter-key': key } });
        expect(res.status).toBe(200);
        key = res.body.api_key;
      }
      const res = await t.fetchJson('/api/renters/rotate-key', { method: 'POST', headers: { 'x-renter-key': key } });
      expect(res.status).toBe(429);
      expect(res.body.error).toBe('Rate limit exceeded: max 3 key rotations per 24 hours');
      expect(res.headers.get('retry-after')).toBeTruthy();
    });

    it('answers 400 with the contract message without a key', async () => {
      const res = await t.fetchJson('/api/renters/me/rotate-key', { method: 'POST' });
      expect(res).toMatchObject({ status: 400, body: { error: 'Current API key required (x-renter-key header or key query)' } });
    });
  });

  describe('GET /renters/available-providers', () => {
    it('lists online approved providers with the fields the SDK reads', async () => {
      const provider = await onlineProvider(t);
      const res = await t.fetchJson('/api/renters/available-providers');
      expect(res.status).toBe(200);
      const item = res.body.providers.find((p: { id: number }) => p.id === provider.id);
      expect(item).toMatchObject({
        id: provider.id,
        name: 'GPU Host',
        gpu_model: 'NVIDIA GeForce RTX 4090',
        vram_mib: 24564,
        status: 'online',
        is_live: true,
        reliability_score: expect.any(Number),
        cached_models: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
        discovery_source: 'sqlite',
      });
      expect(res.body).toMatchObject({ total: res.body.providers.length, discovery_mode: 'sqlite', discovery_health: { mode: 'sqlite' } });
    });

    it('leaves out a paused provider', async () => {
      const provider = await onlineProvider(t);
      await t.fetchJson('/api/providers/pause', { method: 'POST', json: { key: provider.apiKey } });
      const res = await t.fetchJson('/api/renters/available-providers');
      expect(res.body.providers.map((p: { id: number }) => p.id)).not.toContain(provider.id);
    });

    it('refuses an unknown discovery mode, naming the field', async () => {
      const res = await t.fetchJson('/api/renters/available-providers?discovery=dht');
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('discovery');
    });
  });

  describe('export and erasure', () => {
    it('exports the account, its jobs and its ledger', async () => {
      const renter = await registerRenter(t);
      await t.fetchJson('/api/jobs/submit', { method: 'POST', headers: renterHeaders(renter), json: { job_type: 'training', duration_minutes: 1, params: { script: 'print("epoch 1")' } } });
      const res = await t.fetchJson('/api/renters/me/export', { headers: renterHeaders(renter) });
      expect(res.status).toBe(200);
      expect(res.body.account).toMatchObject({ id: renter.id, status: 'active' });
      expect(res.body.jobs).toHaveLength(1);
      expect(res.body.ledger.map((e: { kind: string }) => e.kind)).toEqual(['starter_credit', 'job_hold']);
      expect(res.body.analytics.status_counts).toEqual([{ status: expect.any(String), count: 1 }]);
      const alias = await t.fetchJson('/api/renters/me/data-export', { headers: renterHeaders(renter) });
      expect(alias.status).toBe(200);
    });

    it('erases the account: open jobs cancelled and refunded, data anonymised, key revoked', async () => {
      const renter = await registerRenter(t, { email: 'erase-me@example.sa' });
      const submit = await t.fetchJson('/api/jobs/submit', {
        method: 'POST',
        headers: renterHeaders(renter),
        json: { job_type: 'training', duration_minutes: 2, params: { script: 'print("epoch 1")' } },
      });
      expect(submit.status).toBe(201);
      const res = await t.fetchJson('/api/renters/me', { method: 'DELETE', headers: renterHeaders(renter) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        cancelled_jobs: 1,
        refunded_halala: submit.body.job.cost_halala,
        deletion_scheduled_for: expect.stringMatching(/Z$/),
        message: 'Account scheduled for deletion in 30 days. Contact support to cancel.',
      });
      expect(await t.fetchJson('/api/renters/me', { method: 'DELETE', headers: renterHeaders(renter) })).toMatchObject({
        status: 404,
        body: { error: 'Renter not found' },
      });
      const detail = await t.fetchJson(`/api/admin/renters/${renter.id}`, { headers: admin(t) });
      expect(detail.body.renter).toMatchObject({ name: '[deleted]', status: 'deleted', balance_halala: 1000, held_halala: 0 });
      expect(detail.body.renter.email).toMatch(/^deleted_[0-9a-f]{32}@deleted\.dcp\.sa$/);
      expect(detail.body.jobs[0]).toMatchObject({ status: 'cancelled' });
      // The email is free again.
      await registerRenter(t, { email: 'erase-me@example.sa' });
    });
  });
});
