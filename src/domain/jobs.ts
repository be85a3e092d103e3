import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Executor, type Tx } from '../db/client.js';
import { jobLogs, jobs, providers, renters } from '../db/schema.js';
import { builtOnce } from '../db/statement-cache.js';
import { hasScope, requireProvider, requireRenter, requireScope } from './access.js';
import { recordAdminAction } from './audit.js';
import type { Principal } from './auth.js';
import { actualCost, JOB_TYPES, normalisePricingClass, PRICING_CLASS_RANK, quoteJob, type PricingClass } from './pricing.js';
import { openHoldForNewJob, releaseHold, settleHold, type Settlement } from './billing.js';
import type { DomainContext } from './context.js';
import { ForbiddenError, IllegalTransitionError, NotFoundError, RuleViolationError, ValidationError } from './errors.js';
import { publish } from './events.js';
import { assertCan, CLAIMED, findJob, rankSql, recordJobEvent, transition, type Job } from './lifecycle.js';
import { buildTaskSpec, checkContainerImage } from './taskSpecs.js';
import { parseInput } from './validate.js';

export type { Job } from './lifecycle.js';

const GPU_TYPES = ['H200', 'H100', 'A100', 'L40S', 'L40', 'RTX4090', 'RTX4080', 'RTX3090', 'RTX3080'];
const alnumUpper = (v: string) => v.replace(/[^a-z0-9]/gi, '').toUpperCase();
export const PROGRESS_PHASES = ['pulling', 'downloading_model', 'installing_deps', 'loading_model', 'generating', 'formatting'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'warning', 'error', 'critical'] as const;
export const DEFAULT_MAX_DURATION_SECONDS = 1800;
/**
 * Advisory lock namespace of the per-provider submit lock: whoever holds it may make the provider's idle
 * slot `pending`, so two submits never both find it idle.
 */
const PROVIDER_SUBMIT_LOCK = 72_003;
/** Auto-routing looks at this many candidates: enough to get past the ones concurrent submits are taking. */
const ROUTING_CANDIDATES = 20;

interface RoutingCandidate {
  id: number;
  gpuModel: string | null;
  busy: boolean;
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
type SubmitData = z.output<typeof submitJobInput>;

export const completeJobInput = z.object({
  result: z.union([z.string().max(10_000_000), z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
  gpu_seconds_used: z.number().min(0).max(10_000_000).nullish(),
});
export const failJobInput = z.object({ error: z.string().max(10_000).nullish(), transient: z.boolean().nullish() });
export const logLinesInput = z.object({
  lines: z
    .array(
      z.object({
        level: z.enum(LOG_LEVELS).optional(),
        message: z.string().min(1, 'Must not be empty').max(2000),
        logged_at: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .min(1, 'No valid log lines provided')
    .max(500),
});

function newJobId(now: Date): string {
  return `job-${now.getTime()}-${randomBytes(4).toString('hex').slice(0, 6)}`;
}

/**
 * Normalised container spec (rest-contract §12.3): defaults from the job type, explicit values kept, and the
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

export function signTaskSpec(secret: string, taskSpec: string): string {
  return createHmac('sha256', secret).update(taskSpec).digest('hex');
}


/**
 * The queued work ranked strictly ahead of a job (rest-contract §9.3), in the unassigned queue or in a
 * provider's own. Every submit and every poll of a queued job counts it, so both are built once per database handle.
 */
const queueAhead = builtOnce((ex: Executor) => {
  const [rank, priority, submittedAt, id] = ['rank', 'priority', 'submittedAt', 'id'].map((name) => sql.placeholder(name));
  const ahead = sql`(${rankSql} < ${rank}
    or (${rankSql} = ${rank} and ${jobs.priority} > ${priority})
    or (${rankSql} = ${rank} and ${jobs.priority} = ${priority} and (${jobs.submittedAt}, ${jobs.id}) < (${submittedAt}::timestamptz, ${id})))`;
  const count = (scope: SQL | undefined) => ex.select({ n: sql<number>`count(*)::int` }).from(jobs).where(and(scope, ahead));
  return {
    unassigned: count(and(isNull(jobs.providerId), eq(jobs.status, 'queued'))).prepare('queue_ahead_unassigned'),
    ofProvider: count(and(eq(jobs.providerId, sql.placeholder('providerId')), inArray(jobs.status, ['queued', 'pending', 'assigned', 'pulling', 'running']))).prepare(
      'queue_ahead_of_provider',
    ),
  };
});

export function jobsModule(ctx: DomainContext) {
  const { db } = ctx.store;
  const onlineSince = () => new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);

  type ProviderRow = typeof providers.$inferSelect;
  const isOnline = (p: ProviderRow) =>
    p.approvalStatus === 'approved' &&
    !p.isPaused &&
    p.deletedAt == null &&
    ['online', 'degraded'].includes(p.status) &&
    p.lastHeartbeat != null &&
    p.lastHeartbeat >= onlineSince();
  const vramGb = (p: ProviderRow) => (p.gpuVramMib || p.vramMb || 0) / 1024;

  /** The explicitly requested provider, which must exist, be online and fit the job (verified, if asked). */
  async function requestedProvider(tx: Tx, providerId: number, minVramGb: number, verifiedOnly = false): Promise<ProviderRow> {
    const [p] = await tx.select().from(providers).where(eq(providers.id, providerId));
    if (!p || p.deletedAt) throw new NotFoundError('Provider');
    if (!isOnline(p)) throw new RuleViolationError('PROVIDER_NOT_ONLINE', 'Provider is not online', { provider_status: p.isPaused ? 'paused' : p.status });
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
   * Auto-routing: the online, approved, unpaused providers that fit (VRAM, GPU type, compute type,
   * verification when asked for), best first: idle ones, then by reputation and heartbeat freshness.
   */
  async function routingCandidates(tx: Tx, data: SubmitData, computeType: string): Promise<RoutingCandidate[]> {
    const minVramMib = (data.gpu_requirements?.min_vram_gb ?? 0) * 1024;
    const gpuType = data.gpu_requirements?.gpu_type ? alnumUpper(data.gpu_requirements.gpu_type) : undefined;
    // Aliased so the correlation with the outer providers row cannot be misread as the job's own id.
    const busy = sql<boolean>`exists (select 1 from jobs busy_jobs where busy_jobs.provider_id = "providers"."id" and busy_jobs.status in ('pending','assigned','pulling','running'))`;
    return tx
      .select({ id: providers.id, gpuModel: providers.gpuModel, busy })
      .from(providers)
      .where(
        and(
          eq(providers.approvalStatus, 'approved'),
          eq(providers.isPaused, false),
          isNull(providers.deletedAt),
          inArray(providers.status, ['online', 'degraded']),
          gte(providers.lastHeartbeat, onlineSince()),
          sql`greatest(${providers.gpuVramMib}, coalesce(${providers.vramMb}, 0)) >= ${minVramMib}`,
          sql`${providers.supportedComputeTypes} @> ${JSON.stringify([computeType])}::jsonb`,
          gpuType ? sql`upper(regexp_replace(coalesce(${providers.gpuModel}, ''), '[^a-zA-Z0-9]', '', 'g')) like ${`%${gpuType}%`}` : undefined,
          data.gpu_requirements?.verified_only ? eq(providers.verificationStatus, 'verified') : undefined,
        ),
      )
      .orderBy(busy, sql`${providers.reputationScore} desc`, sql`${providers.lastHeartbeat} desc`, providers.id)
      .limit(ROUTING_CANDIDATES);
  }

  /**
   * Where a new job goes: to the first idle candidate whose submit lock this submit can take and that is
   * still idle under it (`pending`), else queued on the best candidate. The lock is only tried, never
   * waited for: a provider another submit is placing work on right now is about to be busy, so this submit
   * moves on to the next one, and renters never queue behind each other. A busy provider needs no lock:
   * the job queues there anyway.
   */
  async function placeJob(tx: Tx, candidates: RoutingCandidate[]): Promise<{ provider?: RoutingCandidate; status: 'pending' | 'queued' }> {
    for (const candidate of candidates) {
      if (candidate.busy) break;
      if ((await trySubmitLock(tx, candidate.id)) && !(await providerIsBusy(tx, candidate.id))) return { provider: candidate, status: 'pending' };
    }
    return { provider: candidates[0], status: 'queued' };
  }

  async function providerIsBusy(tx: Tx, providerId: number): Promise<boolean> {
    const rows = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.providerId, providerId), inArray(jobs.status, ['pending', 'assigned', 'pulling', 'running'])))
      .limit(1);
    return rows.length > 0;
  }

  /** 1 + the queued work that ranks strictly ahead (rest-contract §9.3); null unless queued. */
  async function queuePosition(job: Job): Promise<number | null> {
    if (job.status !== 'queued') return null;
    const counts = queueAhead(db);
    const mine = {
      rank: PRICING_CLASS_RANK[(normalisePricingClass(job.pricingClass) ?? 'standard') as PricingClass],
      priority: job.priority,
      submittedAt: job.submittedAt.toISOString(),
      id: job.id,
    };
    const [{ n }] =
      job.providerId == null ? await counts.unassigned.execute(mine) : await counts.ofProvider.execute({ ...mine, providerId: job.providerId });
    return n + 1;
  }

  /** Creates a job and moves its quote into a hold, in one transaction. */
  async function createJob(renterId: number, data: SubmitData, retriedFrom?: Job): Promise<Job> {
    const pricingClass = pricingClassOf(data);
    const { taskSpec, image, params } = taskSpecFor(data, ctx.config.allowedImages);
    const containerSpec = containerSpecFor(data, pricingClass, image);
    const minVramGb = data.gpu_requirements?.min_vram_gb ?? 0;
    const now = ctx.now();
    return db.transaction(async (tx) => {
      const candidates =
        data.provider_id != null
          ? [{ ...(await requestedProvider(tx, data.provider_id, minVramGb, data.gpu_requirements?.verified_only)), busy: false }]
          : await routingCandidates(tx, data, String(containerSpec.compute_type));
      const { provider, status } = await placeJob(tx, candidates);
      const quote = quoteJob({
        jobType: data.job_type,
        durationMinutes: data.duration_minutes,
        pricingClass,
        // DECISIONS: the chosen provider's GPU rate, else the job-type rate (a requested gpu_type is not a price).
        gpuModel: provider?.gpuModel || null,
      });
      const jobId = newJobId(now);
      const maxDuration = data.max_duration_seconds ?? DEFAULT_MAX_DURATION_SECONDS;
      const [job] = await tx
        .insert(jobs)
        .values({
          jobId,
          renterId,
          providerId: provider?.id ?? null,
          jobType: data.job_type,
          model: (typeof params.model === 'string' ? params.model : null) ?? data.model ?? null,
          templateId: data.template_id ?? null,
          retriedFromJobId: retriedFrom?.id ?? null,
          status,
          priority: data.priority ?? 2,
          pricingClass,
          prewarmRequested: data.prewarm_requested ?? data.container_spec?.prewarm_requested ?? false,
          submittedAt: now,
          updatedAt: now,
          durationMinutes: data.duration_minutes,
          maxDurationSeconds: maxDuration,
          timeoutAt: status === 'pending' ? new Date(now.getTime() + maxDuration * 1000) : null,
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
        })
        .returning();
      // After the insert, so the renter's balance row is locked for one statement and the commit only.
      await openHoldForNewJob(tx, {
        renterId,
        job,
        amountHalala: quote.costHalala,
        countsAsNewJob: !retriedFrom,
        firstEvent: retriedFrom
          ? { eventType: 'job.retried', payload: { retried_from_job_id: retriedFrom.id } }
          : { eventType: 'job.submitted' },
        at: now,
      });
      return job;
    });
  }

  /** Loads a job the principal may read: its renter, its assigned provider, or an admin. */
  async function readable(principal: Principal, ref: number | string): Promise<Job> {
    requireScope(principal, 'read');
    const job = await findJob(db, ref);
    assertReadable(principal, job);
    return job;
  }

  /** Locks a job for an action by one of the allowed kinds of principal. */
  async function lockFor(tx: Tx, principal: Principal, ref: number | string, who: Array<'renter' | 'provider' | 'admin'>): Promise<Job> {
    if (who.includes('renter')) requireScope(principal, 'jobs');
    const job = await findJob(tx, ref, { lock: true });
    const allowed =
      (principal.kind === 'admin' && who.includes('admin')) ||
      (principal.kind === 'renter' && who.includes('renter') && principal.renterId === job.renterId) ||
      (principal.kind === 'provider' && who.includes('provider') && job.providerId === principal.providerId);
    if (!allowed) throw new ForbiddenError('Forbidden');
    return job;
  }

  function meteredSeconds(job: Job, reported: number | null | undefined, now: Date): number {
    if (reported != null) return reported;
    const start = job.startedAt ?? job.assignedAt;
    return start ? Math.max(0, (now.getTime() - start.getTime()) / 1000) : 0;
  }

  return {
    queuePosition,
    signTaskSpec: (taskSpec: string) => signTaskSpec(ctx.hmacSecret, taskSpec),

    async submit(principal: Principal, input: unknown): Promise<{ job: Job; queuePosition: number | null }> {
      const renter = requireRenter(principal, { key: 'jobs' });
      const data = parseInput(submitJobInput, input, ['job_type', 'duration_minutes']);
      const job = await createJob(renter.renterId, data);
      return { job, queuePosition: await queuePosition(job) };
    },

    /** A new job from a failed or cancelled one: same spec, a fresh quote and hold. */
    async retry(principal: Principal, ref: number | string): Promise<{ job: Job; queuePosition: number | null }> {
      const renter = requireRenter(principal, { key: 'jobs' });
      const source = await findJob(db, ref);
      if (source.renterId !== renter.renterId) throw new NotFoundError('Job');
      assertCan(source, 'retry');
      // The spec is rebuilt from the stored parameters, so a retry runs what today's generator makes of them.
      const job = await createJob(
        renter.renterId,
        {
          job_type: source.jobType as SubmitData['job_type'],
          duration_minutes: source.durationMinutes,
          provider_id: null,
          gpu_requirements: source.gpuRequirements as SubmitData['gpu_requirements'],
          container_spec: source.containerSpec as SubmitData['container_spec'],
          params: source.params ?? {},
          model: source.model,
          priority: source.priority,
          pricing_class: source.pricingClass,
          max_duration_seconds: source.maxDurationSeconds,
          template_id: source.templateId,
        },
        source,
      );
      return { job, queuePosition: await queuePosition(job) };
    },

    get: readable,

    /**
     * Atomically claims the provider's next job: its own pending/queued work first, then the global queue,
     * best pricing class, highest priority, oldest. Concurrent claims never get the same job.
     */
    async claimNext(principal: Principal, opts: { mode?: 'run' | 'assign' } = {}): Promise<Job | null> {
      const me = requireProvider(principal, { approved: true });
      const now = ctx.now();
      return db.transaction(async (tx) => {
        const [provider] = await tx.select().from(providers).where(eq(providers.id, me.providerId));
        if (!provider || provider.isPaused || provider.status === 'suspended') return null;
        const vramMib = Math.max(provider.gpuVramMib, provider.vramMb ?? 0);
        const [candidate] = await tx
          .select()
          .from(jobs)
          .where(
            and(
              inArray(jobs.status, ['pending', 'queued']),
              or(eq(jobs.providerId, me.providerId), isNull(jobs.providerId)),
              sql`coalesce((${jobs.gpuRequirements} ->> 'min_vram_gb')::float8, 0) * 1024 <= ${vramMib}`,
              // A global job only goes to a provider that fits it, as auto-routing would have required.
              sql`(${jobs.providerId} is not null or (
                ${JSON.stringify(provider.supportedComputeTypes)}::jsonb @> jsonb_build_array(${jobs.containerSpec} ->> 'compute_type')
                and (coalesce(${jobs.gpuRequirements} ->> 'gpu_type', '') = ''
                  or ${alnumUpper(provider.gpuModel ?? '')} like '%' || upper(regexp_replace(${jobs.gpuRequirements} ->> 'gpu_type', '[^a-zA-Z0-9]', '', 'g')) || '%')
                and ((${jobs.gpuRequirements} ->> 'verified_only') is distinct from 'true' or ${provider.verificationStatus === 'verified'}::boolean)))`,
            ),
          )
          .orderBy(sql`${jobs.providerId} is null`, rankSql, sql`${jobs.priority} desc`, jobs.submittedAt, jobs.id)
          .limit(1)
          .for('update', { skipLocked: true });
        if (!candidate) return null;
        const running = opts.mode !== 'assign';
        return transition(tx, candidate, running ? 'running' : 'assigned', {
          source: 'provider',
          eventType: 'job.status.changed',
          patch: {
            providerId: me.providerId,
            assignedAt: now,
            startedAt: running ? now : null,
            timeoutAt: new Date(now.getTime() + candidate.maxDurationSeconds * 1000),
          },
        }, now);
      });
    },

    /** Daemon progress: `pulling`, or an execution phase that moves an assigned job to running. */
    async reportProgress(principal: Principal, ref: number | string, phase: unknown): Promise<Job> {
      requireProvider(principal);
      if (typeof phase !== 'string' || !(PROGRESS_PHASES as readonly string[]).includes(phase))
        throw ValidationError.field('phase', `Invalid phase. Valid: ${PROGRESS_PHASES.join(', ')}`);
      const now = ctx.now();
      return db.transaction(async (tx) => {
        const job = await lockFor(tx, principal, ref, ['provider', 'admin']);
        assertCan(job, 'progress');
        const to = phase === 'pulling' ? (job.status === 'running' ? 'running' : 'pulling') : 'running';
        return transition(tx, job, to, {
          source: 'provider',
          eventType: 'job.phase.changed',
          message: phase,
          patch: { progressPhase: phase, progressUpdatedAt: now, startedAt: to === 'running' ? (job.startedAt ?? now) : job.startedAt },
        }, now);
      });
    },

    /** Appends daemon log lines, numbered per job from 1 in arrival order. */
    async appendLogs(principal: Principal, ref: number | string, input: unknown): Promise<{ job: Job; linesWritten: number; firstLine: number }> {
      requireProvider(principal);
      const { lines } = parseInput(logLinesInput, input, ['lines']);
      const now = ctx.now();
      return db.transaction(async (tx) => {
        const job = await lockFor(tx, principal, ref, ['provider', 'admin']);
        const [{ last }] = await tx
          .select({ last: sql<number>`coalesce(max(${jobLogs.lineNo}), 0)::int` })
          .from(jobLogs)
          .where(eq(jobLogs.jobId, job.id));
        await tx.insert(jobLogs).values(
          lines.map((line, i) => ({
            jobId: job.id,
            lineNo: last + i + 1,
            level: line.level ?? 'info',
            message: line.message,
            loggedAt: line.logged_at ? new Date(line.logged_at) : now,
          })),
        );
        await publish(tx, {
          type: 'job.log_appended',
          jobId: job.id,
          renterId: job.renterId,
          providerId: job.providerId,
          fromLine: last + 1,
          toLine: last + lines.length,
          at: now.toISOString(),
        });
        return { job, linesWritten: lines.length, firstLine: last + 1 };
      });
    },

    /**
     * Completes a claimed job and settles it: actual = min(quote, metered seconds × the quote's rate),
     * provider 75 %, platform the rest, the remainder of the hold back to the renter. The assigned
     * provider, the owning renter or an admin may complete.
     */
    async complete(principal: Principal, ref: number | string, input: unknown = {}): Promise<{ job: Job; settlement: Settlement }> {
      const data = parseInput(completeJobInput, input);
      const now = ctx.now();
      return db.transaction(async (tx) => {
        const job = await lockFor(tx, principal, ref, ['provider', 'renter', 'admin']);
        // A renter may only end work that is running, billed by the clock: it cannot report the metered
        // time (its own bill) or the result, which only the provider doing the work (or an admin) can.
        const byRenter = principal.kind === 'renter';
        if (byRenter && job.status !== 'running') throw new IllegalTransitionError(job.status, 'complete');
        assertCan(job, 'complete');
        const reported = byRenter ? {} : data;
        const seconds = meteredSeconds(job, reported.gpu_seconds_used, now);
        const result = reported.result == null ? null : typeof reported.result === 'string' ? reported.result : JSON.stringify(reported.result);
        const source = principal.kind === 'admin' ? 'admin' : principal.kind === 'renter' ? 'renter' : 'provider';
        let done = await transition(tx, job, 'completed', {
          source,
          eventType: 'job.completed',
          patch: { result, completedAt: now, gpuSecondsUsed: seconds },
        }, now);
        const settlement = await settleHold(tx, job.id, job.providerId, actualCost(job.costHalala, job.rateHalalaPerSecond, seconds));
        if (!settlement) throw new RuleViolationError('ALREADY_SETTLED', 'Job already settled', { current_status: job.status });
        await auditIfAdmin(tx, principal, 'job.complete', job, { previous_status: job.status, actual_cost_halala: settlement.actualHalala });
        [done] = await tx.select().from(jobs).where(eq(jobs.id, job.id));
        return { job: done, settlement };
      });
    },

    /**
     * Fails a job and releases its whole hold to the renter (once). A transient failure of a claimed job
     * with retries left goes back to the same provider as pending instead, keeping its hold.
     */
    async fail(principal: Principal, ref: number | string, input: unknown = {}): Promise<{ job: Job; refundedHalala: number; retryAttempt?: number }> {
      const data = parseInput(failJobInput, input);
      const error = data.error ?? 'Job failed';
      const now = ctx.now();
      return db.transaction(async (tx) => {
        const job = await lockFor(tx, principal, ref, ['provider', 'admin']);
        assertCan(job, 'fail');
        const source = principal.kind === 'admin' ? 'admin' : 'provider';
        if (data.transient && (CLAIMED as string[]).includes(job.status) && job.retryCount + 1 <= job.maxRetries) {
          const attempt = job.retryCount + 1;
          const retried = await transition(tx, job, 'pending', {
            source,
            eventType: 'job.retry.scheduled',
            message: error,
            patch: {
              retryCount: attempt,
              error: `[retry ${attempt}/${job.maxRetries}] ${error}`,
              lastError: error,
              assignedAt: null,
              startedAt: null,
              progressPhase: null,
              timeoutAt: new Date(now.getTime() + job.maxDurationSeconds * 1000),
            },
          }, now);
          return { job: retried, refundedHalala: 0, retryAttempt: attempt };
        }
        const failed = await transition(tx, job, 'failed', {
          source,
          eventType: 'job.failed',
          message: error,
          patch: { error, lastError: error, completedAt: now },
        }, now);
        const refunded = (await releaseHold(tx, job.id)) ?? 0;
        await auditIfAdmin(tx, principal, 'job.fail', job, { previous_status: job.status, refunded_halala: refunded });
        return { job: { ...failed, refundedAt: refunded ? now : failed.refundedAt }, refundedHalala: refunded };
      });
    },

    /** Cancels unfinished work for its renter or an admin, releasing the hold (once). */
    async cancel(principal: Principal, ref: number | string): Promise<{ job: Job; refundedHalala: number; previousStatus: string }> {
      const now = ctx.now();
      return db.transaction(async (tx) => {
        const job = await lockFor(tx, principal, ref, ['renter', 'admin']);
        assertCan(job, 'cancel');
        const cancelled = await transition(tx, job, 'cancelled', {
          source: principal.kind === 'admin' ? 'admin' : 'renter',
          eventType: 'job.cancelled',
          patch: { completedAt: now },
        }, now);
        const refunded = (await releaseHold(tx, job.id)) ?? 0;
        await auditIfAdmin(tx, principal, 'job.cancel', job, { previous_status: job.status, refunded_halala: refunded });
        return { job: { ...cancelled, refundedAt: refunded ? now : cancelled.refundedAt }, refundedHalala: refunded, previousStatus: job.status };
      });
    },
  };
}

/** Admin job actions are audited in the same transaction as the action. */
async function auditIfAdmin(tx: Tx, principal: Principal, action: string, job: Job, details: Record<string, unknown>): Promise<void> {
  if (principal.kind === 'admin') await recordAdminAction(tx, action, { type: 'job', id: job.jobId }, details);
}

export function canRead(principal: Principal, job: Job): boolean {
  if (principal.kind === 'admin') return true;
  if (principal.kind === 'renter') return principal.renterId === job.renterId && hasScope(principal, 'read');
  if (principal.kind === 'provider') return job.providerId === principal.providerId;
  return false;
}

export function assertReadable(principal: Principal, job: Job): void {
  if (principal.kind === 'anonymous') throw new ForbiddenError('Forbidden');
  requireScope(principal, 'read');
  if (!canRead(principal, job)) throw new ForbiddenError('Forbidden');
}

