import { desc, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { builtOnce } from '../db/statement-cache.js';
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

/** What the REST dashboard shows of a new provider, and of one heard from recently (the only columns it reads). */
export type RecentSignup = Pick<ProviderRow, 'id' | 'name' | 'email' | 'gpuModel' | 'os' | 'createdAt'>;
export type RecentHeartbeat = Pick<ProviderRow, 'id' | 'name' | 'gpuModel' | 'providerIp' | 'providerHostname' | 'lastHeartbeat' | 'gpuStatus'>;

export interface Dashboard<Signup = ProviderRow, Heartbeat = ProviderRow> {
  stats: DashboardStats;
  gpuBreakdown: GpuCount[];
  /** The 5 newest providers. */
  recentSignups: Signup[];
  /** The 10 providers that heartbeated most recently. */
  recentHeartbeats: Heartbeat[];
}

/** The dashboard as the REST face shows it: the recent lists carry only the columns it shows (GraphQL gets whole providers). */
export type DashboardSummary = Dashboard<RecentSignup, RecentHeartbeat>;

type Totals = Omit<DashboardStats, 'offline' | 'timestamp'>;

/*
 * Every figure in one statement whose text is fixed ($1: heartbeats after this are online; $2: the start of
 * today), one pass over each table with FILTER aggregates. The jobs figures are two parts, because what
 * Postgres pays for is reading columns out of each row, and the money columns sit at the end of a wide row:
 * the counts read only `status` (near the start) of every job, the revenue reads the money columns of
 * completed jobs only (found through the partial index on completed jobs). "Active" jobs are the
 * contract's queued, pending and running; revenue counts completed jobs only.
 */
const TOTALS_SQL = `
  select p.*, r.*, j.*, c.* from
    (select count(*) as "totalProviders", count(*) filter (where last_heartbeat > $1::timestamptz) as "onlineNow"
       from providers) p,
    (select count(*) as "totalRenters", count(*) filter (where status = 'active') as "activeRenters",
            coalesce(sum(balance_halala), 0) as "totalRenterBalanceHalala"
       from renters) r,
    (select count(*) as "totalJobs",
            count(*) filter (where status = 'completed') as "completedJobs",
            count(*) filter (where status = 'failed') as "failedJobs",
            count(*) filter (where status in ('queued', 'pending', 'running')) as "activeJobs"
       from jobs) j,
    (select coalesce(sum(actual_cost_halala), 0) as "totalRevenueHalala",
            coalesce(sum(dc1_fee_halala), 0) as "totalDc1FeesHalala",
            coalesce(sum(actual_cost_halala) filter (where completed_at >= $2::timestamptz), 0) as "todayRevenueHalala",
            coalesce(sum(dc1_fee_halala) filter (where completed_at >= $2::timestamptz), 0) as "todayDc1FeesHalala",
            count(*) filter (where completed_at >= $2::timestamptz) as "todayJobs"
       from jobs where status = 'completed') c`;

/** The dashboard's lists, built once per database handle: whole providers (GraphQL) or the columns REST shows. */
const listReads = builtOnce((ex: Executor) => {
  const p = providers;
  const newest = [desc(p.createdAt), desc(p.id)];
  const lastHeard = [desc(p.lastHeartbeat), desc(p.id)];
  const heard = isNotNull(p.lastHeartbeat);
  const shownSignup = { id: p.id, name: p.name, email: p.email, gpuModel: p.gpuModel, os: p.os, createdAt: p.createdAt };
  const shownHeartbeat = {
    id: p.id,
    name: p.name,
    gpuModel: p.gpuModel,
    providerIp: p.providerIp,
    providerHostname: p.providerHostname,
    lastHeartbeat: p.lastHeartbeat,
    gpuStatus: p.gpuStatus,
  };
  return {
    gpuBreakdown: ex
      .select({ gpuModel: p.gpuModel, count: sql<number>`count(*)::int` })
      .from(p)
      .groupBy(p.gpuModel)
      .orderBy(desc(sql`count(*)`), p.gpuModel)
      .prepare('dashboard_gpu_breakdown'),
    signups: ex.select().from(p).orderBy(...newest).limit(5).prepare('dashboard_signups'),
    heartbeats: ex.select().from(p).where(heard).orderBy(...lastHeard).limit(10).prepare('dashboard_heartbeats'),
    shownSignups: ex.select(shownSignup).from(p).orderBy(...newest).limit(5).prepare('dashboard_shown_signups'),
    shownHeartbeats: ex.select(shownHeartbeat).from(p).where(heard).orderBy(...lastHeard).limit(10).prepare('dashboard_shown_heartbeats'),
  };
});

export function statsModule(ctx: DomainContext) {
  async function totals(now: Date): Promise<Totals> {
    const onlineSince = new Date(now.getTime() - ctx.config.providerOfflineSeconds * 1000);
    const [row] = await ctx.store.prepared<Record<keyof Totals, string | number | bigint>>(TOTALS_SQL, [onlineSince.toISOString(), startOfUtcDay(now).toISOString()]);
    // count() and sum() come back as bigint/numeric (text or bigint, by store); every figure fits a JS number.
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as Totals;
  }

  /** Every figure, read now; the reads are independent, so a Postgres pool runs them side by side. */
  async function read<S, H>(signups: { execute(): Promise<S[]> }, heartbeats: { execute(): Promise<H[]> }): Promise<Dashboard<S, H>> {
    const now = ctx.now();
    const [t, gpuBreakdown, recentSignups, recentHeartbeats] = await Promise.all([
      totals(now),
      listReads(ctx.store.db).gpuBreakdown.execute(),
      signups.execute(),
      heartbeats.execute(),
    ]);
    return { stats: { ...t, offline: t.totalProviders - t.onlineNow, timestamp: now }, gpuBreakdown, recentSignups, recentHeartbeats };
  }
  const lists = () => listReads(ctx.store.db);
  // Concurrent callers share one read (never one older than their call): one per kind of list.
  const sharedRead = startedAfterCall(() => read(lists().signups, lists().heartbeats));
  const sharedSummary = startedAfterCall(() => read(lists().shownSignups, lists().shownHeartbeats));

  return {
    /** Every field of the admin dashboard (admin only). */
    async dashboard(principal: Principal): Promise<Dashboard> {
      requireAdmin(principal);
      return sharedRead();
    },
    /**
     * The same figures with the recent lists narrowed to what the REST dashboard shows (admin only). Callers
     * that share a read get the same object, so a face can render it once per read.
     */
    async dashboardSummary(principal: Principal): Promise<DashboardSummary> {
      requireAdmin(principal);
      return sharedSummary();
    },
  };
}

export type Stats = ReturnType<typeof statsModule>;
