import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, expectMoneyConsistent, llmJob, newProvider, newRenter, startDomain, storeName, type DomainHarness } from './support.js';

describe(`background sweeps (${storeName})`, () => {
  let h: DomainHarness;
  beforeAll(async () => {
    h = await startDomain();
  });
  afterAll(() => h.close());
  const d = () => h.gateway.domain;

  it('fails a running job past its timeout and refunds it once, however often the sweep runs', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId, max_duration_seconds: 60 }));
    await d().jobs.claimNext(provider);
    await d().providers.heartbeat(provider, {});
    h.clock.advance(61_000);
    await d().providers.heartbeat(provider, {});
    const first = await d().sweeps.runOnce();
    expect(first?.timedOut).toBe(1);
    expect((await d().sweeps.runOnce())?.timedOut).toBe(0);
    const failed = await d().jobs.get(ADMIN, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/timed out/);
    expect((await d().renters.get(renter)).balanceHalala).toBe(1000);
    await expectMoneyConsistent(h.gateway);
  });

  it('marks a silent provider offline and puts its running job back on the global queue', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway);
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    await d().jobs.claimNext(provider);
    h.clock.advance(91_000);
    const report = await d().sweeps.runOnce();
    expect(report?.providersOffline).toBeGreaterThanOrEqual(1);
    const requeued = await d().jobs.get(ADMIN, job.id);
    expect(requeued).toMatchObject({ status: 'queued', providerId: null, retryCount: 1, startedAt: null });
    expect((await d().providers.get(ADMIN, provider.providerId)).status).toBe('offline');
    // Another provider picks it up.
    const rescuer = await newProvider(h.gateway);
    expect((await d().jobs.claimNext(rescuer))?.id).toBe(job.id);
  });

  it('expires unclaimed work after the queue timeout with a full refund', async () => {
    const renter = await newRenter(h.gateway, 1000);
    const { job } = await d().jobs.submit(renter, llmJob({ gpu_requirements: { min_vram_gb: 900 } }));
    h.clock.advance(31 * 60_000);
    expect((await d().sweeps.runOnce())?.expired).toBeGreaterThanOrEqual(1);
    expect((await d().jobs.get(ADMIN, job.id)).status).toBe('failed');
    expect((await d().renters.get(renter)).balanceHalala).toBe(1000);
    await expectMoneyConsistent(h.gateway);
  });
});
