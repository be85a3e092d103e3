import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsufficientBalanceError } from '../../src/domain/errors.js';
import { ledgerBalance, account } from '../../src/domain/billing.js';
import { racePostgres } from '../helpers/racePostgres.js';
import { ADMIN, expectMoneyConsistent, llmJob, newProvider, newRenter, startDomain, type DomainHarness } from './support.js';

// Races need transactions running side by side: always Postgres, never PGlite (which runs one at a time).
const postgresUrl = await racePostgres('test/domain/concurrency.test.ts');

describe.skipIf(!postgresUrl)('money and claims under concurrency (postgres)', () => {
  let h: DomainHarness;
  beforeAll(async () => {
    h = await startDomain({}, postgresUrl);
  });
  afterAll(() => h?.close());
  const d = () => h.gateway.domain;

  it('50 parallel submits against a balance covering exactly 10: 10 succeed, 40 get InsufficientBalance', async () => {
    const renter = await newRenter(h.gateway, 900); // 10 × 90 halala (queued jobs are quoted by job type)
    const submits = Array.from({ length: 50 }, () =>
      d().jobs.submit(renter, llmJob({ gpu_requirements: { min_vram_gb: 1000 } })).then(
        () => 'ok',
        (e) => e,
      ),
    );
    const results = await Promise.all(submits);
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.filter((r) => r instanceof InsufficientBalanceError)).toHaveLength(40);
    const r = await d().renters.get(renter);
    expect(r.balanceHalala).toBe(0);
    expect(r.heldHalala).toBe(900);
    await expectMoneyConsistent(h.gateway);
  });

  it('cancels racing completions never refund twice', async () => {
    const renter = await newRenter(h.gateway, 5000);
    const provider = await newProvider(h.gateway);
    for (let i = 0; i < 5; i++) {
      const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
      await d().jobs.claimNext(provider);
      const outcomes = await Promise.allSettled([
        d().jobs.cancel(renter, job.id),
        d().jobs.complete(provider, job.id, { gpu_seconds_used: 60 }),
        d().jobs.cancel(ADMIN, job.id),
        d().jobs.fail(provider, job.id),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await ledgerBalance(h.gateway.store.db, account.hold(job.id))).toBe(0);
    }
    const r = await d().renters.get(renter);
    expect(r.heldHalala).toBe(0);
    await expectMoneyConsistent(h.gateway);
  });

  it('20 parallel claims of 5 jobs by different providers: each job claimed exactly once', async () => {
    const renter = await newRenter(h.gateway, 5000);
    // Five global jobs, queued while no provider is online to take them...
    const queued = [];
    for (let i = 0; i < 5; i++) queued.push((await d().jobs.submit(renter, llmJob({ gpu_requirements: { min_vram_gb: 70 } }))).job);
    expect(queued.every((j) => j.status === 'queued' && j.providerId === null)).toBe(true);
    // ...then twenty providers come online and all poll at once.
    const providers = await Promise.all(Array.from({ length: 20 }, () => newProvider(h.gateway, { gpu: 'NVIDIA H100', vramMib: 81920 })));
    const claims = await Promise.all(providers.map((p) => d().jobs.claimNext(p)));
    const claimed = claims.filter((j) => j != null).map((j) => j!.id);
    expect(claimed).toHaveLength(5);
    expect(new Set(claimed).size).toBe(5);
  });

  it('parallel submits to one idle provider: exactly one becomes pending, the rest queue behind it', async () => {
    const renter = await newRenter(h.gateway, 5000);
    const provider = await newProvider(h.gateway);
    const results = await Promise.all(Array.from({ length: 8 }, () => d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }))));
    const statuses = results.map((r) => r.job.status).sort();
    expect(statuses).toEqual(['pending', ...Array(7).fill('queued')]);
  });

  it('parallel auto-routed submits from many renters: each idle provider gets exactly one pending job', async () => {
    // A VRAM size only these three providers have, so earlier tests' providers are not candidates.
    const providers = await Promise.all(Array.from({ length: 3 }, () => newProvider(h.gateway, { gpu: 'NVIDIA H200', vramMib: 143_771 })));
    const renters = await Promise.all(Array.from({ length: 12 }, () => newRenter(h.gateway, 5000)));
    const job = llmJob({ gpu_requirements: { min_vram_gb: 140 } });
    const results = await Promise.all(renters.map((renter) => d().jobs.submit(renter, job)));
    const pending = results.filter((r) => r.job.status === 'pending').map((r) => r.job.providerId);
    expect(pending.sort()).toEqual(providers.map((p) => p.providerId).sort());
    expect(results.filter((r) => r.job.status === 'queued')).toHaveLength(9);
    await expectMoneyConsistent(h.gateway);
  });

  /** A renter as REST sees it: its key, which the one-statement submit checks itself. */
  async function keyedRenter(balanceHalala: number): Promise<string> {
    const { renter, apiKey } = await d().renters.register({ name: 'Keyed renter', email: `keyed-${Math.random().toString(36).slice(2)}@example.sa` });
    await d().renters.adjustBalance(ADMIN, renter.id, { amount_halala: balanceHalala });
    return apiKey;
  }
  const byKey = (key: string, input: unknown) => d().jobs.submitByKey(key, input, () => {});

  it('by key (REST), 50 parallel one-statement queued submits against a balance covering exactly 10: 10 succeed, 40 get InsufficientBalance', async () => {
    const key = await keyedRenter(900);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => byKey(key, llmJob({ gpu_requirements: { min_vram_gb: 1000 } })).then((r) => r, (e) => e)),
    );
    const ok = results.filter((r) => !(r instanceof Error));
    expect(ok).toHaveLength(10);
    expect(results.filter((r) => r instanceof InsufficientBalanceError)).toHaveLength(40);
    const principal = await d().principal(key);
    const r = await d().renters.get(principal!);
    expect(r.balanceHalala).toBe(0);
    expect(r.heldHalala).toBe(900);
    await expectMoneyConsistent(h.gateway);
  });

  it('by key (REST), 10 renters x 5 parallel queued submits (batched), each balance covering exactly 2: 2 succeed per renter', async () => {
    const keys = await Promise.all(Array.from({ length: 10 }, () => keyedRenter(180)));
    const job = llmJob({ gpu_requirements: { min_vram_gb: 1000 } });
    const results = await Promise.all(keys.flatMap((key) => Array.from({ length: 5 }, () => byKey(key, job).then((r) => ({ key, r }), (e) => ({ key, e })))));
    for (const key of keys) {
      const mine = results.filter((x) => x.key === key);
      expect(mine.filter((x) => 'r' in x)).toHaveLength(2);
      expect(mine.filter((x) => 'e' in x && x.e instanceof InsufficientBalanceError)).toHaveLength(3);
      const r = await d().renters.get((await d().principal(key))!);
      expect(r).toMatchObject({ balanceHalala: 0, heldHalala: 180 });
    }
    await expectMoneyConsistent(h.gateway);
  });

  it('by key (REST), parallel auto-routed submits: each idle provider gets exactly one pending job, the rest queue on the busy ones', async () => {
    // A VRAM size only these three providers have, so earlier tests' providers are not candidates.
    const providers = await Promise.all(Array.from({ length: 3 }, () => newProvider(h.gateway, { gpu: 'NVIDIA B200', vramMib: 200_000 })));
    const keys = await Promise.all(Array.from({ length: 12 }, () => keyedRenter(5000)));
    const job = llmJob({ gpu_requirements: { min_vram_gb: 190 } });
    const first = await Promise.all(keys.map((key) => byKey(key, job)));
    const pending = first.filter((r) => r.job.status === 'pending').map((r) => r.job.providerId);
    expect(pending.sort()).toEqual(providers.map((p) => p.providerId).sort());
    // Every provider busy now: the one-statement path queues on them in turn.
    const queued = await Promise.all(keys.map((key) => byKey(key, job)));
    expect(queued.every((r) => r.job.status === 'queued' && providers.some((p) => p.providerId === r.job.providerId))).toBe(true);
    await expectMoneyConsistent(h.gateway);
  });

  it('a claim waits for a submit placing work on its provider, then takes that work', async () => {
    const provider = await newProvider(h.gateway, { gpu: 'NVIDIA GB200', vramMib: 190_000 });
    const renter = await newRenter(h.gateway, 5000);
    let claimed: Promise<unknown> | undefined;
    let settledEarly = false;
    await h.gateway.store.db.transaction(async (tx) => {
      // A submit holds the provider's placement lock while it decides whether the provider is idle.
      await tx.execute(sql`select pg_advisory_xact_lock(72003, ${provider.providerId})`);
      claimed = d().jobs.claimNext(provider).then((job) => {
        settledEarly = true;
        return job;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(settledEarly).toBe(false);
    expect(await claimed).toBeNull();
    const { job } = await d().jobs.submit(renter, llmJob({ provider_id: provider.providerId }));
    expect(job.status).toBe('pending');
    expect(await d().jobs.claimNext(provider)).toMatchObject({ id: job.id, status: 'running' });
  });

  it('a submit never waits for another submit placing work on the same provider', async () => {
    const provider = await newProvider(h.gateway, { gpu: 'NVIDIA B200', vramMib: 183_359 });
    const renter = await newRenter(h.gateway, 5000);
    const job = llmJob({ gpu_requirements: { min_vram_gb: 170 } });
    const placed = await h.gateway.store.db.transaction(async (tx) => {
      // Another submit is placing a job on this provider right now (it holds the provider's submit lock).
      await tx.execute(sql`select pg_advisory_xact_lock(72003, ${provider.providerId})`);
      const timeout = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5000));
      return Promise.race([d().jobs.submit(renter, job), timeout]);
    });
    expect(placed).not.toBe('waited');
    expect((placed as { job: { status: string; providerId: number } }).job).toMatchObject({ status: 'queued', providerId: provider.providerId });
  });
});
