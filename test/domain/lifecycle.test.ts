import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IllegalTransitionError, InsufficientBalanceError, MissingFieldsError, ValidationError, ForbiddenError } from '../../src/domain/errors.js';
import { ADMIN, expectMoneyConsistent, llmJob, newProvider, newRenter, startDomain, storeName, type DomainHarness } from './support.js';

describe(`job lifecycle (${storeName})`, () => {
  let h: DomainHarness;
  beforeAll(async () => {
    h = await startDomain();
  });
  afterAll(() => h.close());
  const d = () => h.gateway.domain;

  it('rejects a submit without job_type and duration_minutes, naming both in order', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const err = await d().jobs.submit(renter, { params: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(MissingFieldsError);
    expect(err.message).toBe('Missing required fields: job_type, duration_minutes');
  });

  it('rejects invalid fields with their paths and writes nothing', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const err = await d().jobs.submit(renter, llmJob({ priority: 11, duration_minutes: 0, surprise: true })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fields.map((f: { field: string }) => f.field).sort()).toEqual(['(root)', 'duration_minutes', 'priority']);
    expect((await d().renters.get(renter)).balanceHalala).toBe(1000);
  });

  it('accepts priority as a number or a numeric string', async () => {
    const renter = await newRenter(h.gateway, 1000);
    expect((await d().jobs.submit(renter, llmJob({ priority: 7 }))).job.priority).toBe(7);
    expect((await d().jobs.submit(renter, llmJob({ priority: '3' }))).job.priority).toBe(3);
  });

  it('queues a job nobody can run, quoted by job type, with a queue position', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const { job, queuePosition } = await d().jobs.submit(renter, llmJob({ gpu_requirements: { min_vram_gb: 500 } }));
    expect(job.status).toBe('queued');
    expect(job.providerId).toBeNull();
    expect(job.costHalala).toBe(90);
    expect(queuePosition).toBeGreaterThanOrEqual(1);
    const r = await d().renters.get(renter);
    expect(r.balanceHalala).toBe(910);
    expect(r.heldHalala).toBe(90);
  });

  it('routes to an explicit online provider and prices by its GPU', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    expect(job).toMatchObject({ status: 'pending', providerId: provider.providerId, costHalala: 17 });
    expect(job.taskSpecHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(job.timeoutAt).not.toBeNull();
  });

  it('settles a completed job: actual from metered seconds, 75/25, remainder refunded', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway, { gpu: 'Unknown GPU X' });
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId, duration_minutes: 100 }));
    const claimed = await d().jobs.claimNext(provider);
    expect(claimed?.id).toBe(job.id);
    expect(claimed?.status).toBe('running');
    const { job: done, settlement } = await d().jobs.complete(provider, job.jobId, { result: 'ok', gpu_seconds_used: 6000 });
    // default GPU rate: 0.0000247 USD/s -> 0.0092625 halala/s; 6000 s -> ceil(55.575) = 56
    expect(settlement).toEqual({ actualHalala: 56, providerHalala: 42, platformHalala: 14, refundedHalala: job.costHalala - 56 });
    expect(done).toMatchObject({ status: 'completed', actualCostHalala: 56, providerEarnedHalala: 42, dc1FeeHalala: 14 });
    const r = await d().renters.get(renter);
    expect(r.balanceHalala).toBe(1000 - 56);
    expect(r.heldHalala).toBe(0);
    expect((await d().providers.get(ADMIN, provider.providerId)).earningsHalala).toBe(42);
    await expectMoneyConsistent(h.gateway);
  });

  it('moves through assigned, pulling and running with progress phases', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    expect((await d().jobs.claimNext(provider, { mode: 'assign' }))?.status).toBe('assigned');
    expect((await d().jobs.reportProgress(provider, job.id, 'pulling')).status).toBe('pulling');
    const running = await d().jobs.reportProgress(provider, job.id, 'loading_model');
    expect(running).toMatchObject({ status: 'running', progressPhase: 'loading_model' });
    expect(running.startedAt).not.toBeNull();
    await expect(d().jobs.reportProgress(provider, job.id, 'dancing')).rejects.toBeInstanceOf(ValidationError);
    const events = await h.gateway.store.db.query.jobEvents.findMany({ where: (e, { eq }) => eq(e.jobId, job.id), orderBy: (e) => e.sequenceNo });
    expect(events.map((e) => e.status)).toEqual(['pending', 'assigned', 'pulling', 'running']);
    expect(events.map((e) => e.sequenceNo)).toEqual([1, 2, 3, 4]);
  });

  it('refuses every illegal transition with the current status, and refunds exactly once', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    await expect(d().jobs.complete(provider, job.id)).rejects.toMatchObject({ currentStatus: 'pending' });
    await expect(d().jobs.complete(ADMIN, job.id)).rejects.toMatchObject({ currentStatus: 'pending' });
    await expect(d().jobs.reportProgress(provider, job.id, 'generating')).rejects.toBeInstanceOf(IllegalTransitionError);
    const { refundedHalala } = await d().jobs.cancel(renter, job.id);
    expect(refundedHalala).toBe(17);
    await expect(d().jobs.cancel(renter, job.id)).rejects.toMatchObject({ currentStatus: 'cancelled' });
    await expect(d().jobs.fail(ADMIN, job.id)).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(d().jobs.complete(ADMIN, job.id)).rejects.toBeInstanceOf(IllegalTransitionError);
    expect((await d().renters.get(renter)).balanceHalala).toBe(1000);
    await expectMoneyConsistent(h.gateway);
  });

  it('fails a running job and returns the whole hold; a failed job cannot be cancelled for a second refund', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    await d().jobs.claimNext(provider);
    const { job: failed, refundedHalala } = await d().jobs.fail(provider, job.id, { error: 'boom' });
    expect(failed).toMatchObject({ status: 'failed', error: 'boom' });
    expect(refundedHalala).toBe(17);
    await expect(d().jobs.cancel(renter, job.id)).rejects.toMatchObject({ currentStatus: 'failed' });
    expect((await d().renters.get(renter)).balanceHalala).toBe(1000);
  });

  it('lets only the owner, the assigned provider or an admin act on a job', async () => {
    const owner = await newRenter(h.gateway, 1000);
    const stranger = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const other = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(owner, llmJob({ provider_id: provider.providerId }));
    await expect(d().jobs.get(stranger, job.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(d().jobs.get(other, job.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(d().jobs.cancel(provider, job.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(d().jobs.cancel(stranger, job.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await d().jobs.get(provider, job.jobId)).id).toBe(job.id);
    expect((await d().jobs.get(ADMIN, String(job.id))).id).toBe(job.id);
  });

  it('retries a failed job as a new job with a fresh hold', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    await expect(d().jobs.retry(renter, job.id)).rejects.toMatchObject({ currentStatus: 'pending' });
    await d().jobs.claimNext(provider);
    await d().jobs.fail(provider, job.id, { error: 'oom' });
    const { job: again } = await d().jobs.retry(renter, job.id);
    expect(again.retriedFromJobId).toBe(job.id);
    expect(again.jobId).not.toBe(job.jobId);
    expect(again.taskSpec).toBe(job.taskSpec);
    await expectMoneyConsistent(h.gateway);
  });

  it('refuses a submit the balance cannot cover, with required and available amounts', async () => {
    const renter = await newRenter(h.gateway, 50);
    const err = await d().jobs.submit(renter, llmJob({ gpu_requirements: { min_vram_gb: 500 } })).catch((e) => e);
    expect(err).toBeInstanceOf(InsufficientBalanceError);
    expect(err).toMatchObject({ requiredHalala: 90, availableHalala: 50 });
  });

  it('appends log lines numbered from 1 per job', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    await d().jobs.claimNext(provider);
    expect((await d().jobs.appendLogs(provider, job.id, { lines: [{ message: 'a' }, { level: 'error', message: 'b' }] })).firstLine).toBe(1);
    expect((await d().jobs.appendLogs(provider, job.id, { lines: [{ message: 'c' }] })).firstLine).toBe(3);
    await expect(d().jobs.appendLogs(provider, job.id, { lines: [{ message: 'x'.repeat(2001) }] })).rejects.toBeInstanceOf(ValidationError);
  });

  it('sends a transient failure back to the same provider while retries last, then fails and refunds', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    for (const attempt of [1, 2]) {
      await d().jobs.claimNext(provider);
      const { job: retried, retryAttempt, refundedHalala } = await d().jobs.fail(provider, job.id, { error: 'CUDA hiccup', transient: true });
      expect(retryAttempt).toBe(attempt);
      expect(refundedHalala).toBe(0);
      expect(retried).toMatchObject({ status: 'pending', providerId: provider.providerId, retryCount: attempt });
    }
    await d().jobs.claimNext(provider);
    const { job: failed, refundedHalala } = await d().jobs.fail(provider, job.id, { error: 'CUDA hiccup', transient: true });
    expect(failed.status).toBe('failed');
    expect(refundedHalala).toBe(17);
    await expectMoneyConsistent(h.gateway);
  });

  it('auto-routes to an idle provider before a busy one', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const idle = await newProvider(h.gateway, { gpu: 'NVIDIA L40S', vramMib: 46068 });
    const busy = await newProvider(h.gateway, { gpu: 'NVIDIA L40S', vramMib: 46068 });
    await d().jobs.submit(renter, llmJob({ provider_id: busy.providerId }));
    await d().jobs.claimNext(busy);
    h.clock.advance(1000);
    await d().providers.heartbeat(busy, {}); // the busy one has the fresher heartbeat
    const { job } = await d().jobs.submit(renter, llmJob({ gpu_requirements: { gpu_type: 'L40S' } }));
    expect(job).toMatchObject({ providerId: idle.providerId, status: 'pending' });
  });

  it('queues auto-routed work on busy providers in turn, each time on the one given work least recently', async () => {
    // A VRAM size only these providers have, so earlier tests' providers are not candidates.
    const gpu = { gpu: 'NVIDIA RTX 6000 Ada', vramMib: 49_140 };
    const [a, b] = [await newProvider(h.gateway, gpu), await newProvider(h.gateway, gpu)];
    const renter = await newRenter(h.gateway, 5000);
    const routed = () => llmJob({ gpu_requirements: { min_vram_gb: 47 } });
    const placed: Array<[number | null, string]> = [];
    const positions: Array<number | null> = [];
    for (let i = 0; i < 6; i++) {
      h.clock.advance(1000);
      const { job, queuePosition } = await d().jobs.submit(renter, routed());
      placed.push([job.providerId, job.status]);
      positions.push(queuePosition);
    }
    // Both idle first, then the queue alternates: neither provider's queue grows while the other's stays empty.
    const [first, second] = [placed[0][0], placed[1][0]];
    expect(new Set([first, second])).toEqual(new Set([a.providerId, b.providerId]));
    expect(placed).toEqual([
      [first, 'pending'],
      [second, 'pending'],
      [first, 'queued'],
      [second, 'queued'],
      [first, 'queued'],
      [second, 'queued'],
    ]);
    expect(positions).toEqual([null, null, 2, 2, 3, 3]);
  });

  it('prices a global job by job type even when it names a GPU type, and only a matching GPU may claim it', async () => {
    const renter = await newRenter(h.gateway, 5000);
    const { job } = await d().jobs.submit(renter, llmJob({ duration_minutes: 60, gpu_requirements: { gpu_type: 'RTX3080' } }));
    expect(job).toMatchObject({ status: 'queued', providerId: null, costHalala: 540 });
    // Earlier tests leave other global work queued: each provider drains what it may take.
    const drain = async (p: Awaited<ReturnType<typeof newProvider>>) => {
      const ids: number[] = [];
      for (let claimed = await d().jobs.claimNext(p); claimed; claimed = await d().jobs.claimNext(p)) ids.push(claimed.id);
      return ids;
    };
    const h100 = await newProvider(h.gateway, { gpu: 'NVIDIA H100 80GB', vramMib: 81920 });
    expect(await drain(h100)).not.toContain(job.id);
    const rtx3080 = await newProvider(h.gateway, { gpu: 'NVIDIA GeForce RTX 3080', vramMib: 10240 });
    expect(await drain(rtx3080)).toContain(job.id);
  });

  it('refuses out-of-range numbers as validation errors instead of failing in the database', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    await expect(d().jobs.submit(renter, llmJob({ provider_id: 3e9 }))).rejects.toBeInstanceOf(ValidationError);
    await expect(d().jobs.submit(renter, llmJob({ gpu_requirements: { min_vram_gb: 1e308 } }))).rejects.toBeInstanceOf(ValidationError);
    await expect(d().providers.heartbeat(provider, { container_restart_count: 3e9 })).rejects.toBeInstanceOf(ValidationError);
    await expect(d().providers.heartbeat(provider, { model_cache: { used_mb: 3e9 } })).rejects.toBeInstanceOf(ValidationError);
  });

  it('bills a renter-completed job by the clock, ignoring any metered time or result the renter sends', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    await d().jobs.claimNext(provider, { mode: 'assign' });
    await expect(d().jobs.complete(renter, job.id)).rejects.toMatchObject({ currentStatus: 'assigned' });
    await d().jobs.reportProgress(provider, job.id, 'generating');
    h.clock.advance(300_000); // 5 of the 10 quoted minutes
    const { job: done, settlement } = await d().jobs.complete(renter, job.id, { gpu_seconds_used: 0, result: 'forged by renter' });
    expect(done.result).toBeNull();
    expect(done.gpuSecondsUsed).toBe(300);
    expect(settlement.actualHalala).toBe(9); // ceil(300 s at the RTX 4090 rate) = ceil(8.3475)
  });
});
