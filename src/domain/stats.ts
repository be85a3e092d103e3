import { desc, isNotNull } from 'drizzle-orm';
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
 * today), one pass over each table. What Postgres pays for is reading columns out of rows, so the jobs figures
 * come out of indexes alone (index-only scans): the counts group `status` (one hash per job, not one test per
 * figure per job), and the money of completed jobs is in jobs_completed_idx itself (its key carries
 * actual_cost_halala and dc1_fee_halala), today's part a range of that index. "Active" jobs are the contract's
 * queued, pending and running; revenue counts completed jobs only.
 */
const FIGURES = `p.*, r.*, j.*, c.*, t.*,
    (select coalesce(json_agg(g order by g.count desc, g."gpuModel"), '[]')
       from (select gpu_model as "gpuModel", count(*)::int as count from providers group by gpu_model) g) as "gpuBreakdown"`;
const FIGURE_SOURCES = `
    (select count(*) as "totalProviders", count(*) filter (where last_heartbeat > $1::timestamptz) as "onlineNow"
       from providers) p,
    (select count(*) as "totalRenters", count(*) filter (where status = 'active') as "activeRenters",
            coalesce(sum(balance_halala), 0) as "totalRenterBalanceHalala"
       from renters) r,
    (select coalesce(sum(n), 0) as "totalJobs",
            coalesce(sum(n) filter (where status = 'completed'), 0) as "completedJobs",
            coalesce(sum(n) filter (where status = 'failed'), 0) as "failedJobs",
            coalesce(sum(n) filter (where status in ('queued', 'pending', 'running')), 0) as "activeJobs"
       from (select status, count(*) as n from jobs group by status) by_status) j,
    (select coalesce(sum(actual_cost_halala), 0) as "totalRevenueHalala", coalesce(sum(dc1_fee_halala), 0) as "totalDc1FeesHalala"
       from jobs where status = 'completed') c,
    (select coalesce(sum(actual_cost_halala), 0) as "todayRevenueHalala", coalesce(sum(dc1_fee_halala), 0) as "todayDc1FeesHalala",
            count(*) as "todayJobs"
       from jobs where status = 'completed' and completed_at >= $2::timestamptz) t`;

/** The figures and the GPU breakdown (GraphQL reads its lists of whole providers beside it). */
const TOTALS_SQL = `select ${FIGURES} from ${FIGURE_SOURCES}`;

/**
 * The REST dashboard whole, in one statement: the figures, and the two lists as JSON with only the columns it
 * shows. One round trip per shared read, and all of it from one snapshot.
 */
const SUMMARY_SQL = `select ${FIGURES},
    (select coalesce(json_agg(s order by s."createdAt" desc, s.id desc), '[]')
       from (select id, name, email, gpu_model as "gpuModel", os, created_at as "createdAt"
               from providers order by created_at desc, id desc limit 5) s) as "recentSignups",
    (select coalesce(json_agg(h order by h."lastHeartbeat" desc, h.id desc), '[]')
       from (select id, name, gpu_model as "gpuModel", provider_ip as "providerIp", provider_hostname as "providerHostname",
                    last_heartbeat as "lastHeartbeat", gpu_status as "gpuStatus"
               from providers where last_heartbeat is not null order by last_heartbeat desc, id desc limit 10) h) as "recentHeartbeats"
  from ${FIGURE_SOURCES}`;

type Figures = Record<keyof Totals, string | number | bigint> & { gpuBreakdown: unknown };
type SummaryRow = Figures & { recentSignups: unknown; recentHeartbeats: unknown };

/** json comes back parsed from Postgres, as text from PGlite. */
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** The lists of whole providers GraphQL shows, built once per database handle. */
const listReads = builtOnce((ex: Executor) => {
  const p = providers;
  return {
    signups: ex.select().from(p).orderBy(desc(p.createdAt), desc(p.id)).limit(5).prepare('dashboard_signups'),
    heartbeats: ex.select().from(p).where(isNotNull(p.lastHeartbeat)).orderBy(desc(p.lastHeartbeat), desc(p.id)).limit(10).prepare('dashboard_heartbeats'),
  };
});

export function statsModule(ctx: DomainContext) {
  /** The statement's parameters for a read at `now`. */
  function params(now: Date): string[] {
    const onlineSince = new Date(now.getTime() - ctx.config.providerOfflineSeconds * 1000);
    return [onlineSince.toISOString(), startOfUtcDay(now).toISOString()];
  }

  /** The figures of a row: count() and sum() come back as bigint/numeric (text or bigint, by store); every one fits a JS number. */
  function statsOf(row: Figures, now: Date): DashboardStats {
    const t = {} as Totals;
    for (const key of TOTAL_KEYS) t[key] = Number(row[key]);
    return { ...t, offline: t.totalProviders - t.onlineNow, timestamp: now };
  }

  /** Every figure and whole providers in the lists (GraphQL): the figures' statement and the two lists side by side. */
  async function read(): Promise<Dashboard> {
    const now = ctx.now();
    const lists = listReads(ctx.store.db);
    const [[row], recentSignups, recentHeartbeats] = await Promise.all([
      ctx.store.prepared<Figures>(TOTALS_SQL, params(now)),
      lists.signups.execute(),
      lists.heartbeats.execute(),
    ]);
    return { stats: statsOf(row, now), gpuBreakdown: parsed(row.gpuBreakdown), recentSignups, recentHeartbeats };
  }

  /** The REST dashboard in one statement. */
  async function readSummary(): Promise<DashboardSummary> {
    const now = ctx.now();
    const [row] = await ctx.store.prepared<SummaryRow>(SUMMARY_SQL, params(now));
    const signups = parsed<Array<Omit<RecentSignup, 'createdAt'> & { createdAt: string }>>(row.recentSignups);
    const heartbeats = parsed<Array<Omit<RecentHeartbeat, 'lastHeartbeat'> & { lastHeartbeat: string }>>(row.recentHeartbeats);
    return {
      stats: statsOf(row, now),
      gpuBreakdown: parsed(row.gpuBreakdown),
      recentSignups: signups.map((s) => ({ ...s, createdAt: new Date(s.createdAt) })),
      recentHeartbeats: heartbeats.map((h) => ({ ...h, lastHeartbeat: new Date(h.lastHeartbeat) })),
    };
  }
  // Concurrent callers share one read (never one older than their call): one per kind of list.
  const sharedRead = startedAfterCall(read);
  const sharedSummary = startedAfterCall(readSummary);

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

const TOTAL_KEYS: Array<keyof Totals> = [
  'totalProviders', 'onlineNow', 'totalRenters', 'activeRenters', 'totalRenterBalanceHalala', 'totalJobs', 'completedJobs', 'failedJobs',
  'activeJobs', 'totalRevenueHalala', 'totalDc1FeesHalala', 'todayRevenueHalala', 'todayDc1FeesHalala', 'todayJobs',
];

export type Stats = ReturnType<typeof statsModule>;
