import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { apiKeys, jobs, ledgerEntries, providers, renters } from '../db/schema.js';
import { requireRenter, requireScope } from './access.js';
import type { Principal } from './auth.js';
import { account, releaseHold } from './billing.js';
import type { DomainContext } from './context.js';
import { NotFoundError } from './errors.js';
import { transition, TRANSITIONS, type Job } from './lifecycle.js';

/**
 * A renter's data rights (PDPL; docs/decisions.md#erasure): erasure and export. Unlike the original,
 * erasure refunds the holds of the jobs it cancels, exactly once, through the ledger.
 */

export type RenterRow = typeof renters.$inferSelect;

/** How long an erased account is kept (anonymised) before it may be purged. */
const RETENTION_DAYS = 30;
const ERASURE_REASON = 'Cancelled: renter account deleted by PDPL request';

export interface ErasureResult {
  renterId: number;
  cancelledJobs: number;
  refundedHalala: number;
  deletionScheduledFor: Date;
}

export interface RenterExport {
  exportedAt: Date;
  account: RenterRow;
  jobs: Array<typeof jobs.$inferSelect & { gpuModel: string | null }>;
  ledger: Array<typeof ledgerEntries.$inferSelect>;
  analytics: {
    statusCounts: Array<{ status: string; count: number }>;
    dailySpendLast30d: Array<{ day: string; totalHalala: number; jobCount: number }>;
    topGpus: Array<{ gpuModel: string; jobCount: number }>;
  };
}

const anonymisedEmail = (email: string) => `deleted_${createHash('sha256').update(email).digest('hex').slice(0, 32)}@deleted.dcp.sa`;

export function privacyModule(ctx: DomainContext) {
  const db = () => ctx.store.db;

  return {
    /**
     * Erases the caller's account in one transaction: unfinished jobs are cancelled and their holds
     * released, job payloads and results are wiped, the renter is anonymised and its keys revoked.
     */
    async eraseRenter(principal: Principal): Promise<ErasureResult> {
      const { renterId } = requireRenter(principal, { active: false, key: 'master' });
      const now = ctx.now();
      return db().transaction(async (tx) => {
        // Jobs before the renter row: the order every job action locks in, so erasure cannot deadlock with them.
        const open = await tx
          .select()
          .from(jobs)
          .where(and(eq(jobs.renterId, renterId), inArray(jobs.status, TRANSITIONS.cancel)))
          .orderBy(jobs.id)
          .for('update');
        const [renter] = await tx.select().from(renters).where(eq(renters.id, renterId)).for('update');
        if (!renter || renter.deletedAt) throw new NotFoundError('Renter');
        let refundedHalala = 0;
        for (const job of open as Job[]) {
          await transition(tx, job, 'cancelled', {
            source: 'renter',
            eventType: 'job.cancelled',
            message: ERASURE_REASON,
            patch: { error: job.error ?? ERASURE_REASON, completedAt: now },
          }, now);
          refundedHalala += (await releaseHold(tx, job.id)) ?? 0;
        }
        await tx
          .update(jobs)
          .set({ model: null, params: null, result: null, taskSpec: '', taskSpecHmac: '', updatedAt: now })
          .where(eq(jobs.renterId, renterId));
        await tx
          .update(renters)
          .set({
            name: '[deleted]',
            email: anonymisedEmail(renter.email),
            organization: null,
            useCase: null,
            phone: null,
            status: 'deleted',
            deletedAt: now,
            updatedAt: now,
          })
          .where(eq(renters.id, renterId));
        await tx.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.renterId, renterId), isNull(apiKeys.revokedAt)));
        return {
          renterId,
          cancelledJobs: open.length,
          refundedHalala,
          deletionScheduledFor: new Date(now.getTime() + RETENTION_DAYS * 86_400_000),
        };
      });
    },

    /** Everything the gateway holds about the caller: account, jobs, money movements, and a summary. */
    async exportRenter(principal: Principal): Promise<RenterExport> {
      // The export holds what the `read` scope shows (account, jobs) and what `billing` shows (the ledger).
      const { renterId } = requireRenter(principal, { active: false, key: 'read' });
      requireScope(principal, 'billing');
      const now = ctx.now();
      const [renter] = await db().select().from(renters).where(eq(renters.id, renterId));
      if (!renter) throw new NotFoundError('Renter');
      const jobRows = await db()
        .select({ job: jobs, gpuModel: providers.gpuModel })
        .from(jobs)
        .leftJoin(providers, eq(providers.id, jobs.providerId))
        .where(eq(jobs.renterId, renterId))
        .orderBy(desc(sql`coalesce(${jobs.completedAt}, ${jobs.submittedAt})`), desc(jobs.id));
      const renterAccount = account.renter(renterId);
      const ledger = await db()
        .select()
        .from(ledgerEntries)
        .where(or(eq(ledgerEntries.fromAccount, renterAccount), eq(ledgerEntries.toAccount, renterAccount)))
        .orderBy(asc(ledgerEntries.id));
      const statusCounts = await db()
        .select({ status: jobs.status, count: sql<number>`count(*)::int` })
        .from(jobs)
        .where(eq(jobs.renterId, renterId))
        .groupBy(jobs.status)
        .orderBy(jobs.status);
      const since = new Date(now.getTime() - 30 * 86_400_000);
      const day = sql<string>`to_char(${jobs.submittedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
      const daily = await db()
        .select({ day, totalHalala: sql<number>`coalesce(sum(coalesce(${jobs.actualCostHalala}, 0)), 0)::bigint`, jobCount: sql<number>`count(*)::int` })
        .from(jobs)
        .where(and(eq(jobs.renterId, renterId), gte(jobs.submittedAt, since)))
        .groupBy(day)
        .orderBy(day);
      const gpu = sql<string>`coalesce(${providers.gpuModel}, 'Unknown GPU')`;
      const topGpus = await db()
        .select({ gpuModel: gpu, jobCount: sql<number>`count(*)::int` })
        .from(jobs)
        .leftJoin(providers, eq(providers.id, jobs.providerId))
        .where(eq(jobs.renterId, renterId))
        .groupBy(gpu)
        .orderBy(desc(sql`count(*)`), gpu)
        .limit(5);
      return {
        exportedAt: now,
        account: renter,
        jobs: jobRows.map((r) => ({ ...r.job, gpuModel: r.gpuModel })),
        ledger,
        analytics: {
          statusCounts: statusCounts.map((r) => ({ status: r.status, count: Number(r.count) })),
          dailySpendLast30d: daily.map((r) => ({ day: r.day, totalHalala: Number(r.totalHalala), jobCount: Number(r.jobCount) })),
          topGpus: topGpus.map((r) => ({ gpuModel: r.gpuModel, jobCount: Number(r.jobCount) })),
        },
      };
    },
  };
}

export type Privacy = ReturnType<typeof privacyModule>;
