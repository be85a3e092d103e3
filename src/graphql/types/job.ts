import type { Settlement as SettlementRow } from '../../domain/billing.js';
import { NotFoundError } from '../../domain/errors.js';
import { canRead, type Job as JobRow } from '../../domain/jobs.js';
import type { JobStatus as JobStatusValue } from '../../domain/lifecycle.js';
import { MAX_LOG_LINES, type JobCard, type JobCardColumn, type JobDetails, type JobEventRow, type JobLogRow, type ListedJob } from '../../domain/queries.js';
import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { builder } from '../builder.js';
import { jobListSelection, readsOf } from '../columns.js';
import type { GraphQLContext } from '../context.js';
import { optionalRowId, rowId } from '../ids.js';
import { wireInput } from '../input.js';
import { spendRetry, spendSubmit } from '../ratelimit.js';
import { connectionComplexity, connectionOptions, orderByInput, orNull, pageArgs, toConnection } from './connection.js';
import {
  ClaimMode,
  EventSource,
  JobEventType,
  JobPhase,
  JobStatus,
  JobType,
  jobTypeOf,
  LogLevel,
  PricingClass,
} from './enums.js';
import { Provider } from './provider.js';
import { assertRenterVisible, Renter } from './renter.js';
import { MUTATION_INPUT, payload, type Payload, PAYLOAD_DESCRIPTION, userErrorsField, withNotFoundField } from './errors.js';

const status = (value: string) => value as JobStatusValue;

export const JobEvent = builder.objectRef<JobEventRow>('JobEvent').implement({
  description: 'One step of a job’s lifecycle, in order.',
  fields: (t) => ({
    sequenceNo: t.exposeInt('sequenceNo', { description: '1, 2, 3, … per job, without gaps.' }),
    eventType: t.field({ description: 'What happened.', type: JobEventType, resolve: (e) => e.eventType as typeof JobEventType.$inferType }),
    status: t.field({ type: JobStatus, description: 'The job’s status after this step.', resolve: (e) => status(e.status) }),
    fromStatus: t.field({ type: JobStatus, nullable: true, description: 'The status before, when this step changed it.', resolve: (e) => (e.fromStatus == null ? null : status(e.fromStatus)) }),
    source: t.field({ description: 'Who caused it.', type: EventSource, resolve: (e) => e.source as typeof EventSource.$inferType }),
    message: t.exposeString('message', { description: 'A note for people, when there is one.', nullable: true }),
    payload: t.expose('payload', { type: 'JSON', nullable: true, description: 'The step’s details (snake_case keys, as REST shows them).' }),
    occurredAt: t.expose('occurredAt', { description: 'When it happened.', type: 'DateTime' }),
  }),
});

export const JobLogLine = builder.objectRef<JobLogRow>('JobLogLine').implement({
  description: 'One line of a job’s log, as its daemon sent it.',
  fields: (t) => ({
    lineNo: t.exposeInt('lineNo', { description: '1, 2, 3, … per job.' }),
    level: t.field({ description: 'Its severity.', type: LogLevel, resolve: (l) => l.level as typeof LogLevel.$inferType }),
    message: t.exposeString('message', { description: 'The text as the daemon sent it.' }),
    loggedAt: t.expose('loggedAt', { description: 'When the daemon logged it.', type: 'DateTime' }),
  }),
});

/** A stored result is text; what was sent as a JSON object or array comes back as one. */
function resultValue(result: string | null): unknown {
  if (result == null) return null;
  if (!/^\s*[[{]/.test(result)) return result;
  try {
    return JSON.parse(result) as unknown;
  } catch {
    return result;
  }
}

/**
 * What a job card (a list's row) leaves out, read in one batch per request for the jobs whose answer asks
 * for it; a full row (a single job, a mutation's result) has it already.
 */
const jobDetails = dataloaderGetter<number, JobDetails, number>(
  undefined,
  async (ids, ctx) => (await (ctx as GraphQLContext).gateway.domain.queries.jobDetailsByIds(ids)).map((row) => row ?? new NotFoundError('Job')),
  undefined,
  undefined,
);
const hasDetails = (job: JobCard): job is JobCard & JobDetails => 'taskSpec' in job;
const detailsOf = (ctx: GraphQLContext, job: JobCard): JobDetails | Promise<JobDetails> => (hasDetails(job) ? job : jobDetails(ctx).load(job.id));

/** The columns of a job row a field reads, besides those it exposes (src/graphql/columns.ts). */
const reading = readsOf<JobCardColumn>();

export const Job = builder.loadableNode('Job', {
  description: 'A unit of GPU work. Visible to the renter who submitted it (with the read scope), the provider it is assigned to, and admins.',
  id: { resolve: (j) => j.id, parse: Number, extensions: reading('id') },
  load: async (ids: number[], ctx: GraphQLContext) =>
    (await ctx.gateway.domain.queries.jobsByIds(ids)).map((row): JobCard | Error => row ?? new NotFoundError('Job')),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id REST uses (`/api/jobs/:id`).' }),
    jobId: t.exposeString('jobId', { description: 'The string id, `job-<ms>-<6 chars>`, that REST and the daemon also accept.' }),
    status: t.field({ description: 'Where it is in its lifecycle.', type: JobStatus, extensions: reading('status'), resolve: (j) => status(j.status) }),
    progressPhase: t.field({ type: JobPhase, nullable: true, description: 'The daemon’s last reported phase; null before any.', extensions: reading('progressPhase'), resolve: (j) => j.progressPhase as typeof JobPhase.$inferType | null }),
    jobType: t.field({ description: 'What kind of work it is.', type: JobType, extensions: reading('jobType'), resolve: (j) => jobTypeOf(j.jobType) }),
    model: t.exposeString('model', { nullable: true, description: 'The model it runs, when its type has one.' }),
    pricingClass: t.field({ description: 'How urgently it is dispatched and what it costs.', type: PricingClass, extensions: reading('pricingClass'), resolve: (j) => j.pricingClass as typeof PricingClass.$inferType }),
    priority: t.exposeInt('priority', { description: '0..10, higher runs first.' }),
    durationMinutes: t.exposeFloat('durationMinutes', { description: 'Booked time: the quote is for this long.' }),
    maxDurationSeconds: t.exposeInt('maxDurationSeconds', { description: 'It is stopped (FAILED) after running this long.' }),
    costHalala: t.expose('costHalala', { type: 'SafeInt', description: 'The quote, held from the renter’s balance at submit.' }),
    actualCostHalala: t.expose('actualCostHalala', { type: 'SafeInt', nullable: true, description: 'What the renter paid; null until settled.' }),
    providerEarnedHalala: t.expose('providerEarnedHalala', { type: 'SafeInt', nullable: true, description: 'The provider’s share; null until settled.' }),
    gpuSecondsUsed: t.exposeFloat('gpuSecondsUsed', { nullable: true, description: 'Metered time; null until completed.' }),
    retryCount: t.exposeInt('retryCount', { description: 'Automatic retries so far.' }),
    maxRetries: t.exposeInt('maxRetries', { description: 'Automatic retries allowed.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed; null unless FAILED.' }),
    result: t.field({
      type: 'JSON',
      nullable: true,
      description: 'What the job produced, as `completeJob` sent it (a string, or a JSON object or array); null until completed.',
      extensions: reading('result'),
      resolve: (j) => resultValue(j.result),
    }),
    containerSpec: t.field({
      description: 'The container to run (REST’s snake_case keys).',
      type: 'JSON',
      extensions: reading('id'),
      resolve: async (j, _args, ctx) => (await detailsOf(ctx, j)).containerSpec,
    }),
    gpuRequirements: t.field({
      description: 'What the GPU must offer; null when anything will do.',
      type: 'JSON',
      nullable: true,
      extensions: reading('id'),
      resolve: async (j, _args, ctx) => (await detailsOf(ctx, j)).gpuRequirements,
    }),
    params: t.field({
      description: 'The job type’s parameters, as submitted; null when none.',
      type: 'JSON',
      nullable: true,
      extensions: reading('id'),
      resolve: async (j, _args, ctx) => (await detailsOf(ctx, j)).params,
    }),
    taskSpec: t.string({
      description: 'What the provider daemon runs, generated at submit from the job type and `params`: the exact string `taskSpecHmac` signs.',
      extensions: reading('id'),
      resolve: async (j, _args, ctx) => (await detailsOf(ctx, j)).taskSpec,
    }),
    taskSpecHmac: t.exposeString('taskSpecHmac', { description: 'HMAC-SHA256 of `taskSpec` (lowercase hex) under the gateway’s signing secret.' }),
    checkpointEnabled: t.exposeBoolean('checkpointEnabled', { description: 'Whether the daemon checkpoints it.' }),
    endpointUrl: t.exposeString('endpointUrl', { nullable: true, description: 'The inference endpoint of a running vLLM serve job.' }),
    submittedAt: t.expose('submittedAt', { description: 'When it was submitted.', type: 'DateTime' }),
    assignedAt: t.expose('assignedAt', { description: 'When a provider claimed it; null before.', type: 'DateTime', nullable: true }),
    startedAt: t.expose('startedAt', { description: 'When it started running; null before.', type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { description: 'When it ended (COMPLETED, FAILED or CANCELLED); null before.', type: 'DateTime', nullable: true }),
    timeoutAt: t.expose('timeoutAt', { description: 'When a claimed job times out; null when not claimed.', type: 'DateTime', nullable: true }),
    refundedAt: t.expose('refundedAt', { description: 'When its hold went back to the renter; null unless it did.', type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { description: 'Its last change.', type: 'DateTime' }),
    renter: t.field({
      type: Renter,
      nullable: true,
      description: 'Its renter’s account: for that renter and admins. The provider running the job gets a FORBIDDEN error here (renter accounts are private).',
      extensions: reading('renterId'),
      resolve: (j, _args, ctx) => {
        assertRenterVisible(ctx, j.renterId);
        return (j as ListedJob).renter ?? j.renterId;
      },
    }),
    // A list reads the provider card with its page when the selection asks for it; otherwise the loader does.
    provider: t.field({ type: Provider, nullable: true, description: 'The provider it is placed on; null while queued for any provider.', extensions: reading('providerId'), resolve: (j) => (j as ListedJob).provider ?? j.providerId }),
    events: t.loadableList({ description: 'Its lifecycle, oldest first.',
      type: JobEvent,
      extensions: reading('id'),
      load: (ids: number[], ctx: GraphQLContext) => ctx.gateway.domain.queries.jobEventsByJobIds(ids),
      resolve: (j) => j.id,
    }),
    logs: t.loadableList({
      type: JobLogLine,
      extensions: reading('id'),
      description: `Log lines after \`afterLine\`, at most \`limit\` (1..${MAX_LOG_LINES}).`,
      // byPath: every job on this path shares the arguments, so one batch serves them all.
      byPath: true,
      args: {
        afterLine: t.arg.int({ defaultValue: 0, description: 'Only lines after this line number.' }),
        // Non-null: an explicit null would otherwise mean "all lines" and escape the cost below.
        limit: t.arg.int({ required: true, defaultValue: 100, description: `1..${MAX_LOG_LINES}.` }),
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
    description: 'The failed or cancelled job this one retries; null when it is not a retry or the caller may not read that job.',
    extensions: reading('retriedFromJobId'),
    resolve: async (j, _args, ctx) => {
      if (j.retriedFromJobId == null) return null;
      const original = await Job.getDataloader(ctx).load(j.retriedFromJobId);
      return canRead(ctx.principal, original) ? original : null;
    },
  }),
);

// ---- references, filters, order ----

export const JobRef = builder.inputType('JobRef', {
  description: 'One job, by its global `id` or by its string `jobId` (exactly one).',
  isOneOf: true,
  fields: (t) => ({
    id: t.id({ description: 'The job’s global id.' }),
    jobId: t.string({ description: 'The job’s string id, `job-<ms>-<6 chars>`.' }),
  }),
});

/** The domain's reference for a JobRef given at `field` (a domain-style path, e.g. `job` in a mutation input). */
export function jobRef(ref: { id?: string | null; jobId?: string | null }, field: string): number | string {
  return ref.id != null ? rowId(ref.id, 'Job', `${field}.id`) : (ref.jobId ?? '');
}

const JobFilter = builder.inputType('JobFilter', {
  description: 'The filters of the REST job lists, combined with AND. Each list field matches any of its values.',
  fields: (t) => ({
    status: t.field({ type: [JobStatus], description: 'Any of these statuses.' }),
    jobType: t.field({ type: [JobType], description: 'Any of these job types.' }),
    providerId: t.id({ description: 'The global id of the provider it is placed on.' }),
    renterId: t.id({ description: 'The global id of its renter (admins).' }),
    submittedAfter: t.field({ type: 'DateTime', description: 'Inclusive.' }),
    submittedBefore: t.field({ type: 'DateTime', description: 'Exclusive.' }),
    search: t.string({ description: 'Part of the string `jobId`, case-insensitive (at most 200 characters).' }),
  }),
});

const JobOrder = orderByInput('JobOrder', {
  name: 'JobOrderField',
  values: { SUBMITTED_AT: { value: 'submittedAt' as const, description: 'When it was submitted (the default, newest first).' } },
});

builder.queryFields((t) => ({
  job: t.field({
    type: Job,
    nullable: true,
    description: 'A job by global `id` or string `jobId`; null when it does not exist. FORBIDDEN for a job the caller may not read.',
    authScopes: { authenticated: true },
    args: { ref: t.arg({ type: JobRef, required: true, description: 'The job, by global `id` or string `jobId`.' }) },
    resolve: (_root, { ref }, ctx) => orNull(ctx.gateway.domain.jobs.get(ctx.principal, jobRef(ref, 'ref'))),
  }),
  jobs: t.connection(
    {
      type: Job,
      description: 'A renter sees its own jobs, a provider the jobs assigned to it, an admin every job. Newest first unless `orderBy` says otherwise.',
      authScopes: { authenticated: true },
      args: {
        filter: t.arg({ type: JobFilter, description: 'Only the jobs that match.' }),
        orderBy: t.arg({ type: JobOrder, description: 'The order; newest first by default.', defaultValue: { field: 'submittedAt', direction: 'desc' } }),
      },
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx, info) => {
        const f = args.filter ?? {};
        const filter = {
          ...f,
          providerId: optionalRowId(f.providerId, 'Provider', 'filter.providerId'),
          renterId: optionalRowId(f.renterId, 'Renter', 'filter.renterId'),
        };
        // The page reads the columns the selection shows, with the relations it asks for; a provider may see no job's renter.
        const selection = jobListSelection(info, ctx.principal.kind !== 'provider');
        const page = await ctx.gateway.domain.queries.jobs(ctx.principal, filter, pageArgs(args), selection);
        return toConnection(page, () => ctx.gateway.domain.queries.countJobs(ctx.principal, filter));
      },
    },
    connectionOptions('JobConnection', 'jobs'),
    { name: 'JobEdge' },
  ),
}));

// ---- mutations ----

const Settlement = builder.objectRef<SettlementRow>('Settlement').implement({
  description: 'How a completed job was paid out of its hold.',
  fields: (t) => ({
    actualHalala: t.expose('actualHalala', { type: 'SafeInt', description: 'What the renter paid.' }),
    providerHalala: t.expose('providerHalala', { type: 'SafeInt', description: 'The provider’s share (75 %, rounded down).' }),
    platformHalala: t.expose('platformHalala', { type: 'SafeInt', description: 'The platform’s fee.' }),
    refundedHalala: t.expose('refundedHalala', { type: 'SafeInt', description: 'The rest of the hold, back to the renter.' }),
  }),
});

const jobField = { description: 'The job as it is after the mutation; null when `userErrors` is not empty.' };

type Queued = { job: JobRow; queuePosition: number | null };
const queuedPayload = (name: string) =>
  builder.objectRef<Payload<Queued>>(name).implement({
    description: PAYLOAD_DESCRIPTION,
    fields: (t) => ({
      job: t.field({ type: Job, nullable: true, ...jobField, resolve: (r) => r.job ?? null }),
      queuePosition: t.int({ nullable: true, description: 'Its place in the queue while QUEUED.', resolve: (r) => r.queuePosition ?? null }),
      userErrors: userErrorsField(t),
    }),
  });
const SubmitJobPayload = queuedPayload('SubmitJobPayload');
const RetryJobPayload = queuedPayload('RetryJobPayload');

const jobOnlyPayload = (name: string) =>
  builder.objectRef<Payload<{ job: JobRow }>>(name).implement({
    description: PAYLOAD_DESCRIPTION,
    fields: (t) => ({ job: t.field({ type: Job, nullable: true, ...jobField, resolve: (r) => r.job ?? null }), userErrors: userErrorsField(t) }),
  });
const ReportJobProgressPayload = jobOnlyPayload('ReportJobProgressPayload');

const ClaimNextJobPayload = builder.objectRef<Payload<{ job: JobRow | null }>>('ClaimNextJobPayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({
    job: t.field({ type: Job, nullable: true, description: 'The claimed job; null when there is nothing to run (or on user errors).', resolve: (r) => r.job ?? null }),
    userErrors: userErrorsField(t),
  }),
});

const AppendJobLogsPayload = builder.objectRef<Payload<{ job: JobRow; linesWritten: number; firstLine: number }>>('AppendJobLogsPayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({
    job: t.field({ type: Job, nullable: true, ...jobField, resolve: (r) => r.job ?? null }),
    linesWritten: t.int({ description: 'How many lines were stored.', nullable: true, resolve: (r) => r.linesWritten ?? null }),
    firstLine: t.int({ nullable: true, description: 'The line number of the first line written.', resolve: (r) => r.firstLine ?? null }),
    userErrors: userErrorsField(t),
  }),
});

const CompleteJobPayload = builder.objectRef<Payload<{ job: JobRow; settlement: SettlementRow }>>('CompleteJobPayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({
    job: t.field({ type: Job, nullable: true, ...jobField, resolve: (r) => r.job ?? null }),
    settlement: t.field({ description: 'How the job was paid; null when `userErrors` is not empty.', type: Settlement, nullable: true, resolve: (r) => r.settlement ?? null }),
    userErrors: userErrorsField(t),
  }),
});

const endedPayload = (name: string) =>
  builder.objectRef<Payload<{ job: JobRow; refundedHalala: number }>>(name).implement({
    description: 'A failed or cancelled job; its hold went back to the renter.',
    fields: (t) => ({
      job: t.field({ type: Job, nullable: true, ...jobField, resolve: (r) => r.job ?? null }),
      refundedHalala: t.field({ type: 'SafeInt', nullable: true, description: '0 when the hold had already been released.', resolve: (r) => r.refundedHalala ?? null }),
      userErrors: userErrorsField(t),
    }),
  });
const FailJobPayload = endedPayload('FailJobPayload');
const CancelJobPayload = endedPayload('CancelJobPayload');

const SubmitJobInput = builder.inputType('SubmitJobInput', {
  description: 'JSON fields keep the REST API’s snake_case keys.',
  fields: (t) => ({
    jobType: t.field({ description: 'What kind of work it is.', type: JobType, required: true }),
    durationMinutes: t.float({ required: true, description: 'Booked time; the quote is for this long.' }),
    providerId: t.id({ description: 'Global id of the provider to run on; otherwise the best online one is chosen.' }),
    gpuRequirements: t.field({ type: 'JSON', description: '`{ min_vram_gb, gpu_type, verified_only }`; `verified_only: true` routes only to verified providers.' }),
    containerSpec: t.field({ type: 'JSON', description: '`{ image_type, ... }`' }),
    params: t.field({ type: 'JSON', description: 'The job type’s parameters (e.g. `{ model, prompt }`).' }),
    taskSpec: t.field({ description: 'A task spec to run as is, for job types that accept one.', type: 'JSON' }),
    model: t.string({ description: 'The model to run, for job types that take one (else in `params`).' }),
    priority: t.int({ description: '0..10, higher runs first.' }),
    pricingClass: t.field({ type: PricingClass, description: 'STANDARD when omitted.' }),
    prewarmRequested: t.boolean({ description: 'Ask the provider to load the model before the job starts.' }),
    maxDurationSeconds: t.int({ description: 'Stop (FAILED) after running this long.' }),
    templateId: t.string({ description: 'A job template to start from.' }),
    envVars: t.field({ description: 'Environment variables for the container (`{ NAME: value }`).', type: 'JSON' }),
  }),
});

const RetryJobInput = builder.inputType('RetryJobInput', {
  description: 'What `retryJob` runs again.',
  fields: (t) => ({ job: t.field({ type: JobRef, required: true, description: 'The failed or cancelled job to run again.' }) }),
});
const CancelJobInput = builder.inputType('CancelJobInput', {
  description: 'What `cancelJob` stops.',
  fields: (t) => ({ job: t.field({ type: JobRef, required: true, description: 'The job to cancel.' }) }),
});
const ClaimNextJobInput = builder.inputType('ClaimNextJobInput', {
  description: 'How the claimed job starts.',
  fields: (t) => ({ mode: t.field({ type: ClaimMode, defaultValue: 'run', description: 'RUN when omitted.' }) }),
});

const ReportJobProgressInput = builder.inputType('ReportJobProgressInput', {
  description: 'A progress report of a claimed job.',
  fields: (t) => ({
    job: t.field({ type: JobRef, required: true, description: 'The claimed job, by global `id` or string `jobId`.' }),
    phase: t.field({ type: JobPhase, required: true, description: 'What the daemon is doing now.' }),
  }),
});

const JobLogLineInput = builder.inputType('JobLogLineInput', {
  description: 'One log line.',
  fields: (t) => ({
    level: t.field({ type: LogLevel, description: 'INFO when omitted.' }),
    message: t.string({ description: 'The text of the line.', required: true }),
    loggedAt: t.field({ type: 'DateTime', description: 'When the daemon logged it; now when omitted.' }),
  }),
});

const AppendJobLogsInput = builder.inputType('AppendJobLogsInput', {
  description: 'Log lines of a claimed job.',
  fields: (t) => ({
    job: t.field({ type: JobRef, required: true, description: 'The claimed job, by global `id` or string `jobId`.' }),
    lines: t.field({ type: [JobLogLineInput], required: true, description: 'The lines, in order; numbered after those already stored.' }),
  }),
});

const CompleteJobInput = builder.inputType('CompleteJobInput', {
  description: 'The end of a claimed job, with its result.',
  fields: (t) => ({
    job: t.field({ type: JobRef, required: true, description: 'The job to complete, by global `id` or string `jobId`.' }),
    result: t.field({ type: 'JSON', description: 'A string or a JSON object or array; `Job.result` answers it back the same way.' }),
    gpuSecondsUsed: t.float({ description: 'Metered time (provider or admin); otherwise wall-clock time since start.' }),
  }),
});

const FailJobInput = builder.inputType('FailJobInput', {
  description: 'The failure of a claimed job.',
  fields: (t) => ({ job: t.field({ type: JobRef, required: true, description: 'The claimed job, by global `id` or string `jobId`.' }), error: t.string({ description: 'Why it failed.' }) }),
});

/** Runs a mutation on one job: a job that does not exist (or is not the caller's) is a NOT_FOUND user error at `input.job`. */
const onJob = <T>(body: () => Promise<T>) => withNotFoundField('Job', 'input.job', body);

builder.mutationFields((t) => ({
  submitJob: t.field({
    type: SubmitJobPayload,
    description: 'Quotes the job and holds the quote from the renter’s balance. Shares the renter key’s submit budget with the REST API.',
    authScopes: { renter: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: SubmitJobInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => {
        const providerId = optionalRowId(input.providerId, 'Provider', 'provider_id');
        await spendSubmit(ctx);
        return withNotFoundField('Provider', 'input.providerId', () =>
          ctx.gateway.domain.jobs.submit(ctx.principal, { ...wireInput(input), provider_id: providerId }),
        );
      }),
  }),
  retryJob: t.field({
    type: RetryJobPayload,
    description: 'A new job from the renter’s failed or cancelled one, with a fresh quote and hold.',
    authScopes: { renter: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: RetryJobInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => {
        const ref = jobRef(input.job, 'job');
        await spendRetry(ctx, String(ref));
        return onJob(() => ctx.gateway.domain.jobs.retry(ctx.principal, ref));
      }),
  }),
  claimNextJob: t.field({
    type: ClaimNextJobPayload,
    description: 'Atomically claims the calling provider’s next job, if any.',
    authScopes: { provider: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: ClaimNextJobInput, required: true, defaultValue: {} }) },
    resolve: (_root, { input }, ctx) => payload(async () => ({ job: await ctx.gateway.domain.jobs.claimNext(ctx.principal, { mode: input.mode ?? 'run' }) })),
  }),
  reportJobProgress: t.field({
    type: ReportJobProgressPayload,
    description: 'The provider daemon reports the phase of a job it claimed (provider key only).',
    authScopes: { provider: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: ReportJobProgressInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({ job: await onJob(() => ctx.gateway.domain.jobs.reportProgress(ctx.principal, jobRef(input.job, 'job'), input.phase)) })),
  }),
  appendJobLogs: t.field({
    type: AppendJobLogsPayload,
    description: 'The provider daemon appends log lines of a job it claimed (provider key only).',
    authScopes: { provider: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: AppendJobLogsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(() =>
        onJob(() =>
          ctx.gateway.domain.jobs.appendLogs(ctx.principal, jobRef(input.job, 'job'), {
            lines: input.lines.map((line) => ({ ...wireInput(line), logged_at: line.loggedAt?.toISOString() })),
          }),
        ),
      ),
  }),
  completeJob: t.field({
    type: CompleteJobPayload,
    description:
      'Completes a claimed job and settles it. The assigned provider or an admin may report the result and metered seconds; ' +
      'the owning renter may end its running job, billed by wall-clock time (any result or seconds it sends are ignored).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: CompleteJobInput, required: true }) },
    resolve: (_root, { input: { job, ...rest } }, ctx) =>
      payload(() => onJob(() => ctx.gateway.domain.jobs.complete(ctx.principal, jobRef(job, 'job'), wireInput(rest)))),
  }),
  failJob: t.field({
    type: FailJobPayload,
    description: 'The assigned provider (or an admin) reports failure; the hold goes back to the renter.',
    authScopes: { $any: { provider: true, admin: true } },
    args: { input: t.arg({ description: MUTATION_INPUT, type: FailJobInput, required: true }) },
    resolve: (_root, { input: { job, ...rest } }, ctx) =>
      payload(() => onJob(() => ctx.gateway.domain.jobs.fail(ctx.principal, jobRef(job, 'job'), wireInput(rest)))),
  }),
  cancelJob: t.field({
    type: CancelJobPayload,
    description: 'The owning renter (or an admin) cancels unfinished work; the hold goes back to the renter.',
    authScopes: { $any: { renter: true, admin: true } },
    args: { input: t.arg({ description: MUTATION_INPUT, type: CancelJobInput, required: true }) },
    resolve: (_root, { input }, ctx) => payload(() => onJob(() => ctx.gateway.domain.jobs.cancel(ctx.principal, jobRef(input.job, 'job')))),
  }),
}));
