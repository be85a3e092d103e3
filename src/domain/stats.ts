import { desc, isNotNull, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { startedAfterCall } from './sharedReads.js';
import { providers } from '../db/schema.js';
import { requireAdmin } from './access.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import type { ProviderRow } from './queries.js';
import { startOfUtcDay } from './time.js';

/** The admin dashboard's figures (GET /admin/dashboard), all computed in SQL. */
export interface DashboardStats {
  totalProviders: number;
  onlineNow: number;
  offline: number;
  totalRenters: number;
  activeRenters: number;
  totalRenterBalanceHalala: number;
  totalJobs: number;
  completedJobs: number;
  failedJobs: number;
  activeJobs: number;
  totalRevenueHalala: number;
  totalDc1FeesHalala: number;
  todayRevenueHalala: number;
  todayDc1FeesHalala: number;
  todayJobs: number;
  timestamp: Date;
}

export interface GpuCount {
  gpuModel: string | null;
  count: number;
}

export interface Dashboard {
  stats: DashboardStats;
  gpuBreakdown: GpuCount[];
  /** The 5 newest providers. */
  recentSignups: ProviderRow[];
  /** The 10 providers that heartbeated most recently. */
  recentHeartbeats: ProviderRow[];
}

type Totals = Omit<DashboardStats, 'offline' | 'timestamp'>;

export function statsModule(ctx: DomainContext) {
  const db = () => ctx.store.db;

  /**
   * One statement, one pass over each table: FILTER aggregates instead of a sub-query per figure (with
   * 10k jobs, seven scans of jobs were most of the dashboard's cost). "Active" jobs are the contract's
   * queued, pending and running; "today" starts at 00:00 UTC; revenue counts completed jobs only.
   */
  async function totals(now: Date): Promise<Totals> {
    // ISO text, cast in SQL: postgres.js as drizzle configures it does not serialise Date parameters of raw SQL.
    const onlineSince = sql`${new Date(now.getTime() - ctx.config.providerOfflineSeconds * 1000).toISOString()}::timestamptz`;
    const today = sql`${startOfUtcDay(now).toISOString()}::timestamptz`;
    const completedToday = sql`status = 'completed' and completed_at >= ${today}`;
    const result = await db().execute(sql`
      select p.*, r.*, j.* from
        (select count(*) as "totalProviders",
                count(*) filter (where last_heartbeat > ${onlineSince}) as "onlineNow"
           from providers) p,
        (select count(*) as "totalRenters",
                count(*) filter (where status = 'active') as "activeRenters",
                coalesce(sum(balance_halala), 0) as "totalRenterBalanceHalala"
           from renters) r,
        (select count(*) as "totalJobs",
                count(*) filter (where status = 'completed') as "completedJobs",
                count(*) filter (where status = 'failed') as "failedJobs",
                count(*) filter (where status in ('queued', 'pending', 'running')) as "activeJobs",
                coalesce(sum(actual_cost_halala) filter (where status = 'completed'), 0) as "totalRevenueHalala",
                coalesce(sum(dc1_fee_halala) filter (where status = 'completed'), 0) as "totalDc1FeesHalala",
                coalesce(sum(actual_cost_halala) filter (where ${completedToday}), 0) as "todayRevenueHalala",
                coalesce(sum(dc1_fee_halala) filter (where ${completedToday}), 0) as "todayDc1FeesHalala",
                count(*) filter (where ${completedToday}) as "todayJobs"
           from jobs) j`);
    const [row] = rowsOf<Record<keyof Totals, string | number>>(result);
    // count() and sum() come back as bigint/numeric text; every figure fits a JS number.
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as Totals;
  }

  /** Every figure, read now; the four reads are independent, so a Postgres pool runs them side by side. */
  async function read(): Promise<Dashboard> {
    const now = ctx.now();
    const [t, gpuBreakdown, recentSignups, recentHeartbeats] = await Promise.all([
      totals(now),
      db()
        .select({ gpuModel: providers.gpuModel, count: sql<number>`count(*)::int` })
        .from(providers)
        .groupBy(providers.gpuModel)
        .orderBy(desc(sql`count(*)`), providers.gpuModel),
      db().select().from(providers).orderBy(desc(providers.createdAt), desc(providers.id)).limit(5),
      db().select().from(providers).where(isNotNull(providers.lastHeartbeat)).orderBy(desc(providers.lastHeartbeat), desc(providers.id)).limit(10),
    ]);
    return { stats: { ...t, offline: t.totalProviders - t.onlineNow, timestamp: now }, gpuBreakdown, recentSignups, recentHeartbeats };
  }
  const sharedRead = startedAfterCall(read);

  return {
    /** Every field of the admin dashboard (admin only). */
    async dashboard(principal: Principal): Promise<Dashboard> {
      requireAdmin(principal);
      return sharedRead();
    },
  };
}

export type Stats = ReturnType<typeof statsModule>;
