import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { eventPayloads, heartbeats, idempotencyKeys, jobs, providers, rateLimitBuckets } from '../db/schema.js';
import { releaseHold } from './billing.js';
import type { DomainContext } from './context.js';
import { releaseStaleReservations } from './inference.js';
import { CLAIMED, transition, UNCLAIMED, type Job } from './lifecycle.js';
import { changeProviderStatus } from './providers.js';

/** Advisory lock id: only one instance sweeps at a time. */
const SWEEP_LOCK = 72_002;
const EVENT_PAYLOAD_TTL_MS = 3600_000;

/** What /api/health reports about this instance's sweeps. */
export interface SweepStats {
  totalRuns: number;
  sweepErrors: number;
  lastRunAt: string | null;
  lastErrorAt: string | null;
  lastErrorMessage: string | null;
}

/** A pass as the metrics see it: run to the end, skipped (the lock was taken), or failed; and how long it took. */
export type SweepRunListener = (outcome: 'done' | 'skipped' | 'failed', seconds: number) => void;

export interface SweepReport {
  timedOut: number;
  providersOffline: number;
  requeued: number;
  expired: number;
  pruned: number;
  /** /v1 reservations given back because no live request could still settle them. */
  reservationsReleased: number;
}

/**
 * Background sweeps: job timeouts, providers gone silent (their jobs back to the queue), jobs that
 * waited too long in the queue, and retention. Every step re-checks status under a row lock, so a
 * sweep racing a completion, or running twice, changes nothing twice. Each job moves in its own short
 * transaction (PGlite serialises everything on one connection).
 */
export function sweepsModule(ctx: DomainContext) {
  const { db } = ctx.store;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const stats: SweepStats = { totalRuns: 0, sweepErrors: 0, lastRunAt: null, lastErrorAt: null, lastErrorMessage: null };
  const runListeners: SweepRunListener[] = [];
  const told = (outcome: 'done' | 'skipped' | 'failed', started: number) => {
    for (const listener of runListeners) listener(outcome, (performance.now() - started) / 1000);
  };

  /**
   * Re-reads a job under lock and applies `fn` only if it is still in one of `statuses` and the reason it
   * was selected still holds (`stillDue`): a job completed, claimed or heartbeated back in the meantime stays put.
   */
  async function moveJob(id: number, statuses: string[], stillDue: (tx: Tx, job: Job) => Promise<boolean> | boolean, fn: (tx: Tx, job: Job) => Promise<unknown>) {
    return db.transaction(async (tx) => {
      const [job] = await tx.select().from(jobs).where(eq(jobs.id, id)).for('update');
      if (!job || !statuses.includes(job.status) || !(await stillDue(tx, job))) return false;
      await fn(tx, job);
      return true;
    });
  }

  async function failWithRefund(
    id: number,
    statuses: string[],
    stillDue: (job: Job) => boolean,
    eventType: string,
    error: string,
  ): Promise<boolean> {
    const now = ctx.now();
    return moveJob(id, statuses, (_tx, job) => stillDue(job), async (tx, job) => {
      await transition(tx, job, 'failed', {
        source: 'sweep',
        eventType,
        message: error,
        patch: { error, lastError: error, completedAt: now },
      }, now);
      await releaseHold(tx, job.id);
    });
  }

  async function timeOutJobs(): Promise<number> {
    const due = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.status, CLAIMED), lt(jobs.timeoutAt, ctx.now())));
    let n = 0;
    const overdue = (job: Job) => job.timeoutAt != null && job.timeoutAt < ctx.now();
    for (const { id } of due) if (await failWithRefund(id, CLAIMED, overdue, 'job.timed_out', 'Job timed out — provider may be offline or model too large')) n++;
    return n;
  }

  /** Providers silent for longer than the threshold go offline; their unfinished jobs go back to the global queue. */
  async function sweepOfflineProviders(): Promise<{ offline: number; requeued: number }> {
    const cutoff = new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);
    const silent = await db
      .select({ id: providers.id })
      .from(providers)
      .where(and(inArray(providers.status, ['online', 'degraded', 'paused']), or(isNull(providers.lastHeartbeat), lt(providers.lastHeartbeat, cutoff))));
    let offline = 0;
    for (const { id } of silent) {
      const changed = await db.transaction(async (tx) => {
        const [p] = await tx.select().from(providers).where(eq(providers.id, id)).for('update');
        if (!p || !['online', 'degraded', 'paused'].includes(p.status) || (p.lastHeartbeat && p.lastHeartbeat >= cutoff)) return false;
        await changeProviderStatus(tx, p, { status: 'offline' }, ctx.now());
        return true;
      });
      if (changed) offline++;
    }
    const stranded = await db
      .select({ id: jobs.id, providerId: jobs.providerId })
      .from(jobs)
      .innerJoin(providers, eq(providers.id, jobs.providerId))
      .where(and(inArray(jobs.status, ['queued', 'pending', ...CLAIMED]), inArray(providers.status, ['offline', 'suspended'])));
    let requeued = 0;
    for (const { id, providerId } of stranded) if (providerId != null && (await requeue(id, providerId))) requeued++;
    return { offline, requeued };
  }

  /** Back to the global queue for another provider, unless its retries are used up (then failed and refunded). */
  async function requeue(id: number, strandedOn: number): Promise<boolean> {
    const now = ctx.now();
    const providerStillGone = async (tx: Tx, job: Job) => {
      if (job.providerId !== strandedOn) return false;
      const [p] = await tx.select({ status: providers.status }).from(providers).where(eq(providers.id, strandedOn)).for('share');
      return p != null && ['offline', 'suspended'].includes(p.status);
    };
    return moveJob(id, ['queued', 'pending', ...CLAIMED], providerStillGone, async (tx, job) => {
      const claimed = (CLAIMED as string[]).includes(job.status);
      if (claimed && job.retryCount + 1 > job.maxRetries) {
        const error = '[permanent] retries exhausted: provider went offline';
        await transition(tx, job, 'failed', { source: 'sweep', eventType: 'job.failed', message: error, patch: { error, lastError: error, completedAt: now } }, now);
        await releaseHold(tx, job.id);
        return;
      }
      await transition(tx, job, 'queued', {
        source: 'sweep',
        eventType: 'job.status.changed',
        message: 'Provider went offline',
        patch: {
          providerId: null,
          retryCount: claimed ? job.retryCount + 1 : job.retryCount,
          lastError: 'Provider went offline',
          assignedAt: null,
          startedAt: null,
          timeoutAt: null,
          progressPhase: null,
        },
      }, now);
    });
  }

  /** Unclaimed work that nobody picked up within the queue timeout fails and is refunded. */
  async function expireQueuedJobs(): Promise<number> {
    const cutoff = new Date(ctx.now().getTime() - ctx.config.queueTimeoutMinutes * 60_000);
    const stale = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.status, UNCLAIMED), lt(jobs.updatedAt, cutoff)));
    let n = 0;
    const waitedTooLong = (job: Job) => job.updatedAt < cutoff;
    for (const { id } of stale) if (await failWithRefund(id, UNCLAIMED, waitedTooLong, 'job.failed', 'queue_timeout: no provider claimed the job in time')) n++;
    return n;
  }

  async function prune(): Promise<number> {
    const now = ctx.now().getTime();
    const hb = await db
      .delete(heartbeats)
      .where(lt(heartbeats.receivedAt, new Date(now - ctx.config.heartbeatRetentionHours * 3600_000)))
      .returning({ id: heartbeats.id });
    await db.delete(eventPayloads).where(lt(eventPayloads.createdAt, new Date(now - EVENT_PAYLOAD_TTL_MS)));
    await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.expiresAt, new Date(now)));
    await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, new Date(now)));
    return hb.length;
  }

  async function sweep(): Promise<SweepReport> {
    const timedOut = await timeOutJobs();
    const { offline, requeued } = await sweepOfflineProviders();
    const expired = await expireQueuedJobs();
    const reservationsReleased = await releaseStaleReservations(ctx);
    const pruned = await prune();
    return { timedOut, providersOffline: offline, requeued, expired, pruned, reservationsReleased };
  }

  return {
    /** One pass of every sweep; undefined when another instance (or a pass still running here) holds the lock. */
    async runOnce(): Promise<SweepReport | undefined> {
      if (running) return undefined;
      const started = performance.now();
      const pass = ctx.store.withLockIfFree(SWEEP_LOCK, sweep);
      running = pass;
      try {
        const report = await pass;
        stats.totalRuns += 1;
        stats.lastRunAt = ctx.now().toISOString();
        told(report ? 'done' : 'skipped', started);
        return report;
      } catch (err) {
        told('failed', started);
        stats.sweepErrors += 1;
        stats.lastErrorAt = ctx.now().toISOString();
        stats.lastErrorMessage = err instanceof Error ? err.message : String(err);
        throw err;
      } finally {
        running = undefined;
      }
    },
    stats: (): SweepStats => ({ ...stats }),
    /** Tells `listener` the outcome and duration of every pass (the metrics hook). */
    onRun(listener: SweepRunListener): void {
      runListeners.push(listener);
    },
    start(onError: (err: unknown) => void = () => {}): void {
      if (timer || ctx.config.sweepIntervalMs <= 0) return;
      timer = setInterval(() => {
        this.runOnce().catch(onError);
      }, ctx.config.sweepIntervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}

