import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actualCost, quoteJob } from '../../src/domain/pricing.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { asAdmin, asProvider, asRenter, expectType, onlineProvider, registerProvider, registerRenter, smallJob, submitJob } from './fixtures.js';
import {
  AppendJobLogsDocument,
  CancelJobDocument,
  ClaimNextJobDocument,
  CompleteJobDocument,
  FailJobDocument,
  JobDocument,
  JobsDocument,
  JobsWithLogsDocument,
  JobsWithRelationsDocument,
  ProvidersWithKeysDocument,
  RentersWithKeysDocument,
  ReportJobProgressDocument,
  RetryJobDocument,
  SubmitJobDocument,
} from './generated/graphql.js';

describe(`GraphQL jobs (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  /** A renter's job on a fresh provider, claimed by that provider (running). */
  async function runningJob() {
    const renter = await registerRenter(t);
    const provider = await onlineProvider(t);
    const job = await submitJob(t, renter.key, { providerId: provider.id });
    const claim = await t.gql(ClaimNextJobDocument, {}, asProvider(provider.key));
    expect(expectType(claim.data?.claimNextJob, 'JobClaim').job).toMatchObject({ id: job.id, status: 'RUNNING', provider: { id: provider.id } });
    return { renter, provider, job };
  }

  it('runs a job end to end: submit, claim, progress, logs, complete and settle', async () => {
    const renter = await registerRenter(t);
    const provider = await onlineProvider(t);
    const submitted = await t.gql(SubmitJobDocument, { input: { ...smallJob, providerId: provider.id, priority: 5 } }, asRenter(renter.key));
    const { job } = expectType(submitted.data?.submitJob, 'SubmittedJob');
    expect(job).toMatchObject({ status: 'PENDING', priority: 5, pricingClass: 'standard', provider: { id: provider.id }, renter: { id: renter.id } });
    expect(job.jobId).toMatch(/^job-\d+-[0-9a-f]{6}$/);
    expect(job.costHalala).toBe(quoteJob({ jobType: 'llm_inference', durationMinutes: 1, pricingClass: 'standard', gpuModel: 'NVIDIA GeForce RTX 4090' }).costHalala);

    const claimed = await t.gql(ClaimNextJobDocument, { mode: 'ASSIGN' }, asProvider(provider.key));
    expect(expectType(claimed.data?.claimNextJob, 'JobClaim').job).toMatchObject({ id: job.id, status: 'ASSIGNED' });
    const progress = await t.gql(ReportJobProgressDocument, { input: { jobId: job.jobId, phase: 'generating' } }, asProvider(provider.key));
    expect(expectType(progress.data?.reportJobProgress, 'Job')).toMatchObject({ status: 'RUNNING', progressPhase: 'generating' });
    const logs = await t.gql(
      AppendJobLogsDocument,
      { input: { jobId: String(job.id), lines: [{ message: 'loading model' }, { level: 'warn', message: 'slow disk', loggedAt: '2026-05-01T12:00:00Z' }] } },
      asProvider(provider.key),
    );
    expect(expectType(logs.data?.appendJobLogs, 'AppendedLogs')).toEqual({ __typename: 'AppendedLogs', linesWritten: 2, firstLine: 1 });

    const done = await t.gql(CompleteJobDocument, { input: { jobId: job.jobId, result: 'three bullets', gpuSecondsUsed: 30 } }, asProvider(provider.key));
    const completed = expectType(done.data?.completeJob, 'CompletedJob');
    const s = completed.settlement;
    expect(completed.job).toMatchObject({ status: 'COMPLETED', result: 'three bullets', actualCostHalala: s.actualHalala });
    expect(s.actualHalala).toBeLessThanOrEqual(job.costHalala);
    expect(s.providerHalala).toBe(Math.floor(s.actualHalala * 0.75));
    expect(s.providerHalala + s.platformHalala).toBe(s.actualHalala);
    expect(s.actualHalala + s.refundedHalala).toBe(job.costHalala);

    const read = await t.gql(JobDocument, { jobId: job.jobId }, asRenter(renter.key));
    expect(read.errors).toBeUndefined();
    expect(read.data?.job).toMatchObject({ id: job.id, status: 'COMPLETED', gpuSecondsUsed: 30, renter: { id: renter.id }, provider: { id: provider.id } });
    expect(read.data?.job?.events.map((e) => [e.eventType, e.status])).toEqual([
      ['job.submitted', 'PENDING'],
      ['job.status.changed', 'ASSIGNED'],
      ['job.phase.changed', 'RUNNING'],
      ['job.completed', 'COMPLETED'],
    ]);
    expect(read.data?.job?.logs).toEqual([
      { lineNo: 1, level: 'info', message: 'loading model' },
      { lineNo: 2, level: 'warn', message: 'slow disk' },
    ]);
    const paged = await t.gql(JobDocument, { id: job.id, afterLine: 1, logLimit: 5 }, asProvider(provider.key));
    expect(paged.data?.job?.logs.map((l) => l.lineNo)).toEqual([2]);
  });

  it('fails a job with a full refund, then retries it as a new job', async () => {
    const { renter, provider, job } = await runningJob();
    const res = await t.gql(FailJobDocument, { input: { jobId: job.jobId, error: 'CUDA out of memory' } }, asProvider(provider.key));
    const ended = expectType(res.data?.failJob, 'EndedJob');
    expect(ended).toMatchObject({ refundedHalala: job.costHalala, job: { status: 'FAILED', error: 'CUDA out of memory' } });
    const retry = await t.gql(RetryJobDocument, { jobId: job.jobId }, asRenter(renter.key));
    const again = expectType(retry.data?.retryJob, 'SubmittedJob').job;
    expect(again.id).not.toBe(job.id);
    expect(again.retriedFrom).toEqual({ id: job.id });
  });

  it('cancels a job for its renter once, then answers IllegalTransition with the current status', async () => {
    const renter = await registerRenter(t);
    const job = await submitJob(t, renter.key);
    const first = await t.gql(CancelJobDocument, { jobId: job.jobId }, asRenter(renter.key));
    expect(expectType(first.data?.cancelJob, 'EndedJob')).toMatchObject({ refundedHalala: job.costHalala, job: { status: 'CANCELLED' } });
    const second = await t.gql(CancelJobDocument, { jobId: job.jobId }, asRenter(renter.key));
    expect(expectType(second.data?.cancelJob, 'IllegalTransition')).toMatchObject({ currentStatus: 'cancelled', code: 'ILLEGAL_TRANSITION' });
  });

  it('does not let a provider cancel a renter’s job, nor another renter', async () => {
    const { provider, job } = await runningJob();
    const byProvider = await t.gql(CancelJobDocument, { jobId: job.jobId }, asProvider(provider.key));
    expect(expectType(byProvider.data?.cancelJob, 'Forbidden').code).toBe('FORBIDDEN');
    const stranger = await registerRenter(t);
    const byStranger = await t.gql(CancelJobDocument, { jobId: job.jobId }, asRenter(stranger.key));
    expect(expectType(byStranger.data?.cancelJob, 'Forbidden').code).toBe('FORBIDDEN');
    const missing = await t.gql(CancelJobDocument, { jobId: 'job-0-nope00' }, asAdmin(t));
    expect(expectType(missing.data?.cancelJob, 'NotFound').entity).toBe('Job');
  });

  it('keeps renter A away from renter B’s job, and providers away from jobs not assigned to them', async () => {
    const { renter: owner, job } = await runningJob();
    const other = await registerRenter(t);
    const read = await t.gql(JobDocument, { id: job.id }, asRenter(other.key));
    expect(read.data?.job).toBeNull();
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const stranger = await onlineProvider(t);
    expect((await t.gql(JobDocument, { id: job.id }, asProvider(stranger.key))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(JobDocument, { id: job.id })).errors?.[0].extensions?.code).toBe('UNAUTHORIZED');
    expect((await t.gql(JobDocument, { id: 987_654 }, asRenter(owner.key))).data?.job).toBeNull();

    const ownList = await t.gql(JobsDocument, { first: 100 }, asRenter(owner.key));
    expect(ownList.data?.jobs.edges.map((e) => e.node.id)).toEqual([job.id]);
    expect((await t.gql(JobsDocument, { first: 100 }, asRenter(other.key))).data?.jobs.edges).toEqual([]);
    expect((await t.gql(JobsDocument, { first: 100 }, asProvider(stranger.key))).data?.jobs.edges).toEqual([]);
  });

  it('answers a submit the balance cannot cover with InsufficientBalance and its amounts', async () => {
    const renter = await registerRenter(t);
    await onlineProvider(t);
    const res = await t.gql(SubmitJobDocument, { input: { ...smallJob, durationMinutes: 1440 } }, asRenter(renter.key));
    const refused = expectType(res.data?.submitJob, 'InsufficientBalance');
    expect(refused.availableHalala).toBe(1000);
    expect(refused.requiredHalala).toBeGreaterThan(1000);
    expect((await t.gql(JobsDocument, {}, asRenter(renter.key))).data?.jobs.edges).toEqual([]);
  });

  it('names invalid submit fields by their GraphQL path, down into JSON values', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(SubmitJobDocument, { input: { ...smallJob, durationMinutes: 0, containerSpec: { image_type: '' } } }, asRenter(renter.key));
    const paths = expectType(res.data?.submitJob, 'ValidationError').fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['input.durationMinutes', 'input.containerSpec.image_type']));
  });

  it('refuses a job for a provider that is not online with a RuleViolation', async () => {
    const renter = await registerRenter(t);
    const offline = await registerProvider(t);
    const res = await t.gql(SubmitJobDocument, { input: { ...smallJob, providerId: offline.id } }, asRenter(renter.key));
    expect(expectType(res.data?.submitJob, 'RuleViolation')).toMatchObject({ code: 'PROVIDER_NOT_ONLINE', details: { provider_status: 'registered' } });
  });

  it('looks a job up by exactly one of id and jobId', async () => {
    const renter = await registerRenter(t);
    const job = await submitJob(t, renter.key);
    const both = await t.gql(JobDocument, { id: job.id, jobId: job.jobId }, asRenter(renter.key));
    expect(both.errors?.[0]).toMatchObject({ message: 'Give exactly one of id and jobId', extensions: { code: 'VALIDATION' } });
    expect((await t.gql(JobDocument, {}, asRenter(renter.key))).errors?.[0].extensions?.code).toBe('VALIDATION');
    expect((await t.gql(JobDocument, { jobId: String(job.id) }, asRenter(renter.key))).data?.job?.id).toBe(job.id);
  });

  it('refuses a page of jobs whose log lines cost too much, before touching the database', async () => {
    const renter = await registerRenter(t);
    const page = (first: number, limit: number) => `{ jobs(first: ${first}) { edges { node { id logs(limit: ${limit}) { lineNo message } } } } }`;
    const refused = await t.gateway.store.statements.measure(() => t.gql(page(100, 1000), {}, asRenter(renter.key)));
    expect(refused.result.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxComplexity: 5000 });
    expect(refused.count).toBe(0);
    expect((await t.gql(page(2, 1000), {}, asRenter(renter.key))).errors).toBeUndefined();
  });

  it('refuses an explicit null log limit instead of reading every line', async () => {
    const renter = await registerRenter(t);
    const job = await submitJob(t, renter.key);
    const literal = await t.gql(`{ job(id: ${job.id}) { logs(limit: null) { lineNo } } }`, {}, asRenter(renter.key));
    expect(literal.errors?.[0].message).toMatch(/Int!/);
    const variable = await t.gql(JobDocument, { id: job.id, logLimit: null }, asRenter(renter.key));
    expect(variable.data ?? null).toBeNull();
    expect(variable.errors?.[0].message).toMatch(/"limit" of non-null type "Int!" must not be null/);
  });

  it('takes job progress and logs from the provider daemon only, not from an admin', async () => {
    const { job } = await runningJob();
    const progress = await t.gql(ReportJobProgressDocument, { input: { jobId: job.jobId, phase: 'generating' } }, asAdmin(t));
    expect(expectType(progress.data?.reportJobProgress, 'Forbidden').message).toBe('Not allowed to access Mutation.reportJobProgress');
    const logs = await t.gql(AppendJobLogsDocument, { input: { jobId: job.jobId, lines: [{ message: 'from admin' }] } }, asAdmin(t));
    expect(expectType(logs.data?.appendJobLogs, 'Forbidden').message).toBe('Not allowed to access Mutation.appendJobLogs');
    const read = await t.gql(JobDocument, { id: job.id }, asAdmin(t));
    expect(read.data?.job).toMatchObject({ progressPhase: null, logs: [] });
  });

  it('gives a provider with nothing left to do an empty claim', async () => {
    const provider = await onlineProvider(t);
    // Earlier tests may have left work in the global queue: drain it first.
    let claimed: unknown = true;
    for (let i = 0; i < 20 && claimed; i++) {
      const res = await t.gql(ClaimNextJobDocument, {}, asProvider(provider.key));
      claimed = expectType(res.data?.claimNextJob, 'JobClaim').job;
    }
    expect(claimed).toBeNull();
  });
});

describe(`GraphQL job lists (${storeName})`, () => {
  let t: TestGateway;
  let renter: { id: number; key: string };
  let jobIds: number[];
  beforeAll(async () => {
    t = await startTestGateway();
    renter = await registerRenter(t);
    const others = await Promise.all([registerRenter(t), registerRenter(t)]);
    const providers = [await onlineProvider(t), await onlineProvider(t)];
    jobIds = [];
    for (let i = 0; i < 5; i++) jobIds.push((await submitJob(t, renter.key)).id);
    for (const other of others) for (let i = 0; i < 4; i++) await submitJob(t, other.key, { providerId: providers[i % 2].id });
    for (const provider of providers) await t.gql(ClaimNextJobDocument, {}, asProvider(provider.key));
    jobIds.reverse();
  });
  afterAll(() => t?.close());

  it('pages forward and backward through a renter’s jobs, newest first', async () => {
    const first = await t.gql(JobsDocument, { first: 2 }, asRenter(renter.key));
    const page1 = first.data!.jobs;
    expect(page1.edges.map((e) => e.node.id)).toEqual(jobIds.slice(0, 2));
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = (await t.gql(JobsDocument, { first: 2, after: page1.pageInfo.endCursor }, asRenter(renter.key))).data!.jobs;
    expect(page2.edges.map((e) => e.node.id)).toEqual(jobIds.slice(2, 4));
    const page3 = (await t.gql(JobsDocument, { first: 2, after: page2.pageInfo.endCursor }, asRenter(renter.key))).data!.jobs;
    expect(page3.edges.map((e) => e.node.id)).toEqual(jobIds.slice(4));
    expect(page3.pageInfo.hasNextPage).toBe(false);

    const back = (await t.gql(JobsDocument, { last: 2, before: page3.pageInfo.startCursor }, asRenter(renter.key))).data!.jobs;
    expect(back.edges.map((e) => e.node.id)).toEqual(jobIds.slice(2, 4));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('filters jobs by status, provider, renter and submission time', async () => {
    const admin = asAdmin(t);
    const running = (await t.gql(JobsDocument, { filter: { status: ['RUNNING'] } }, admin)).data!.jobs.edges;
    expect(running).toHaveLength(2);
    expect(running.every((e) => e.node.status === 'RUNNING')).toBe(true);
    const mine = (await t.gql(JobsDocument, { first: 50, filter: { renterId: renter.id } }, admin)).data!.jobs.edges;
    expect(mine.map((e) => e.node.id)).toEqual(jobIds);
    const oldest = mine.at(-1)!.node.submittedAt;
    const before = (await t.gql(JobsDocument, { first: 50, filter: { renterId: renter.id, submittedBefore: oldest } }, admin)).data!.jobs.edges;
    expect(before).toEqual([]);
    const since = (await t.gql(JobsDocument, { first: 50, filter: { renterId: renter.id, submittedAfter: oldest } }, admin)).data!.jobs.edges;
    expect(since).toHaveLength(5);
    const all = (await t.gql(JobsDocument, { first: 50 }, admin)).data!.jobs.edges;
    expect(all).toHaveLength(13);
  });

  it('rejects bad page arguments with VALIDATION errors that name the argument', async () => {
    const tooMany = await t.gql(JobsDocument, { first: 101 }, asRenter(renter.key));
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'first', message: expect.any(String) }] });
    const badCursor = await t.gql(JobsDocument, { after: 'not-a-cursor' }, asRenter(renter.key));
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'after', message: 'Invalid cursor' }] });
    const badRange = await t.gql(JobsDocument, { filter: { submittedAfter: '2026-02-01T00:00:00Z', submittedBefore: '2026-01-01T00:00:00Z' } }, asRenter(renter.key));
    expect(badRange.errors?.[0].extensions?.code).toBe('VALIDATION');
    const badDate = await t.gql(JobsDocument, { filter: { submittedAfter: 'yesterday' } }, asRenter(renter.key));
    expect(badDate.errors?.[0].message).toMatch(/ISO-8601/);
  });

  it('loads providers, renters and events of a page with a constant number of statements', async () => {
    const admin = asAdmin(t);
    const small = await t.gateway.store.statements.measure(() => t.gql(JobsWithRelationsDocument, { first: 2 }, admin));
    const large = await t.gateway.store.statements.measure(() => t.gql(JobsWithRelationsDocument, { first: 13 }, admin));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.data?.jobs.edges).toHaveLength(13);
    expect(large.result.data?.jobs.edges.some((e) => e.node.provider)).toBe(true);
    expect(large.result.data?.jobs.edges.every((e) => e.node.events.length > 0)).toBe(true);
    // One statement each: the page, its providers, its renters, their events.
    expect(large.count).toBe(4);
    expect(small.count).toBe(large.count);
  });
});

describe(`GraphQL list relations and renter completion, on a clock the test moves (${storeName})`, () => {
  let t: TestGateway;
  let clock = Date.parse('2026-05-01T08:00:00.000Z');
  beforeAll(async () => {
    t = await startTestGateway({ now: () => new Date(clock) });
  });
  afterAll(() => t?.close());

  it('loads logs, retried-from jobs and API keys of a page with a constant number of statements', async () => {
    const renter = await registerRenter(t);
    const providers = [await onlineProvider(t), await onlineProvider(t), await onlineProvider(t)];
    for (const provider of providers) {
      const job = await submitJob(t, renter.key, { providerId: provider.id });
      await t.gql(ClaimNextJobDocument, {}, asProvider(provider.key));
      await t.gql(AppendJobLogsDocument, { input: { jobId: job.jobId, lines: [{ message: 'loading' }, { message: 'out of memory' }] } }, asProvider(provider.key));
      await t.gql(FailJobDocument, { input: { jobId: job.jobId, error: 'CUDA out of memory' } }, asProvider(provider.key));
      expectType((await t.gql(RetryJobDocument, { jobId: job.jobId }, asRenter(renter.key))).data?.retryJob, 'SubmittedJob');
    }
    const admin = asAdmin(t);
    // Newest first: the small page holds two retries, the large one every job (three retries, three failed originals).
    const small = await t.gateway.store.statements.measure(() => t.gql(JobsWithLogsDocument, { first: 2 }, admin));
    const large = await t.gateway.store.statements.measure(() => t.gql(JobsWithLogsDocument, { first: 6 }, admin));
    expect(small.result.errors).toBeUndefined();
    const nodes = large.result.data!.jobs.edges.map((e) => e.node);
    expect(nodes.filter((n) => n.retriedFrom).map((n) => n.retriedFrom!.id).sort()).toEqual(nodes.filter((n) => n.logs.length === 2).map((n) => n.id).sort());
    // One statement each: the page, its log lines, the jobs it retried.
    expect(large.count).toBe(3);
    expect(small.count).toBe(large.count);

    const providerKeys = await t.gateway.store.statements.measure(() => t.gql(ProvidersWithKeysDocument, { first: 3 }, admin));
    const oneProvider = await t.gateway.store.statements.measure(() => t.gql(ProvidersWithKeysDocument, { first: 1 }, admin));
    expect(providerKeys.result.data?.providers.edges.every((e) => e.node.apiKeys?.length === 1)).toBe(true);
    expect(providerKeys.count).toBe(2);
    expect(oneProvider.count).toBe(providerKeys.count);

    await registerRenter(t);
    const renterKeys = await t.gateway.store.statements.measure(() => t.gql(RentersWithKeysDocument, { first: 2 }, admin));
    const oneRenter = await t.gateway.store.statements.measure(() => t.gql(RentersWithKeysDocument, { first: 1 }, admin));
    expect(renterKeys.result.data?.renters.edges.every((e) => e.node.apiKeys?.length === 1)).toBe(true);
    expect(renterKeys.count).toBe(2);
    expect(oneRenter.count).toBe(renterKeys.count);
  });

  it('bills a renter who completes its own running job by wall-clock time, ignoring the seconds and result it reports', async () => {
    const renter = await registerRenter(t);
    const provider = await onlineProvider(t);
    const job = await submitJob(t, renter.key, { providerId: provider.id, durationMinutes: 60 });
    const early = await t.gql(CompleteJobDocument, { input: { jobId: job.jobId } }, asRenter(renter.key));
    expect(expectType(early.data?.completeJob, 'IllegalTransition')).toMatchObject({ currentStatus: 'pending', action: 'complete' });

    await t.gql(ClaimNextJobDocument, {}, asProvider(provider.key));
    clock += 600_000;
    const done = await t.gql(CompleteJobDocument, { input: { jobId: job.jobId, gpuSecondsUsed: 1, result: 'forged' } }, asRenter(renter.key));
    const completed = expectType(done.data?.completeJob, 'CompletedJob');
    const quote = quoteJob({ jobType: 'llm_inference', durationMinutes: 60, pricingClass: 'standard', gpuModel: 'NVIDIA GeForce RTX 4090' });
    const expected = actualCost(quote.costHalala, quote.rateHalalaPerSecond, 600);
    expect(expected).toBeLessThan(quote.costHalala);
    expect(completed.settlement).toMatchObject({ actualHalala: expected, refundedHalala: quote.costHalala - expected });
    expect(completed.job).toMatchObject({ status: 'COMPLETED', result: null, actualCostHalala: expected });
    const read = await t.gql(JobDocument, { id: job.id }, asRenter(renter.key));
    expect(read.data?.job?.gpuSecondsUsed).toBe(600);
  });
});
