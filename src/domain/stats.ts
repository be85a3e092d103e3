import { desc, isNotNull, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { providers } from '../db/schema.js';
import { requireAdmin } from './access.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import type { ProviderRow } from './queries.js';

/** The admin dashboard's figures (rest-contract §13), all computed in SQL. */
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

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

export function statsModule(ctx: DomainContext) {
  const db = () => ctx.store.db;

  /**
   * One statement of scalar sub-queries. "Active" jobs are the contract's queued, pending and running;
   * "today" starts at 00:00 UTC; revenue counts completed jobs only (partial index jobs_completed_idx).
   */
  async function totals(now: Date): Promise<Totals> {
    // ISO text, cast in SQL: postgres.js as drizzle configures it does not serialise Date parameters of raw SQL.
    const onlineSince = sql`${new Date(now.getTime() - ctx.config.providerOfflineSeconds * 1000).toISOString()}::timestamptz`;
    const today = sql`${startOfUtcDay(now).toISOString()}::timestamptz`;
    const result = await db().execute(sql`
      select
        (select count(*) from providers) as "totalProviders",
        (select count(*) from providers where last_heartbeat > ${onlineSince}) as "onlineNow",
        (select count(*) from renters) as "totalRenters",
        (select count(*) from renters where status = 'active') as "activeRenters",
        (select coalesce(sum(balance_halala), 0) from renters) as "totalRenterBalanceHalala",
        (select count(*) from jobs) as "totalJobs",
        (select count(*) from jobs where status = 'completed') as "completedJobs",
        (select count(*) from jobs where status = 'failed') as "failedJobs",
        (select count(*) from jobs where status in ('queued', 'pending', 'running')) as "activeJobs",
        (select coalesce(sum(actual_cost_halala), 0) from jobs where status = 'completed') as "totalRevenueHalala",
        (select coalesce(sum(dc1_fee_halala), 0) from jobs where status = 'completed') as "totalDc1FeesHalala",
        (select coalesce(sum(actual_cost_halala), 0) from jobs where status = 'completed' and completed_at >= ${today}) as "todayRevenueHalala",
        (select coalesce(sum(dc1_fee_halala), 0) from jobs where status = 'completed' and completed_at >= ${today}) as "todayDc1FeesHalala",
        (select count(*) from jobs where status = 'completed' and completed_at >= ${today}) as "todayJobs"`);
    const [row] = rowsOf<Record<keyof Totals, string | number>>(result);
    // count() and sum() come back as bigint/numeric text; every figure fits a JS number.
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as Totals;
  }

  return {
    /** Every field of the admin dashboard (admin only). */
    async dashboard(principal: Principal): Promise<Dashboard> {
      requireAdmin(principal);
      const now = ctx.now();
      const t = await totals(now);
      const gpuBreakdown = await db()
        .select({ gpuModel: providers.gpuModel, count: sql<number>`count(*)::int` })
        .from(providers)
        .groupBy(providers.gpuModel)
        .orderBy(desc(sql`count(*)`), providers.gpuModel);
      const recentSignups = await db().select().from(providers).orderBy(desc(providers.createdAt), desc(providers.id)).limit(5);
      const recentHeartbeats = await db()
        .select()
        .from(providers)
        .where(isNotNull(providers.lastHeartbeat))
        .orderBy(desc(providers.lastHeartbeat), desc(providers.id))
        .limit(10);
      return {
        stats: { ...t, offline: t.totalProviders - t.onlineNow, timestamp: now },
        gpuBreakdown,
        recentSignups,
        recentHeartbeats,
      };
    },
  };
}

export type Stats = ReturnType<typeof statsModule>;
