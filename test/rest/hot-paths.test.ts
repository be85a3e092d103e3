import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.js';
import { storeName } from '../helpers/index.js';
import { daemonHeartbeat } from './restFixtures.js';
import { RTX4090, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * Statement counts of the hot paths, through the public routes (speed itself is measured by `npm run bench`):
 * a path that sends more statements than pinned here has regressed.
 */
describe(`hot paths: statements per request (${storeName})`, () => {
  let h: JobsHarness;
  let provider: { id: number; key: string };
  const events: DomainEvent[] = [];
  let stopListening: () => void;

  const heartbeat = (extra: Record<string, unknown> = {}) =>
    h.api('/providers/heartbeat', { method: 'POST', headers: { authorization: `Bearer ${provider.key}` }, json: daemonHeartbeat(provider.key, extra) });

  /** Events arrive after commit, through LISTEN: wait until `n` of `type` have come. */
  async function eventsOf(type: DomainEvent['type'], n: number): Promise<DomainEvent[]> {
    for (let i = 0; i < 100; i++) {
      const seen = events.filter((e) => e.type === type && 'providerId' in e && e.providerId === provider.id);
      if (seen.length >= n) return seen;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`expected ${n} ${type} events`);
  }

  beforeAll(async () => {
    h = await startJobsHarness();
    stopListening = h.t.gateway.events.subscribe((e) => events.push(e));
    provider = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
  });
  afterAll(async () => {
    stopListening?.();
    await h?.close();
  });

  it('a daemon heartbeat is one statement: it checks the key, writes, and reads the capacity report', async () => {
    const { result, count, queries } = await h.t.gateway.store.statements.measure(() => heartbeat());
    expect(result.status, result.text).toBe(200);
    expect(count, queries.join('\n---\n')).toBe(1);
    expect(result.body.capacity_report).toMatchObject({ provider_id: provider.id, available_gpu_slots: 1, active_inference_jobs: 0 });
    const after = await h.api('/providers/me', { headers: { 'x-provider-key': provider.key } });
    expect(after.body.provider).toMatchObject({ status: 'online', gpu_model: RTX4090, gpu_vram_mib: 24_564, daemon_version: '4.3.0' });
    const history = await h.t.gateway.store.db.query.heartbeats.findMany({ where: (hb, { eq }) => eq(hb.providerId, provider.id) });
    expect(history.at(-1)).toMatchObject({ gpuUtilPct: 12, gpuTempC: 48, gpuVramFreeMib: 23_000, gpuVramTotalMib: 24_564, daemonVersion: '4.3.0' });
  });

  it('the one-statement heartbeat announces a status change once, before the heartbeat itself', async () => {
    events.length = 0;
    const degraded = await heartbeat({ container_restart_count: 11 });
    expect(degraded.status).toBe(200);
    const [change] = await eventsOf('provider.status_changed', 1);
    expect(change).toMatchObject({ status: 'degraded', fromStatus: 'online', isPaused: false });
    await eventsOf('provider.heartbeat', 1);
    expect(events.findIndex((e) => e.type === 'provider.status_changed')).toBeLessThan(events.findIndex((e) => e.type === 'provider.heartbeat'));
    await heartbeat({ container_restart_count: 11 });
    await eventsOf('provider.heartbeat', 2);
    expect(events.filter((e) => e.type === 'provider.status_changed')).toHaveLength(1);
  });

  it('a submit is four statements to an idle provider (key with candidates, its lock, its idleness, job with its money), three to a busy one (key with candidates; no lock: job with its money; queue position)', async () => {
    const renter = await h.renter();
    const submit = () => h.api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': renter.key }, json: { job_type: 'llm_inference', duration_minutes: 1 } });
    const idle = await h.t.gateway.store.statements.measure(submit);
    expect(idle.result.body.job.status).toBe('pending');
    expect(idle.count, idle.queries.join('\n---\n')).toBe(4);
    const busy = await h.t.gateway.store.statements.measure(submit);
    expect(busy.result.body.job.status).toBe('queued');
    expect(busy.count, busy.queries.join('\n---\n')).toBe(3);
  });

  it('a poll of a job is one statement (the key, the job and its queue position), by either id, and agrees with the submit', async () => {
    const renter = await h.renter();
    const own = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
    const submit = () => h.api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': renter.key }, json: { job_type: 'llm_inference', duration_minutes: 1, provider_id: own.id } });
    const first = await submit();
    await submit();
    const queued = await submit();
    expect(first.body.job.status).toBe('pending');
    expect(queued.body.job).toMatchObject({ status: 'queued', queue_position: 3 });
    for (const ref of [queued.body.job.job_id, queued.body.job.id]) {
      const poll = await h.t.gateway.store.statements.measure(() => h.api(`/jobs/${ref}`, { headers: { 'x-renter-key': renter.key } }));
      expect(poll.result.status, `${ref}: ${poll.result.text}`).toBe(200);
      expect(poll.count, poll.queries.join('\n---\n')).toBe(1);
      expect(poll.result.body.job).toMatchObject({ status: 'queued', queue_position: 3 });
    }
    // A job that is not queued has no position, and a stranger's key still reads nothing.
    const read = await h.api(`/jobs/${first.body.job.job_id}`, { headers: { 'x-renter-key': renter.key } });
    expect(read.body.job.status).toBe('pending');
    expect(read.body.job.queue_position ?? null).toBeNull();
    const stranger = await h.renter();
    expect((await h.api(`/jobs/${queued.body.job.job_id}`, { headers: { 'x-renter-key': stranger.key } })).status).toBe(403);
  });

  it('the heartbeat answer counts the provider’s queue by model and its running work', async () => {
    const renter = await h.renter();
    const own = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
    const submit = (model: string) =>
      h.api('/jobs/submit', {
        method: 'POST',
        headers: { 'x-renter-key': renter.key },
        json: { job_type: 'llm_inference', duration_minutes: 1, provider_id: own.id, params: { model } },
      });
    for (const model of ['microsoft/phi-2', 'microsoft/phi-2', 'google/gemma-2b']) expect((await submit(model)).status).toBe(201);
    const claim = await h.api('/providers/jobs/next', { headers: { authorization: `Bearer ${own.key}` } });
    expect(claim.body.job).toMatchObject({ status: 'running', model: 'microsoft/phi-2' });
    const beat = () => h.api('/providers/heartbeat', { method: 'POST', json: daemonHeartbeat(own.key) });
    const { result, count } = await h.t.gateway.store.statements.measure(beat);
    expect(count).toBe(1);
    expect(result.body.capacity_report).toMatchObject({
      queue_depth_by_model: { 'microsoft/phi-2': 1, 'google/gemma-2b': 1 },
      active_inference_jobs: 1,
      available_gpu_slots: 0,
      estimated_wait_seconds: 120,
    });
  });

  it('a heartbeat reporting another GPU takes the locked path and records the new card', async () => {
    const gpu = 'NVIDIA H100 80GB HBM3';
    const { result, count } = await h.t.gateway.store.statements.measure(() =>
      heartbeat({ gpu_status: { ...daemonHeartbeat(provider.key).gpu_status, gpu_name: gpu }, gpu_info: { gpu_name: gpu, vram_mb: 81_559 } }),
    );
    expect(result.status).toBe(200);
    expect(count).toBeGreaterThan(2);
    const after = await h.api('/providers/me', { headers: { 'x-provider-key': provider.key } });
    expect(after.body.provider).toMatchObject({ gpu_model: gpu, gpu_vram_mib: 81_559 });
  });
});
