import { eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client.js';
import { builtOnce } from '../db/statement-cache.js';
import { jobEvents, jobs } from '../db/schema.js';
import { IllegalTransitionError, NotFoundError } from './errors.js';
import { PRICING_CLASS_RANK } from './pricing.js';
import { publish } from './events.js';

/** Job statuses (docs/decisions.md#job-states). */
export const JOB_STATUSES = ['queued', 'pending', 'assigned', 'pulling', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type Job = typeof jobs.$inferSelect;

export const UNCLAIMED: JobStatus[] = ['queued', 'pending'];
export const CLAIMED: JobStatus[] = ['assigned', 'pulling', 'running'];
export const TERMINAL: JobStatus[] = ['completed', 'failed', 'cancelled'];
export const isTerminal = (status: string) => (TERMINAL as string[]).includes(status);

/** Which statuses each action may start from; anything else is a 409 with the current status. */
export const TRANSITIONS = {
  claim: UNCLAIMED,
  progress: CLAIMED,
  complete: CLAIMED,
  fail: ['pending', ...CLAIMED] as JobStatus[],
  cancel: [...UNCLAIMED, ...CLAIMED] as JobStatus[],
  requeue: ['pending', ...CLAIMED] as JobStatus[],
  timeout: CLAIMED,
  expire: UNCLAIMED,
  retry: ['failed', 'cancelled'] as JobStatus[],
} satisfies Record<string, JobStatus[]>;
export type JobAction = keyof typeof TRANSITIONS;

export function assertCan(job: Job, action: JobAction): void {
  if (!(TRANSITIONS[action] as string[]).includes(job.status)) throw new IllegalTransitionError(job.status, action);
}

/** The numeric id a job reference names, or undefined when it is a `job-…` string id. */
export function numericJobId(ref: number | string): number | undefined {
  const asNumber = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
  return asNumber !== undefined && Number.isSafeInteger(asNumber) && asNumber <= 2_147_483_647 ? asNumber : undefined;
}

/** A job reference from any face: the numeric id or the `job-…` string id. */
export function jobRefCondition(ref: number | string) {
  const id = numericJobId(ref);
  return id !== undefined ? eq(jobs.id, id) : eq(jobs.jobId, String(ref));
}

/** Every job route reads its job first: both lookups are built once per database handle. */
const jobLookups = builtOnce((ex: Executor) => ({
  byId: ex.select().from(jobs).where(eq(jobs.id, sql.placeholder('id'))).limit(1).prepare('job_by_id'),
  byJobId: ex.select().from(jobs).where(eq(jobs.jobId, sql.placeholder('jobId'))).limit(1).prepare('job_by_job_id'),
}));

export async function findJob(ex: Executor, ref: number | string, opts: { lock?: boolean } = {}): Promise<Job> {
  const id = numericJobId(ref);
  const [job] = opts.lock
    ? await ex.select().from(jobs).where(jobRefCondition(ref)).limit(1).for('update')
    : id !== undefined
      ? await jobLookups(ex).byId.execute({ id })
      : await jobLookups(ex).byJobId.execute({ jobId: String(ref) });
  if (!job) throw new NotFoundError('Job');
  return job;
}

export interface TransitionOptions {
  source: 'renter' | 'provider' | 'admin' | 'scheduler' | 'sweep';
  eventType: string;
  message?: string | null;
  payload?: Record<string, unknown>;
  patch?: Partial<typeof jobs.$inferInsert>;
}

/**
 * Moves a locked job to `to` (or keeps its status and changes only fields, e.g. a progress phase),
 * appends the lifecycle event and announces it after commit.
 */
export async function transition(tx: Tx, job: Job, to: JobStatus, opts: TransitionOptions, at: Date): Promise<Job> {
  const [updated] = await tx
    .update(jobs)
    .set({ ...opts.patch, status: to, updatedAt: at })
    .where(eq(jobs.id, job.id))
    .returning();
  await recordJobEvent(tx, updated, job.status, opts, at);
  return updated;
}

/** Appends the job's next lifecycle event and publishes it; `job` is the job as it is now. */
export async function recordJobEvent(tx: Tx, job: Job, fromStatus: string | null, opts: TransitionOptions, at: Date): Promise<void> {
  const [{ seq }] = await tx
    .insert(jobEvents)
    .values({
      jobId: job.id,
      sequenceNo: sql`(select coalesce(max(${jobEvents.sequenceNo}), 0) + 1 from ${jobEvents} where ${jobEvents.jobId} = ${job.id})`,
      eventType: opts.eventType,
      status: job.status,
      fromStatus,
      source: opts.source,
      message: opts.message ?? null,
      payload: opts.payload ?? null,
      occurredAt: at,
    })
    .returning({ seq: jobEvents.sequenceNo });
  await publish(tx, {
    type: 'job.status_changed',
    jobId: job.id,
    jobKey: job.jobId,
    renterId: job.renterId,
    providerId: job.providerId,
    status: job.status,
    fromStatus,
    progressPhase: job.progressPhase,
    sequenceNo: seq,
    at: at.toISOString(),
  });
}

/** Dispatch rank of a job's pricing class as SQL: lower runs first. */
export const rankSql = sql`case ${jobs.pricingClass} when 'priority' then ${PRICING_CLASS_RANK.priority} when 'economy' then ${PRICING_CLASS_RANK.economy} else ${PRICING_CLASS_RANK.standard} end`;
