import { and, eq, getTableColumns, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor, Tx } from '../db/client.js';
import { apiKeys, jobLogs, jobs, providers, renters } from '../db/schema.js';
import { alias } from 'drizzle-orm/pg-core';
import { builtOnce } from '../db/statement-cache.js';
import { hasScope, requireProvider, requireRenter, requireScope } from './access.js';
import { recordAdminAction } from './audit.js';
import { ADMIN, adminTokenMatches, KEY_OWNER_COLUMNS, keyLookup, LIVE_KEY, principalFromOwner, type Principal } from './auth.js';
import { actualCost, normalisePricingClass, PRICING_CLASS_RANK, type PricingClass } from './pricing.js';
import { releaseHold, settleHold, type Settlement } from './billing.js';
import type { DomainContext } from './context.js';
import { ForbiddenError, IllegalTransitionError, NotFoundError, RuleViolationError, ValidationError } from './errors.js';
import { publish } from './events.js';
import { assertCan, CLAIMED, findJob, numericJobId, rankSql, transition, type Job } from './lifecycle.js';
import { alnumUpper, createJob, lockProviderPlacement, submitByKey, submitJobInput, type SubmitData } from './submit.js';
import { signTaskSpec } from './taskSpecs.js';
import { parseInput } from './validate.js';
import { IN_UNASSIGNED_QUEUE, inProviderQueue, rankOf, ranksAhead } from './queueOrder.js';

export type { Job } from './lifecycle.js';

export const PROGRESS_PHASES = ['pulling', 'downloading_model', 'installing_deps', 'loading_model', 'generating', 'formatting'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'warning', 'error', 'critical'] as const;

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



/** Every submit counts it: built once per database handle. */
const queueAhead = builtOnce((ex: Executor) => {
  const [rank, priority, submittedAt, id, providerId] = ['rank', 'priority', 'submittedAt', 'id', 'providerId'].map((name) => sql.placeholder(name));
  const mine = { rank, priority, submittedAt: sql`${submittedAt}::timestamptz`, id };
  const count = (scope: SQL) => ex.select({ n: sql<number>`count(*)::int` }).from(alias(jobs, 'ahead')).where(sql`${scope} and ${ranksAhead(mine)}`);
  return {
    unassigned: count(IN_UNASSIGNED_QUEUE).prepare('queue_ahead_unassigned'),
    ofProvider: count(inProviderQueue(providerId)).prepare('queue_ahead_of_provider'),
  };
});

/**
 * A job and, when it is queued, the work ranked ahead of it, in one statement: what every poll of a job
 * asks (the SDKs poll GET /jobs/:id while their job waits). The `withKey` pair also reads the owner of the
 * key the poll came with (the key lookup of auth.ts, the job left-joined to it), so a poll is one round trip.
 */
const jobWithQueue = builtOnce((ex: Executor) => {
  const mine = { rank: rankOf('jobs'), priority: sql.raw('jobs.priority'), submittedAt: sql.raw('jobs.submitted_at'), id: sql.raw('jobs.id') };
  const countAhead = (scope: SQL) => sql`(select count(*)::int from jobs ahead where ${scope} and ${ranksAhead(mine)})`;
  const queueAhead = sql<number | null>`case
    when jobs.status is distinct from 'queued' then null
    when jobs.provider_id is null then ${countAhead(IN_UNASSIGNED_QUEUE)}
    else ${countAhead(inProviderQueue(sql.raw('jobs.provider_id')))}
    end`;
  const select = () => ex.select({ ...getTableColumns(jobs), queueAhead }).from(jobs);
  const withKey = (job: SQL) =>
    ex
      .select({ ...KEY_OWNER_COLUMNS, job: getTableColumns(jobs), queueAhead })
      .from(apiKeys)
      .leftJoin(renters, eq(renters.id, apiKeys.renterId))
      .leftJoin(providers, eq(providers.id, apiKeys.providerId))
      .leftJoin(jobs, job)
      .where(LIVE_KEY)
      .limit(1);
  return {
    byId: select().where(eq(jobs.id, sql.placeholder('id'))).limit(1).prepare('job_with_queue_by_id'),
    byJobId: select().where(eq(jobs.jobId, sql.placeholder('jobId'))).limit(1).prepare('job_with_queue_by_job_id'),
    withKeyById: withKey(eq(jobs.id, sql.placeholder('id'))).prepare('key_and_job_with_queue_by_id'),
    withKeyByJobId: withKey(eq(jobs.jobId, sql.placeholder('jobId'))).prepare('key_and_job_with_queue_by_job_id'),
  };
});

export interface JobWithQueuePosition {
  job: Job;
  /** 1 + the queued work ranked ahead of it; null unless queued. */
  queuePosition: number | null;
}

const withPosition = (job: Job, queueAhead: number | null): JobWithQueuePosition => ({ job, queuePosition: queueAhead == null ? null : Number(queueAhead) + 1 });

/** The job a reference names, with its queue position (null unless queued); NotFoundError if none. */
async function findJobWithQueuePosition(ex: Executor, ref: number | string): Promise<JobWithQueuePosition> {
  const lookups = jobWithQueue(ex);
  const id = numericJobId(ref);
  const [row] = id !== undefined ? await lookups.byId.execute({ id }) : await lookups.byJobId.execute({ jobId: String(ref) });
  if (!row) throw new NotFoundError('Job');
  const { queueAhead, ...job } = row;
  return withPosition(job, queueAhead);
}

/** The owner of a live key and the job a reference names (undefined if none), in one statement. */
async function keyOwnerWithJob(ex: Executor, key: string, ref: number | string, now: Date): Promise<{ principal: Principal | undefined; found?: JobWithQueuePosition }> {
  const lookup = keyLookup(key, now);
  if (!lookup) return { principal: undefined };
  const lookups = jobWithQueue(ex);
  const id = numericJobId(ref);
  const [row] = id !== undefined ? await lookups.withKeyById.execute({ ...lookup, id }) : await lookups.withKeyByJobId.execute({ ...lookup, jobId: String(ref) });
  if (!row) return { principal: undefined };
  return { principal: principalFromOwner(row), found: row.job ? withPosition(row.job, row.queueAhead) : undefined };
}

/** What getWithQueuePosition answers for a job already read, with its checks in its order: scope, existence, access. */
function readableWithPosition(principal: Principal, found: JobWithQueuePosition | undefined): JobWithQueuePosition {
  requireScope(principal, 'read');
  if (!found) throw new NotFoundError('Job');
  assertReadable(principal, found.job);
  return found;
}

export function jobsModule(ctx: DomainContext) {
  const { db } = ctx.store;
  const onlineSince = () => new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);

  /** 1 + the queued work that ranks strictly ahead (docs/decisions.md#queue-order); null unless queued. */
  async function queuePosition(job: Pick<Job, 'id' | 'status' | 'providerId' | 'pricingClass' | 'priority' | 'submittedAt'>): Promise<number | null> {
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
      const job = await createJob(ctx, renter.renterId, data);
      return { job, queuePosition: await queuePosition(job) };
    },

    /** The same submit, authenticated by the renter's key in the round trip that routes it (REST; see submitByKey). */
    async submitByKey(key: string, input: unknown, accept: (principal: Principal | undefined) => void) {
      const { job, queuePosition: counted } = await submitByKey(ctx, key, input, accept);
      return { job, queuePosition: counted ?? (await queuePosition(job)) };
    },

    /** A new job from a failed or cancelled one: same spec, a fresh quote and hold. */
    async retry(principal: Principal, ref: number | string): Promise<{ job: Job; queuePosition: number | null }> {
      const renter = requireRenter(principal, { key: 'jobs' });
      const source = await findJob(db, ref);
      if (source.renterId !== renter.renterId) throw new NotFoundError('Job');
      assertCan(source, 'retry');
      // The spec is rebuilt from the stored parameters, so a retry runs what today's generator makes of them.
      const job = await createJob(
        ctx,
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

    /** A job the principal may read, with its queue position when queued: one statement after the key. */
    async getWithQueuePosition(principal: Principal, ref: number | string): Promise<JobWithQueuePosition> {
      requireScope(principal, 'read');
      return readableWithPosition(principal, await findJobWithQueuePosition(db, ref));
    },

    /**
     * The principal a credential names (as the domain's `principal` resolves it) and, for an API key, the job
     * `ref` names with its queue position, read in the key's own lookup: the poll of a job is then one
     * statement. `found` is undefined when the job does not exist, and when nothing was read (an admin
     * token, no live key). Whether the principal may read it is `readableWithQueuePosition`'s call.
     */
    async principalWithJob(credential: string, ref: number | string): Promise<{ principal: Principal | undefined; found?: JobWithQueuePosition }> {
      if (adminTokenMatches(credential, ctx.config.adminToken)) return { principal: ADMIN };
      return keyOwnerWithJob(db, credential, ref, ctx.now());
    },

    /** getWithQueuePosition's answer for a job principalWithJob read (the same refusals, in the same order). */
    readableWithQueuePosition: readableWithPosition,

    /**
     * Atomically claims the provider's next job: its own pending/queued work first, then the global queue,
     * best pricing class, highest priority, oldest. Concurrent claims never get the same job.
     */
    async claimNext(principal: Principal, opts: { mode?: 'run' | 'assign' } = {}): Promise<Job | null> {
      const me = requireProvider(principal, { approved: true });
      const now = ctx.now();
      return db.transaction(async (tx) => {
        // Submits placing work on this provider wait, and then find it busy.
        await lockProviderPlacement(tx, me.providerId);
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

/** Reads only whose job it is, so a list's job card will do. */
export function canRead(principal: Principal, job: Pick<Job, 'renterId' | 'providerId'>): boolean {
  if (principal.kind === 'admin') return true;
  if (principal.kind === 'renter') return principal.renterId === job.renterId && hasScope(principal, 'read');
  if (principal.kind === 'provider') return job.providerId === principal.providerId;
  return false;
}

export function assertReadable(principal: Principal, job: Pick<Job, 'renterId' | 'providerId'>): void {
  if (principal.kind === 'anonymous') throw new ForbiddenError('Forbidden');
  requireScope(principal, 'read');
  if (!canRead(principal, job)) throw new ForbiddenError('Forbidden');
}

