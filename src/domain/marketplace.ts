import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { heartbeats, holds, jobs, providers, renters } from '../db/schema.js';
import { targetProviderId } from './access.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { NotFoundError } from './errors.js';
import { resolveGpuRate, SAR_USD_RATE } from './pricing.js';

/**
 * Public provider lists (available providers, marketplace, public list) and a provider's own earnings and
 * job history. Lists show approved, unpaused, live providers only; per-provider figures are computed
 * in the same statement as the list, so the statement count does not grow with the list.
 */

export type ProviderRow = typeof providers.$inferSelect;

/** The daemon heartbeats every 30 s: 2880 samples make a full day. */
const HEARTBEAT_INTERVAL_SECONDS = 30;
const UPTIME_WINDOW_SECONDS = 7 * 86_400;
/** The public list shows providers that heartbeated within five minutes. */
const PUBLIC_FRESH_SECONDS = 300;

export interface ProviderReputation {
  uptimePct: number;
  jobSuccessRate: number;
  totalJobsCompleted: number;
  tier: 'top' | 'reliable' | 'new';
  heartbeatAgeSeconds: number | null;
}

export interface ListedProvider {
  provider: ProviderRow;
  reputation: ProviderReputation;
  /** online / degraded by heartbeat age. */
  liveStatus: 'online' | 'degraded' | 'offline';
  /** Heartbeat younger than two minutes. */
  isLive: boolean;
  /** When a degraded provider stopped counting as live. */
  degradedSince: Date | null;
}

/** The renter's GPU price for a provider (docs/decisions.md#quote). */
export interface GpuPrice {
  halalaPerHour: number;
  sarPerHour: number;
  /** The provider's own per-minute price when it set one, else the GPU rate; at least 1 halala. */
  halalaPerMinute: number;
}

export function gpuPrice(provider: Pick<ProviderRow, 'gpuNameDetected' | 'gpuModel' | 'pricePerMinHalala'>): GpuPrice {
  const rate = resolveGpuRate(provider.gpuNameDetected || provider.gpuModel || '');
  const sarPerHour = rate.ratePerSecondUsd * 3600 * SAR_USD_RATE;
  const halalaPerHour = Math.round(sarPerHour * 100);
  return {
    halalaPerHour,
    sarPerHour: Math.round(sarPerHour * 100) / 100,
    halalaPerMinute: provider.pricePerMinHalala ?? Math.max(1, Math.round(halalaPerHour / 60)),
  };
}

function tierOf(uptime: number, success: number, completed: number): ProviderReputation['tier'] {
  if (uptime >= 95 && success >= 95 && completed >= 10) return 'top';
  if (uptime >= 80 && success >= 80) return 'reliable';
  return 'new';
}

export interface EarningsReport {
  provider: ProviderRow;
  /** Earned over the provider's life, and what it can still claim (its ledger balance). */
  totalEarnedHalala: number;
  claimableHalala: number;
  /** Holds of jobs routed to the provider and not yet claimed, and of jobs it is running. */
  escrow: { heldJobs: number; heldHalala: number; lockedJobs: number; lockedHalala: number };
  lastCompletedAt: Date | null;
}

export interface JobHistory {
  provider: ProviderRow;
  /** Over all of the provider's jobs; the success rate over finished ones (completed or failed), 0 when none. */
  totals: { totalJobs: number; completedJobs: number; failedJobs: number; earnedHalala: number; successRatePct: number };
  jobs: Array<
    Pick<
      typeof jobs.$inferSelect,
      | 'id'
      | 'jobId'
      | 'jobType'
      | 'status'
      | 'submittedAt'
      | 'startedAt'
      | 'completedAt'
      | 'progressPhase'
      | 'error'
      | 'actualCostHalala'
      | 'costHalala'
      | 'providerEarnedHalala'
      | 'dc1FeeHalala'
      | 'durationMinutes'
      | 'gpuSecondsUsed'
    > & { renterName: string | null }
  >;
}

export function marketplaceModule(ctx: DomainContext) {
  // One definition of "online" across the gateway (offline after DCP_PROVIDER_OFFLINE_SECONDS, 90 s by default, without a heartbeat), so
  // every provider listed as available is one a submit can name.
  const LIVE_SECONDS = ctx.config.providerOfflineSeconds;
  const DEGRADED_SECONDS = ctx.config.providerOfflineSeconds;
  const db = () => ctx.store.db;
  const ageSeconds = (at: Date | null) => (at ? Math.max(0, (ctx.now().getTime() - at.getTime()) / 1000) : null);

  /**
   * The listed providers with their reputation figures, in one statement. The correlated sub-queries name
   * the outer `providers.id` in plain SQL: drizzle renders a column without its table in a one-table select.
   */
  async function listed(where: ReturnType<typeof and>, order: ReturnType<typeof sql>[]): Promise<ListedProvider[]> {
    const now = ctx.now();
    const windowStart = new Date(now.getTime() - UPTIME_WINDOW_SECONDS * 1000);
    const rows = await db()
      .select({
        provider: providers,
        heartbeats7d: sql<number>`(select count(*)::int from ${heartbeats} where ${heartbeats.providerId} = providers.id and ${heartbeats.receivedAt} >= ${windowStart.toISOString()}::timestamptz)`,
        completed: sql<number>`(select count(*)::int from ${jobs} where ${jobs.providerId} = providers.id and ${jobs.status} = 'completed')`,
        failed: sql<number>`(select count(*)::int from ${jobs} where ${jobs.providerId} = providers.id and ${jobs.status} = 'failed')`,
      })
      .from(providers)
      .where(where)
      .orderBy(...order);
    return rows.map((r) => {
      const known = Math.min(UPTIME_WINDOW_SECONDS, Math.max(3600, (now.getTime() - r.provider.createdAt.getTime()) / 1000));
      const uptimePct = Math.round(Math.min(100, (Number(r.heartbeats7d) / (known / HEARTBEAT_INTERVAL_SECONDS)) * 100) * 10) / 10;
      const completed = Number(r.completed);
      const finished = completed + Number(r.failed);
      const jobSuccessRate = finished ? Math.round((completed / finished) * 1000) / 10 : 0;
      const age = ageSeconds(r.provider.lastHeartbeat);
      const liveStatus = age == null || age >= DEGRADED_SECONDS ? 'offline' : age < LIVE_SECONDS ? 'online' : 'degraded';
      return {
        provider: r.provider,
        liveStatus,
        isLive: liveStatus === 'online',
        degradedSince: liveStatus === 'degraded' && r.provider.lastHeartbeat ? new Date(r.provider.lastHeartbeat.getTime() + LIVE_SECONDS * 1000) : null,
        reputation: { uptimePct, jobSuccessRate, totalJobsCompleted: completed, tier: tierOf(uptimePct, jobSuccessRate, completed), heartbeatAgeSeconds: age },
      };
    });
  }

  const bookable = () => and(eq(providers.approvalStatus, 'approved'), eq(providers.isPaused, false), isNull(providers.deletedAt));
  const heartbeatSince = (seconds: number) => gte(providers.lastHeartbeat, new Date(ctx.now().getTime() - seconds * 1000));

  /** Live before degraded, then the freshest heartbeat (the latency proxy), reputation, uptime, id. */
  const byQuality = (a: ListedProvider, b: ListedProvider) =>
    Number(a.liveStatus !== 'online') - Number(b.liveStatus !== 'online') ||
    (a.reputation.heartbeatAgeSeconds ?? Infinity) - (b.reputation.heartbeatAgeSeconds ?? Infinity) ||
    b.provider.reputationScore - a.provider.reputationScore ||
    b.reputation.uptimePct - a.reputation.uptimePct ||
    a.provider.id - b.provider.id;

  return {
    /** GET /renters/available-providers: online (stored status) and bookable, largest VRAM first. */
    async forRenters(): Promise<ListedProvider[]> {
      return listed(and(bookable(), eq(providers.status, 'online')), [sql`${providers.gpuVramMib} desc nulls last`, asc(providers.id)]);
    },

    /** GET /providers/available: bookable, heartbeat within the offline threshold. */
    async available(): Promise<ListedProvider[]> {
      const rows = await listed(and(bookable(), isNotNull(providers.lastHeartbeat), heartbeatSince(DEGRADED_SECONDS)), [asc(providers.id)]);
      return rows.sort(byQuality);
    },

    /** GET /providers/marketplace: stored status online and bookable, best first. */
    async marketplace(): Promise<ListedProvider[]> {
      const rows = await listed(and(bookable(), eq(providers.status, 'online')), [asc(providers.id)]);
      return rows.sort(byQuality);
    },

    /** GET /providers/public: online with a heartbeat in the last five minutes, newest provider first. */
    async publicList(): Promise<ListedProvider[]> {
      return listed(and(bookable(), eq(providers.status, 'online'), heartbeatSince(PUBLIC_FRESH_SECONDS)), [desc(providers.id)]);
    },

    /** What the provider has earned and what is held for work routed to it. */
    async earnings(principal: Principal): Promise<EarningsReport> {
      const id = targetProviderId(principal);
      const [provider] = await db().select().from(providers).where(eq(providers.id, id));
      if (!provider) throw new NotFoundError('Provider');
      const [escrow] = await db()
        .select({
          heldJobs: sql<number>`count(*) filter (where ${jobs.status} in ('queued', 'pending'))::int`,
          heldHalala: sql<number>`coalesce(sum(${holds.amountHalala}) filter (where ${jobs.status} in ('queued', 'pending')), 0)::bigint`,
          lockedJobs: sql<number>`count(*) filter (where ${jobs.status} in ('assigned', 'pulling', 'running'))::int`,
          lockedHalala: sql<number>`coalesce(sum(${holds.amountHalala}) filter (where ${jobs.status} in ('assigned', 'pulling', 'running')), 0)::bigint`,
        })
        .from(holds)
        .innerJoin(jobs, eq(jobs.id, holds.jobId))
        .where(and(eq(jobs.providerId, id), eq(holds.status, 'held')));
      const [last] = await db()
        .select({ at: jobs.completedAt })
        .from(jobs)
        .where(and(eq(jobs.providerId, id), eq(jobs.status, 'completed')))
        .orderBy(sql`${jobs.completedAt} desc nulls last`)
        .limit(1);
      return {
        provider,
        totalEarnedHalala: provider.totalEarnedHalala,
        claimableHalala: provider.earningsHalala,
        escrow: {
          heldJobs: Number(escrow.heldJobs),
          heldHalala: Number(escrow.heldHalala),
          lockedJobs: Number(escrow.lockedJobs),
          lockedHalala: Number(escrow.lockedHalala),
        },
        lastCompletedAt: last?.at ?? null,
      };
    },

    /** The provider's finished jobs, last finished first, with totals over all of its jobs. */
    async jobHistory(principal: Principal, page: { limit: number; offset: number }): Promise<JobHistory> {
      const id = targetProviderId(principal);
      const [provider] = await db().select().from(providers).where(eq(providers.id, id));
      if (!provider) throw new NotFoundError('Provider');
      const [totals] = await db()
        .select({
          totalJobs: sql<number>`count(*)::int`,
          completedJobs: sql<number>`count(*) filter (where ${jobs.status} = 'completed')::int`,
          failedJobs: sql<number>`count(*) filter (where ${jobs.status} = 'failed')::int`,
          earnedHalala: sql<number>`coalesce(sum(${jobs.providerEarnedHalala}), 0)::bigint`,
        })
        .from(jobs)
        .where(eq(jobs.providerId, id));
      const rows = await db()
        .select({
          id: jobs.id,
          jobId: jobs.jobId,
          jobType: jobs.jobType,
          status: jobs.status,
          submittedAt: jobs.submittedAt,
          startedAt: jobs.startedAt,
          completedAt: jobs.completedAt,
          progressPhase: jobs.progressPhase,
          error: jobs.error,
          actualCostHalala: jobs.actualCostHalala,
          costHalala: jobs.costHalala,
          providerEarnedHalala: jobs.providerEarnedHalala,
          dc1FeeHalala: jobs.dc1FeeHalala,
          durationMinutes: jobs.durationMinutes,
          gpuSecondsUsed: jobs.gpuSecondsUsed,
          renterName: renters.name,
        })
        .from(jobs)
        .leftJoin(renters, eq(renters.id, jobs.renterId))
        .where(and(eq(jobs.providerId, id), inArray(jobs.status, ['completed', 'failed', 'cancelled'])))
        .orderBy(sql`${jobs.completedAt} desc nulls last`, desc(jobs.id))
        .limit(page.limit)
        .offset(page.offset);
      const completedJobs = Number(totals.completedJobs);
      const failedJobs = Number(totals.failedJobs);
      return {
        provider,
        totals: {
          totalJobs: Number(totals.totalJobs),
          completedJobs,
          failedJobs,
          earnedHalala: Number(totals.earnedHalala),
          successRatePct: completedJobs + failedJobs ? Math.round((completedJobs / (completedJobs + failedJobs)) * 100) : 0,
        },
        jobs: rows,
      };
    },
  };
}

export type Marketplace = ReturnType<typeof marketplaceModule>;
