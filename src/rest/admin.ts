import { Hono, type Context } from 'hono';
import { ADMIN } from '../domain/auth.js';
import { PROVIDER_LIST_STATUSES, type ListedProvider, type ProviderListStatus } from '../domain/admin.js';
import { splitEarnings } from '../domain/pricing.js';
import type { DashboardSummary } from '../domain/stats.js';
import type { Gateway } from '../gateway.js';
import { requireAdmin } from './credentials.js';
import { handle, httpError, pathParam, queryInt, readJsonBody, type ErrorOverrides } from './http.js';
import { jobRecord } from './jobViews.js';
import { isoTime, sarString, verificationFields } from './present.js';

/** Admin console routes of the legacy REST contract (docs/rest-api.md), mounted at /admin; every request needs the admin token. */

const NOT_FOUND = { NOT_FOUND: { message: 'Not found' } } satisfies ErrorOverrides;

const invalidQuery = (field: string, message: string) => httpError(400, 'Validation failed', { fields: [{ field, message }] });

/** A numeric id in the path; anything else names no record. */
function idParam(c: Context, name = 'id', notFound = 'Not found'): number {
  const raw = pathParam(c, name);
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw httpError(404, notFound);
  return id;
}

function optionalDate(c: Context, name: string): Date | undefined {
  const raw = c.req.query(name);
  if (!raw) return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw invalidQuery(name, 'Must be a date or date-time');
  return d;
}

function optionalId(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647) throw invalidQuery(name, 'Must be a positive integer');
  return Number(raw);
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
/**
 * The dashboard's JSON per shared read (src/domain/stats.ts): every caller of one read gets the same object.
 * Kept as UTF-8 bytes, so each answer is written as is: as a string, its 8 KB were encoded again per request.
 */
const renderedDashboards = new WeakMap<DashboardSummary, Uint8Array<ArrayBuffer>>();
const utf8 = new TextEncoder();

function presentDashboard(d: DashboardSummary) {
  const s = d.stats;
  return {
    stats: {
      total_providers: s.totalProviders,
      online_now: s.onlineNow,
      offline: s.offline,
      total_renters: s.totalRenters,
      active_renters: s.activeRenters,
      total_renter_balance_halala: s.totalRenterBalanceHalala,
      total_jobs: s.totalJobs,
      completed_jobs: s.completedJobs,
      failed_jobs: s.failedJobs,
      active_jobs: s.activeJobs,
      total_revenue_halala: s.totalRevenueHalala,
      total_dc1_fees_halala: s.totalDc1FeesHalala,
      today_revenue_halala: s.todayRevenueHalala,
      today_dc1_fees_halala: s.todayDc1FeesHalala,
      today_jobs: s.todayJobs,
      timestamp: isoTime(s.timestamp),
    },
    gpu_breakdown: d.gpuBreakdown.map((g) => ({ gpu_model: g.gpuModel, count: g.count })),
    recent_signups: d.recentSignups.map((p) => ({ id: p.id, name: p.name, email: p.email, gpu_model: p.gpuModel, os: p.os, created_at: isoTime(p.createdAt) })),
    recent_heartbeats: d.recentHeartbeats.map((p) => ({
      id: p.id,
      name: p.name,
      gpu_model: p.gpuModel,
      provider_ip: p.providerIp,
      provider_hostname: p.providerHostname,
      last_heartbeat: isoTime(p.lastHeartbeat),
      gpu_status: p.gpuStatus ?? null,
    })),
  };
}

export function adminRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  const { domain } = gateway;

  app.use('*', async (c, next) => {
    await requireAdmin(c, gateway);
    await next();
  });

  app.get(
    '/dashboard',
    handle(async (c) => {
      // Callers that share one read share its text too: rendered once per read, not per request.
      const d = await domain.stats.dashboardSummary(ADMIN);
      let body = renderedDashboards.get(d);
      if (body === undefined) renderedDashboards.set(d, (body = utf8.encode(JSON.stringify(presentDashboard(d)))));
      return c.body(body, 200, JSON_TYPE);
    }),
  );

  // ---- providers ----

  app.get(
    '/providers',
    handle(async (c) => {
      const status = c.req.query('status');
      if (status && !(PROVIDER_LIST_STATUSES as readonly string[]).includes(status))
        throw invalidQuery('status', `Must be one of: ${PROVIDER_LIST_STATUSES.join(', ')}`);
      const paging = { page: queryInt(c, 'page', 0, 0, 1_000_000), limit: queryInt(c, 'limit', 50, 1, 200) };
      const result = await domain.admin.providers(
        ADMIN,
        { search: c.req.query('search') || undefined, status: (status || undefined) as ProviderListStatus | undefined, gpuModel: c.req.query('gpu_model') || undefined },
        paging,
      );
      const count = (f: (l: ListedProvider) => boolean) => result.providers.filter(f).length;
      return c.json({
        total: result.total,
        online: count((l) => l.connectivity === 'online'),
        offline: count((l) => l.connectivity === 'offline'),
        registered: count((l) => l.connectivity === 'registered'),
        pending_approval: count((l) => l.provider.approvalStatus === 'pending'),
        providers: result.providers.map(presentAdminProvider),
        ...(result.pageInfo ? { pagination: presentPageInfo(result.pageInfo) } : {}),
      });
    }),
  );

  app.get(
    '/providers/:id',
    handle(async (c) => {
      const d = await domain.admin.provider(ADMIN, idParam(c));
      return c.json({
        provider: {
          ...presentAdminProvider({ provider: d.provider, connectivity: d.connectivity, minutesSinceHeartbeat: d.minutesSinceHeartbeat, uptime24hPct: d.uptime.hours24 }),
          scheduled_start: d.provider.scheduledStart,
          scheduled_end: d.provider.scheduledEnd,
          gpu_usage_cap_pct: d.provider.gpuUsageCapPct,
          vram_reserve_gb: d.provider.vramReserveGb,
          temp_limit_c: d.provider.tempLimitC,
          cached_models: d.provider.cachedModels,
          readiness_status: d.provider.readinessStatus,
          daemon_version: d.provider.daemonVersion,
        },
        uptime: { hours_24: d.uptime.hours24, days_7: d.uptime.days7, heartbeats_24h: d.uptime.heartbeats24h },
        metrics_24h: { avg_util: d.metrics24h.avgUtil, avg_temp: d.metrics24h.avgTemp, avg_power: d.metrics24h.avgPower, max_temp: d.metrics24h.maxTemp },
        heartbeat_log: d.heartbeatLog.map((h) => ({
          id: h.id,
          received_at: isoTime(h.receivedAt),
          provider_ip: h.providerIp,
          provider_hostname: h.providerHostname,
          gpu_util_pct: h.gpuUtilPct,
          gpu_temp_c: h.gpuTempC,
          gpu_power_w: h.gpuPowerW,
          gpu_vram_free_mib: h.gpuVramFreeMib,
          gpu_vram_total_mib: h.gpuVramTotalMib,
          daemon_version: h.daemonVersion,
          gpu_count: h.gpuCount,
        })),
        jobs: d.jobs.map((j) => jobRecord(j, { now: domain.ctx.now() })),
        disconnects: [],
      });
    }, NOT_FOUND),
  );

  const approve = handle(async (c) => {
    const p = await domain.providers.approve(ADMIN, idParam(c, 'id', 'Provider not found'));
    return c.json({ success: true, provider_id: p.id, approval_status: p.approvalStatus, approved_at: isoTime(p.approvedAt) });
  });
  app.post('/providers/:id/approve', approve);
  app.patch('/providers/:id/approve', approve);

  const reject = handle(async (c) => {
    const id = idParam(c, 'id', 'Provider not found');
    const { reason } = await readJsonBody(c);
    if (typeof reason !== 'string' || !reason.trim()) throw httpError(400, 'Rejection reason is required');
    const p = await domain.providers.reject(ADMIN, id, reason);
    return c.json({ success: true, provider_id: p.id, approval_status: p.approvalStatus, rejected_reason: p.rejectedReason });
  });
  app.post('/providers/:id/reject', reject);
  app.patch('/providers/:id/reject', reject);

  app.post(
    '/providers/:id/suspend',
    handle(async (c) => {
      const { reason } = await readJsonBody(c);
      const p = await domain.providers.suspend(ADMIN, idParam(c, 'id', 'Provider not found'), typeof reason === 'string' ? reason : null);
      return c.json({ success: true, provider_id: p.id, status: p.status, message: `Provider ${p.name} suspended` });
    }),
  );
  app.post(
    '/providers/:id/unsuspend',
    handle(async (c) => {
      const p = await domain.providers.unsuspend(ADMIN, idParam(c, 'id', 'Provider not found'));
      return c.json({ success: true, provider_id: p.id, status: p.status, message: `Provider ${p.name} unsuspended` });
    }),
  );
  app.post(
    '/providers/:id/rotate-key',
    handle(async (c) => {
      const { provider, apiKey } = await domain.providers.rotateKey(ADMIN, idParam(c, 'id', 'Provider not found'));
      return c.json({ success: true, provider_id: provider.id, name: provider.name, new_api_key: apiKey });
    }),
  );
  app.patch(
    '/providers/:id/preload-model',
    handle(async (c) => {
      const { model_name } = await readJsonBody(c);
      const p = await domain.admin.preloadModel(ADMIN, idParam(c, 'id', 'Provider not found'), model_name);
      return c.json({
        success: true,
        provider_id: p.id,
        model_name: p.modelPreloadModel,
        model_preload_status: p.modelPreloadStatus,
        requested_at: isoTime(p.modelPreloadRequestedAt),
      });
    }),
  );

  // ---- renters ----

  app.get(
    '/renters',
    handle(async (c) => {
      const paging = { page: queryInt(c, 'page', 0, 0, 1_000_000), limit: queryInt(c, 'limit', 50, 1, 200) };
      const result = await domain.admin.renters(ADMIN, { search: c.req.query('search') || undefined, status: c.req.query('status') || undefined }, paging);
      return c.json({
        total: result.total,
        active: result.active,
        suspended: result.suspended,
        renters: result.renters.map((r) => ({
          id: r.renter.id,
          name: r.renter.name,
          email: r.renter.email,
          organization: r.renter.organization,
          balance_halala: r.renter.balanceHalala,
          held_halala: r.renter.heldHalala,
          status: r.renter.status,
          created_at: isoTime(r.renter.createdAt),
          total_jobs: r.totalJobs,
          completed_jobs: r.completedJobs,
          failed_jobs: r.failedJobs,
          total_spent_halala: r.renter.totalSpentHalala,
        })),
        ...(result.pageInfo ? { pagination: presentPageInfo(result.pageInfo) } : {}),
      });
    }),
  );

  app.get(
    '/renters/:id',
    handle(async (c) => {
      const d = await domain.admin.renter(ADMIN, idParam(c, 'id', 'Renter not found'));
      const r = d.renter;
      return c.json({
        renter: {
          id: r.id,
          name: r.name,
          email: r.email,
          organization: r.organization,
          use_case: r.useCase,
          phone: r.phone,
          balance_halala: r.balanceHalala,
          held_halala: r.heldHalala,
          status: r.status,
          created_at: isoTime(r.createdAt),
        },
        jobs: d.jobs.map((j) => jobRecord(j, { now: domain.ctx.now() })),
        stats: {
          total_jobs: d.stats.totalJobs,
          completed_jobs: d.stats.completedJobs,
          failed_jobs: d.stats.failedJobs,
          total_spent_halala: d.stats.totalSpentHalala,
        },
      });
    }),
  );

  app.post(
    '/renters/:id/suspend',
    handle(async (c) => {
      const r = await domain.renters.suspend(ADMIN, idParam(c, 'id', 'Renter not found'));
      return c.json({ success: true, renter_id: r.id, status: r.status, message: `Renter ${r.name} suspended` });
    }),
  );
  app.post(
    '/renters/:id/unsuspend',
    handle(async (c) => {
      const r = await domain.renters.unsuspend(ADMIN, idParam(c, 'id', 'Renter not found'));
      return c.json({ success: true, renter_id: r.id, status: r.status, message: `Renter ${r.name} reactivated` });
    }),
  );
  app.post(
    '/renters/:id/balance',
    handle(
      async (c) => {
        const body = await readJsonBody(c);
        const { renter, amountHalala } = await domain.renters.adjustBalance(ADMIN, idParam(c, 'id', 'Renter not found'), body);
        return c.json({
          success: true,
          renter_id: renter.id,
          name: renter.name,
          previous_balance: renter.balanceHalala - amountHalala,
          adjustment: amountHalala,
          new_balance: renter.balanceHalala,
          reason: typeof body.reason === 'string' && body.reason ? body.reason : 'Admin adjustment',
        });
      },
      {
        MISSING_FIELDS: { message: 'amount_halala (number) is required' },
        INSUFFICIENT_BALANCE: (err) => ({
          status: 400,
          body: { error: 'Balance cannot go below 0', available_halala: err.details.available_halala, required_halala: err.details.required_halala },
        }),
      },
    ),
  );
  app.post(
    '/renters/:id/rotate-key',
    handle(async (c) => {
      const { renter, apiKey } = await domain.renters.rotateKey(ADMIN, idParam(c, 'id', 'Renter not found'));
      return c.json({ success: true, renter_id: renter.id, name: renter.name, new_api_key: apiKey });
    }),
  );

  // ---- jobs ----

  app.get(
    '/jobs',
    handle(async (c) => {
      const statuses = c.req.query('status')?.split(',').map((s) => s.trim()).filter(Boolean);
      const paging = { page: queryInt(c, 'page', 0, 0, 1_000_000), limit: queryInt(c, 'limit', 50, 1, 500) };
      const result = await domain.admin.jobs(
        ADMIN,
        {
          statuses,
          jobType: c.req.query('type') || undefined,
          providerId: optionalId(c, 'provider_id'),
          renterId: optionalId(c, 'renter_id'),
          from: optionalDate(c, 'date_from'),
          to: optionalDate(c, 'date_to'),
          search: c.req.query('search') || undefined,
        },
        paging,
      );
      return c.json({
        stats: {
          total: result.stats.total,
          completed: result.stats.completed,
          failed: result.stats.failed,
          active: result.stats.active,
          total_revenue_halala: result.stats.revenueHalala,
        },
        jobs: result.jobs.map(({ job: j, providerName, gpuModel, renterName }) => ({
          id: j.id,
          job_id: j.jobId,
          provider_id: j.providerId,
          renter_id: j.renterId,
          status: j.status,
          job_type: j.jobType,
          model: j.model,
          cost_halala: j.costHalala,
          actual_cost_halala: j.actualCostHalala,
          duration_minutes: j.durationMinutes,
          duration_seconds: j.gpuSecondsUsed == null ? null : Math.round(j.gpuSecondsUsed),
          submitted_at: isoTime(j.submittedAt),
          started_at: isoTime(j.startedAt),
          completed_at: isoTime(j.completedAt),
          created_at: isoTime(j.submittedAt),
          provider_name: providerName,
          gpu_model: gpuModel,
          renter_name: renterName,
        })),
        ...(result.pageInfo ? { pagination: presentPageInfo(result.pageInfo) } : {}),
      });
    }),
  );

  app.get(
    '/jobs/:id',
    handle(async (c) => {
      const { job, provider } = await domain.admin.job(ADMIN, pathParam(c, 'id'));
      const now = domain.ctx.now();
      const end = job.completedAt ?? now;
      // Settled jobs show what was paid; open ones the split the quote would get.
      const split = job.actualCostHalala != null ? { providerHalala: job.providerEarnedHalala ?? 0, platformHalala: job.dc1FeeHalala ?? 0 } : splitEarnings(job.costHalala);
      return c.json({
        job: jobRecord(job, { now }),
        provider: provider && {
          id: provider.id,
          name: provider.name,
          email: provider.email,
          gpu_name_detected: provider.gpuNameDetected,
          gpu_model: provider.gpuModel,
          gpu_vram_mib: provider.gpuVramMib,
          vram_gb: provider.gpuVramMib ? Math.round((provider.gpuVramMib / 1024) * 10) / 10 : null,
          provider_hostname: provider.providerHostname,
          provider_ip: provider.providerIp,
        },
        recovery_events: [],
        billing: {
          duration_minutes: job.startedAt ? Math.floor((end.getTime() - job.startedAt.getTime()) / 60_000) : job.durationMinutes,
          cost_halala: job.actualCostHalala ?? job.costHalala,
          cost_sar: sarString(job.actualCostHalala ?? job.costHalala),
          provider_cut_halala: split.providerHalala,
          dc1_cut_halala: split.platformHalala,
        },
      });
    }, NOT_FOUND),
  );

  app.post(
    '/jobs/:id/cancel',
    handle(
      async (c) => {
        const { job, previousStatus, refundedHalala } = await domain.admin.cancelJob(ADMIN, pathParam(c, 'id'));
        return c.json({ success: true, job_id: job.jobId, previous_status: previousStatus, new_status: job.status, refunded_halala: refundedHalala });
      },
      {
        ILLEGAL_TRANSITION: (err) => ({
          status: 409,
          body: { error: `Job already ${String(err.details.current_status)}`, current_status: err.details.current_status },
        }),
      },
    ),
  );

  // ---- reports ----

  app.get(
    '/daemon-health',
    handle(async (c) => {
      const raw = c.req.query('provider_id');
      if (raw !== undefined && !(/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 2_147_483_647)) throw httpError(400, 'Invalid provider_id — must be a positive integer');
      const r = await domain.admin.daemonHealth(ADMIN, { hours: queryInt(c, 'hours', 24, 1, 720), providerId: raw === undefined ? undefined : Number(raw) });
      return c.json({
        period_hours: r.periodHours,
        generated_at: isoTime(r.generatedAt),
        summary: {
          total_events: r.summary.totalEvents,
          total_crashes: r.summary.totalCrashes,
          total_jobs: r.summary.totalJobs,
          job_success_rate_pct: r.summary.jobSuccessRatePct,
          providers_online: r.summary.providersOnline,
          providers_total: r.summary.providersTotal,
        },
        reliability: {
          generated_at: isoTime(r.generatedAt),
          window_hours: r.periodHours,
          uptime: { sample_count: r.uptime.sampleCount, expected_sample_count: r.uptime.expectedSampleCount, pct: r.uptime.pct },
        },
        crashes: r.crashes.map((x) => ({ provider_id: x.providerId, crash_count: x.crashCount, last_crash: isoTime(x.lastCrash), versions_seen: x.versionsSeen })),
        versions: r.versions.map((v) => ({ daemon_version: v.daemonVersion, provider_count: v.providerCount, last_seen: isoTime(v.lastSeen) })),
        job_stats: r.jobStats,
        event_breakdown: r.eventBreakdown.map((e) => ({ event_type: e.eventType, severity: e.severity, count: e.count })),
        bandwidth: r.bandwidth.map((b) => ({ provider_id: b.providerId, details: b.details, event_timestamp: isoTime(b.eventTimestamp) })),
        providers: r.providers.map((p) => ({
          id: p.id,
          name: p.name,
          gpu_model: p.gpuModel,
          status: p.status,
          daemon_version: p.daemonVersion,
          last_heartbeat: isoTime(p.lastHeartbeat),
          gpu_name_detected: p.gpuNameDetected,
        })),
        recent_events: r.recentEvents.map((e) => ({
          id: e.id,
          provider_id: e.providerId,
          event_type: e.eventType,
          severity: e.severity,
          daemon_version: e.daemonVersion,
          job_id: e.jobId,
          hostname: e.hostname,
          details: e.details,
          event_timestamp: isoTime(e.eventTimestamp),
          received_at: isoTime(e.receivedAt),
        })),
      });
    }),
  );

  app.get(
    '/finance/summary',
    handle(async (c) => {
      const f = await domain.admin.financeSummary(ADMIN);
      return c.json({
        all_time: {
          total_revenue: f.allTime.revenue,
          total_provider_payouts: f.allTime.providerPayouts,
          total_dc1_fees: f.allTime.fees,
          total_jobs: f.allTime.totalJobs,
          completed_jobs: f.allTime.completedJobs,
        },
        today: { revenue: f.today.revenue, dc1_fees: f.today.fees, jobs: f.today.jobs },
        this_week: { revenue: f.thisWeek.revenue, dc1_fees: f.thisWeek.fees, jobs: f.thisWeek.jobs },
        this_month: { revenue: f.thisMonth.revenue, dc1_fees: f.thisMonth.fees, jobs: f.thisMonth.jobs },
        renter_balances: {
          total_balance: f.renterBalances.totalBalance,
          total_held: f.renterBalances.totalHeld,
          total_renters: f.renterBalances.totalRenters,
          funded_renters: f.renterBalances.fundedRenters,
        },
        withdrawals: { pending_sar: 0, approved_sar: 0, paid_sar: 0, pending_count: 0 },
        top_providers: f.topProviders.map((p) => ({ id: p.id, name: p.name, gpu_model: p.gpuModel, total_earned: p.totalEarned, job_count: p.jobCount })),
        top_renters: f.topRenters.map((r) => ({ id: r.id, name: r.name, email: r.email, balance_halala: r.balanceHalala, total_spent: r.totalSpent, job_count: r.jobCount })),
        daily_revenue: f.dailyRevenue.map((d) => ({ day: d.day, revenue: d.revenue, dc1_fees: d.fees, provider_payouts: d.providerPayouts, jobs: d.jobs })),
        discrepancies: f.discrepancies.map((d) => ({
          id: d.id,
          job_id: d.jobId,
          actual_cost_halala: d.actualCostHalala,
          provider_earned_halala: d.providerEarnedHalala,
          dc1_fee_halala: d.dc1FeeHalala,
        })),
        generated_at: isoTime(f.generatedAt),
      });
    }),
  );

  app.get(
    '/audit',
    handle(async (c) => {
      const { entries, pageInfo } = await domain.admin.audit(ADMIN, { page: queryInt(c, 'page', 1, 1, 1_000_000), limit: queryInt(c, 'limit', 50, 1, 200) });
      return c.json({
        entries: entries.map((e) => ({
          id: e.id,
          admin_user_id: e.actor,
          action: e.action,
          target_type: e.targetType,
          target_id: e.targetId,
          details: e.details,
          timestamp: isoTime(e.createdAt),
        })),
        pagination: presentPageInfo(pageInfo),
      });
    }),
  );

  return app;
}

function presentPageInfo(p: { page: number; limit: number; total: number; totalPages: number }) {
  return { page: p.page, limit: p.limit, total: p.total, total_pages: p.totalPages };
}

function presentAdminProvider({ provider: p, connectivity, minutesSinceHeartbeat, uptime24hPct }: ListedProvider) {
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    gpu_model: p.gpuModel,
    gpu_count: p.gpuCount,
    vram_gb: p.gpuVramMib ? Math.round((p.gpuVramMib / 1024) * 10) / 10 : null,
    os: p.os,
    location: p.location,
    status: p.status,
    connection_status: connectivity,
    gpu_status: p.gpuStatus ?? null,
    provider_ip: p.providerIp,
    provider_hostname: p.providerHostname,
    last_heartbeat: isoTime(p.lastHeartbeat),
    gpu_name_detected: p.gpuNameDetected,
    gpu_vram_mib: p.gpuVramMib,
    gpu_driver: p.gpuDriver,
    gpu_compute: p.gpuComputeCapability,
    ...verificationFields(p),
    total_earnings: p.totalEarnedHalala / 100,
    total_earnings_halala: p.totalEarnedHalala,
    total_jobs: p.totalJobs,
    uptime_percent: p.uptimePercent,
    run_mode: p.runMode,
    is_paused: p.isPaused,
    approval_status: p.approvalStatus,
    approved_at: isoTime(p.approvedAt),
    rejected_reason: p.rejectedReason,
    created_at: isoTime(p.createdAt),
    updated_at: isoTime(p.updatedAt),
    is_online: connectivity === 'online',
    minutes_since_heartbeat: minutesSinceHeartbeat,
    uptime_24h: uptime24hPct,
  };
}
