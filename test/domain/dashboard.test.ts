import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, newRenter, startDomain, storeName, type DomainHarness } from './support.js';

/**
 * The admin dashboard scans the whole jobs table, so admins asking at the same time share one read
 * (src/domain/stats.ts) — but never one that started before they asked.
 */
describe(`admin dashboard under concurrent use (${storeName})`, () => {
  let h: DomainHarness;
  const job = { job_type: 'llm_inference', duration_minutes: 1 };

  beforeAll(async () => {
    h = await startDomain();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves twenty admins asking at once with one read', async () => {
    const stats = h.gateway.domain.stats;
    const { count: oneRead } = await h.gateway.store.statements.measure(() => stats.dashboard(ADMIN));
    // The figures with the GPU breakdown, and the two lists of whole providers (GraphQL's) beside them.
    expect(oneRead).toBe(3);
    const { result, count } = await h.gateway.store.statements.measure(() => Promise.all(Array.from({ length: 20 }, () => stats.dashboard(ADMIN))));
    expect(count).toBe(oneRead);
    expect(new Set(result.map((d) => d.stats.totalJobs)).size).toBe(1);
  });

  it('reads the REST summary of twenty admins in one statement, the same object for each', async () => {
    const stats = h.gateway.domain.stats;
    const { result, count } = await h.gateway.store.statements.measure(() => Promise.all(Array.from({ length: 20 }, () => stats.dashboardSummary(ADMIN))));
    expect(count).toBe(1);
    expect(new Set(result).size).toBe(1);
  });

  it('counts a job submitted before the request, even while an earlier read is still running', async () => {
    const { domain } = h.gateway;
    const renter = await newRenter(h.gateway, 10_000);
    const before = (await domain.stats.dashboard(ADMIN)).stats.totalJobs;
    const earlier = Array.from({ length: 10 }, () => domain.stats.dashboard(ADMIN));
    await domain.jobs.submit(renter, job);
    const later = await Promise.all(Array.from({ length: 10 }, () => domain.stats.dashboard(ADMIN)));
    expect(later.map((d) => d.stats.totalJobs)).toEqual(Array(10).fill(before + 1));
    await Promise.all(earlier);
  });

  it('is for admins only, whoever else is asking at the same time', async () => {
    const renter = await newRenter(h.gateway);
    const [admin, refused] = await Promise.allSettled([h.gateway.domain.stats.dashboard(ADMIN), h.gateway.domain.stats.dashboard(renter)]);
    expect(admin.status).toBe('fulfilled');
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'FORBIDDEN' } });
  });
});
