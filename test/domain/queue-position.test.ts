import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, newProvider, newRenter, startDomain, storeName, type DomainHarness } from './support.js';

/** Queue positions (docs/decisions.md#queue-order): pricing class first, then priority, then age. */
describe(`queue positions (${storeName})`, () => {
  let h: DomainHarness;
  beforeAll(async () => {
    h = await startDomain();
  });
  afterAll(async () => {
    await h?.close();
  });

  const position = async (jobId: string) => h.gateway.domain.jobs.queuePosition(await h.gateway.domain.jobs.get(ADMIN, jobId));

  it('ranks the unassigned queue by pricing class, then priority, then age', async () => {
    const renter = await newRenter(h.gateway, 100_000);
    // Nobody has 500 GB of VRAM: every job waits in the unassigned queue.
    const submit = async (extra: Record<string, unknown>) =>
      (await h.gateway.domain.jobs.submit(renter, { job_type: 'llm_inference', duration_minutes: 1, gpu_requirements: { min_vram_gb: 500 }, ...extra })).job.jobId;
    const first = await submit({ priority: 2 });
    const second = await submit({ priority: 2 });
    const economy = await submit({ priority: 10, pricing_class: 'economy' });
    const urgent = await submit({ priority: 5 });
    const premium = await submit({ priority: 0, pricing_class: 'priority' });
    expect(await Promise.all([premium, urgent, first, second, economy].map(position))).toEqual([1, 2, 3, 4, 5]);
  });

  it("counts a provider's own work in flight ahead of a job queued for it", async () => {
    const renter = await newRenter(h.gateway, 100_000);
    const provider = await newProvider(h.gateway);
    const submit = async (priority: number) =>
      (await h.gateway.domain.jobs.submit(renter, { job_type: 'llm_inference', duration_minutes: 1, provider_id: provider.providerId, priority })).job;
    const running = await submit(2);
    expect(running.status).toBe('pending');
    const waiting = await submit(2);
    const jumping = await submit(9);
    expect(waiting).toMatchObject({ status: 'queued', providerId: provider.providerId });
    expect(await position(waiting.jobId)).toBe(3);
    expect(await position(jumping.jobId)).toBe(1);
    expect(await position(running.jobId)).toBeNull();
  });
});
