import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actualCost, quoteJob } from '../../src/domain/pricing.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { asAdmin, asProvider, asRenter, errorCode, expectOk, expectUserError, onlineProvider, registerProvider, registerRenter, smallJob, submitJob } from './fixtures.js';
import {
  AppendJobLogsDocument,
  CancelJobDocument,
  ClaimNextJobDocument,
  CompleteJobDocument,
  FailJobDocument,
  JobAsProviderDocument,
  JobDocument,
  JobsCountDocument,
  JobsDocument,
  NodeDocument,
  NodesDocument,
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
    expect(expectOk(claim.data?.claimNextJob).job).toMatchObject({ id: job.id, status: 'RUNNING', provider: { id: provider.id } });
    return { renter, provider, job };
  }

  it('runs a job end to end: submit, claim, progress, logs, complete and settle', async () => {
    const renter = await registerRenter(t);
    const provider = await onlineProvider(t);
    const submitted = await t.gql(SubmitJobDocument, { input: { ...smallJob, providerId: provider.id, priority: 5 } }, asRenter(renter.key));
    const job = expectOk(submitted.data?.submitJob).job!;
    expect(job).toMatchObject({ status: 'PENDING', priority: 5, pricingClass: 'STANDARD', jobType: 'LLM_INFERENCE', provider: { id: provider.id }, renter: { id: renter.id } });
    expect(job.jobId).toMatch(/^job-\d+-[0-9a-f]{6}$/);
    expect(job.costHalala).toBe(quoteJob({ jobType: 'llm_inference', durationMinutes: 1, pricingClass: 'standard', gpuModel: 'NVIDIA GeForce RTX 4090' }).costHalala);

    const claimed = await t.gql(ClaimNextJobDocument, { input: { mode: 'ASSIGN' } }, asProvider(provider.key));
    expect(expectOk(claimed.data?.claimNextJob).job).toMatchObject({ id: job.id, status: 'ASSIGNED' });
    const progress = await t.gql(ReportJobProgressDocument, { input: { job: { jobId: job.jobId }, phase: 'GENERATING' } }, asProvider(provider.key));
    expect(expectOk(progress.data?.reportJobProgress).job).toMatchObject({ status: 'RUNNING', progressPhase: 'GENERATING' });
    const logs = await t.gql(
      AppendJobLogsDocument,
      { input: { job: { id: job.id }, lines: [{ message: 'loading model' }, { level: 'WARN', message: 'slow disk', loggedAt: '2026-05-01T12:00:00Z' }] } },
      asProvider(provider.key),
    );
    expect(expectOk(logs.data?.appendJobLogs)).toEqual({ linesWritten: 2, firstLine: 1, userErrors: [] });

    const done = await t.gql(CompleteJobDocument, { input: { job: { jobId: job.jobId }, result: 'three bullets', gpuSecondsUsed: 30 } }, asProvider(provider.key));
    const completed = expectOk(done.data?.completeJob);
    const s = completed.settlement!;
    expect(completed.job).toMatchObject({ status: 'COMPLETED', result: 'three bullets', actualCostHalala: s.actualHalala });
    expect(s.actualHalala).toBeLessThanOrEqual(job.costHalala);
    expect(s.providerHalala).toBe(Math.floor(s.actualHalala * 0.75));
    expect(s.providerHalala + s.platformHalala).toBe(s.actualHalala);
    expect(s.actualHalala + s.refundedHalala).toBe(job.costHalala);

    const read = await t.gql(JobDocument, { ref: { jobId: job.jobId } }, asRenter(renter.key));
    expect(read.errors).toBeUndefined();
    expect(read.data?.job).toMatchObject({ id: job.id, status: 'COMPLETED', gpuSecondsUsed: 30, renter: { id: renter.id }, provider: { id: provider.id } });
    expect(read.data?.job?.events.map((e) => [e.eventType, e.status])).toEqual([
      ['JOB_SUBMITTED', 'PENDING'],
      ['JOB_STATUS_CHANGED', 'ASSIGNED'],
      ['JOB_PHASE_CHANGED', 'RUNNING'],
      ['JOB_COMPLETED', 'COMPLETED'],
    ]);
    expect(read.data?.job?.events.map((e) => e.source)).toEqual(['RENTER', 'PROVIDER', 'PROVIDER', 'PROVIDER']);
    expect(read.data?.job?.logs).toEqual([
      { lineNo: 1, level: 'INFO', message: 'loading model' },
      { lineNo: 2, level: 'WARN', message: 'slow disk' },
    ]);
    const paged = await t.gql(JobDocument, { ref: { id: job.id }, afterLine: 1, logLimit: 5 }, asProvider(provider.key));
    expect(paged.data?.job?.logs.map((l) => l.lineNo)).toEqual([2]);
  });

  it('answers a JSON result as JSON and a string result as a string', async () => {
    const { provider, job } = await runningJob();
    const done = await t.gql(CompleteJobDocument, { input: { job: { id: job.id }, result: { bullets: ['a', 'b'] } } }, asProvider(provider.key));
    expect(expectOk(done.data?.completeJob).job?.result).toEqual({ bullets: ['a', 'b'] });
  });

  it('fails a job with a full refund, then retries it as a new job', async () => {
    const { renter, provider, job } = await runningJob();
    const res = await t.gql(FailJobDocument, { input: { job: { jobId: job.jobId }, error: 'CUDA out of memory' } }, asProvider(provider.key));
    const ended = expectOk(res.data?.failJob);
    expect(ended).toMatchObject({ refundedHalala: job.costHalala, job: { status: 'FAILED', error: 'CUDA out of memory' } });
    const retry = await t.gql(RetryJobDocument, { input: { job: { id: job.id } } }, asRenter(renter.key));
    const again = expectOk(retry.data?.retryJob).job!;
    expect(again.id).not.toBe(job.id);
    expect(again.retriedFrom).toEqual({ id: job.id });
  });

  it('cancels a job for its renter once, then answers IllegalTransition with the current status', async () => {
    const renter = await registerRenter(t);
    const job = await submitJob(t, renter.key);
    const first = await t.gql(CancelJobDocument, { input: { job: { jobId: job.jobId } } }, asRenter(renter.key));
    expect(expectOk(first.data?.cancelJob)).toMatchObject({ refundedHalala: job.costHalala, job: { status: 'CANCELLED' } });
    const second = await t.gql(CancelJobDocument, { input: { job: { jobId: job.jobId } } }, asRenter(renter.key));
    expect(second.data?.cancelJob).toMatchObject({ job: null, refundedHalala: null });
    expect(expectUserError(second.data?.cancelJob, 'ILLEGAL_TRANSITION')).toMatchObject({ __typename: 'IllegalTransitionError', currentStatus: 'CANCELLED', action: 'cancel' });
  });

  it('does not let a provider cancel a renter’s job, nor another renter', async () => {
    const { provider, job } = await runningJob();
    // Authorization failures are top-level errors in mutations, as in queries.
    const byProvider = await t.gql(CancelJobDocument, { input: { job: { jobId: job.jobId } } }, asProvider(provider.key));
    expect(byProvider.data).toBeNull();
    expect(errorCode(byProvider)).toBe('FORBIDDEN');
    const stranger = await registerRenter(t);
    const byStranger = await t.gql(CancelJobDocument, { input: { job: { jobId: job.jobId } } }, asRenter(stranger.key));
    expect(errorCode(byStranger)).toBe('FORBIDDEN');
    const missing = await t.gql(CancelJobDocument, { input: { job: { jobId: 'job-0-nope00' } } }, asAdmin(t));
    expect(expectUserError(missing.data?.cancelJob, 'NOT_FOUND')).toMatchObject({ entity: 'Job', field: 'input.job' });
    const wrongType = await t.gql(CancelJobDocument, { input: { job: { id: provider.id } } }, asAdmin(t));
    expect(expectUserError(wrongType.data?.cancelJob, 'INVALID')).toMatchObject({ field: 'input.job.id', message: expect.stringMatching(/Job id/) });
  });

  it('keeps renter A away from renter B’s job, and providers away from jobs not assigned to them', async () => {
    const { renter: owner, job } = await runningJob();
    const other = await registerRenter(t);
    const read = await t.gql(JobDocument, { ref: { id: job.id } }, asRenter(other.key));
    expect(read.data?.job).toBeNull();
    expect(errorCode(read)).toBe('FORBIDDEN');
    const stranger = await onlineProvider(t);
    expect(errorCode(await t.gql(JobDocument, { ref: { id: job.id } }, asProvider(stranger.key)))).toBe('FORBIDDEN');
    const anonymous = await t.gql(JobDocument, { ref: { id: job.id } });
    expect(anonymous.errors?.[0]).toMatchObject({ message: expect.stringMatching(/X-Renter-Key, X-Provider-Key, X-Admin-Token or Authorization: Bearer/), extensions: { code: 'UNAUTHENTICATED' } });
    expect((await t.gql(JobDocument, { ref: { id: Buffer.from('Job:987654').toString('base64') } }, asRenter(owner.key))).data?.job).toBeNull();

    // node(id:) applies the same rule as job(ref:).
    const viaNode = await t.gql(NodeDocument, { id: job.id }, asRenter(other.key));
    expect(viaNode.data?.node ?? null).toBeNull();
    expect(errorCode(viaNode)).toBe('FORBIDDEN');
    expect((await t.gql(NodeDocument, { id: job.id }, asRenter(owner.key))).data?.node).toMatchObject({ __typename: 'Job', id: job.id, jobId: job.jobId });
    // The provider running a job sees the job, not its renter's private account.
    const { provider: runner, job: running } = await runningJob();
    const asRunner = await t.gql(JobAsProviderDocument, { ref: { id: running.id } }, asProvider(runner.key));
    expect(asRunner.data?.job).toMatchObject({ id: running.id, status: 'RUNNING', renter: null });
    expect(asRunner.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['job.renter', 'FORBIDDEN']]);
    const many = await t.gql(NodesDocument, { ids: [job.id, job.id] }, asRenter(other.key));
    expect(many.data?.nodes).toEqual([null, null]);
    expect(many.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);

    const ownList = await t.gql(JobsDocument, { first: 100 }, asRenter(owner.key));
    expect(ownList.data?.jobs.edges.map((e) => e.node.id)).toEqual([job.id]);
    expect((await t.gql(JobsDocument, { first: 100 }, asRenter(other.key))).data?.jobs.edges).toEqual([]);
    expect((await t.gql(JobsDocument, { first: 100 }, asProvider(stranger.key))).data?.jobs.edges).toEqual([]);
  });

  it('answers a submit the balance cannot cover with InsufficientBalance and its amounts', async () => {
    const renter = await registerRenter(t);
    await onlineProvider(t);
    const res = await t.gql(SubmitJobDocument, { input: { ...smallJob, durationMinutes: 1440 } }, asRenter(renter.key));
    const refused = expectUserError(res.data?.submitJob, 'INSUFFICIENT_BALANCE') as { availableHalala: number; requiredHalala: number };
    expect(refused.availableHalala).toBe(1000);
    expect(refused.requiredHalala).toBeGreaterThan(1000);
    expect((await t.gql(JobsDocument, {}, asRenter(renter.key))).data?.jobs.edges).toEqual([]);
  });

  it('names invalid submit fields by their GraphQL path, down into JSON values', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(SubmitJobDocument, { input: { ...smallJob, durationMinutes: 0, containerSpec: { image_type: '' } } }, asRenter(renter.key));
    const paths = res.data!.submitJob.userErrors.map((e) => e.field);
    expect(res.data!.submitJob.userErrors.every((e) => e.__typename === 'InputError' && e.code === 'INVALID')).toBe(true);
    expect(paths).toEqual(expect.arrayContaining(['input.durationMinutes', 'input.containerSpec.image_type']));
  });

  it('refuses a job for a provider that is not online with a RuleViolation', async () => {
    const renter = await registerRenter(t);
    const offline = await registerProvider(t);
    const res = await t.gql(SubmitJobDocument, { input: { ...smallJob, providerId: offline.id } }, asRenter(renter.key));
    expect(expectUserError(res.data?.submitJob, 'RULE_VIOLATION')).toMatchObject({ rule: 'PROVIDER_NOT_ONLINE', details: { provider_status: 'registered' } });
  });

  it('looks a job up by exactly one of its global id and its jobId (@oneOf)', async () => {
    const renter = await registerRenter(t);
    const job = await submitJob(t, renter.key);
    const both = await t.gql(JobDocument, { ref: { id: job.id, jobId: job.jobId } as never }, asRenter(renter.key));
    expect(both.errors?.[0].message).toMatch(/exactly one key/i);
    expect((await t.gql(JobDocument, { ref: {} as never }, asRenter(renter.key))).errors?.[0].message).toMatch(/exactly one key/i);
    expect((await t.gql(JobDocument, { ref: { jobId: job.jobId } }, asRenter(renter.key))).data?.job?.id).toBe(job.id);
    expect((await t.gql(JobDocument, { ref: { id: job.id } }, asRenter(renter.key))).data?.job?.databaseId).toBe(job.databaseId);
    const garbage = await t.gql(JobDocument, { ref: { id: 'not an id' } }, asRenter(renter.key));
    expect(garbage.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'ref.id' }] });
  });

  it('gives every entity a global id that differs across types with the same database id', async () => {
    const renter = await registerRenter(t);
    const provider = await registerProvider(t);
    const job = await submitJob(t, renter.key);
    expect(new Set([renter.id, provider.id, job.id]).size).toBe(3);
    expect(Buffer.from(job.id, 'base64').toString()).toBe(`Job:${job.databaseId}`);
    const asAdminNode = await t.gql(NodesDocument, { ids: [renter.id, provider.id, job.id] }, asAdmin(t));
    expect(asAdminNode.data?.nodes.map((n) => n?.__typename)).toEqual(['Renter', 'Provider', 'Job']);
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
    const literal = await t.gql(`{ job(ref: { jobId: "${job.jobId}" }) { logs(limit: null) { lineNo } } }`, {}, asRenter(renter.key));
    expect(literal.errors?.[0].message).toMatch(/Int!/);
    const variable = await t.gql(JobDocument, { ref: { id: job.id }, logLimit: null }, asRenter(renter.key));
    expect(variable.data ?? null).toBeNull();
    expect(variable.errors?.[0].message).toMatch(/"limit" of non-null type "Int!" must not be null/);
  });

  it('takes job progress and logs from the provider daemon only, not from an admin', async () => {
    const { job } = await runningJob();
    const progress = await t.gql(ReportJobProgressDocument, { input: { job: { jobId: job.jobId }, phase: 'GENERATING' } }, asAdmin(t));
    expect(progress.errors?.[0]).toMatchObject({ message: 'Not allowed to access Mutation.reportJobProgress', extensions: { code: 'FORBIDDEN' } });
    const logs = await t.gql(AppendJobLogsDocument, { input: { job: { jobId: job.jobId }, lines: [{ message: 'from admin' }] } }, asAdmin(t));
    expect(logs.errors?.[0]).toMatchObject({ message: 'Not allowed to access Mutation.appendJobLogs', extensions: { code: 'FORBIDDEN' } });
    const read = await t.gql(JobDocument, { ref: { id: job.id } }, asAdmin(t));
    expect(read.data?.job).toMatchObject({ progressPhase: null, logs: [] });
  });

  it('gives a provider with nothing left to do an empty claim', async () => {
    const provider = await onlineProvider(t);
    // Earlier tests may have left work in the global queue: drain it first.
    let claimed: unknown = true;
    for (let i = 0; i < 20 && claimed; i++) {
      const res = await t.gql(ClaimNextJobDocument, {}, asProvider(provider.key));
      claimed = expectOk(res.data?.claimNextJob).job;
    }
    expect(claimed).toBeNull();
  });
});

describe(`GraphQL job lists (${storeName})`, () => {
  let t: TestGateway;
  let renter: { id: string; key: string };
  let jobIds: string[];
  let providerKeys: string[];
  let providerIds: string[];
  beforeAll(async () => {
    t = await startTestGateway();
    renter = await registerRenter(t);
    const others = await Promise.all([registerRenter(t), registerRenter(t)]);
    const providers = [await onlineProvider(t), await onlineProvider(t)];
    providerKeys = providers.map((p) => p.key);
    providerIds = providers.map((p) => p.id);
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

  it('pages oldest first with orderBy, and refuses a cursor from the other order', async () => {
    const asc = { field: 'SUBMITTED_AT', direction: 'ASC' } as const;
    const page1 = (await t.gql(JobsDocument, { first: 3, orderBy: asc }, asRenter(renter.key))).data!.jobs;
    expect(page1.edges.map((e) => e.node.id)).toEqual([...jobIds].reverse().slice(0, 3));
    const page2 = (await t.gql(JobsDocument, { first: 3, after: page1.pageInfo.endCursor, orderBy: asc }, asRenter(renter.key))).data!.jobs;
    expect(page2.edges.map((e) => e.node.id)).toEqual([...jobIds].reverse().slice(3));
    const mixed = await t.gql(JobsDocument, { first: 3, after: page1.pageInfo.endCursor }, asRenter(renter.key));
    expect(mixed.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'after' }] });
  });

  it('counts the whole filtered list only when totalCount is selected', async () => {
    const admin = asAdmin(t);
    const counted = await t.gateway.store.statements.measure(() => t.gql(JobsCountDocument, { first: 2, filter: { status: ['PENDING', 'QUEUED'] } }, admin));
    expect(counted.result.data?.jobs).toMatchObject({ totalCount: 11 });
    expect(counted.result.data?.jobs.edges).toHaveLength(2);
    const plain = await t.gateway.store.statements.measure(() => t.gql(JobsDocument, { first: 2, filter: { status: ['PENDING', 'QUEUED'] } }, admin));
    expect(counted.count).toBe(plain.count + 1);
    expect((await t.gql(JobsCountDocument, {}, asRenter(renter.key))).data?.jobs.totalCount).toBe(5);
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
    const byType = (await t.gql(JobsDocument, { first: 50, filter: { jobType: ['LLM_INFERENCE'] } }, admin)).data!.jobs.edges;
    expect(byType).toHaveLength(13);
    expect((await t.gql(JobsDocument, { first: 50, filter: { jobType: ['RENDERING'] } }, admin)).data!.jobs.edges).toEqual([]);
    const one = mine[0].node;
    const searched = (await t.gql(JobsDocument, { first: 50, filter: { search: one.jobId.slice(-6).toUpperCase() } }, admin)).data!.jobs.edges;
    expect(searched.map((e) => e.node.id)).toEqual([one.id]);
  });

  it('rejects bad page arguments with VALIDATION errors that name the argument', async () => {
    const tooMany = await t.gql(JobsDocument, { first: 101 }, asRenter(renter.key));
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'first', message: expect.stringMatching(/100/) }] });
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
    // One statement each: the page with its providers and renters joined in, their events.
    expect(large.count).toBe(2);
    expect(small.count).toBe(large.count);
  });

  it('reads the providers and renters a page asks for (through fragments too) with the page, answering them as a single job does', async () => {
    const provider = `id name gpuModel gpuCount isOnline lastHeartbeat status approvalStatus createdAt`;
    const related = `provider { ${provider} } renter { id databaseId name email status totalJobs createdAt balance { availableHalala heldHalala totalSpentHalala } }`;
    const list = (first: number) =>
      `query List { jobs(first: ${first}) { edges { node { id ...Related } } } } fragment Related on Job { jobId ... on Job { ${related} } }`;
    const measured = (first: number) => t.gateway.store.statements.measure(() => t.gql(list(first), {}, asRenter(renter.key)));
    const small = await measured(1);
    const large = await measured(5);
    expect(large.result.errors).toBeUndefined();
    const nodes = large.result.data.jobs.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes).toHaveLength(5);
    expect(nodes.some((n: { provider: unknown }) => n.provider)).toBe(true);
    for (const node of nodes) {
      const single = await t.gql(`{ job(ref: { jobId: "${node.jobId}" }) { id jobId ${related} } }`, {}, asRenter(renter.key));
      expect(node).toEqual(single.data.job);
    }
    // The renter's key, then the page with each job's provider and renter: two statements whatever the page size.
    expect(large.count).toBe(2);
    expect(small.count).toBe(large.count);

    // A provider listing its jobs still may not see their renters: each one is refused, as on a single job.
    const asItsProvider = await t.gql(list(5), {}, asProvider(providerKeys[0]));
    const edges = asItsProvider.data.jobs.edges as { node: { provider: { id: string }; renter: unknown } }[];
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((e) => e.node.renter === null && e.node.provider.id === providerIds[0])).toBe(true);
    expect(asItsProvider.errors).toHaveLength(edges.length);
    expect(asItsProvider.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('answers what a list leaves out of its rows (task spec, container spec, params, a provider’s private side) as a single job does', async () => {
    const renter = await registerRenter(t);
    const provider = await onlineProvider(t);
    for (let i = 0; i < 3; i++) await submitJob(t, renter.key, { providerId: provider.id, gpuRequirements: { min_vram_gb: 8 }, params: { ...(smallJob.params as object), prompt: `job ${i}` } });
    const heavy = 'taskSpec taskSpecHmac containerSpec gpuRequirements params result';
    const list = (first: number) => `{ jobs(first: ${first}, filter: { renterId: "${renter.id}" }) { edges { node { id jobId ${heavy} provider { id account { email gpuStatus } } } } } }`;
    const admin = asAdmin(t);
    const small = await t.gateway.store.statements.measure(() => t.gql(list(1), {}, admin));
    const large = await t.gateway.store.statements.measure(() => t.gql(list(3), {}, admin));
    expect(large.result.errors).toBeUndefined();
    const nodes = large.result.data.jobs.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      const single = await t.gql(`{ job(ref: { jobId: "${node.jobId}" }) { id jobId ${heavy} provider { id account { email gpuStatus } } } }`, {}, admin);
      expect(node).toEqual(single.data.job);
      expect(node).toMatchObject({ gpuRequirements: { min_vram_gb: 8 }, containerSpec: expect.any(Object), taskSpec: expect.stringMatching(/./) });
    }
    expect((nodes[0].provider as { account: { gpuStatus: unknown } }).account.gpuStatus).toMatchObject({ temp_c: 41 });
    // The page with the providers' cards, the left-out job columns, the providers' full rows: one statement each, whatever the page size.
    expect(large.count).toBe(3);
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
      await t.gql(AppendJobLogsDocument, { input: { job: { jobId: job.jobId }, lines: [{ message: 'loading' }, { message: 'out of memory' }] } }, asProvider(provider.key));
      await t.gql(FailJobDocument, { input: { job: { jobId: job.jobId }, error: 'CUDA out of memory' } }, asProvider(provider.key));
      expectOk((await t.gql(RetryJobDocument, { input: { job: { jobId: job.jobId } } }, asRenter(renter.key))).data?.retryJob);
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
    expect(providerKeys.result.data?.providers.edges.every((e) => e.node.account?.apiKeys.length === 1)).toBe(true);
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
    const early = await t.gql(CompleteJobDocument, { input: { job: { jobId: job.jobId } } }, asRenter(renter.key));
    expect(expectUserError(early.data?.completeJob, 'ILLEGAL_TRANSITION')).toMatchObject({ currentStatus: 'PENDING', action: 'complete' });

    await t.gql(ClaimNextJobDocument, {}, asProvider(provider.key));
    clock += 600_000;
    const done = await t.gql(CompleteJobDocument, { input: { job: { jobId: job.jobId }, gpuSecondsUsed: 1, result: 'forged' } }, asRenter(renter.key));
    const completed = expectOk(done.data?.completeJob);
    const quote = quoteJob({ jobType: 'llm_inference', durationMinutes: 60, pricingClass: 'standard', gpuModel: 'NVIDIA GeForce RTX 4090' });
    const expected = actualCost(quote.costHalala, quote.rateHalalaPerSecond, 600);
    expect(expected).toBeLessThan(quote.costHalala);
    expect(completed.settlement).toMatchObject({ actualHalala: expected, refundedHalala: quote.costHalala - expected });
    expect(completed.job).toMatchObject({ status: 'COMPLETED', result: null, actualCostHalala: expected });
    const read = await t.gql(JobDocument, { ref: { id: job.id } }, asRenter(renter.key));
    expect(read.data?.job?.gpuSecondsUsed).toBe(600);
  });
});
