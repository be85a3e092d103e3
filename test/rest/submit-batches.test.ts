import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../../src/domain/auth.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { QUEUE_POSITIONS_SQL } from '../../src/domain/queueOrder.js';
import { createQueuedJob, type NewJobValues } from '../../src/domain/submitStatement.js';
import { storeName } from '../helpers/index.js';
import { expectMoneyConsistent, llmJob, RTX4090, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * Queued submits that arrive while earlier ones are in the database go together as one statement (group commit,
 * src/domain/submitStatement.ts), and their queue positions are counted in one more after it commits: each job
 * is still debited, held, recorded, announced and answered on its own. The domain calls below are the one the
 * REST route makes for a job that queues; called in one tick, the first two go at once (two batches may be in
 * flight) and the rest wait and go as the third batch.
 */
describe(`submit batches (${storeName})`, () => {
  let h: JobsHarness;
  const events: DomainEvent[] = [];
  let stopListening: () => void;
  let fillers: number[];
  let seq = 0;

  const renterWith = async (balanceHalala: number) => {
    const r = await h.renter();
    const { balanceHalala: now } = await h.t.gateway.domain.renters.get(ADMIN, r.id);
    if (balanceHalala !== now) await h.t.gateway.domain.renters.adjustBalance(ADMIN, r.id, { amount_halala: balanceHalala - now });
    return r;
  };
  /** A queued job in the unassigned queue, submitted `seq` milliseconds after the first, so the queue order is the call order. */
  const queued = (renterId: number, extra: Partial<NewJobValues> = {}): NewJobValues => {
    seq += 1;
    return {
      status: 'queued', timeoutAt: null, renterId, costHalala: 100, countsAsNewJob: true, at: new Date(Date.UTC(2030, 0, 1) + seq), jobId: `job-batch-${Date.now()}-${seq}`,
      providerId: null, jobType: 'llm_inference', model: 'm', templateId: null, retriedFromJobId: null, priority: 2, pricingClass: 'standard',
      prewarmRequested: false, durationMinutes: 1, maxDurationSeconds: 1800, taskSpec: '{}', taskSpecHmac: 'hmac', containerSpec: { image_type: 'llm' },
      gpuRequirements: null, params: {}, rateHalalaPerSecond: 1.5, gpuRateSnapshot: { rate: 1 }, checkpointEnabled: false,
      firstEvent: { eventType: 'job.submitted' }, ...extra,
    };
  };
  const create = (v: NewJobValues) => createQueuedJob(h.t.gateway.store, v);
  /** Two submits that go first, alone, so that the ones after them wait and form a batch. */
  const fill = () => fillers.map((id) => create(queued(id)));
  const renterRow = (id: number) => h.t.gateway.store.db.query.renters.findFirst({ where: (r, { eq }) => eq(r.id, id) });

  beforeAll(async () => {
    h = await startJobsHarness();
    stopListening = h.t.gateway.events.subscribe((e) => events.push(e));
    fillers = [(await renterWith(1_000_000)).id, (await renterWith(1_000_000)).id];
  });
  afterAll(async () => {
    stopListening?.();
    await h?.close();
  });

  it('writes the queued jobs of several renters in one statement and counts their positions in one more, each answered with its own job', async () => {
    const renters: { id: number; key: string }[] = [];
    for (let i = 0; i < 5; i++) renters.push(await renterWith(1000));
    events.length = 0;
    const { result, count } = await h.t.gateway.store.statements.measure(() => Promise.all([...fill(), ...renters.map((r) => create(queued(r.id)))]));
    // Three batches (the two fillers alone, then the five together), each a write and a count.
    expect(count).toBe(6);
    const jobs = result.slice(2).map((j) => j!);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(5);
    // Queued in call order in the unassigned queue: consecutive positions.
    jobs.forEach((j, i) => expect(j.queuePosition).toBe(jobs[0].queuePosition! + i));
    // A poll counts again, now: a filler's batch may have committed only after this batch was counted.
    const polled: number[] = [];
    for (const [i, r] of renters.entries()) {
      expect(await renterRow(r.id)).toMatchObject({ balanceHalala: 900, heldHalala: 100, totalJobs: 1 });
      const poll = await h.api(`/jobs/${jobs[i].id}`, { headers: { 'x-renter-key': r.key } });
      expect(poll.body.job).toMatchObject({ status: 'queued', renter_id: r.id });
      polled.push(poll.body.job.queue_position);
    }
    expect(polled).toEqual(jobs.map((_, i) => polled[0] + i));
    expect(polled[0] - jobs[0].queuePosition!).toBeGreaterThanOrEqual(0);
    expect(polled[0] - jobs[0].queuePosition!).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const [i, r] of renters.entries()) {
      expect(events.filter((e) => e.type === 'renter.balance_changed' && e.renterId === r.id)).toHaveLength(1);
      expect(events.filter((e) => e.type === 'job.status_changed' && e.jobId === jobs[i].id)).toEqual([
        expect.objectContaining({ renterId: r.id, status: 'queued', fromStatus: null, sequenceNo: 1 }),
      ]);
    }
    await expectMoneyConsistent(h.t.gateway);
  });

  it('writes nothing for a job whose renter cannot cover its quote, and the rest of its batch', async () => {
    const [rich, poor, other] = [await renterWith(1000), await renterWith(99), await renterWith(1000)];
    const answers = await Promise.all([...fill(), create(queued(rich.id)), create(queued(poor.id)), create(queued(other.id))]);
    expect(answers[2]).toBeDefined();
    expect(answers[3]).toBeUndefined();
    expect(answers[4]).toBeDefined();
    expect(await renterRow(poor.id)).toMatchObject({ balanceHalala: 99, heldHalala: 0, totalJobs: 0 });
    expect(await renterRow(other.id)).toMatchObject({ balanceHalala: 900, heldHalala: 100 });
    await expectMoneyConsistent(h.t.gateway);
  });

  it('retries a batch Postgres refuses one job at a time: the faulty job fails alone, the others are written', async () => {
    const [a, faulty, b] = [await renterWith(1000), await renterWith(1000), await renterWith(1000)];
    const answers = await Promise.allSettled([
      ...fill(),
      create(queued(a.id)),
      // A provider that does not exist: the foreign key refuses the whole statement.
      create(queued(faulty.id, { providerId: 2_000_000_000 })),
      create(queued(b.id)),
    ]);
    expect(answers.map((x) => x.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await renterRow(faulty.id)).toMatchObject({ balanceHalala: 1000, heldHalala: 0, totalJobs: 0 });
    for (const r of [a, b]) expect(await renterRow(r.id)).toMatchObject({ balanceHalala: 900, heldHalala: 100, totalJobs: 1 });
    await expectMoneyConsistent(h.t.gateway);
  });

  it('answers jobs whose batch committed even when their positions cannot be counted, and never writes them twice', async () => {
    const store = h.t.gateway.store;
    // The same store, whose queue-position statement fails (as on a connection lost right after the commit).
    const countFails = Object.assign(Object.create(store) as typeof store, {
      prepared: (text: string, params: unknown[]) => (text === QUEUE_POSITIONS_SQL ? Promise.reject(new Error('connection lost')) : store.prepared(text, params)),
    });
    const renters = [await renterWith(1000), await renterWith(1000), await renterWith(1000)];
    const answers = await Promise.all(renters.map((r) => createQueuedJob(countFails, queued(r.id))));
    for (const [i, r] of renters.entries()) {
      expect(answers[i]).toMatchObject({ id: expect.any(Number), queuePosition: undefined });
      expect(await renterRow(r.id)).toMatchObject({ balanceHalala: 900, heldHalala: 100, totalJobs: 1 });
    }
    await expectMoneyConsistent(h.t.gateway);
  });

  it("sends a renter's second submit to the next batch, and debits both", async () => {
    const [twice, once] = [await renterWith(1000), await renterWith(1000)];
    const { result, count } = await h.t.gateway.store.statements.measure(() =>
      Promise.all([...fill(), create(queued(twice.id)), create(queued(twice.id)), create(queued(once.id))]),
    );
    expect(result.every(Boolean)).toBe(true);
    // The fillers alone, then [twice, once], then [twice]: four batches.
    expect(count).toBe(8);
    expect(await renterRow(twice.id)).toMatchObject({ balanceHalala: 800, heldHalala: 200, totalJobs: 2 });
    await expectMoneyConsistent(h.t.gateway);
  });

  it('answers parallel REST submits to a busy fleet, each queued with its money, in fewer statements than one by one', async () => {
    const provider = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
    const job = llmJob({ gpu_requirements: { min_vram_gb: 20, gpu_type: 'RTX4090' } });
    const first = await h.submit((await renterWith(100_000)).key, job);
    expect(first).toMatchObject({ status: 'pending', provider_id: provider.id });
    const renters = await Promise.all(Array.from({ length: 12 }, () => renterWith(100_000)));
    const submit = (key: string) => h.api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': key }, json: job });
    const { result, count } = await h.t.gateway.store.statements.measure(() => Promise.all(renters.map((r) => submit(r.key))));
    for (const res of result) {
      expect(res.status, res.text).toBe(201);
      expect(res.body.job).toMatchObject({ status: 'queued', provider_id: provider.id });
    }
    // One by one, each is three statements (routing, write, count); batched, the write and count are shared.
    expect(count).toBeLessThan(3 * renters.length);
    // Each position was counted when its batch committed (behind the pending job); polled now, they are the queue's.
    const answered = result.map((res) => res.body.job.queue_position as number);
    expect(answered.every((p) => p >= 2 && p <= renters.length + 1)).toBe(true);
    const polled = [];
    for (const [i, res] of result.entries()) {
      const poll = await h.api(`/jobs/${res.body.job.job_id}`, { headers: { 'x-renter-key': renters[i].key } });
      polled.push(poll.body.job.queue_position as number);
    }
    expect(polled.sort((a, b) => a - b)).toEqual(renters.map((_, i) => i + 2));
    await expectMoneyConsistent(h.t.gateway);
  });
});
