import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/db/schema.js';
import { hashKey } from '../../src/domain/auth.js';
import { storeName } from '../helpers/index.js';
import { llmJob, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/** Renter sub-keys through the REST face: managed with the master key, limited by their scopes everywhere. */
describe(`REST renter sub-keys (${storeName})`, () => {
  let h: JobsHarness;
  beforeAll(async () => {
    h = await startJobsHarness();
  });
  afterAll(() => h?.close());

  const as = (key: string) => ({ 'x-renter-key': key });
  const inHours = (hours: number) => new Date(h.clock.current.getTime() + hours * 3600_000).toISOString();

  async function mint(masterKey: string, body: Record<string, unknown>): Promise<{ id: number; key: string }> {
    const res = await h.api('/renters/me/keys', { method: 'POST', headers: as(masterKey), json: body });
    expect(res.status, res.text).toBe(201);
    return { id: res.body.id, key: res.body.key };
  }

  describe('managing keys', () => {
    it('mints a key shown once, lists it without the secret and revokes it', async () => {
      const renter = await h.renter();
      const expiresAt = inHours(24);
      const created = await h.api('/renters/me/keys', {
        method: 'POST',
        headers: as(renter.key),
        json: { label: 'smoke app', scopes: ['inference', 'read'], expires_at: expiresAt },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(Number),
        key: expect.stringMatching(/^dc1-sk-[0-9a-f]{40}$/),
        label: 'smoke app',
        scopes: ['inference', 'read'],
        prefix: created.body.key.slice(0, 11) + '…',
        expires_at: expiresAt,
        created_at: h.clock.current.toISOString(),
      });

      const listed = await h.t.fetchJson('/api/dc1/renters/me/keys', { headers: as(renter.key) });
      expect(listed.status).toBe(200);
      expect(listed.body.keys).toEqual([
        {
          id: created.body.id,
          label: 'smoke app',
          scopes: ['inference', 'read'],
          prefix: created.body.prefix,
          expires_at: expiresAt,
          created_at: created.body.created_at,
          revoked: false,
          revoked_at: null,
          status: 'active',
        },
      ]);
      expect(listed.text).not.toContain(created.body.key);

      const revoked = await h.api(`/renters/me/keys/${created.body.id}`, { method: 'DELETE', headers: as(renter.key) });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual({ success: true, id: created.body.id, revoked_at: h.clock.current.toISOString() });
      const again = await h.api(`/renters/me/keys/${created.body.id}`, { method: 'DELETE', headers: as(renter.key) });
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ error: 'Key not found or already revoked' });
      const after = await h.api('/renters/me/keys', { headers: as(renter.key) });
      expect(after.body.keys[0]).toMatchObject({ id: created.body.id, revoked: true, status: 'revoked', revoked_at: revoked.body.revoked_at });
    });

    it('stores only the SHA-256 hash of a sub-key, never the key', async () => {
      const renter = await h.renter();
      const sub = await mint(renter.key, { label: 'hashed', scopes: ['read'] });
      const rows = await h.t.gateway.store.db.select().from(apiKeys).where(eq(apiKeys.id, sub.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ keyHash: hashKey(sub.key), origin: 'sub_key', scopes: ['read'], label: 'hashed', renterId: renter.id });
      expect(JSON.stringify(rows[0])).not.toContain(sub.key);
    });

    it('defaults to an inference-only key that never expires, and drops repeated scopes', async () => {
      const renter = await h.renter();
      const plain = await h.api('/renters/me/keys', { method: 'POST', headers: as(renter.key), json: {} });
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({ label: null, scopes: ['inference'], expires_at: null });
      const repeated = await h.api('/renters/me/keys', { method: 'POST', headers: as(renter.key), json: { scopes: ['jobs', 'read', 'jobs'] } });
      expect(repeated.body.scopes).toEqual(['jobs', 'read']);
    });

    it.each([
      ['an unparseable expiry', { expires_at: 'next tuesday' }, 'expires_at'],
      ['an expiry without a time zone', { expires_at: '2030-01-01T00:00:00' }, 'expires_at'],
      ['an impossible date', { expires_at: '2030-02-30T00:00:00Z' }, 'expires_at'],
      ['an expiry that is not a string', { expires_at: 1893456000000 }, 'expires_at'],
      ['no scopes at all', { scopes: [] }, 'scopes'],
      ['an unknown scope', { scopes: ['inference', 'admin'] }, 'scopes.1'],
      ['scopes that are not a list', { scopes: 'inference' }, 'scopes'],
      ['a blank label', { label: '   ' }, 'label'],
      ['a label over 80 characters', { label: 'x'.repeat(81) }, 'label'],
    ])('refuses %s with a 400 naming the field and creates nothing', async (_what, body, field) => {
      const renter = await h.renter();
      const res = await h.api('/renters/me/keys', { method: 'POST', headers: as(renter.key), json: body });
      expect(res.status, res.text).toBe(400);
      expect(res.body.error).toBe('Validation failed');
      expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
      const listed = await h.api('/renters/me/keys', { headers: as(renter.key) });
      expect(listed.body.keys).toEqual([]);
    });

    it('refuses an expiry that is not in the future', async () => {
      const renter = await h.renter();
      for (const expires_at of [h.clock.current.toISOString(), inHours(-1)]) {
        const res = await h.api('/renters/me/keys', { method: 'POST', headers: as(renter.key), json: { expires_at } });
        expect(res.status).toBe(400);
        expect(res.body.fields).toEqual([{ field: 'expires_at', message: 'expires_at must be in the future' }]);
      }
    });

    it('allows 20 live sub-keys; the 21st is refused until one is revoked or expires', async () => {
      const renter = await h.renter();
      const keys = [];
      for (let i = 0; i < 19; i++) keys.push(await mint(renter.key, { label: `k${i}` }));
      keys.push(await mint(renter.key, { label: 'short-lived', expires_at: inHours(1) }));
      const over = await h.api('/renters/me/keys', { method: 'POST', headers: as(renter.key), json: { label: 'one too many' } });
      expect(over.status).toBe(429);
      expect(over.body).toEqual({ error: 'Maximum 20 active sub-keys per account', limit: 20 });

      await h.api(`/renters/me/keys/${keys[0].id}`, { method: 'DELETE', headers: as(renter.key) });
      await mint(renter.key, { label: 'replacement' });
      expect((await h.api('/renters/me/keys', { method: 'POST', headers: as(renter.key), json: {} })).status).toBe(429);

      // An expired key can never work again, so it no longer takes a place.
      h.clock.advance(3601);
      await mint(renter.key, { label: 'after expiry' });
      const listed = await h.api('/renters/me/keys', { headers: as(renter.key) });
      expect(listed.body.keys).toHaveLength(22);
      expect(listed.body.keys.filter((k: { status: string }) => k.status === 'active')).toHaveLength(20);
      expect(listed.body.keys.slice(-2).map((k: { status: string }) => k.status).sort()).toEqual(['expired', 'revoked']);
    });

    it('documents the three routes in /api/docs', async () => {
      const { body } = await h.api('/docs');
      const keys = body.paths['/renters/me/keys'];
      expect(Object.keys(keys).sort()).toEqual(['get', 'post']);
      expect(Object.keys(keys.post.requestBody.content['application/json'].schema.properties).sort()).toEqual(['expires_at', 'label', 'scopes']);
      expect(keys.post.responses).toHaveProperty('201');
      expect(body.paths['/renters/me/keys/{keyId}']).toHaveProperty('delete');
    });

    it('answers a missing master key with 401 and a key that is not a live master key with 403', async () => {
      const missing = await h.api('/renters/me/keys');
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ error: 'Master API key required' });
      const unknown = await h.api('/renters/me/keys', { headers: as('dc1-renter-00000000000000000000000000000000') });
      expect(unknown.status).toBe(403);
      expect(unknown.body).toEqual({ error: 'Invalid or inactive master API key' });
    });

    it('does not let a renter revoke another renter’s key, nor a master key through this route', async () => {
      const a = await h.renter();
      const b = await h.renter();
      const subOfA = await mint(a.key, { scopes: ['read'] });
      const res = await h.api(`/renters/me/keys/${subOfA.id}`, { method: 'DELETE', headers: as(b.key) });
      expect(res.status).toBe(404);
      expect((await h.api('/renters/me', { headers: as(subOfA.key) })).status).toBe(200);
      const [master] = await h.t.gateway.store.db.select().from(apiKeys).where(eq(apiKeys.keyHash, hashKey(a.key)));
      expect((await h.api(`/renters/me/keys/${master.id}`, { method: 'DELETE', headers: as(a.key) })).status).toBe(404);
      expect((await h.api(`/renters/me/keys/not-a-number`, { method: 'DELETE', headers: as(a.key) })).status).toBe(404);
    });
  });

  describe('master-key-only actions', () => {
    it('refuses every sub-key, whatever its scopes, on key management, rotation and erasure', async () => {
      const renter = await h.renter();
      const sub = await mint(renter.key, { scopes: ['inference', 'jobs', 'read', 'billing'] });
      const refusals = [
        await h.api('/renters/me/keys', { headers: as(sub.key) }),
        await h.api('/renters/me/keys', { method: 'POST', headers: as(sub.key), json: { scopes: ['read'] } }),
        await h.api(`/renters/me/keys/${sub.id}`, { method: 'DELETE', headers: as(sub.key) }),
        await h.api('/renters/rotate-key', { method: 'POST', headers: as(sub.key) }),
        await h.api('/renters/me/rotate-key', { method: 'POST', headers: as(sub.key) }),
        await h.api('/renters/me', { method: 'DELETE', headers: as(sub.key) }),
      ];
      for (const res of refusals) {
        expect(res.status, res.text).toBe(403);
        expect(res.body.error).toBe("This action needs the account's master API key; sub-keys cannot perform it");
      }
      // Nothing happened: the key still works and the account is intact.
      const me = await h.api('/renters/me', { headers: as(sub.key) });
      expect(me.status).toBe(200);
      expect(me.body.renter.status).toBe('active');
    });

    it('keeps sub-keys through the renter’s own rotation; an admin rotation revokes them', async () => {
      const renter = await h.renter();
      const sub = await mint(renter.key, { scopes: ['read'] });
      const rotated = await h.api('/renters/rotate-key', { method: 'POST', headers: as(renter.key) });
      expect(rotated.status).toBe(200);
      expect((await h.api('/renters/me', { headers: as(renter.key) })).status).toBe(404);
      expect((await h.api('/renters/me', { headers: as(sub.key) })).status).toBe(200);
      expect((await h.api('/renters/me/keys', { headers: as(rotated.body.api_key) })).body.keys).toHaveLength(1);

      const byAdmin = await h.api(`/admin/renters/${renter.id}/rotate-key`, { method: 'POST', headers: { 'x-admin-token': h.t.adminToken } });
      expect(byAdmin.status, byAdmin.text).toBe(200);
      expect((await h.api('/renters/me', { headers: as(sub.key) })).status).toBe(404);
    });
  });

  describe('scopes on every route', () => {
    it('a read key reads the account, balance, jobs and logs, and can change nothing', async () => {
      const renter = await h.renter();
      const job = await h.submit(renter.key);
      const read = await mint(renter.key, { scopes: ['read'] });
      for (const path of ['/renters/me', '/renters/balance', `/jobs/${job.job_id}`, `/jobs/${job.job_id}/logs`, `/jobs/${job.job_id}/history`, '/jobs/active']) {
        const res = await h.api(path, { headers: as(read.key) });
        expect(res.status, `${path}: ${res.text}`).toBe(200);
      }
      const history = await h.api('/jobs/history', { headers: as(read.key) });
      expect(history.status, history.text).toBe(200);

      const submit = await h.api('/jobs/submit', { method: 'POST', headers: as(read.key), json: llmJob() });
      expect(submit.status).toBe(403);
      expect(submit.body).toEqual({ error: "This API key lacks the 'jobs' scope", required_scopes: ['jobs'] });
      const cancel = await h.api(`/jobs/${job.job_id}/cancel`, { method: 'POST', headers: as(read.key) });
      expect(cancel.status).toBe(403);
      expect(cancel.body.required_scopes).toEqual(['jobs']);
      const topup = await h.api('/renters/topup', { method: 'POST', headers: as(read.key), json: { amount_halala: 500 } });
      expect(topup.status).toBe(403);
      expect(topup.body.required_scopes).toEqual(['billing']);
      const exported = await h.api('/renters/me/export', { headers: as(read.key) });
      expect(exported.status).toBe(403);
      expect(exported.body.required_scopes).toEqual(['billing']);
      expect((await h.api(`/jobs/${job.job_id}`, { headers: as(renter.key) })).body.job.status).not.toBe('cancelled');
    });

    it('a jobs key submits, cancels and retries, but reads nothing else', async () => {
      const renter = await h.renter();
      const jobs = await mint(renter.key, { scopes: ['jobs'] });
      const job = await h.submit(jobs.key);
      const cancel = await h.api(`/jobs/${job.job_id}/cancel`, { method: 'POST', headers: as(jobs.key) });
      expect(cancel.status, cancel.text).toBe(200);
      const retry = await h.api(`/jobs/${job.job_id}/retry`, { method: 'POST', headers: as(jobs.key) });
      expect(retry.status, retry.text).toBe(201);

      for (const path of ['/renters/me', `/jobs/${job.job_id}`, `/jobs/${job.job_id}/output`, `/jobs/${job.job_id}/logs`, '/jobs/active']) {
        const res = await h.api(path, { headers: as(jobs.key) });
        expect(res.status, `${path}: ${res.text}`).toBe(403);
        expect(res.body.required_scopes).toEqual(['read']);
      }
      const balance = await h.api('/renters/balance', { headers: as(jobs.key) });
      expect(balance.status).toBe(403);
      expect(balance.body).toEqual({ error: "This API key lacks the 'read' or 'billing' scope", required_scopes: ['read', 'billing'] });
      const stream = await h.api(`/jobs/${job.job_id}/logs/stream?key=${jobs.key}`);
      expect(stream.status).toBe(403);
    });

    it('a jobs key completes its running job; a read key cannot', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      const read = await mint(renter.key, { scopes: ['read'] });
      const jobs = await mint(renter.key, { scopes: ['jobs'] });
      const job = await h.runningJob(renter.key, provider.key);
      expect((await h.api(`/jobs/${job.job_id}/complete`, { method: 'POST', headers: as(read.key) })).status).toBe(403);
      h.clock.advance(30);
      const done = await h.api(`/jobs/${job.job_id}/complete`, { method: 'POST', headers: as(jobs.key) });
      expect(done.status, done.text).toBe(200);
      expect(done.body.job.status).toBe('completed');
    });

    it('a billing key reads the balance and tops up, and sees neither profile nor jobs', async () => {
      const renter = await h.renter();
      const billing = await mint(renter.key, { scopes: ['billing'] });
      const topup = await h.api('/renters/topup', { method: 'POST', headers: as(billing.key), json: { amount_halala: 500 } });
      expect(topup.status, topup.text).toBe(200);
      const balance = await h.api('/renters/balance', { headers: as(billing.key) });
      expect(balance.status).toBe(200);
      expect(balance.body.balance_halala).toBe(topup.body.new_balance_halala);
      expect((await h.api('/renters/me', { headers: as(billing.key) })).status).toBe(403);
      expect((await h.api('/jobs/submit', { method: 'POST', headers: as(billing.key), json: llmJob() })).status).toBe(403);
    });

    it('an inference key does nothing on the REST face', async () => {
      const renter = await h.renter();
      const inference = await mint(renter.key, { scopes: ['inference'] });
      for (const [method, path] of [['GET', '/renters/me'], ['GET', '/renters/balance'], ['POST', '/jobs/submit'], ['POST', '/renters/topup']]) {
        const res = await h.api(path, { method, headers: as(inference.key), json: method === 'POST' ? llmJob() : undefined });
        expect(res.status, `${path}: ${res.text}`).toBe(403);
        expect(res.body.error).toMatch(/^This API key lacks the /);
      }
    });

    it('a sub-key and a renter key on provider routes are the wrong key type', async () => {
      const renter = await h.renter();
      const sub = await mint(renter.key, { scopes: ['read'] });
      const res = await h.api('/providers/me', { headers: { 'x-provider-key': sub.key } });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('wrong_key_type');
    });
  });

  describe('expiry and revocation take effect at once', () => {
    it('refuses an expired key from its first second, like an unknown key', async () => {
      const renter = await h.renter();
      const sub = await mint(renter.key, { scopes: ['read'], expires_at: inHours(1) });
      expect((await h.api('/renters/me', { headers: as(sub.key) })).status).toBe(200);
      h.clock.advance(3599);
      expect((await h.api('/renters/me', { headers: as(sub.key) })).status).toBe(200);
      h.clock.advance(1);
      const expired = await h.api('/renters/me', { headers: as(sub.key) });
      const unknown = await h.api('/renters/me', { headers: as('dc1-sk-0000000000000000000000000000000000000000') });
      expect(expired.status).toBe(404);
      expect(expired.body).toEqual(unknown.body);
      expect((await h.api('/jobs/active', { headers: as(sub.key) })).status).toBe(401);
      const listed = await h.api('/renters/me/keys', { headers: as(renter.key) });
      expect(listed.body.keys[0]).toMatchObject({ id: sub.id, status: 'expired', revoked: false });
    });

    it('refuses a revoked key on the very next request', async () => {
      const renter = await h.renter();
      const sub = await mint(renter.key, { scopes: ['read', 'jobs'] });
      expect((await h.api('/renters/me', { headers: as(sub.key) })).status).toBe(200);
      await h.api(`/renters/me/keys/${sub.id}`, { method: 'DELETE', headers: as(renter.key) });
      expect((await h.api('/renters/me', { headers: as(sub.key) })).status).toBe(404);
      const submit = await h.api('/jobs/submit', { method: 'POST', headers: as(sub.key), json: llmJob() });
      expect(submit.status).toBe(403);
      expect(submit.body).toEqual({ error: 'Invalid or inactive renter API key' });
    });
  });
});
