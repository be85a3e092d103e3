import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { inferenceUsage, jobs, providers, renters } from '../db/schema.js';
import { targetProviderId, targetRenterId } from './access.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { NotFoundError } from './errors.js';
import { startOfUtcDay } from './time.js';

/**
 * The account pages of the REST face: a renter's or provider's own record with its recent jobs and
 * running totals (GET /renters/me, /providers/me, /providers/status). Each is a fixed, small number of statements.
 */

export type RenterRow = typeof renters.$inferSelect;
export type ProviderRow = typeof providers.$inferSelect;

const RECENT_JOBS = 20;

export interface UsageSummary {
  totalRequests: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  totalCostHalala: number;
}

export interface RenterOverview {
  renter: RenterRow;
  recentJobs: Array<Pick<typeof jobs.$inferSelect, 'id' | 'jobId' | 'jobType' | 'status' | 'submittedAt' | 'completedAt' | 'actualCostHalala'>>;
  /** The renter's /v1 usage, all time. */
  usage: UsageSummary;
}

export interface EarningsWindows {
  todayHalala: number;
  weekHalala: number;
  monthHalala: number;
}

export interface ProviderOverview {
  provider: ProviderRow;
  recentJobs: Array<
    Pick<
      typeof jobs.$inferSelect,
      'id' | 'jobId' | 'jobType' | 'model' | 'status' | 'submittedAt' | 'completedAt' | 'actualCostHalala' | 'providerEarnedHalala' | 'dc1FeeHalala'
    >
  >;
  earnings: EarningsWindows;
  activeJob: Pick<typeof jobs.$inferSelect, 'id' | 'jobId' | 'jobType' | 'startedAt' | 'costHalala'> | null;
}

const startOfUtcMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

export function overviewsModule(ctx: DomainContext) {
  const db = () => ctx.store.db;

  async function renterRow(id: number): Promise<RenterRow> {
    const [row] = await db().select().from(renters).where(eq(renters.id, id));
    if (!row) throw new NotFoundError('Renter');
    return row;
  }

  async function providerRow(id: number): Promise<ProviderRow> {
    const [row] = await db().select().from(providers).where(eq(providers.id, id));
    if (!row) throw new NotFoundError('Provider');
    return row;
  }

  return {
    /** The renter's account, its 20 newest jobs and its /v1 usage (the renter itself, or an admin naming one). */
    async renter(principal: Principal, renterId?: number): Promise<RenterOverview> {
      const id = targetRenterId(principal, renterId, 'read');
      const renter = await renterRow(id);
      const recentJobs = await db()
        .select({
          id: jobs.id,
          jobId: jobs.jobId,
          jobType: jobs.jobType,
          status: jobs.status,
          submittedAt: jobs.submittedAt,
          completedAt: jobs.completedAt,
          actualCostHalala: jobs.actualCostHalala,
        })
        .from(jobs)
        .where(eq(jobs.renterId, id))
        .orderBy(desc(jobs.submittedAt), desc(jobs.id))
        .limit(RECENT_JOBS);
      const [usage] = await db()
        .select({
          totalRequests: sql<number>`count(*)::int`,
          promptTokens: sql<number>`coalesce(sum(${inferenceUsage.promptTokens}), 0)::int`,
          completionTokens: sql<number>`coalesce(sum(${inferenceUsage.completionTokens}), 0)::int`,
          totalCostHalala: sql<number>`coalesce(sum(${inferenceUsage.costHalala}), 0)::bigint`,
        })
        .from(inferenceUsage)
        .where(eq(inferenceUsage.renterId, id));
      return {
        renter,
        recentJobs,
        usage: {
          totalRequests: Number(usage.totalRequests),
          promptTokens: Number(usage.promptTokens),
          completionTokens: Number(usage.completionTokens),
          totalTokens: Number(usage.promptTokens) + Number(usage.completionTokens),
          totalCostHalala: Number(usage.totalCostHalala),
        },
      };
    },

    /** The provider's record, its 20 newest jobs, earnings today/this week/this month (UTC) and its running job. */
    async provider(principal: Principal, providerId?: number): Promise<ProviderOverview> {
      const id = targetProviderId(principal, providerId);
      const provider = await providerRow(id);
      const recentJobs = await db()
        .select({
          id: jobs.id,
          jobId: jobs.jobId,
          jobType: jobs.jobType,
          model: jobs.model,
          status: jobs.status,
          submittedAt: jobs.submittedAt,
          completedAt: jobs.completedAt,
          actualCostHalala: jobs.actualCostHalala,
          providerEarnedHalala: jobs.providerEarnedHalala,
          dc1FeeHalala: jobs.dc1FeeHalala,
        })
        .from(jobs)
        .where(eq(jobs.providerId, id))
        .orderBy(desc(jobs.submittedAt), desc(jobs.id))
        .limit(RECENT_JOBS);
      const now = ctx.now();
      const today = startOfUtcDay(now);
      const week = new Date(today.getTime() - 7 * 86_400_000);
      const month = startOfUtcMonth(now);
      const since = week < month ? week : month;
      const earned = (from: Date) =>
        sql<number>`coalesce(sum(${jobs.providerEarnedHalala}) filter (where ${jobs.completedAt} >= ${from.toISOString()}::timestamptz), 0)::bigint`;
      const [windows] = await db()
        .select({ todayHalala: earned(today), weekHalala: earned(week), monthHalala: earned(month) })
        .from(jobs)
        .where(and(eq(jobs.providerId, id), eq(jobs.status, 'completed'), gte(jobs.completedAt, since)));
      const [activeJob] = await db()
        .select({ id: jobs.id, jobId: jobs.jobId, jobType: jobs.jobType, startedAt: jobs.startedAt, costHalala: jobs.costHalala })
        .from(jobs)
        .where(and(eq(jobs.providerId, id), eq(jobs.status, 'running')))
        .orderBy(desc(jobs.startedAt))
        .limit(1);
      return {
        provider,
        recentJobs,
        earnings: {
          todayHalala: Number(windows.todayHalala),
          weekHalala: Number(windows.weekHalala),
          monthHalala: Number(windows.monthHalala),
        },
        activeJob: activeJob ?? null,
      };
    },
  };
}

export type Overviews = ReturnType<typeof overviewsModule>;
