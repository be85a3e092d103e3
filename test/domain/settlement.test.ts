import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db/client.js';
import { account, ledgerBalance, releaseHold, settleHold } from '../../src/domain/billing.js';
import { ADMIN, expectMoneyConsistent, llmJob, newProvider, newRenter, startDomain, storeName, type DomainHarness } from './support.js';

/**
 * A job's hold is resolved exactly once, and a settlement pays out the metered cost, not the quote.
 *
 * The job state machine refuses a second resolution long before billing sees it (a cancelled job cannot
 * complete), so tests through the job actions never reach the hold's own guard. These tests resolve a
 * hold through a job action and then call the other resolution directly, as a late or duplicate
 * settlement would, so the guard in billing (a hold is claimed only while `held`) is what answers.
 */

// The "Unknown GPU X" rate: 0.0000247 USD/s = 0.0092625 halala/s; 100 minutes quote ceil(55.575) = 56.
const QUOTE = 56;

describe(`job holds are resolved exactly once (${storeName})`, () => {
  let h: DomainHarness;
  beforeAll(async () => {
    h = await startDomain();
  });
  afterAll(() => h?.close());
  const d = () => h.gateway.domain;
  const tx = <T>(work: (t: Tx) => Promise<T>): Promise<T> => h.gateway.store.db.transaction(work);

  /** A running 100-minute job on its own provider, for a renter holding 1,000 halala. */
  async function runningJob() {
    const renter = await newRenter(h.gateway, 1000);
    const provider = await newProvider(h.gateway, { gpu: 'Unknown GPU X' });
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId, duration_minutes: 100 }));
    expect(job.costHalala).toBe(QUOTE);
    expect((await d().jobs.claimNext(provider))?.id).toBe(job.id);
    return { renter, provider, job };
  }

  async function money(renterId: number, providerId: number, jobId: number) {
    const renter = await d().renters.get(ADMIN, renterId);
    const provider = await d().providers.get(ADMIN, providerId);
    const hold = await ledgerBalance(h.gateway.store.db, account.hold(jobId));
    return { balance: renter.balanceHalala, held: renter.heldHalala, earnings: provider.earningsHalala, hold };
  }

  it('settles a job metered below its quote: the provider earns 75 % of the metered cost, the rest of the hold goes back', async () => {
    const { renter, provider, job } = await runningJob();
    // 1,500 s × 0.0092625 = 13.89 -> 14 halala, a quarter of the quote.
    const { job: done, settlement } = await d().jobs.complete(provider, job.id, { result: 'ok', gpu_seconds_used: 1500 });
    expect(settlement).toEqual({ actualHalala: 14, providerHalala: 10, platformHalala: 4, refundedHalala: QUOTE - 14 });
    expect(done).toMatchObject({ actualCostHalala: 14, providerEarnedHalala: 10, dc1FeeHalala: 4 });
    expect(await money(renter.renterId, provider.providerId, job.id)).toEqual({ balance: 1000 - 14, held: 0, earnings: 10, hold: 0 });
    expect(await ledgerBalance(h.gateway.store.db, account.provider(provider.providerId))).toBe(10);
    await expectMoneyConsistent(h.gateway);
  });

  it('a released hold cannot be settled afterwards: cancel, then a late settlement pays nothing', async () => {
    const { renter, provider, job } = await runningJob();
    expect((await d().jobs.cancel(renter, job.id)).refundedHalala).toBe(QUOTE);
    const late = await tx((t) => settleHold(t, job.id, provider.providerId, 14));
    expect(late).toBeUndefined();
    expect(await money(renter.renterId, provider.providerId, job.id)).toEqual({ balance: 1000, held: 0, earnings: 0, hold: 0 });
    await expectMoneyConsistent(h.gateway);
  });

  it('a settled hold cannot be released afterwards: complete, then a late release refunds nothing', async () => {
    const { renter, provider, job } = await runningJob();
    await d().jobs.complete(provider, job.id, { gpu_seconds_used: 1500 });
    const late = await tx((t) => releaseHold(t, job.id));
    expect(late).toBeUndefined();
    expect(await money(renter.renterId, provider.providerId, job.id)).toEqual({ balance: 1000 - 14, held: 0, earnings: 10, hold: 0 });
    await expectMoneyConsistent(h.gateway);
  });

  it('a hold is released once and settled once, however often either is asked', async () => {
    const failed = await runningJob();
    await d().jobs.fail(failed.provider, failed.job.id, { error: 'boom' });
    expect(await tx((t) => releaseHold(t, failed.job.id))).toBeUndefined();
    expect(await money(failed.renter.renterId, failed.provider.providerId, failed.job.id)).toEqual({ balance: 1000, held: 0, earnings: 0, hold: 0 });

    const completed = await runningJob();
    await d().jobs.complete(completed.provider, completed.job.id, { gpu_seconds_used: 1500 });
    expect(await tx((t) => settleHold(t, completed.job.id, completed.provider.providerId, 14))).toBeUndefined();
    expect(await money(completed.renter.renterId, completed.provider.providerId, completed.job.id)).toEqual({ balance: 1000 - 14, held: 0, earnings: 10, hold: 0 });
    await expectMoneyConsistent(h.gateway);
  });
});
