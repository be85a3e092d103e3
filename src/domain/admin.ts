import { and, count, desc, eq, gte, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { adminAudit, daemonEvents, heartbeats, jobs, providers, renters } from '../db/schema.js';
import { requireAdmin } from './access.js';
import { startedAfterCall } from './sharedReads.js';
import { recordAdminAction } from './audit.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { NotFoundError, ValidationError } from './errors.js';
import { jobsModule } from './jobs.js';
import { findJob, type Job } from './lifecycle.js';
import { startOfUtcDay } from './time.js';

/**
 * The admin console's reads (the /admin routes) and the admin actions the other areas do not cover
 * (job cancellation with its audit row, model preloading). Every read is admin-only; every action writes
 * the audit log in its own transaction.
 */

export type ProviderRow = typeof providers.$inferSelect;
export type RenterRow = typeof renters.$inferSelect;

export interface Paging {
  /** 0 = everything (up to `limit` for jobs), >= 1 = that page. */
  page: number;
  limit: number;
}

export interface PageInfo {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
}

export const PROVIDER_LIST_STATUSES = ['online', 'offline', 'registered', 'suspended', 'pending_approval'] as const;
export type ProviderListStatus = (typeof PROVIDER_LIST_STATUSES)[number];

export interface ProviderListFilter {
  search?: string;
  status?: ProviderListStatus;
  gpuModel?: string;
}

export interface ListedProvider {
  provider: ProviderRow;
  connectivity: 'online' | 'offline' | 'registered';
  minutesSinceHeartbeat: number | null;
  uptime24hPct: number | null;
}

export interface RenterListFilter {
  search?: string;
  status?: string;
}

export interface ListedRenter {
  renter: RenterRow;
  totalJobs: number;
  completedJobs: number;
  failedJobs: number;
}

export interface JobListFilter {
  statuses?: string[];
  jobType?: string;
  providerId?: number;
  renterId?: number;
  from?: Date;
  to?: Date;
  search?: string;
}

export interface ListedJob {
  job: Job;
  providerName: string | null;
  gpuModel: string | null;
  renterName: string | null;
}

/** Heartbeats a provider sends per day at one every 30 s. */
const HEARTBEATS_PER_DAY = 2880;
const DAY_MS = 86_400_000;
const percentOf = (samples: number, expected: number) => Math.min(100, Math.round((samples / expected) * 100));
const pageInfo = (paging: Paging, total: number): PageInfo => ({
  page: paging.page,
  limit: paging.limit,
  total,
  totalPages: Math.ceil(total / paging.limit),
});
const like = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

// Correlated sub-queries below name the outer row as `providers.id` / `renters.id` in plain SQL: drizzle
// renders a column without its table in a one-table select, which the sub-query would capture.
export function adminModule(ctx: DomainContext) {
  const db = () => ctx.store.db;
  const jobActions = jobsModule(ctx);
  const onlineSince = () => new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);

  function connectivityOf(p: ProviderRow): ListedProvider['connectivity'] {
    if (!p.lastHeartbeat) return 'registered';
    return p.lastHeartbeat > onlineSince() ? 'online' : 'offline';
  }

  function providerFilter(f: ProviderListFilter): SQL | undefined {
    const conditions: (SQL | undefined)[] = [];
    if (f.search) conditions.push(or(ilike(providers.name, like(f.search)), ilike(providers.email, like(f.search)), ilike(providers.gpuModel, like(f.search))));
    if (f.gpuModel) conditions.push(sql`lower(${providers.gpuModel}) = lower(${f.gpuModel})`);
    const since = onlineSince();
    switch (f.status) {
      case 'online':
        conditions.push(gte(providers.lastHeartbeat, since));
        break;
      case 'offline':
        conditions.push(lt(providers.lastHeartbeat, since));
        break;
      case 'registered':
        conditions.push(isNull(providers.lastHeartbeat));
        break;
      case 'suspended':
        conditions.push(eq(providers.status, 'suspended'));
        break;
      case 'pending_approval':
        conditions.push(eq(providers.approvalStatus, 'pending'));
        break;
    }
    return and(...conditions);
  }

  function jobFilter(f: JobListFilter): SQL | undefined {
    return and(
      f.statuses?.length ? inArray(jobs.status, f.statuses) : undefined,
      f.jobType ? eq(jobs.jobType, f.jobType) : undefined,
      f.providerId != null ? eq(jobs.providerId, f.providerId) : undefined,
      f.renterId != null ? eq(jobs.renterId, f.renterId) : undefined,
      f.from ? gte(jobs.submittedAt, f.from) : undefined,
      f.to ? lte(jobs.submittedAt, f.to) : undefined,
      f.search ? or(ilike(jobs.jobId, like(f.search)), ilike(providers.name, like(f.search)), ilike(renters.name, like(f.search))) : undefined,
    );
  }

  return {
    /** Providers, online first then by latest heartbeat and newest sign-up, with their 24 h uptime. */
    async providers(principal: Principal, filter: ProviderListFilter, paging: Paging): Promise<{ providers: ListedProvider[]; total: number; pageInfo?: PageInfo }> {
      requireAdmin(principal);
      const where = providerFilter(filter);
      const dayAgo = new Date(ctx.now().getTime() - DAY_MS);
      const query = db()
        .select({
          provider: providers,
          heartbeats24h: sql<number>`(select count(*)::int from ${heartbeats} where ${heartbeats.providerId} = providers.id and ${heartbeats.receivedAt} >= ${dayAgo.toISOString()}::timestamptz)`,
        })
        .from(providers)
        .where(where)
        .orderBy(sql`(${providers.lastHeartbeat} >= ${onlineSince().toISOString()}::timestamptz) is true desc`, sql`${providers.lastHeartbeat} desc nulls last`, desc(providers.createdAt), desc(providers.id))
        .$dynamic();
      const rows = paging.page >= 1 ? await query.limit(paging.limit).offset((paging.page - 1) * paging.limit) : await query;
      const [{ total }] = await db().select({ total: count() }).from(providers).where(where);
      const now = ctx.now().getTime();
      return {
        providers: rows.map((r) => ({
          provider: r.provider,
          connectivity: connectivityOf(r.provider),
          minutesSinceHeartbeat: r.provider.lastHeartbeat ? Math.round((now - r.provider.lastHeartbeat.getTime()) / 60_000) : null,
          uptime24hPct: Number(r.heartbeats24h) ? percentOf(Number(r.heartbeats24h), HEARTBEATS_PER_DAY) : null,
        })),
        total,
        pageInfo: paging.page >= 1 ? pageInfo(paging, total) : undefined,
      };
    },

    /** One provider with its uptime, last-day GPU metrics, latest heartbeats and jobs. */
    async provider(principal: Principal, id: number) {
      requireAdmin(principal);
      const [provider] = await db().select().from(providers).where(eq(providers.id, id));
      if (!provider) throw new NotFoundError('Provider', 'Not found');
      const now = ctx.now().getTime();
      const dayAgo = new Date(now - DAY_MS).toISOString();
      const [m] = await db()
        .select({
          heartbeats24h: sql<number>`count(*) filter (where ${heartbeats.receivedAt} >= ${dayAgo}::timestamptz)::int`,
          heartbeats7d: sql<number>`count(*)::int`,
          avgUtil: sql<number | null>`avg(${heartbeats.gpuUtilPct}) filter (where ${heartbeats.receivedAt} >= ${dayAgo}::timestamptz)`,
          avgTemp: sql<number | null>`avg(${heartbeats.gpuTempC}) filter (where ${heartbeats.receivedAt} >= ${dayAgo}::timestamptz)`,
          avgPower: sql<number | null>`avg(${heartbeats.gpuPowerW}) filter (where ${heartbeats.receivedAt} >= ${dayAgo}::timestamptz)`,
          maxTemp: sql<number | null>`max(${heartbeats.gpuTempC}) filter (where ${heartbeats.receivedAt} >= ${dayAgo}::timestamptz)`,
        })
        .from(heartbeats)
        .where(and(eq(heartbeats.providerId, id), gte(heartbeats.receivedAt, new Date(now - 7 * DAY_MS))));
      const heartbeatLog = await db().select().from(heartbeats).where(eq(heartbeats.providerId, id)).orderBy(desc(heartbeats.receivedAt), desc(heartbeats.id)).limit(20);
      const recentJobs = await db().select().from(jobs).where(eq(jobs.providerId, id)).orderBy(desc(jobs.submittedAt), desc(jobs.id)).limit(20);
      const n = (v: unknown) => (v == null ? null : Math.round(Number(v) * 10) / 10);
      return {
        provider,
        connectivity: connectivityOf(provider),
        minutesSinceHeartbeat: provider.lastHeartbeat ? Math.round((now - provider.lastHeartbeat.getTime()) / 60_000) : null,
        uptime: {
          hours24: percentOf(Number(m.heartbeats24h), HEARTBEATS_PER_DAY),
          days7: percentOf(Number(m.heartbeats7d), HEARTBEATS_PER_DAY * 7),
          heartbeats24h: Number(m.heartbeats24h),
        },
        metrics24h: { avgUtil: n(m.avgUtil), avgTemp: n(m.avgTemp), avgPower: n(m.avgPower), maxTemp: n(m.maxTemp) },
        heartbeatLog,
        jobs: recentJobs,
      };
    },

    async renters(principal: Principal, filter: RenterListFilter, paging: Paging): Promise<{ renters: ListedRenter[]; total: number; active: number; suspended: number; pageInfo?: PageInfo }> {
      requireAdmin(principal);
      const where = and(
        filter.search ? or(ilike(renters.name, like(filter.search)), ilike(renters.email, like(filter.search)), ilike(renters.organization, like(filter.search))) : undefined,
        filter.status ? eq(renters.status, filter.status) : undefined,
      );
      const jobCount = (status?: string) =>
        sql<number>`(select count(*)::int from ${jobs} where ${jobs.renterId} = renters.id${status ? sql` and ${jobs.status} = ${status}` : sql``})`;
      const query = db()
        .select({ renter: renters, totalJobs: jobCount(), completedJobs: jobCount('completed'), failedJobs: jobCount('failed') })
        .from(renters)
        .where(where)
        .orderBy(desc(renters.createdAt), desc(renters.id))
        .$dynamic();
      const rows = paging.page >= 1 ? await query.limit(paging.limit).offset((paging.page - 1) * paging.limit) : await query;
      const [counts] = await db()
        .select({
          total: sql<number>`count(*)::int`,
          active: sql<number>`count(*) filter (where ${renters.status} = 'active')::int`,
          suspended: sql<number>`count(*) filter (where ${renters.status} = 'suspended')::int`,
        })
        .from(renters)
        .where(where);
      const total = Number(counts.total);
      return {
        renters: rows.map((r) => ({ renter: r.renter, totalJobs: Number(r.totalJobs), completedJobs: Number(r.completedJobs), failedJobs: Number(r.failedJobs) })),
        total,
        active: Number(counts.active),
        suspended: Number(counts.suspended),
        pageInfo: paging.page >= 1 ? pageInfo(paging, total) : undefined,
      };
    },

    /** One renter with its 50 newest jobs and job totals. */
    async renter(principal: Principal, id: number) {
      requireAdmin(principal);
      const [renter] = await db().select().from(renters).where(eq(renters.id, id));
      if (!renter) throw new NotFoundError('Renter');
      const recentJobs = await db().select().from(jobs).where(eq(jobs.renterId, id)).orderBy(desc(jobs.submittedAt), desc(jobs.id)).limit(50);
      const [stats] = await db()
        .select({
          totalJobs: sql<number>`count(*)::int`,
          completedJobs: sql<number>`count(*) filter (where ${jobs.status} = 'completed')::int`,
          failedJobs: sql<number>`count(*) filter (where ${jobs.status} = 'failed')::int`,
        })
        .from(jobs)
        .where(eq(jobs.renterId, id));
      return {
        renter,
        jobs: recentJobs,
        stats: { totalJobs: Number(stats.totalJobs), completedJobs: Number(stats.completedJobs), failedJobs: Number(stats.failedJobs), totalSpentHalala: renter.totalSpentHalala },
      };
    },

    /** Jobs newest first with their provider and renter names; the stats cover every job, not the filter. */
    async jobs(principal: Principal, filter: JobListFilter, paging: Paging) {
      requireAdmin(principal);
      const where = jobFilter(filter);
      const base = () =>
        db()
          .select({ job: jobs, providerName: providers.name, gpuModel: providers.gpuModel, renterName: renters.name })
          .from(jobs)
          .leftJoin(providers, eq(providers.id, jobs.providerId))
          .leftJoin(renters, eq(renters.id, jobs.renterId));
      const rows: ListedJob[] = await base()
        .where(where)
        .orderBy(desc(jobs.submittedAt), desc(jobs.id))
        .limit(paging.limit)
        .offset(paging.page >= 1 ? (paging.page - 1) * paging.limit : 0);
      const [stats] = await db()
        .select({
          total: sql<number>`count(*)::int`,
          completed: sql<number>`count(*) filter (where ${jobs.status} = 'completed')::int`,
          failed: sql<number>`count(*) filter (where ${jobs.status} = 'failed')::int`,
          active: sql<number>`count(*) filter (where ${jobs.status} in ('queued', 'pending', 'assigned', 'pulling', 'running'))::int`,
          revenueHalala: sql<number>`coalesce(sum(${jobs.actualCostHalala}) filter (where ${jobs.status} = 'completed'), 0)::bigint`,
        })
        .from(jobs);
      let info: PageInfo | undefined;
      if (paging.page >= 1) {
        const [{ total }] = await db()
          .select({ total: count() })
          .from(jobs)
          .leftJoin(providers, eq(providers.id, jobs.providerId))
          .leftJoin(renters, eq(renters.id, jobs.renterId))
          .where(where);
        info = pageInfo(paging, total);
      }
      return {
        jobs: rows,
        stats: {
          total: Number(stats.total),
          completed: Number(stats.completed),
          failed: Number(stats.failed),
          active: Number(stats.active),
          revenueHalala: Number(stats.revenueHalala),
        },
        pageInfo: info,
      };
    },

    /** One job (numeric id or job_id) with its provider. */
    async job(principal: Principal, ref: number | string) {
      requireAdmin(principal);
      const job = await findJob(db(), ref).catch((err: unknown) => {
        if (err instanceof NotFoundError) throw new NotFoundError('Job', 'Not found');
        throw err;
      });
      const [provider] = job.providerId == null ? [] : await db().select().from(providers).where(eq(providers.id, job.providerId));
      return { job, provider: provider ?? null };
    },

    /** Cancels a job for the admin and releases its hold (once), with the audit row, in one transaction. */
    /** Admin cancel: the shared job cancellation, which audits admin actions itself. */
    async cancelJob(principal: Principal, ref: number | string): Promise<{ job: Job; previousStatus: string; refundedHalala: number }> {
      requireAdmin(principal);
      return jobActions.cancel(principal, ref);
    },

    /** Asks a provider to download a model; its next heartbeats report the request until the model is cached. */
    async preloadModel(principal: Principal, providerId: number, modelName: unknown): Promise<ProviderRow> {
      requireAdmin(principal);
      if (typeof modelName !== 'string' || !modelName.trim() || modelName.length > 256)
        throw ValidationError.field('model_name', 'model_name must be a non-empty string of at most 256 characters');
      const now = ctx.now();
      return db().transaction(async (tx) => {
        const [row] = await tx
          .update(providers)
          .set({ modelPreloadStatus: 'downloading', modelPreloadModel: modelName, modelPreloadRequestedAt: now, modelPreloadUpdatedAt: now, updatedAt: now })
          .where(and(eq(providers.id, providerId), isNull(providers.deletedAt)))
          .returning();
        if (!row) throw new NotFoundError('Provider');
        await recordAdminAction(tx, 'provider.preload_model', { type: 'provider', id: providerId }, { model_name: modelName });
        return row;
      });
    },

    /** Revenue, payouts and fees of completed jobs, balances, leaders and the last 14 days. */
    async financeSummary(principal: Principal) {
      requireAdmin(principal);
      const now = ctx.now();
      const today = startOfUtcDay(now);
      const week = new Date(today.getTime() - 7 * DAY_MS);
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      const completedSince = (from: Date) => sql`${jobs.status} = 'completed' and ${jobs.completedAt} >= ${from.toISOString()}::timestamptz`;
      const sum = (column: typeof jobs.actualCostHalala, cond: SQL) => sql<number>`coalesce(sum(${column}) filter (where ${cond}), 0)::bigint`;
      const done = sql`${jobs.status} = 'completed'`;
      const [t] = await db()
        .select({
          revenue: sum(jobs.actualCostHalala, done),
          payouts: sum(jobs.providerEarnedHalala, done),
          fees: sum(jobs.dc1FeeHalala, done),
          totalJobs: sql<number>`count(*)::int`,
          completedJobs: sql<number>`count(*) filter (where ${done})::int`,
          todayRevenue: sum(jobs.actualCostHalala, completedSince(today)),
          todayFees: sum(jobs.dc1FeeHalala, completedSince(today)),
          todayJobs: sql<number>`count(*) filter (where ${completedSince(today)})::int`,
          weekRevenue: sum(jobs.actualCostHalala, completedSince(week)),
          weekFees: sum(jobs.dc1FeeHalala, completedSince(week)),
          weekJobs: sql<number>`count(*) filter (where ${completedSince(week)})::int`,
          monthRevenue: sum(jobs.actualCostHalala, completedSince(month)),
          monthFees: sum(jobs.dc1FeeHalala, completedSince(month)),
          monthJobs: sql<number>`count(*) filter (where ${completedSince(month)})::int`,
        })
        .from(jobs);
      const [balances] = await db()
        .select({
          totalBalance: sql<number>`coalesce(sum(${renters.balanceHalala}), 0)::bigint`,
          totalHeld: sql<number>`coalesce(sum(${renters.heldHalala}), 0)::bigint`,
          totalRenters: sql<number>`count(*)::int`,
          fundedRenters: sql<number>`count(*) filter (where ${renters.balanceHalala} > 0)::int`,
        })
        .from(renters)
        .where(eq(renters.status, 'active'));
      const topProviders = await db()
        .select({ id: providers.id, name: providers.name, gpuModel: providers.gpuModel, totalEarned: providers.totalEarnedHalala, jobCount: providers.totalJobs })
        .from(providers)
        .orderBy(desc(providers.totalEarnedHalala), providers.id)
        .limit(5);
      const topRenters = await db()
        .select({ id: renters.id, name: renters.name, email: renters.email, balanceHalala: renters.balanceHalala, totalSpent: renters.totalSpentHalala, jobCount: renters.totalJobs })
        .from(renters)
        .orderBy(desc(renters.totalSpentHalala), renters.id)
        .limit(5);
      const day = sql<string>`to_char(${jobs.completedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
      const daily = await db()
        .select({
          day,
          revenue: sql<number>`coalesce(sum(${jobs.actualCostHalala}), 0)::bigint`,
          fees: sql<number>`coalesce(sum(${jobs.dc1FeeHalala}), 0)::bigint`,
          payouts: sql<number>`coalesce(sum(${jobs.providerEarnedHalala}), 0)::bigint`,
          jobs: sql<number>`count(*)::int`,
        })
        .from(jobs)
        .where(and(eq(jobs.status, 'completed'), gte(jobs.completedAt, new Date(today.getTime() - 13 * DAY_MS))))
        .groupBy(day)
        .orderBy(desc(day));
      const discrepancies = await db()
        .select({ id: jobs.id, jobId: jobs.jobId, actualCostHalala: jobs.actualCostHalala, providerEarnedHalala: jobs.providerEarnedHalala, dc1FeeHalala: jobs.dc1FeeHalala })
        .from(jobs)
        .where(
          and(
            eq(jobs.status, 'completed'),
            sql`coalesce(${jobs.providerEarnedHalala}, 0) + coalesce(${jobs.dc1FeeHalala}, 0) <> coalesce(${jobs.actualCostHalala}, 0)`,
          ),
        )
        .limit(10);
      const n = Number;
      return {
        allTime: { revenue: n(t.revenue), providerPayouts: n(t.payouts), fees: n(t.fees), totalJobs: n(t.totalJobs), completedJobs: n(t.completedJobs) },
        today: { revenue: n(t.todayRevenue), fees: n(t.todayFees), jobs: n(t.todayJobs) },
        thisWeek: { revenue: n(t.weekRevenue), fees: n(t.weekFees), jobs: n(t.weekJobs) },
        thisMonth: { revenue: n(t.monthRevenue), fees: n(t.monthFees), jobs: n(t.monthJobs) },
        renterBalances: {
          totalBalance: n(balances.totalBalance),
          totalHeld: n(balances.totalHeld),
          totalRenters: n(balances.totalRenters),
          fundedRenters: n(balances.fundedRenters),
        },
        topProviders,
        topRenters,
        dailyRevenue: daily.map((d) => ({ day: d.day, revenue: n(d.revenue), fees: n(d.fees), providerPayouts: n(d.payouts), jobs: n(d.jobs) })),
        discrepancies,
        generatedAt: now,
      };
    },

    /** Daemon events of the last `hours` (optionally one provider): crashes, versions, job outcomes, uptime. */
    async daemonHealth(principal: Principal, opts: { hours: number; providerId?: number }) {
      requireAdmin(principal);
      const now = ctx.now();
      const since = new Date(now.getTime() - opts.hours * 3600_000);
      const where = and(gte(daemonEvents.receivedAt, since), opts.providerId != null ? eq(daemonEvents.providerId, opts.providerId) : undefined);
      const crashTypes = ['daemon_crash', 'watchdog_restart', 'watchdog_givingup'];
      const [summary] = await db()
        .select({
          totalEvents: sql<number>`count(*)::int`,
          crashes: sql<number>`count(*) filter (where ${inArray(daemonEvents.eventType, crashTypes)})::int`,
          successes: sql<number>`count(*) filter (where ${daemonEvents.eventType} = 'job_success')::int`,
          failures: sql<number>`count(*) filter (where ${daemonEvents.eventType} = 'job_failure')::int`,
        })
        .from(daemonEvents)
        .where(where);
      const crashes = await db()
        .select({
          providerId: daemonEvents.providerId,
          crashCount: sql<number>`count(*)::int`,
          lastCrash: sql<Date>`max(${daemonEvents.receivedAt})`,
          versionsSeen: sql<string[]>`array_remove(array_agg(distinct ${daemonEvents.daemonVersion}), null)`,
        })
        .from(daemonEvents)
        .where(and(where, inArray(daemonEvents.eventType, crashTypes)))
        .groupBy(daemonEvents.providerId)
        .orderBy(desc(sql`count(*)`));
      const versions = await db()
        .select({
          daemonVersion: daemonEvents.daemonVersion,
          providerCount: sql<number>`count(distinct ${daemonEvents.providerId})::int`,
          lastSeen: sql<Date>`max(${daemonEvents.receivedAt})`,
        })
        .from(daemonEvents)
        .where(and(where, eq(daemonEvents.eventType, 'daemon_start')))
        .groupBy(daemonEvents.daemonVersion)
        .orderBy(desc(sql`count(distinct ${daemonEvents.providerId})`));
      const breakdown = await db()
        .select({ eventType: daemonEvents.eventType, severity: daemonEvents.severity, count: sql<number>`count(*)::int` })
        .from(daemonEvents)
        .where(where)
        .groupBy(daemonEvents.eventType, daemonEvents.severity)
        .orderBy(desc(sql`count(*)`));
      const bandwidth = await db()
        .select({ providerId: daemonEvents.providerId, details: daemonEvents.details, eventTimestamp: daemonEvents.eventTimestamp })
        .from(daemonEvents)
        .where(and(where, eq(daemonEvents.eventType, 'bandwidth_report')))
        .orderBy(desc(daemonEvents.receivedAt))
        .limit(50);
      const providerRows = await db()
        .select({
          provider: providers,
          heartbeats: sql<number>`(select count(*)::int from ${heartbeats} where ${heartbeats.providerId} = providers.id and ${heartbeats.receivedAt} >= ${since.toISOString()}::timestamptz)`,
        })
        .from(providers)
        .where(and(isNull(providers.deletedAt), opts.providerId != null ? eq(providers.id, opts.providerId) : undefined))
        .orderBy(providers.id);
      const recentEvents = await db().select().from(daemonEvents).where(where).orderBy(desc(daemonEvents.receivedAt), desc(daemonEvents.id)).limit(50);
      // Expected samples: one per 30 s of each provider's life inside the window.
      const windowStart = since.getTime();
      const expected = providerRows.reduce((acc, r) => acc + Math.floor((now.getTime() - Math.max(windowStart, r.provider.createdAt.getTime())) / 30_000), 0);
      const samples = providerRows.reduce((acc, r) => acc + Number(r.heartbeats), 0);
      const jobsTotal = Number(summary.successes) + Number(summary.failures);
      return {
        periodHours: opts.hours,
        generatedAt: now,
        summary: {
          totalEvents: Number(summary.totalEvents),
          totalCrashes: Number(summary.crashes),
          totalJobs: jobsTotal,
          jobSuccessRatePct: jobsTotal ? Math.round((Number(summary.successes) / jobsTotal) * 1000) / 10 : null,
          providersOnline: providerRows.filter((r) => connectivityOf(r.provider) === 'online').length,
          providersTotal: providerRows.length,
        },
        uptime: { sampleCount: samples, expectedSampleCount: expected, pct: expected ? Math.min(100, Math.round((samples / expected) * 1000) / 10) : null },
        crashes,
        versions,
        jobStats: { success: Number(summary.successes), failure: Number(summary.failures), total: jobsTotal },
        eventBreakdown: breakdown,
        bandwidth,
        providers: providerRows.map((r) => r.provider),
        recentEvents,
      };
    },

    /** The audit log, newest first. */
    async audit(principal: Principal, paging: Paging) {
      requireAdmin(principal);
      const entries = await db()
        .select()
        .from(adminAudit)
        .orderBy(desc(adminAudit.createdAt), desc(adminAudit.id))
        .limit(paging.limit)
        .offset((paging.page - 1) * paging.limit);
      const [{ total }] = await db().select({ total: count() }).from(adminAudit);
      return { entries, pageInfo: pageInfo(paging, total) };
    },

    /** Public health: the store answers, and how many providers and jobs it holds. */
    /** Counts for GET /api/health; concurrent probes share one read (see startedAfterCall). */
    health: startedAfterCall(async () => {
      const since = onlineSince().toISOString();
      const [row] = await db()
        .select({
          providersTotal: sql<number>`(select count(*)::int from ${providers})`,
          providersOnline: sql<number>`(select count(*)::int from ${providers} where ${providers.status} in ('online', 'degraded') and ${providers.lastHeartbeat} >= ${since}::timestamptz)`,
          queued: sql<number>`(select count(*)::int from ${jobs} where ${jobs.status} in ('queued', 'pending'))`,
          running: sql<number>`(select count(*)::int from ${jobs} where ${jobs.status} in ('assigned', 'pulling', 'running'))`,
        })
        .from(sql`(select 1) as one`);
      return {
        providers: { total: Number(row.providersTotal), online: Number(row.providersOnline) },
        jobs: { queued: Number(row.queued), running: Number(row.running) },
      };
    }),
  };
}

export type Admin = ReturnType<typeof adminModule>;
