import { timingSafeEqual } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { jobEvents, jobLogs, jobs, providers, renters } from '../db/schema.js';
import { requireProvider, requireRenter, requireScope } from './access.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { endpointUrlProblem } from './addressPolicy.js';
import { ForbiddenError, NotFoundError, RuleViolationError, UnauthorizedError, ValidationError } from './errors.js';
import { assertReadable } from './jobs.js';
import { signTaskSpec } from './taskSpecs.js';
import { assertCan, CLAIMED, findJob, rankSql, transition, UNCLAIMED, type Job } from './lifecycle.js';
import { parseInput } from './validate.js';

/**
 * Job reads the REST face needs beyond single jobs and paginated lists (the legacy REST contract's job read helpers):
 * log pages, a renter's history, attempts, the active list, a provider's queue, queue statistics, and
 * task-spec signature checks for the daemon. Also the one daemon write jobs.ts lacks: a vllm_serve job
 * announcing its endpoint (POST /jobs/:id/endpoint-ready).
 */

export type JobLogLine = typeof jobLogs.$inferSelect;

export const MAX_LOG_PAGE = 1000;
/** Jobs still to run or running; `active` lists them. */
export const ACTIVE_STATUSES = [...UNCLAIMED, ...CLAIMED];
/** The active list is not paginated (as in the original); this bounds one answer. */
const ACTIVE_LIST_CAP = 1000;
/** A queue bucket whose 95th-percentile wait exceeds this breaches the queue SLO. */
export const QUEUE_SLO_SECONDS = 300;

export interface LogPage {
  job: Job;
  lines: JobLogLine[];
  totalLines: number;
  hasMore: boolean;
}

export interface HistoryEntry {
  job: Job;
  providerName: string | null;
  providerGpu: string | null;
}

/** One run of a job on a provider: from a claim to its end (completion, failure, cancellation or requeue). */
export interface Attempt {
  attemptNumber: number;
  providerId: number | null;
  startedAt: Date;
  endedAt: Date | null;
  endStatus: string | null;
}

export interface QueueBucket {
  pricingClass: string;
  computeType: string;
  vramRequiredMb: number;
  depth: number;
  avgWaitSeconds: number;
  p95WaitSeconds: number;
}

export interface QueueSignal {
  signalType: 'queue_slo_breach';
  pricingClass: string;
  computeType: string;
  vramRequiredMb: number;
  p95WaitSeconds: number;
  recommendedAction: 'scale_up';
}

export interface QueueStatus {
  queuedTotal: number;
  buckets: QueueBucket[];
  signals: QueueSignal[];
  generatedAt: Date;
}

export const endpointReadyInput = z.object({
  port: z.number({ error: 'Invalid port' }).int('Invalid port').min(1024, 'Invalid port').max(65_535, 'Invalid port'),
  provider_ip: z.union([z.ipv4(), z.ipv6()], { error: 'Must be an IPv4 or IPv6 address' }).nullish(),
});

const HEX_SIGNATURE = /^[0-9a-f]{64}$/i;

/** Constant-time comparison of a presented signature with the one the task spec should have. */
function signatureMatches(expected: string, presented: string): boolean {
  if (!HEX_SIGNATURE.test(presented)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(presented.toLowerCase(), 'hex'));
}

/** Sorted waits at index floor((n−1)×0.95), as the original computed its p95. */
function p95(sortedAsc: number[]): number {
  return sortedAsc.length ? sortedAsc[Math.floor((sortedAsc.length - 1) * 0.95)] : 0;
}

/** Rebuilds the attempts from the lifecycle events: each claim opens one, the next unclaimed or final status closes it. */
export function attemptsFromEvents(events: Array<typeof jobEvents.$inferSelect>, providerId: number | null): Attempt[] {
  const attempts: Attempt[] = [];
  let open: Attempt | undefined;
  for (const e of events) {
    const claimed = (CLAIMED as string[]).includes(e.status);
    if (claimed && !open) {
      open = { attemptNumber: attempts.length + 1, providerId, startedAt: e.occurredAt, endedAt: null, endStatus: null };
      attempts.push(open);
    } else if (!claimed && open) {
      open.endedAt = e.occurredAt;
      open.endStatus = e.status;
      open = undefined;
    }
  }
  return attempts;
}

export function jobViewsModule(ctx: DomainContext) {
  const db = () => ctx.store.db;

  /** Jobs the principal may list: an admin all, a renter its own, a provider those assigned to it. */
  function scopeFor(principal: Principal): SQL | undefined {
    if (principal.kind === 'anonymous') throw new UnauthorizedError('Authentication required');
    requireScope(principal, 'read');
    if (principal.kind === 'renter') return eq(jobs.renterId, principal.renterId);
    if (principal.kind === 'provider') return eq(jobs.providerId, principal.providerId);
    return undefined;
  }

  async function readableJob(principal: Principal, ref: number | string): Promise<Job> {
    requireScope(principal, 'read');
    const job = await findJob(db(), ref);
    assertReadable(principal, job);
    return job;
  }

  return {
    /** A page of a readable job's log lines after line `since`, with the job's line count. */
    async logs(principal: Principal, ref: number | string, page: { since: number; limit: number }): Promise<LogPage> {
      if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LOG_PAGE)
        throw ValidationError.field('limit', `limit must be an integer between 1 and ${MAX_LOG_PAGE}`);
      const job = await readableJob(principal, ref);
      const lines = await db()
        .select()
        .from(jobLogs)
        .where(and(eq(jobLogs.jobId, job.id), gt(jobLogs.lineNo, page.since)))
        .orderBy(asc(jobLogs.lineNo))
        .limit(page.limit + 1);
      const [{ total }] = await db().select({ total: count() }).from(jobLogs).where(eq(jobLogs.jobId, job.id));
      return { job, lines: lines.slice(0, page.limit), totalLines: Number(total), hasMore: lines.length > page.limit };
    },

    /** Lines after `afterLine`, oldest first, at most `limit` of them: the first ones, or with `tail` the last ones. */
    async logLines(jobId: number, afterLine: number, limit: number, opts: { tail?: boolean } = {}): Promise<JobLogLine[]> {
      const rows = await db()
        .select()
        .from(jobLogs)
        .where(and(eq(jobLogs.jobId, jobId), gt(jobLogs.lineNo, afterLine)))
        .orderBy(opts.tail ? desc(jobLogs.lineNo) : asc(jobLogs.lineNo))
        .limit(limit);
      return opts.tail ? rows.reverse() : rows;
    },

    /** The renter's newest jobs with the name and GPU of the provider that ran each, and its balance. */
    async renterHistory(principal: Principal, limit: number): Promise<{ balanceHalala: number; entries: HistoryEntry[] }> {
      const { renterId } = requireRenter(principal, { key: 'read' });
      const [renter] = await db().select({ balance: renters.balanceHalala }).from(renters).where(eq(renters.id, renterId));
      if (!renter) throw new NotFoundError('Renter');
      const rows = await db()
        .select({ job: jobs, providerName: providers.name, providerGpu: providers.gpuModel })
        .from(jobs)
        .leftJoin(providers, eq(providers.id, jobs.providerId))
        .where(eq(jobs.renterId, renterId))
        .orderBy(desc(jobs.submittedAt), desc(jobs.id))
        .limit(limit);
      return { balanceHalala: renter.balance, entries: rows };
    },

    /** The renter's own job with its attempts; another renter's job does not exist for it. */
    async attempts(principal: Principal, ref: number | string): Promise<{ job: Job; attempts: Attempt[]; hasLogs: boolean }> {
      const { renterId } = requireRenter(principal, { key: 'read' });
      const job = await findJob(db(), ref);
      if (job.renterId !== renterId) throw new NotFoundError('Job');
      const events = await db().select().from(jobEvents).where(eq(jobEvents.jobId, job.id)).orderBy(asc(jobEvents.sequenceNo));
      const [logged] = await db().select({ id: jobLogs.id }).from(jobLogs).where(eq(jobLogs.jobId, job.id)).limit(1);
      return { job, attempts: attemptsFromEvents(events, job.providerId), hasLogs: logged !== undefined };
    },

    /** Unfinished jobs the principal may see, newest first. */
    async active(principal: Principal): Promise<Job[]> {
      return db()
        .select()
        .from(jobs)
        .where(and(scopeFor(principal), inArray(jobs.status, ACTIVE_STATUSES)))
        .orderBy(desc(jobs.submittedAt), desc(jobs.id))
        .limit(ACTIVE_LIST_CAP);
    },

    /**
     * A provider's work in dispatch order: claimed first, then pending, then queued; within each the best
     * pricing class, highest priority, oldest. A provider sees only its own queue, a renter only its jobs in it.
     */
    async providerQueue(principal: Principal, providerId: number): Promise<Array<Pick<Job, 'jobId' | 'status'>>> {
      const scope = scopeFor(principal);
      if (principal.kind === 'provider' && principal.providerId !== providerId) throw new ForbiddenError('Forbidden');
      const stage = sql`case when ${jobs.status} in ('assigned','pulling','running') then 0 when ${jobs.status} = 'pending' then 1 else 2 end`;
      return db()
        .select({ jobId: jobs.jobId, status: jobs.status })
        .from(jobs)
        .where(and(scope, eq(jobs.providerId, providerId), inArray(jobs.status, ACTIVE_STATUSES)))
        .orderBy(stage, rankSql, desc(jobs.priority), asc(jobs.submittedAt), asc(jobs.id));
    },

    /** Depth and waiting times of the queued work the principal may see, by pricing class, compute type and VRAM. */
    async queueStatus(principal: Principal): Promise<QueueStatus> {
      const scope = scopeFor(principal);
      const now = ctx.now();
      const computeType = sql<string>`coalesce(${jobs.containerSpec} ->> 'compute_type', 'inference')`;
      const vram = sql<number>`coalesce((${jobs.containerSpec} ->> 'vram_required_mb')::int, 0)`;
      const wait = sql`greatest(0, extract(epoch from (${now.toISOString()}::timestamptz - ${jobs.submittedAt})))`;
      const rows = await db()
        .select({
          pricingClass: jobs.pricingClass,
          computeType,
          vramRequiredMb: vram,
          waits: sql<Array<number | string>>`array_agg(${wait}::float8 order by ${wait})`,
        })
        .from(jobs)
        .where(and(scope, eq(jobs.status, 'queued')))
        .groupBy(jobs.pricingClass, computeType, vram)
        .orderBy(jobs.pricingClass, computeType, vram);
      const buckets = rows.map((r): QueueBucket => {
        const waits = r.waits.map(Number);
        return {
          pricingClass: r.pricingClass,
          computeType: r.computeType,
          vramRequiredMb: Number(r.vramRequiredMb),
          depth: waits.length,
          avgWaitSeconds: Math.round(waits.reduce((a, b) => a + b, 0) / waits.length),
          p95WaitSeconds: Math.round(p95(waits)),
        };
      });
      const signals = buckets
        .filter((b) => b.p95WaitSeconds > QUEUE_SLO_SECONDS)
        .map((b): QueueSignal => ({
          signalType: 'queue_slo_breach',
          pricingClass: b.pricingClass,
          computeType: b.computeType,
          vramRequiredMb: b.vramRequiredMb,
          p95WaitSeconds: b.p95WaitSeconds,
          recommendedAction: 'scale_up',
        }));
      return { queuedTotal: buckets.reduce((n, b) => n + b.depth, 0), buckets, signals, generatedAt: now };
    },

    /**
     * Whether `hmac` is the genuine signature of a task spec the calling provider holds: of the named job
     * (which must be its own), or else of any unfinished job assigned to it.
     */
    async verifyTaskSignature(principal: Principal, input: { hmac: string; job?: string | number | null }): Promise<boolean> {
      const { providerId } = requireProvider(principal);
      if (!HEX_SIGNATURE.test(input.hmac)) return false;
      if (input.job != null) {
        const job = await findJob(db(), input.job);
        if (job.providerId !== providerId) throw new NotFoundError('Job');
        return signatureMatches(signTaskSpec(ctx.hmacSecret, job.taskSpec), input.hmac);
      }
      const candidates = await db()
        .select({ taskSpec: jobs.taskSpec })
        .from(jobs)
        .where(
          and(
            eq(jobs.providerId, providerId),
            eq(jobs.taskSpecHmac, input.hmac.toLowerCase()),
            inArray(jobs.status, ACTIVE_STATUSES),
          ),
        );
      return candidates.some((c) => signatureMatches(signTaskSpec(ctx.hmacSecret, c.taskSpec), input.hmac));
    },

    /**
     * A vllm_serve job's server is up: its endpoint is `http://<ip>:<port>/v1` (the reported address, else
     * the provider's last known one, which must be public unless private endpoints are allowed) and the job runs.
     */
    async endpointReady(principal: Principal, ref: number | string, input: unknown): Promise<Job> {
      const { providerId } = requireProvider(principal);
      const data = parseInput(endpointReadyInput, input, ['port']);
      const now = ctx.now();
      return db().transaction(async (tx) => {
        const job = await findJob(tx, ref, { lock: true });
        if (job.providerId !== providerId) throw new NotFoundError('Job');
        if (job.jobType !== 'vllm_serve') throw new RuleViolationError('NOT_VLLM_SERVE', 'Not a vllm_serve job');
        assertCan(job, 'progress');
        const [provider] = await tx.select({ ip: providers.providerIp }).from(providers).where(eq(providers.id, providerId));
        const ip = data.provider_ip ?? provider?.ip;
        if (!ip) throw new RuleViolationError('PROVIDER_IP_UNKNOWN', 'Cannot resolve provider IP — send provider_ip in body');
        const endpointUrl = `http://${ip.includes(':') ? `[${ip}]` : ip}:${data.port}/v1`;
        const problem = endpointUrlProblem(endpointUrl, ctx.config.allowPrivateEndpoints);
        if (problem) throw ValidationError.field('provider_ip', problem);
        return transition(tx, job, 'running', {
          source: 'provider',
          eventType: 'job.endpoint.ready',
          message: endpointUrl,
          patch: { endpointUrl, servePort: data.port, progressPhase: 'serving', progressUpdatedAt: now, startedAt: job.startedAt ?? now },
        }, now);
      });
    },
  };
}

export type JobViews = ReturnType<typeof jobViewsModule>;
