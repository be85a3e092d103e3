import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Tx } from '../db/client.js';
import { jobs, providers } from '../db/schema.js';
import { requireRenter } from './access.js';
import { ADMIN, adminTokenMatches, ANONYMOUS, principalFromKey, type Principal } from './auth.js';
import { availableBalance } from './billing.js';
import type { DomainContext } from './context.js';
import { InsufficientBalanceError, NotFoundError, RuleViolationError, ValidationError } from './errors.js';
import { findJob, type Job } from './lifecycle.js';
import { JOB_TYPES, normalisePricingClass, quoteJob, type PricingClass } from './pricing.js';
import { createJobIn, createQueuedJob, routingCandidates, type CreatedJob, routingCandidatesByKey, type RoutingCandidate, type RoutingFilter } from './submitStatement.js';
import { buildTaskSpec, checkContainerImage, signTaskSpec } from './taskSpecs.js';
import { parseInput } from './validate.js';

/**
 * Submitting a job (docs/decisions.md#submit-input, docs/task-specs.md): the input, the normalised container spec and the task spec,
 * where the job goes (a provider it names, or auto-routing without ever waiting on another submit), and the
 * one transaction that creates it with its hold, or, for a job that queues, the one statement that does
 * (src/domain/submitStatement.ts). Retries come through here too, with the stored inputs.
 */

export const DEFAULT_MAX_DURATION_SECONDS = 1800;

const GPU_TYPES = ['H200', 'H100', 'A100', 'L40S', 'L40', 'RTX4090', 'RTX4080', 'RTX3090', 'RTX3080'];
export const alnumUpper = (v: string) => v.replace(/[^a-z0-9]/gi, '').toUpperCase();

/**
 * Advisory lock namespace of the per-provider submit lock: whoever holds it may make the provider's idle
 * slot `pending`, so two submits never both find it idle.
 */
const PROVIDER_SUBMIT_LOCK = 72_003;

/**
 * Takes a provider's placement lock for this transaction, waiting for it: a claim holds it while it picks the
 * provider's next job, so a submit never finds the provider idle while a claim is about to make it busy.
 */
export async function lockProviderPlacement(tx: Tx, providerId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PROVIDER_SUBMIT_LOCK}, ${providerId})`);
}

/** Takes a provider's submit lock for this transaction if no other submit holds it; never waits. */
async function trySubmitLock(tx: Tx, providerId: number): Promise<boolean> {
  const [row] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${PROVIDER_SUBMIT_LOCK}, ${providerId}) as locked`));
  return row.locked;
}

const COMPUTE_TYPES = ['inference', 'training', 'rendering'] as const;
const DEFAULT_IMAGE_TYPES: Record<string, [string, (typeof COMPUTE_TYPES)[number]]> = {
  training: ['training', 'training'],
  rendering: ['rendering', 'rendering'],
  benchmark: ['benchmark', 'inference'],
  llm_inference: ['llm', 'inference'],
  'llm-inference': ['llm', 'inference'],
  image_generation: ['image_generation', 'rendering'],
};

/** `priority`: an integer or a numeric string, 0..10 (higher runs first). */
const priorityField = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'Must be an integer 0..10 (number or numeric string)' }).int('Must be an integer 0..10').min(0).max(10),
);

const containerSpecSchema = z.looseObject({
  image_type: z.string({ error: 'container_spec.image_type is required' }).min(1, 'container_spec.image_type is required').max(120),
  model_id: z.string().min(1).max(200).optional(),
  env: z.record(z.string(), z.string()).optional(),
  enable_checkpoint: z.boolean().optional(),
  vram_required_mb: z.number().int().min(0).max(1_048_576).optional(),
  gpu_count: z.number().int().min(1).max(64).optional(),
  compute_type: z.enum(COMPUTE_TYPES).optional(),
  pricing_class: z.string().max(64).optional(),
  prewarm_requested: z.boolean().optional(),
  image: z.string().min(1).max(512).optional(),
  image_override: z.string().min(1).max(512).optional(),
});

export const submitJobInput = z.strictObject({
  job_type: z.enum(JOB_TYPES, { error: `Invalid job_type. Allowed: ${JOB_TYPES.join(', ')}` }),
  duration_minutes: z
    .number({ error: 'Must be a number of minutes' })
    .min(0.1, 'Must be at least 0.1 minutes')
    .max(1440, 'Must be at most 1440 minutes (24 hours)'),
  provider_id: z.number().int().positive().max(2_147_483_647).nullish(),
  gpu_requirements: z
    .looseObject({
      min_vram_gb: z.number().positive().max(100_000).optional(),
      gpu_type: z
        .string()
        .refine((v) => v === '' || GPU_TYPES.includes(alnumUpper(v)), `Invalid gpu_type. Allowed values: ${GPU_TYPES.join(', ')}`)
        .nullish(),
      /** Only providers whose GPU verification verdict is `verified` (docs/gpu-verification.md). */
      verified_only: z.boolean({ error: 'Must be true or false' }).optional(),
    })
    .nullish(),
  container_spec: containerSpecSchema.nullish(),
  params: z.record(z.string(), z.unknown()).nullish(),
  task_spec: z.record(z.string(), z.unknown()).nullish(),
  model: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[\w.\-/:@]+$/, 'Invalid model name')
    .nullish(),
  priority: priorityField.nullish(),
  pricing_class: z
    .string()
    .refine((v) => normalisePricingClass(v) !== undefined, 'Must be one of: priority, standard, economy')
    .nullish(),
  prewarm_requested: z.boolean().nullish(),
  max_duration_seconds: z.number().int('Must be a whole number of seconds').min(60).max(86_400).nullish(),
  template_id: z.string().min(1).max(128).nullish(),
  env_vars: z.record(z.string(), z.string()).nullish(),
});
export type SubmitJobInput = z.input<typeof submitJobInput>;
export type SubmitData = z.output<typeof submitJobInput>;

function newJobId(now: Date): string {
  return `job-${now.getTime()}-${randomBytes(4).toString('hex').slice(0, 6)}`;
}

/**
 * Normalised container spec (docs/task-specs.md): defaults from the job type, explicit values kept, and the
 * image the script must run in stored as `image`, the only key (besides image_override) the daemon reads.
 */
function containerSpecFor(data: SubmitData, pricingClass: PricingClass, image: string | undefined): Record<string, unknown> {
  const given: Partial<NonNullable<SubmitData['container_spec']>> = { ...data.container_spec };
  delete given.image;
  delete given.image_override;
  const [defaultImage, defaultCompute] = DEFAULT_IMAGE_TYPES[data.job_type] ?? [data.job_type, 'inference'];
  return {
    ...given,
    image_type: given.image_type ?? defaultImage,
    vram_required_mb: given.vram_required_mb ?? 0,
    gpu_count: given.gpu_count ?? 1,
    compute_type: given.compute_type ?? defaultCompute,
    pricing_class: pricingClass,
    ...(image ? { image } : {}),
  };
}

function pricingClassOf(data: SubmitData): PricingClass {
  const fromSpec = data.container_spec?.pricing_class;
  if (fromSpec !== undefined && normalisePricingClass(fromSpec) === undefined)
    throw ValidationError.field('container_spec.pricing_class', 'Must be one of: priority, standard, economy');
  return normalisePricingClass(data.pricing_class) ?? normalisePricingClass(fromSpec) ?? 'standard';
}

/**
 * The spec the daemon runs (src/domain/taskSpecs.ts), as an exact string: it is signed and verified byte for
 * byte. Parameters come from `params`, else from a `task_spec` object; `model` fills in a missing one.
 */
function taskSpecFor(data: SubmitData, extraImages: readonly string[]) {
  const fromParams = Boolean(data.params && Object.keys(data.params).length);
  const params = { ...(fromParams ? data.params : (data.task_spec ?? {})) };
  if (params.model === undefined && data.model) params.model = data.model;
  const containerImage = data.container_spec?.image ?? data.container_spec?.image_override;
  if (containerImage !== undefined) checkContainerImage(containerImage, 'container_spec.image', extraImages);
  const source = fromParams || !data.task_spec ? 'params' : 'task_spec';
  const spec = buildTaskSpec({ jobType: data.job_type, params, source, containerImage, extraImages });
  return { ...spec, params };
}


type ProviderRow = typeof providers.$inferSelect;

/** Heartbeats newer than this count as online (DCP_PROVIDER_OFFLINE_SECONDS). */
const onlineSince = (ctx: DomainContext) => new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);
const isOnline = (ctx: DomainContext, p: ProviderRow) =>
  p.approvalStatus === 'approved' &&
  !p.isPaused &&
  p.deletedAt == null &&
  ['online', 'degraded'].includes(p.status) &&
  p.lastHeartbeat != null &&
  p.lastHeartbeat >= onlineSince(ctx);
const vramGb = (p: ProviderRow) => (p.gpuVramMib || p.vramMb || 0) / 1024;

/** The explicitly requested provider, which must exist, be online and fit the job (verified, if asked). */
async function requestedProvider(ctx: DomainContext, tx: Tx, providerId: number, minVramGb: number, verifiedOnly = false): Promise<ProviderRow> {
  const [p] = await tx.select().from(providers).where(eq(providers.id, providerId));
  if (!p || p.deletedAt) throw new NotFoundError('Provider');
  if (!isOnline(ctx, p)) throw new RuleViolationError('PROVIDER_NOT_ONLINE', 'Provider is not online', { provider_status: p.isPaused ? 'paused' : p.status });
  if (minVramGb > vramGb(p))
    throw new RuleViolationError('GPU_REQUIREMENTS_NOT_MET', 'Provider does not meet GPU requirements', {
      required_vram_gb: minVramGb,
      provider_vram_gb: vramGb(p),
    });
  if (verifiedOnly && p.verificationStatus !== 'verified')
    throw new RuleViolationError('PROVIDER_NOT_VERIFIED', 'Provider is not verified', { verification_status: p.verificationStatus });
  return p;
}

/**
 * Where a new job goes: to the first idle candidate whose submit lock this submit can take and that is
 * still idle under it (`pending`), else queued. The lock is only tried, never waited for: a provider
 * another submit is placing work on right now is about to be busy, so this submit moves on to the next
 * one, and renters never queue behind each other. A busy provider needs no lock: the job queues there
 * anyway.
 *
 * A queued job goes to the candidate that was given work least recently (an explicitly requested provider
 * is the only candidate). Queueing every job on the single best provider would leave the others' queues
 * empty while one grows without bound: renters would wait longer, and every queue position, which counts
 * the jobs ahead in that provider's queue, would cost more with each submit.
 */
async function placeJob(tx: Tx, candidates: RoutingCandidate[]): Promise<{ provider?: RoutingCandidate; status: 'pending' | 'queued' }> {
  for (const candidate of candidates) {
    if (candidate.busy) break;
    if ((await trySubmitLock(tx, candidate.id)) && !(await providerIsBusy(tx, candidate.id))) return { provider: candidate, status: 'pending' };
  }
  return { provider: leastRecentlyPlaced(candidates), status: 'queued' };
}

function leastRecentlyPlaced(candidates: RoutingCandidate[]): RoutingCandidate | undefined {
  const placedAt = (c: RoutingCandidate) => (c.lastPlacedAt == null ? -Infinity : new Date(c.lastPlacedAt).getTime());
  return candidates.reduce<RoutingCandidate | undefined>((best, c) => (!best || placedAt(c) < placedAt(best) ? c : best), undefined);
}

async function providerIsBusy(tx: Tx, providerId: number): Promise<boolean> {
  const rows = await tx
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.providerId, providerId), inArray(jobs.status, ['pending', 'assigned', 'pulling', 'running'])))
    .limit(1);
  return rows.length > 0;
}

/** A submit's input, checked, with what follows from it wherever the job goes. */
interface Submission {
  data: SubmitData;
  pricingClass: PricingClass;
  taskSpec: string;
  params: Record<string, unknown>;
  containerSpec: Record<string, unknown>;
}

function prepareSubmission(ctx: DomainContext, data: SubmitData): Submission {
  const pricingClass = pricingClassOf(data);
  const { taskSpec, image, params } = taskSpecFor(data, ctx.config.allowedImages);
  return { data, pricingClass, taskSpec, params, containerSpec: containerSpecFor(data, pricingClass, image) };
}

function routingFilter(ctx: DomainContext, s: Submission): RoutingFilter {
  const req = s.data.gpu_requirements;
  return {
    onlineSince: onlineSince(ctx),
    minVramMib: (req?.min_vram_gb ?? 0) * 1024,
    computeType: String(s.containerSpec.compute_type),
    gpuType: req?.gpu_type ? alnumUpper(req.gpu_type) : undefined,
    verifiedOnly: req?.verified_only === true,
  };
}

/** The job's row as inserted, and its quote, for the provider it goes to (if any) with the status it gets. */
function newJobRow(ctx: DomainContext, renterId: number, s: Submission, to: { provider?: RoutingCandidate; status: 'pending' | 'queued' }, now: Date, retriedFrom?: Job) {
  const { data, pricingClass, params, containerSpec, taskSpec } = s;
  const quote = quoteJob({
    jobType: data.job_type,
    durationMinutes: data.duration_minutes,
    pricingClass,
    // The chosen provider's GPU rate, else the job-type rate (a requested gpu_type is not a price).
    gpuModel: to.provider?.gpuModel || null,
  });
  const jobId = newJobId(now);
  const maxDuration = data.max_duration_seconds ?? DEFAULT_MAX_DURATION_SECONDS;
  return {
    jobId,
    renterId,
    providerId: to.provider?.id ?? null,
    jobType: data.job_type,
    model: (typeof params.model === 'string' ? params.model : null) ?? data.model ?? null,
    templateId: data.template_id ?? null,
    retriedFromJobId: retriedFrom?.id ?? null,
    status: to.status,
    priority: data.priority ?? 2,
    pricingClass,
    prewarmRequested: data.prewarm_requested ?? data.container_spec?.prewarm_requested ?? false,
    submittedAt: now,
    updatedAt: now,
    durationMinutes: data.duration_minutes,
    maxDurationSeconds: maxDuration,
    timeoutAt: to.status === 'pending' ? new Date(now.getTime() + maxDuration * 1000) : null,
    taskSpec,
    taskSpecHmac: signTaskSpec(ctx.hmacSecret, taskSpec),
    containerSpec,
    gpuRequirements: data.gpu_requirements ?? null,
    params,
    costHalala: quote.costHalala,
    rateHalalaPerSecond: quote.rateHalalaPerSecond,
    gpuRateSnapshot: quote.snapshot,
    workspaceVolumeName: `dcp-job-${jobId}`,
    checkpointEnabled: containerSpec.enable_checkpoint === true,
  };
}

const firstEventOf = (retriedFrom?: Job) =>
  retriedFrom ? { eventType: 'job.retried', payload: { retried_from_job_id: retriedFrom.id } } : { eventType: 'job.submitted' };

/** Creates a job and moves its quote into a hold, in one transaction; answers the job as stored. */
export async function createJob(ctx: DomainContext, renterId: number, data: SubmitData, retriedFrom?: Job): Promise<Job> {
  const s = prepareSubmission(ctx, data);
  const candidates = data.provider_id != null ? undefined : await routingCandidates(ctx.store, routingFilter(ctx, s));
  const { id } = await createInTransaction(ctx, renterId, s, candidates, retriedFrom);
  return findJob(ctx.store.db, id);
}

/**
 * The transaction of a submit that may make a provider `pending` (an idle candidate, or the provider it
 * names), so it takes submit locks; `candidates` undefined: the provider the input names. The job and its
 * money are the same statement as a queued batch's (submitStatement.ts), for one job.
 */
async function createInTransaction(ctx: DomainContext, renterId: number, s: Submission, candidates: RoutingCandidate[] | undefined, retriedFrom?: Job): Promise<SubmittedJob> {
  const { data } = s;
  const minVramGb = data.gpu_requirements?.min_vram_gb ?? 0;
  const now = ctx.now();
  return ctx.store.db.transaction(async (tx) => {
    const fitting = candidates ?? [{ ...(await requestedProvider(ctx, tx, data.provider_id!, minVramGb, data.gpu_requirements?.verified_only)), busy: false }];
    const row = newJobRow(ctx, renterId, s, await placeJob(tx, fitting), now, retriedFrom);
    const created = await createJobIn(tx, { ...row, countsAsNewJob: !retriedFrom, firstEvent: firstEventOf(retriedFrom), at: now });
    // Read again: the statement's own snapshot may predate the concurrent debit that made this one fail.
    if (!created) throw new InsufficientBalanceError(row.costHalala, await availableBalance(tx, renterId));
    return submittedJob(row, created);
  });
}

/** The job as created, from the values written and what the statement answered. */
const submittedJob = (row: ReturnType<typeof newJobRow>, created: CreatedJob): SubmittedJob => ({
  ...row,
  id: created.id,
  containerSpec: created.containerSpec,
  gpuRequirements: created.gpuRequirements,
  startedAt: null,
});

/** What a submit answers with (POST /jobs/submit): the job as created. */
export type SubmittedJob = Pick<
  Job,
  | 'id' | 'jobId' | 'providerId' | 'renterId' | 'jobType' | 'model' | 'status' | 'submittedAt' | 'startedAt' | 'durationMinutes'
  | 'costHalala' | 'maxDurationSeconds' | 'timeoutAt' | 'gpuRequirements' | 'containerSpec' | 'workspaceVolumeName'
  | 'checkpointEnabled' | 'taskSpecHmac' | 'priority' | 'pricingClass' | 'prewarmRequested'
>;

/**
 * A submit authenticated by the renter's key in the statement that finds its routing candidates (REST):
 * when every candidate is busy (or none fits) the job queues, which needs no lock, and the job with its
 * money is one more statement (shared with the submits that arrive meanwhile, which also counts the queue
 * positions after it commits); an idle candidate takes the locking transaction, and the caller counts the
 * queue position after its commit (undefined here), so it too sees the work committed meanwhile.
 * `accept` is the face's credential check: it throws the face's refusal for anything but a live renter's
 * key and runs before any other error is reported, so a bad key is refused as such whatever the body.
 */
export async function submitByKey(
  ctx: DomainContext,
  key: string,
  input: unknown,
  accept: (principal: Principal | undefined) => void,
): Promise<{ job: SubmittedJob; queuePosition?: number }> {
  const now = ctx.now();
  const renterOf = (principal: Principal | undefined) => {
    accept(principal);
    return requireRenter(principal ?? ANONYMOUS, { key: 'jobs' });
  };
  const lookUp = async () => (adminTokenMatches(key, ctx.config.adminToken) ? ADMIN : principalFromKey(ctx.store.db, key, now));
  let s: Submission;
  try {
    s = prepareSubmission(ctx, parseInput(submitJobInput, input, ['job_type', 'duration_minutes']));
  } catch (err) {
    renterOf(await lookUp());
    throw err;
  }
  if (s.data.provider_id != null || adminTokenMatches(key, ctx.config.adminToken)) {
    const renter = renterOf(await lookUp());
    return { job: await createInTransaction(ctx, renter.renterId, s, undefined) };
  }
  const { principal, candidates } = await routingCandidatesByKey(ctx.store, key, routingFilter(ctx, s), now);
  const { renterId } = renterOf(principal);
  if (candidates[0] && !candidates[0].busy) return { job: await createInTransaction(ctx, renterId, s, candidates) };
  return createQueued(ctx, renterId, s, leastRecentlyPlaced(candidates), now);
}

/**
 * A job every candidate was busy for, queued on the one given work least recently (none: unassigned), with its
 * money in one statement shared with the other submits that arrive meanwhile, and its queue position counted
 * after that statement committed (submitStatement.ts).
 */
async function createQueued(ctx: DomainContext, renterId: number, s: Submission, provider: RoutingCandidate | undefined, now: Date): Promise<{ job: SubmittedJob; queuePosition?: number }> {
  const row = newJobRow(ctx, renterId, s, { provider, status: 'queued' }, now);
  const created = await createQueuedJob(ctx.store, {
    ...row,
    countsAsNewJob: true,
    firstEvent: firstEventOf(),
    at: now,
  });
  if (!created) throw new InsufficientBalanceError(row.costHalala, await availableBalance(ctx.store.db, renterId));
  return { job: submittedJob(row, created), queuePosition: created.queuePosition };
}
