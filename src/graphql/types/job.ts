import type { Settlement as SettlementRow } from '../../domain/billing.js';
import { InsufficientBalanceError, NotFoundError, RateLimitedError } from '../../domain/errors.js';
import { canRead, type Job as JobRow } from '../../domain/jobs.js';
import { JOB_STATUSES, type JobStatus as JobStatusValue } from '../../domain/lifecycle.js';
import { MAX_LOG_LINES, type JobEventRow, type JobLogRow } from '../../domain/queries.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { wireInput } from '../input.js';
import { spendRetry, spendSubmit } from '../ratelimit.js';
import { connectionComplexity, orNull, toConnection } from './connection.js';
import { COMMON_ERRORS, JOB_ERRORS } from './errors.js';
import { Provider } from './provider.js';
import { Renter } from './renter.js';

export const JobStatus = builder.enumType('JobStatus', {
  values: Object.fromEntries(JOB_STATUSES.map((s) => [s.toUpperCase(), { value: s }])) as Record<Uppercase<JobStatusValue>, { value: JobStatusValue }>,
});

const status = (value: string) => value as JobStatusValue;

export const JobEvent = builder.objectRef<JobEventRow>('JobEvent').implement({
  description: 'One step of a job’s lifecycle, in order.',
  fields: (t) => ({
    sequenceNo: t.exposeInt('sequenceNo'),
    eventType: t.exposeString('eventType', { description: 'e.g. job.submitted, job.status.changed, job.completed' }),
    status: t.field({ type: JobStatus, resolve: (e) => status(e.status) }),
    fromStatus: t.field({ type: JobStatus, nullable: true, resolve: (e) => (e.fromStatus == null ? null : status(e.fromStatus)) }),
    source: t.exposeString('source', { description: 'Who caused it: renter, provider, admin, scheduler or sweep.' }),
    message: t.exposeString('message', { nullable: true }),
    payload: t.expose('payload', { type: 'JSON', nullable: true }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

export const JobLogLine = builder.objectRef<JobLogRow>('JobLogLine').implement({
  fields: (t) => ({
    lineNo: t.exposeInt('lineNo'),
    level: t.exposeString('level'),
    message: t.exposeString('message'),
    loggedAt: t.expose('loggedAt', { type: 'DateTime' }),
  }),
});

export const Job = builder.loadableObject('Job', {
  description: 'A unit of GPU work. Visible to the renter who submitted it, the provider it is assigned to, and admins.',
  load: async (ids: number[], ctx: GraphQLContext) =>
    (await ctx.gateway.domain.queries.jobsByIds(ids)).map((row) => row ?? new NotFoundError('Job')),
  fields: (t) => ({
    id: t.exposeInt('id'),
    jobId: t.exposeString('jobId', { description: 'The string id, `job-<ms>-<6 chars>`.' }),
    status: t.field({ type: JobStatus, resolve: (j) => status(j.status) }),
    progressPhase: t.exposeString('progressPhase', { nullable: true }),
    jobType: t.exposeString('jobType'),
    model: t.exposeString('model', { nullable: true }),
    pricingClass: t.exposeString('pricingClass', { description: 'priority, standard or economy' }),
    priority: t.exposeInt('priority', { description: '0..10, higher runs first' }),
    durationMinutes: t.exposeFloat('durationMinutes'),
    maxDurationSeconds: t.exposeInt('maxDurationSeconds'),
    costHalala: t.expose('costHalala', { type: 'SafeInt', description: 'The quote, held from the renter’s balance at submit.' }),
    actualCostHalala: t.expose('actualCostHalala', { type: 'SafeInt', nullable: true, description: 'What the renter paid once settled.' }),
    providerEarnedHalala: t.expose('providerEarnedHalala', { type: 'SafeInt', nullable: true }),
    gpuSecondsUsed: t.exposeFloat('gpuSecondsUsed', { nullable: true }),
    retryCount: t.exposeInt('retryCount'),
    maxRetries: t.exposeInt('maxRetries'),
    error: t.exposeString('error', { nullable: true }),
    result: t.exposeString('result', { nullable: true }),
    containerSpec: t.expose('containerSpec', { type: 'JSON' }),
    gpuRequirements: t.expose('gpuRequirements', { type: 'JSON', nullable: true }),
    params: t.expose('params', { type: 'JSON', nullable: true }),
    taskSpec: t.exposeString('taskSpec', {
      description: 'What the provider daemon runs, generated at submit from the job type and `params`: the exact string `taskSpecHmac` signs.',
    }),
    taskSpecHmac: t.exposeString('taskSpecHmac', { description: 'HMAC-SHA256 of `taskSpec` (lowercase hex) under the gateway’s signing secret.' }),
    checkpointEnabled: t.exposeBoolean('checkpointEnabled'),
    endpointUrl: t.exposeString('endpointUrl', { nullable: true }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    assignedAt: t.expose('assignedAt', { type: 'DateTime', nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    timeoutAt: t.expose('timeoutAt', { type: 'DateTime', nullable: true }),
    refundedAt: t.expose('refundedAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    renter: t.field({ type: Renter, resolve: (j) => j.renterId }),
    provider: t.field({ type: Provider, nullable: true, resolve: (j) => j.providerId }),
    events: t.loadableList({
      type: JobEvent,
      load: (ids: number[], ctx: GraphQLContext) => ctx.gateway.domain.queries.jobEventsByJobIds(ids),
      resolve: (j) => j.id,
    }),
    logs: t.loadableList({
      type: JobLogLine,
      description: `Log lines after \`afterLine\`, at most \`limit\` (1..${MAX_LOG_LINES}).`,
      // byPath: every job on this path shares the arguments, so one batch serves them all.
      byPath: true,
      args: {
        afterLine: t.arg.int({ defaultValue: 0 }),
        // Non-null: an explicit null would otherwise mean "all lines" and escape the cost below.
        limit: t.arg.int({ required: true, defaultValue: 100 }),
      },
      // Each job costs what its lines cost: a page of jobs times `limit` lines.
      complexity: ({ limit }) => ({ field: 1, multiplier: limit }),
      load: (ids: number[], ctx: GraphQLContext, args) => ctx.gateway.domain.queries.jobLogsByJobIds(ids, args),
      resolve: (j) => j.id,
    }),
  }),
});

builder.objectField(Job, 'retriedFrom', (t) =>
  t.field({
    type: Job,
    nullable: true,
    description: 'The failed or cancelled job this one retries, when the caller may read it.',
    resolve: async (j, _args, ctx) => {
      if (j.retriedFromJobId == null) return null;
      const original = await Job.getDataloader(ctx).load(j.retriedFromJobId);
      return canRead(ctx.principal, original) ? original : null;
    },
  }),
);

const JobFilter = builder.inputType('JobFilter', {
  fields: (t) => ({
    status: t.field({ type: [JobStatus], description: 'Any of these statuses.' }),
    providerId: t.int(),
    renterId: t.int(),
    submittedAfter: t.field({ type: 'DateTime', description: 'Inclusive.' }),
    submittedBefore: t.field({ type: 'DateTime', description: 'Exclusive.' }),
  }),
});

builder.queryFields((t) => ({
  job: t.field({
    type: Job,
    nullable: true,
    description: 'A job by numeric `id` or string `jobId` (give exactly one); null when it does not exist.',
    authScopes: { authenticated: true },
    args: { id: t.arg.int(), jobId: t.arg.string() },
    validate: [(args) => (args.id == null) !== (args.jobId == null), { message: 'Give exactly one of id and jobId' }],
    resolve: (_root, args, ctx) => orNull(ctx.gateway.domain.jobs.get(ctx.principal, args.id ?? args.jobId ?? '')),
  }),
  jobs: t.connection(
    {
      type: Job,
      description: 'Newest first. A renter sees its own jobs, a provider the jobs assigned to it, an admin every job.',
      authScopes: { authenticated: true },
      args: { filter: t.arg({ type: JobFilter }) },
      complexity: connectionComplexity,
      resolve: async (_root, { filter, ...page }, ctx) =>
        toConnection(await ctx.gateway.domain.queries.jobs(ctx.principal, filter ?? {}, page)),
    },
    { name: 'JobConnection' },
    { name: 'JobEdge' },
  ),
}));

// ---- mutations ----

const Settlement = builder.objectRef<SettlementRow>('Settlement').implement({
  description: 'How a completed job was paid out of its hold.',
  fields: (t) => ({
    actualHalala: t.expose('actualHalala', { type: 'SafeInt', description: 'What the renter paid.' }),
    providerHalala: t.expose('providerHalala', { type: 'SafeInt' }),
    platformHalala: t.expose('platformHalala', { type: 'SafeInt' }),
    refundedHalala: t.expose('refundedHalala', { type: 'SafeInt', description: 'The rest of the hold, back to the renter.' }),
  }),
});

const SubmittedJob = builder.objectRef<{ job: JobRow; queuePosition: number | null }>('SubmittedJob').implement({
  fields: (t) => ({
    job: t.field({ type: Job, resolve: (r) => r.job }),
    queuePosition: t.exposeInt('queuePosition', { nullable: true, description: 'Set while the job is queued.' }),
  }),
});

const JobClaim = builder.objectRef<{ job: JobRow | null }>('JobClaim').implement({
  fields: (t) => ({ job: t.field({ type: Job, nullable: true, description: 'Null when there is nothing to run.', resolve: (r) => r.job }) }),
});

const AppendedLogs = builder.objectRef<{ job: JobRow; linesWritten: number; firstLine: number }>('AppendedLogs').implement({
  fields: (t) => ({
    job: t.field({ type: Job, resolve: (r) => r.job }),
    linesWritten: t.exposeInt('linesWritten'),
    firstLine: t.exposeInt('firstLine'),
  }),
});

const CompletedJob = builder.objectRef<{ job: JobRow; settlement: SettlementRow }>('CompletedJob').implement({
  fields: (t) => ({
    job: t.field({ type: Job, resolve: (r) => r.job }),
    settlement: t.field({ type: Settlement, resolve: (r) => r.settlement }),
  }),
});

const EndedJob = builder.objectRef<{ job: JobRow; refundedHalala: number }>('EndedJob').implement({
  description: 'A failed or cancelled job; its hold went back to the renter.',
  fields: (t) => ({
    job: t.field({ type: Job, resolve: (r) => r.job }),
    refundedHalala: t.expose('refundedHalala', { type: 'SafeInt', description: '0 when the hold had already been released.' }),
  }),
});

const ClaimMode = builder.enumType('ClaimMode', {
  values: {
    RUN: { value: 'run', description: 'The daemon starts the job at once (running).' },
    ASSIGN: { value: 'assign', description: 'The daemon reports progress before running (assigned).' },
  } as const,
});

const JOB_REF = 'The job’s `jobId`, or its numeric `id` as a string.';

const SubmitJobInput = builder.inputType('SubmitJobInput', {
  description: 'JSON fields keep the REST API’s snake_case keys.',
  fields: (t) => ({
    jobType: t.string({ required: true }),
    durationMinutes: t.float({ required: true }),
    providerId: t.int({ description: 'Run on this provider; otherwise the best online one is chosen.' }),
    gpuRequirements: t.field({ type: 'JSON', description: '`{ min_vram_gb, gpu_type, verified_only }`; `verified_only: true` routes only to verified providers' }),
    containerSpec: t.field({ type: 'JSON', description: '`{ image_type, ... }`' }),
    params: t.field({ type: 'JSON' }),
    taskSpec: t.field({ type: 'JSON' }),
    model: t.string(),
    priority: t.int({ description: '0..10, higher runs first' }),
    pricingClass: t.string({ description: 'priority, standard or economy' }),
    prewarmRequested: t.boolean(),
    maxDurationSeconds: t.int(),
    templateId: t.string(),
    envVars: t.field({ type: 'JSON' }),
  }),
});

const JobProgressInput = builder.inputType('JobProgressInput', {
  fields: (t) => ({
    jobId: t.string({ required: true, description: JOB_REF }),
    phase: t.string({ required: true, description: 'pulling, downloading_model, installing_deps, loading_model, generating or formatting' }),
  }),
});

const JobLogLineInput = builder.inputType('JobLogLineInput', {
  fields: (t) => ({
    level: t.string({ description: 'debug, info, warn, warning, error or critical' }),
    message: t.string({ required: true }),
    loggedAt: t.field({ type: 'DateTime' }),
  }),
});

const AppendJobLogsInput = builder.inputType('AppendJobLogsInput', {
  fields: (t) => ({
    jobId: t.string({ required: true, description: JOB_REF }),
    lines: t.field({ type: [JobLogLineInput], required: true }),
  }),
});

const CompleteJobInput = builder.inputType('CompleteJobInput', {
  fields: (t) => ({
    jobId: t.string({ required: true, description: JOB_REF }),
    result: t.field({ type: 'JSON', description: 'A string or any JSON value.' }),
    gpuSecondsUsed: t.float({ description: 'Metered time (provider or admin); otherwise wall-clock time since start.' }),
  }),
});

const FailJobInput = builder.inputType('FailJobInput', {
  fields: (t) => ({ jobId: t.string({ required: true, description: JOB_REF }), error: t.string() }),
});

builder.mutationFields((t) => ({
  submitJob: t.field({
    type: SubmittedJob,
    description: 'Quotes the job and holds the quote from the renter’s balance. Shares the renter key’s submit budget with the REST API.',
    authScopes: { renter: true },
    errors: { types: [...JOB_ERRORS, InsufficientBalanceError, RateLimitedError] },
    args: { input: t.arg({ type: SubmitJobInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await spendSubmit(ctx);
      return ctx.gateway.domain.jobs.submit(ctx.principal, wireInput(input));
    },
  }),
  retryJob: t.field({
    type: SubmittedJob,
    description: 'A new job from the renter’s failed or cancelled one, with a fresh quote and hold.',
    authScopes: { renter: true },
    errors: { types: [...JOB_ERRORS, InsufficientBalanceError, RateLimitedError] },
    args: { jobId: t.arg.string({ required: true, description: JOB_REF }) },
    resolve: async (_root, { jobId }, ctx) => {
      await spendRetry(ctx, jobId);
      return ctx.gateway.domain.jobs.retry(ctx.principal, jobId);
    },
  }),
  claimNextJob: t.field({
    type: JobClaim,
    description: 'Atomically claims the calling provider’s next job, if any.',
    authScopes: { provider: true },
    errors: { types: COMMON_ERRORS },
    args: { mode: t.arg({ type: ClaimMode, defaultValue: 'run' }) },
    resolve: async (_root, { mode }, ctx) => ({ job: await ctx.gateway.domain.jobs.claimNext(ctx.principal, { mode: mode ?? 'run' }) }),
  }),
  reportJobProgress: t.field({
    type: Job,
    description: 'The provider daemon reports the phase of a job it claimed (provider key only).',
    authScopes: { provider: true },
    errors: { types: JOB_ERRORS },
    args: { input: t.arg({ type: JobProgressInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.gateway.domain.jobs.reportProgress(ctx.principal, input.jobId, input.phase),
  }),
  appendJobLogs: t.field({
    type: AppendedLogs,
    description: 'The provider daemon appends log lines of a job it claimed (provider key only).',
    authScopes: { provider: true },
    errors: { types: JOB_ERRORS },
    args: { input: t.arg({ type: AppendJobLogsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.gateway.domain.jobs.appendLogs(ctx.principal, input.jobId, {
        lines: input.lines.map((line) => ({ ...wireInput(line), logged_at: line.loggedAt?.toISOString() })),
      }),
  }),
  completeJob: t.field({
    type: CompletedJob,
    description:
      'Completes a claimed job and settles it. The assigned provider or an admin may report the result and metered seconds; ' +
      'the owning renter may end its running job, billed by wall-clock time (any result or seconds it sends are ignored).',
    authScopes: { authenticated: true },
    errors: { types: JOB_ERRORS },
    args: { input: t.arg({ type: CompleteJobInput, required: true }) },
    resolve: (_root, { input: { jobId, ...rest } }, ctx) => ctx.gateway.domain.jobs.complete(ctx.principal, jobId, wireInput(rest)),
  }),
  failJob: t.field({
    type: EndedJob,
    description: 'The assigned provider (or an admin) reports failure; the hold goes back to the renter.',
    authScopes: { $any: { provider: true, admin: true } },
    errors: { types: JOB_ERRORS },
    args: { input: t.arg({ type: FailJobInput, required: true }) },
    resolve: (_root, { input: { jobId, ...rest } }, ctx) => ctx.gateway.domain.jobs.fail(ctx.principal, jobId, wireInput(rest)),
  }),
  cancelJob: t.field({
    type: EndedJob,
    description: 'The owning renter (or an admin) cancels unfinished work; the hold goes back to the renter.',
    authScopes: { $any: { renter: true, admin: true } },
    errors: { types: JOB_ERRORS },
    args: { jobId: t.arg.string({ required: true, description: JOB_REF }) },
    resolve: (_root, { jobId }, ctx) => ctx.gateway.domain.jobs.cancel(ctx.principal, jobId),
  }),
}));
