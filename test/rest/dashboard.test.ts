import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { H100, llmJob, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * GET /api/admin/dashboard: every figure exact, read in one statement (src/domain/stats.ts) on a marketplace
 * whose jobs ended on two days, so "today" is a part of the totals and not all of them.
 */
describe(`REST admin dashboard figures (${storeName})`, () => {
  let h: JobsHarness;
  beforeAll(async () => {
    h = await startJobsHarness();
  });
  afterAll(() => h?.close());

  const dashboard = () => h.api('/admin/dashboard', { headers: { 'x-admin-token': h.t.adminToken } });
  const heartbeat = async (key: string) => expect((await h.api('/providers/heartbeat', { method: 'POST', json: { api_key: key } })).status).toBe(200);
  const complete = async (job: { job_id: string }, renterKey: string) => {
    const res = await h.api(`/jobs/${job.job_id}/complete`, { method: 'POST', headers: { 'x-renter-key': renterKey } });
    expect(res.status, res.text).toBe(200);
    return res.body.billing as { actual_cost_halala: number; dc1_fee_halala: number };
  };

  it('answers every figure and both lists exactly, in one statement', async () => {
    const a = await h.provider({ gpu: H100 });
    const b = await h.provider({ gpu: H100 });
    const silent = await h.api('/providers/register', { method: 'POST', json: { name: 'Silent Host', email: 'silent@example.sa', gpu_model: 'RTX 3090', os: 'linux' } });
    const renter = await h.renter();

    const yesterday = await h.runningJob(renter.key, a.key, llmJob({ provider_id: a.id }));
    h.clock.advance(100);
    const first = await complete(yesterday, renter.key);
    h.clock.current = new Date('2026-11-28T00:30:00.000Z');
    await heartbeat(a.key);
    await heartbeat(b.key);
    const today = await h.runningJob(renter.key, a.key, llmJob({ provider_id: a.id }));
    h.clock.advance(60);
    const second = await complete(today, renter.key);
    const failing = await h.runningJob(renter.key, b.key, llmJob({ provider_id: b.id }));
    expect((await h.api(`/jobs/${failing.job_id}/fail`, { method: 'POST', headers: { 'x-provider-key': b.key }, json: { error: 'OOM' } })).status).toBe(200);
    await h.submit(renter.key, llmJob({ provider_id: b.id }));
    await heartbeat(b.key);
    h.clock.advance(1);
    await heartbeat(a.key);

    const { result: res, count, queries } = await h.t.gateway.store.statements.measure(dashboard);
    expect(res.status, res.text).toBe(200);
    expect(count, queries.join('\n---\n')).toBe(1);
    expect(res.body.stats).toEqual({
      total_providers: 3,
      online_now: 2,
      offline: 1,
      total_renters: 1,
      active_renters: 1,
      total_renter_balance_halala: await h.balance(renter.key),
      total_jobs: 4,
      completed_jobs: 2,
      failed_jobs: 1,
      active_jobs: 1,
      total_revenue_halala: first.actual_cost_halala + second.actual_cost_halala,
      total_dc1_fees_halala: first.dc1_fee_halala + second.dc1_fee_halala,
      today_revenue_halala: second.actual_cost_halala,
      today_dc1_fees_halala: second.dc1_fee_halala,
      today_jobs: 1,
      timestamp: '2026-11-28T00:31:01.000Z',
    });
    expect(second.actual_cost_halala).toBeGreaterThan(0);
    expect(res.body.gpu_breakdown).toEqual([
      { gpu_model: H100, count: 2 },
      { gpu_model: 'RTX 3090', count: 1 },
    ]);

    const shown = async (id: number) => (await h.api(`/admin/providers/${id}`, { headers: { 'x-admin-token': h.t.adminToken } })).body.provider;
    const [pa, pb, ps] = [await shown(a.id), await shown(b.id), await shown(silent.body.provider_id)];
    const signup = (p: typeof pa) => ({ id: p.id, name: p.name, email: p.email, gpu_model: p.gpu_model, os: p.os, created_at: p.created_at });
    expect(res.body.recent_signups).toEqual([signup(ps), signup(pb), signup(pa)]);
    const heard = (p: typeof pa) => ({
      id: p.id,
      name: p.name,
      gpu_model: p.gpu_model,
      provider_ip: p.provider_ip,
      provider_hostname: p.provider_hostname,
      last_heartbeat: p.last_heartbeat,
      gpu_status: p.gpu_status,
    });
    expect(res.body.recent_heartbeats).toEqual([heard(pa), heard(pb)]);
    expect(res.body.recent_heartbeats[0].last_heartbeat).toBe('2026-11-28T00:31:01.000Z');
  });
});
