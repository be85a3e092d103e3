import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { admin, registerProvider, registerRenter, renterHeaders, type Account } from './restFixtures.js';

describe(`REST admin (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_AUTO_APPROVE_PROVIDERS: '0' } });
  });
  afterAll(() => t?.close());

  const get = (path: string) => t.fetchJson(`/api${path}`, { headers: admin(t) });
  const post = (path: string, json?: unknown) => t.fetchJson(`/api${path}`, { method: 'POST', headers: admin(t), json });
  const approved = async () => {
    const p = await registerProvider(t);
    expect((await post(`/admin/providers/${p.id}/approve`)).status).toBe(200);
    return p;
  };
  const auditActions = async () => (await get('/admin/audit?limit=200')).body.entries.map((e: { action: string; target_id: string }) => `${e.action} ${e.target_id}`);

  describe('authentication', () => {
    it('refuses every admin path without the token, with a renter key, or with a wrong token', async () => {
      const renter = await registerRenter(t);
      for (const headers of [{}, renterHeaders(renter), { 'x-admin-token': 'nope' }, { authorization: 'Bearer nope' }]) {
        for (const path of ['/api/admin/dashboard', '/api/dc1/admin/renters', '/api/admin/no-such-thing']) {
          expect(await t.fetchJson(path, { headers })).toMatchObject({ status: 401, body: { error: 'Admin access denied' } });
        }
      }
    });

    it('accepts the token as x-admin-token or Bearer', async () => {
      expect((await t.fetchJson('/api/admin/dashboard', { headers: { authorization: `Bearer ${t.adminToken}` } })).status).toBe(200);
      expect((await get('/admin/dashboard')).status).toBe(200);
    });
  });

  it('answers the dashboard in the seed shape, every figure a number', async () => {
    const provider = await approved();
    await t.fetchJson('/api/providers/heartbeat', { method: 'POST', json: { api_key: provider.apiKey, gpu_status: { gpu_name: 'NVIDIA A100', gpu_vram_mib: 81920 } } });
    const res = await get('/admin/dashboard');
    expect(res.status).toBe(200);
    const keys = [
      'total_providers', 'online_now', 'offline', 'total_renters', 'active_renters', 'total_renter_balance_halala', 'total_jobs',
      'completed_jobs', 'failed_jobs', 'active_jobs', 'total_revenue_halala', 'total_dc1_fees_halala', 'today_revenue_halala',
      'today_dc1_fees_halala', 'today_jobs',
    ];
    for (const key of keys) expect(typeof res.body.stats[key], key).toBe('number');
    expect(res.body.stats.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(res.body.stats.online_now).toBeGreaterThanOrEqual(1);
    expect(res.body.gpu_breakdown).toContainEqual({ gpu_model: 'NVIDIA A100', count: 1 });
    expect(res.body.recent_signups[0]).toEqual({
      id: expect.any(Number),
      name: expect.any(String),
      email: expect.any(String),
      gpu_model: expect.any(String),
      os: 'linux',
      created_at: expect.any(String),
    });
    expect(res.body.recent_heartbeats[0]).toMatchObject({ id: provider.id, gpu_model: 'NVIDIA A100', gpu_status: { gpu_name: 'NVIDIA A100' } });
    expect(JSON.stringify(res.body)).not.toMatch(/api_key|key_hash/);
  });

  describe('providers', () => {
    it('lists providers with filters and pagination', async () => {
      const pending = await registerProvider(t, { name: 'Pending Host' });
      const all = await get('/admin/providers');
      expect(all.body.total).toBeGreaterThanOrEqual(1);
      expect(all.body).not.toHaveProperty('pagination');
      const row = all.body.providers.find((p: { id: number }) => p.id === pending.id);
      expect(row).toMatchObject({ approval_status: 'pending', connection_status: 'registered', is_online: false, minutes_since_heartbeat: null, uptime_24h: null });
      expect(row).not.toHaveProperty('api_key');
      const filtered = await get('/admin/providers?status=pending_approval&search=pending%20host');
      expect(filtered.body.providers.map((p: { id: number }) => p.id)).toEqual([pending.id]);
      expect(filtered.body.pending_approval).toBe(1);
      const paged = await get('/admin/providers?page=1&limit=1');
      expect(paged.body.providers).toHaveLength(1);
      expect(paged.body.pagination).toEqual({ page: 1, limit: 1, total: paged.body.total, total_pages: paged.body.total });
      expect((await get('/admin/providers?status=sleeping')).status).toBe(400);
    });

    it('shows one provider with uptime, metrics and heartbeats; 404 Not found otherwise', async () => {
      const provider = await approved();
      await t.fetchJson('/api/providers/heartbeat', { method: 'POST', json: { api_key: provider.apiKey, gpu_status: { gpu_util_pct: 50, temp_c: 60, power_w: 200 } } });
      const res = await get(`/admin/providers/${provider.id}`);
      expect(res.status).toBe(200);
      expect(res.body.provider).toMatchObject({ id: provider.id, is_online: true, scheduled_start: '23:00' });
      expect(res.body.uptime).toMatchObject({ heartbeats_24h: 1 });
      expect(res.body.metrics_24h).toEqual({ avg_util: 50, avg_temp: 60, avg_power: 200, max_temp: 60 });
      expect(res.body.heartbeat_log).toHaveLength(1);
      expect(await get('/admin/providers/999999')).toMatchObject({ status: 404, body: { error: 'Not found' } });
      expect(await get('/admin/providers/abc')).toMatchObject({ status: 404, body: { error: 'Not found' } });
    });

    it('approves, rejects (reason required), suspends, unsuspends and rotates keys, auditing each', async () => {
      const provider = await registerProvider(t);
      const hb = () => t.fetchJson('/api/providers/heartbeat', { method: 'POST', json: { api_key: provider.apiKey } });
      expect((await hb()).status).toBe(403);
      const approve = await t.fetchJson(`/api/admin/providers/${provider.id}/approve`, { method: 'PATCH', headers: admin(t) });
      expect(approve.body).toEqual({ success: true, provider_id: provider.id, approval_status: 'approved', approved_at: expect.any(String) });
      expect((await hb()).status).toBe(200);
      expect(await post(`/admin/providers/${provider.id}/reject`, {})).toMatchObject({ status: 400, body: { error: 'Rejection reason is required' } });
      expect((await post(`/admin/providers/${provider.id}/reject`, { reason: 'fake GPU' })).body).toEqual({
        success: true,
        provider_id: provider.id,
        approval_status: 'rejected',
        rejected_reason: 'fake GPU',
      });
      expect((await post(`/admin/providers/${provider.id}/suspend`)).body).toMatchObject({ success: true, message: 'Provider GPU Host suspended' });
      expect((await post(`/admin/providers/${provider.id}/unsuspend`)).body).toMatchObject({ success: true, message: 'Provider GPU Host unsuspended' });
      const rotated = await post(`/admin/providers/${provider.id}/rotate-key`);
      expect(rotated.body).toEqual({ success: true, provider_id: provider.id, name: 'GPU Host', new_api_key: expect.stringMatching(/^dc1-provider-/) });
      expect((await t.fetchJson(`/api/providers/me?key=${provider.apiKey}`)).status).toBe(404);
      expect(await post('/admin/providers/999999/suspend')).toMatchObject({ status: 404, body: { error: 'Provider not found' } });
      const actions = await auditActions();
      for (const action of ['provider.approve', 'provider.reject', 'provider.suspend', 'provider.unsuspend', 'provider.rotate_key'])
        expect(actions).toContain(`${action} ${provider.id}`);
    });

    it('asks a provider to preload a model, surfaced in its heartbeat until cached', async () => {
      const provider = await approved();
      const res = await t.fetchJson(`/api/admin/providers/${provider.id}/preload-model`, { method: 'PATCH', headers: admin(t), json: { model_name: 'microsoft/phi-2' } });
      expect(res.body).toMatchObject({ success: true, model_name: 'microsoft/phi-2', model_preload_status: 'downloading' });
      const hb = await t.fetchJson('/api/providers/heartbeat', { method: 'POST', json: { api_key: provider.apiKey } });
      expect(hb.body.preload_model).toEqual({ model_name: 'microsoft/phi-2', status: 'downloading' });
      const cached = await t.fetchJson('/api/providers/heartbeat', { method: 'POST', json: { api_key: provider.apiKey, cached_models: ['microsoft/phi-2'] } });
      expect(cached.body.preload_model).toBeNull();
    });
  });

  describe('renters', () => {
    it('lists and shows renters', async () => {
      const renter = await registerRenter(t, { name: 'Listed Renter', organization: 'Org X' });
      const list = await get('/admin/renters?search=org%20x');
      expect(list.body.renters).toEqual([
        expect.objectContaining({ id: renter.id, name: 'Listed Renter', balance_halala: 1000, status: 'active', total_jobs: 0, completed_jobs: 0, failed_jobs: 0 }),
      ]);
      expect(list.body).toMatchObject({ total: 1, active: 1, suspended: 0 });
      const detail = await get(`/admin/renters/${renter.id}`);
      expect(detail.body).toMatchObject({ renter: { id: renter.id, organization: 'Org X' }, jobs: [], stats: { total_jobs: 0 } });
      expect(await get('/admin/renters/999999')).toMatchObject({ status: 404, body: { error: 'Renter not found' } });
    });

    it('adjusts a balance through the ledger, never below zero', async () => {
      const renter = await registerRenter(t);
      expect((await post(`/admin/renters/${renter.id}/balance`, { amount_halala: 500, reason: 'goodwill' })).body).toEqual({
        success: true,
        renter_id: renter.id,
        name: 'Fatima Al-Saud',
        previous_balance: 1000,
        adjustment: 500,
        new_balance: 1500,
        reason: 'goodwill',
      });
      expect((await post(`/admin/renters/${renter.id}/balance`, { amount_halala: -200 })).body).toMatchObject({ new_balance: 1300, reason: 'Admin adjustment' });
      expect(await post(`/admin/renters/${renter.id}/balance`, { amount_halala: -5000 })).toMatchObject({ status: 400, body: { error: 'Balance cannot go below 0' } });
      expect(await post(`/admin/renters/${renter.id}/balance`, {})).toMatchObject({ status: 400, body: { error: 'amount_halala (number) is required' } });
      expect((await t.fetchJson('/api/renters/balance', { headers: renterHeaders(renter) })).body.balance_halala).toBe(1300);
      expect(await auditActions()).toContain(`renter.balance_adjust ${renter.id}`);
    });

    it('suspends, reactivates and rotates a renter key', async () => {
      const renter = await registerRenter(t, { name: 'Suspended Renter' });
      expect((await post(`/admin/renters/${renter.id}/suspend`)).body).toMatchObject({ success: true, message: 'Renter Suspended Renter suspended' });
      expect((await post(`/admin/renters/${renter.id}/unsuspend`)).body).toMatchObject({ success: true, message: 'Renter Suspended Renter reactivated' });
      const rotated = await post(`/admin/renters/${renter.id}/rotate-key`);
      expect(rotated.body).toEqual({ success: true, renter_id: renter.id, name: 'Suspended Renter', new_api_key: expect.stringMatching(/^dc1-renter-/) });
      expect((await t.fetchJson('/api/renters/balance', { headers: { 'x-renter-key': rotated.body.new_api_key } })).status).toBe(200);
      const actions = await auditActions();
      for (const action of ['renter.suspend', 'renter.unsuspend', 'renter.rotate_key']) expect(actions).toContain(`${action} ${renter.id}`);
    });
  });

  describe('jobs', () => {
    let renter: Account;
    let jobId: string;
    let cost: number;
    beforeAll(async () => {
      renter = await registerRenter(t, { name: 'Job Renter' });
      const submit = await t.fetchJson('/api/jobs/submit', { method: 'POST', headers: renterHeaders(renter), json: { job_type: 'rendering', duration_minutes: 3, params: { script: 'print("render frame 1")' } } });
      jobId = submit.body.job.job_id;
      cost = submit.body.job.cost_halala;
    });

    it('lists jobs with filters, stats over every job, and pagination', async () => {
      const res = await get(`/admin/jobs?status=queued,pending&renter_id=${renter.id}`);
      expect(res.body.jobs).toEqual([expect.objectContaining({ job_id: jobId, renter_name: 'Job Renter', job_type: 'rendering', cost_halala: cost })]);
      expect(res.body.stats).toMatchObject({ total: expect.any(Number), active: expect.any(Number), total_revenue_halala: expect.any(Number) });
      expect((await get(`/admin/jobs?search=${jobId}`)).body.jobs).toHaveLength(1);
      expect((await get('/admin/jobs?page=1&limit=1')).body.pagination).toMatchObject({ page: 1, limit: 1 });
      expect((await get('/admin/jobs?date_from=yesterday-ish')).status).toBe(400);
    });

    it('shows a job by job_id or numeric id with its billing', async () => {
      const res = await get(`/admin/jobs/${jobId}`);
      expect(res.body).toMatchObject({ job: { job_id: jobId }, provider: null, recovery_events: [] });
      expect(res.body.billing).toEqual({
        duration_minutes: 3,
        cost_halala: cost,
        cost_sar: (cost / 100).toFixed(2),
        provider_cut_halala: Math.floor(cost * 0.75),
        dc1_cut_halala: cost - Math.floor(cost * 0.75),
      });
      expect((await get(`/admin/jobs/${res.body.job.id}`)).body.job.job_id).toBe(jobId);
      expect(await get('/admin/jobs/job-0-nothing')).toMatchObject({ status: 404, body: { error: 'Not found' } });
    });

    it('cancels a job once, refunding the hold, and audits it', async () => {
      const res = await post(`/admin/jobs/${jobId}/cancel`);
      expect(res.body).toEqual({ success: true, job_id: jobId, previous_status: expect.stringMatching(/queued|pending/), new_status: 'cancelled', refunded_halala: cost });
      expect((await t.fetchJson('/api/renters/balance', { headers: renterHeaders(renter) })).body).toMatchObject({ balance_halala: 1000, held_halala: 0 });
      expect(await post(`/admin/jobs/${jobId}/cancel`)).toMatchObject({ status: 409, body: { error: 'Job already cancelled', current_status: 'cancelled' } });
      expect(await auditActions()).toContain(`job.cancel ${jobId}`);
    });
  });

  describe('reports', () => {
    it('summarises finance after a settled job', async () => {
      const provider = await approved();
      await t.fetchJson('/api/providers/heartbeat', { method: 'POST', json: { api_key: provider.apiKey, gpu_status: { gpu_name: 'RTX 3090', gpu_vram_mib: 24576 } } });
      const renter = await registerRenter(t);
      const submit = await t.fetchJson('/api/jobs/submit', {
        method: 'POST',
        headers: renterHeaders(renter),
        json: { job_type: 'llm_inference', duration_minutes: 30, provider_id: provider.id },
      });
      expect(submit.status, submit.text).toBe(201);
      await t.fetchJson('/api/providers/jobs/next', { headers: { authorization: `Bearer ${provider.apiKey}` } });
      const result = await t.fetchJson('/api/providers/job-result', {
        method: 'POST',
        json: { api_key: provider.apiKey, job_id: submit.body.job.job_id, success: true, gpu_seconds_used: 600 },
      });
      expect(result.status).toBe(200);
      const res = await get('/admin/finance/summary');
      expect(res.body.all_time).toMatchObject({ total_revenue: expect.any(Number), completed_jobs: expect.any(Number) });
      expect(res.body.all_time.total_revenue).toBe(res.body.all_time.total_provider_payouts + res.body.all_time.total_dc1_fees);
      expect(res.body.today.revenue).toBeGreaterThanOrEqual(result.body.cost_halala);
      expect(res.body.daily_revenue[0]).toMatchObject({ day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), jobs: expect.any(Number) });
      expect(res.body.discrepancies).toEqual([]);
      expect(res.body.top_providers[0]).toMatchObject({ id: provider.id, total_earned: result.body.provider_earned_halala });
      expect(res.body.withdrawals).toEqual({ pending_sar: 0, approved_sar: 0, paid_sar: 0, pending_count: 0 });
    });

    it('reports daemon health and refuses a bad provider_id', async () => {
      const res = await get('/admin/daemon-health?hours=48');
      expect(res.body).toMatchObject({ period_hours: 48, summary: { total_events: expect.any(Number) }, crashes: [], job_stats: { total: 0 } });
      expect(await get('/admin/daemon-health?provider_id=-1')).toMatchObject({ status: 400, body: { error: 'Invalid provider_id — must be a positive integer' } });
      expect((await get('/admin/daemon-health?hours=1000')).status).toBe(400);
    });

    it('pages the audit log newest first', async () => {
      const res = await get('/admin/audit?page=1&limit=2');
      expect(res.body.entries).toHaveLength(2);
      expect(res.body.entries[0]).toEqual({
        id: expect.any(Number),
        admin_user_id: 'admin',
        action: expect.any(String),
        target_type: expect.any(String),
        target_id: expect.any(String),
        details: expect.anything(),
        timestamp: expect.any(String),
      });
      expect(res.body.entries[0].id).toBeGreaterThan(res.body.entries[1].id);
      expect(res.body.pagination).toMatchObject({ page: 1, limit: 2, total: expect.any(Number) });
    });
  });
});
