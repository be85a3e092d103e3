import { Hono, type Context } from 'hono';
import type { Principal } from '../domain/auth.js';
import { IllegalTransitionError } from '../domain/errors.js';
import { isTerminal, type Job } from '../domain/lifecycle.js';
import { installerUrl } from '../domain/distribution.js';
import { gpuPrice } from '../domain/marketplace.js';
import type { ProviderOverview } from '../domain/overviews.js';
import { JOB_TYPES, jobTypeRatePerMinute } from '../domain/pricing.js';
import type { Gateway } from '../gateway.js';
import { notePrincipal } from '../observability/requestId.js';
import { acceptProvider, FAMILIES, providerCredential, requireProvider, type AuthMessages, type ProviderPrincipal } from './credentials.js';
import {
  bodyLimit,
  FIELD_MESSAGE_AS_ERROR,
  handle,
  httpError,
  LARGE_BODY_LIMIT,
  pathParam,
  queryInt,
  readJsonBody,
  type ErrorOverrides,
  type JsonObject,
} from './http.js';
import { dispatchedJob } from './jobViews.js';
import { isoTime, presentListedProvider, sar, sarString, verificationFields } from './present.js';

/** Provider and daemon routes of the legacy REST contract (docs/rest-api.md), mounted at /providers. */

const auth = (missing: string, invalid: [401 | 404, string]): AuthMessages => ({
  missing: { status: 400, message: missing },
  invalid: { status: invalid[0], message: invalid[1] },
});
const ME_AUTH = auth('API key required', [404, 'Provider not found']);
const KEY_AUTH = auth('API key required', [401, 'Invalid API key']);
const STATUS_AUTH = auth('API key required (x-provider-key header or ?key= query)', [404, 'Provider not found']);
const ROTATE_AUTH = auth('Current API key required (x-provider-key header or key query)', [404, 'Provider not found']);
const HEARTBEAT_AUTH = auth('api_key required', [401, 'Invalid API key']);
const RESULT_AUTH = auth('api_key and job_id required', [401, 'Invalid API key']);
const EVENT_AUTH = auth('Missing api_key or event_type', [401, 'Invalid API key']);

/** A job the caller is not assigned to does not exist as far as it is concerned. */
const JOB_OF_CALLER: ErrorOverrides = { FORBIDDEN: { status: 404, message: 'Job not found' } };
const ROTATION_LIMIT: ErrorOverrides = { RATE_LIMITED: { message: 'Rate limit exceeded: max 3 key rotations per 24 hours' } };

/** Every tier mode is offered: this gateway does not grade providers into GPU tiers. */
const TIER_CAPABILITY = { available_tier_modes: ['on-demand', 'cached', 'instant'], available_gpu_tiers: [], source: 'heuristic' };
const PUBLIC_CACHE_MS = 30_000;

export function providerRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  const { domain } = gateway;

  app.post(
    '/register',
    handle(async (c) => {
      const { provider, apiKey } = await domain.providers.register(await readJsonBody(c));
      return c.json({
        success: true,
        provider_id: provider.id,
        api_key: apiKey,
        approval_status: provider.approvalStatus,
        // Without the key: the setup script asks for it, so it never sits in a URL, a log or a shell history.
        installer_url: installerUrl(domain.ctx, provider.os, new URL(c.req.url).origin),
        message: `Welcome ${provider.name}! Your API key is ready. Download the installer to get started.`,
      });
    }),
  );

  app.get(
    '/me',
    handle(async (c) => {
      const principal = await requireProvider(c, gateway, FAMILIES.providerQueryFirst, ME_AUTH);
      return c.json(presentOverview(await domain.overviews.provider(principal)));
    }),
  );

  app.post(
    '/heartbeat',
    handle(async (c) => {
      // The key is checked by the statement that records the heartbeat: one round trip instead of two.
      const key = await providerCredential(c, FAMILIES.providerHeartbeat, HEARTBEAT_AUTH);
      const accept = (principal: Principal | undefined) => {
        acceptProvider(principal, HEARTBEAT_AUTH);
        notePrincipal(c, principal);
      };
      const { ack, capacity } = await domain.providers.heartbeatByKey(key, await readJsonBody(c), accept);
      return c.json({
        ...ack,
        is_paused: ack.is_paused ? 1 : 0,
        capacity_report: {
          provider_id: capacity.providerId,
          queue_depth_by_model: capacity.queueDepthByModel,
          active_inference_jobs: capacity.activeInferenceJobs,
          available_gpu_slots: capacity.availableGpuSlots,
          estimated_wait_seconds: capacity.estimatedWaitSeconds,
          generated_at: isoTime(capacity.generatedAt),
        },
        tier_capability: TIER_CAPABILITY,
        pending_tasks: [],
      });
    }, FIELD_MESSAGE_AS_ERROR),
  );

  const BODY_KEY_AUTH = auth('API key required', [404, 'Provider not found']);
  app.post(
    '/pause',
    handle(async (c) => {
      const provider = await domain.providers.pause(await requireProvider(c, gateway, FAMILIES.providerBodyKey, BODY_KEY_AUTH));
      return c.json({ success: true, status: provider.status });
    }),
  );
  app.post(
    '/resume',
    handle(async (c) => {
      const provider = await domain.providers.resume(await requireProvider(c, gateway, FAMILIES.providerBodyKey, BODY_KEY_AUTH));
      return c.json({ success: true, status: provider.status });
    }),
  );
  app.post(
    '/preferences',
    handle(async (c) => {
      const principal = await requireProvider(c, gateway, FAMILIES.providerBodyKey, BODY_KEY_AUTH);
      const { key: _key, ...preferences } = await readJsonBody(c);
      const p = await domain.providers.setPreferences(principal, preferences);
      return c.json({
        success: true,
        preferences: {
          run_mode: p.runMode,
          scheduled_start: p.scheduledStart,
          scheduled_end: p.scheduledEnd,
          gpu_usage_cap_pct: p.gpuUsageCapPct,
          vram_reserve_gb: p.vramReserveGb,
          temp_limit_c: p.tempLimitC,
        },
      });
    }, FIELD_MESSAGE_AS_ERROR),
  );

  const status = (sources: typeof FAMILIES.providerHeaderFirst) =>
    handle(async (c) => {
      const p = await domain.providers.get(await requireProvider(c, gateway, sources, STATUS_AUTH));
      return c.json({
        provider_id: p.id,
        name: p.name,
        status: p.status,
        approval_status: p.approvalStatus,
        is_paused: p.isPaused,
        gpu_model: p.gpuModel,
        gpu_status: p.gpuStatus ?? null,
        provider_ip: p.providerIp,
        last_heartbeat: isoTime(p.lastHeartbeat),
        total_earnings: sar(p.totalEarnedHalala),
        total_jobs: p.totalJobs,
        uptime_percent: p.uptimePercent,
      });
    });
  app.get('/status', status(FAMILIES.providerHeaderFirst));
  // Removed upstream in 2026-03 but still documented; old daemons poll it.
  app.get('/status/:api_key', status(FAMILIES.providerPath));

  // The daemon's poll: Bearer first in practice; the legacy path carries the key as a segment.
  app.get('/jobs/next', handle(async (c) => claim(c, await requireProvider(c, gateway, FAMILIES.providerPoll, KEY_AUTH))));
  app.get('/:api_key/jobs', handle(async (c) => claim(c, await requireProvider(c, gateway, FAMILIES.providerPath, KEY_AUTH))));

  async function claim(c: Context, principal: ProviderPrincipal): Promise<Response> {
    const job = await domain.jobs.claimNext(principal, { mode: 'run' });
    return c.json({ job: job ? dispatchedJob(job, domain.ctx.now()) : null, admission: admissionOf(principal, job) });
  }

  app.post(
    '/job-result',
    bodyLimit(LARGE_BODY_LIMIT),
    handle(async (c) => {
      const principal = await requireProvider(c, gateway, FAMILIES.providerBody, RESULT_AUTH);
      const body = await readJsonBody(c);
      if (typeof body.job_id !== 'string' || !body.job_id.trim()) throw httpError(400, 'api_key and job_id required');
      return c.json(await settle(principal, body.job_id.trim(), body));
    }, JOB_OF_CALLER),
  );

  /**
   * The daemon's settlement: success completes and pays the job, anything else fails and refunds it.
   * A job already finished answers 200 with a message (the daemon drops non-2xx answers).
   */
  async function settle(principal: Principal, jobRef: string, body: JsonObject): Promise<JsonObject> {
    const succeeded = body.success === true || body.success === 'true' || body.success === 1;
    const error = typeof body.error === 'string' ? body.error : typeof body.last_error === 'string' ? body.last_error : null;
    try {
      if (succeeded) {
        const { job, settlement } = await domain.jobs.complete(principal, jobRef, { result: body.result, gpu_seconds_used: body.gpu_seconds_used });
        return {
          ...settlementFields(job, body, error),
          status: 'completed',
          cost_halala: settlement.actualHalala,
          provider_earned_halala: settlement.providerHalala,
          dc1_fee_halala: settlement.platformHalala,
          refunded_halala: settlement.refundedHalala,
        };
      }
      // No transient retry here: the daemon skips job ids it has already seen (docs/decisions.md#transient-retries), so a
      // requeued job would sit claimed and silent until it times out.
      const { job, refundedHalala } = await domain.jobs.fail(principal, jobRef, { error: error ?? 'Job failed' });
      return { ...settlementFields(job, body, error), status: 'failed', cost_halala: 0, provider_earned_halala: 0, dc1_fee_halala: 0, refunded_halala: refundedHalala };
    } catch (err) {
      if (err instanceof IllegalTransitionError && isTerminal(err.currentStatus))
        return { success: true, message: `Job already settled (${err.currentStatus})`, job_id: jobRef, status: err.currentStatus };
      throw err;
    }
  }

  app.patch(
    '/jobs/:job_id/logs',
    handle(async (c) => {
      const principal = await requireProvider(c, gateway, FAMILIES.providerBody, HEARTBEAT_AUTH);
      const { api_key: _key, ...input } = await readJsonBody(c);
      const { job, linesWritten, firstLine } = await domain.jobs.appendLogs(principal, pathParam(c, 'job_id'), input);
      return c.json({ success: true, job_id: job.jobId, lines_written: linesWritten, first_line_no: firstLine, last_line_no: firstLine + linesWritten - 1 });
    }, JOB_OF_CALLER),
  );

  app.get(
    '/available',
    handle(async (c) => {
      const listed = await domain.marketplace.available();
      return c.json({
        providers: listed.map((l) => ({ ...presentListedProvider(l), cost_rates_halala_per_min: costRates() })),
        total: listed.length,
        online_count: listed.filter((l) => l.liveStatus === 'online').length,
        degraded_count: listed.filter((l) => l.liveStatus === 'degraded').length,
        timestamp: isoTime(domain.ctx.now()),
      });
    }),
  );

  app.get(
    '/marketplace',
    handle(async (c) => {
      const listed = await domain.marketplace.marketplace();
      return c.json(
        listed.map((l) => {
          const card = presentListedProvider(l);
          const price = gpuPrice(l.provider);
          return {
            id: card.id,
            gpu_model: card.gpu_model,
            vram_gb: card.vram_gb,
            rate_halala: price.halalaPerHour,
            price_per_min_halala: price.halalaPerMinute,
            uptime_pct: card.uptime_pct,
            job_success_rate: card.job_success_rate,
            total_jobs_completed: card.total_jobs_completed,
            reputation_tier: card.reputation_tier,
            reputation_score: card.reputation_score,
            latency_ms: card.latency_ms,
            latency_source: card.latency_source,
            latency_sample_count: card.latency_sample_count,
            latency_measured_at: card.latency_measured_at,
            latency_sort_ms: card.latency_sort_ms,
            verification_status: card.verification_status,
          };
        }),
      );
    }),
  );

  let publicCache: { at: number; body: unknown } | undefined;
  app.get(
    '/public',
    handle(async (c) => {
      const now = Date.now();
      const hit = publicCache && now - publicCache.at < PUBLIC_CACHE_MS;
      if (!hit) {
        const listed = await domain.marketplace.publicList();
        publicCache = {
          at: now,
          body: listed.map((l) => ({
            id: l.provider.id,
            gpu_model: l.provider.gpuNameDetected || l.provider.gpuModel,
            vram_mb: l.provider.vramMb ?? (l.provider.gpuVramMib || null),
            gpu_count: l.provider.gpuCountReported || l.provider.gpuCount,
            supported_compute_types: l.provider.supportedComputeTypes,
            cost_per_hour_sar: gpuPrice(l.provider).sarPerHour,
            jobs_completed: l.reputation.totalJobsCompleted,
            verification_status: l.provider.verificationStatus,
            online: true,
          })),
        };
      }
      c.header('X-Cache', hit ? 'HIT' : 'MISS');
      c.header('Cache-Control', `public, max-age=${PUBLIC_CACHE_MS / 1000}`);
      return c.json(publicCache!.body);
    }),
  );

  app.get(
    '/earnings',
    handle(async (c) => {
      const report = await domain.marketplace.earnings(await requireProvider(c, gateway, FAMILIES.providerQueryFirst, KEY_AUTH));
      return c.json({
        provider_id: report.provider.id,
        name: report.provider.name,
        total_earned_sar: sar(report.totalEarnedHalala),
        total_earned_halala: report.totalEarnedHalala,
        claimable_earnings_halala: report.claimableHalala,
        pending_withdrawal_sar: 0,
        withdrawn_sar: 0,
        available_sar: sar(report.claimableHalala),
        available_halala: report.claimableHalala,
        total_jobs: report.provider.totalJobs,
        escrow: {
          held_jobs: report.escrow.heldJobs,
          held_halala: report.escrow.heldHalala,
          locked_jobs: report.escrow.lockedJobs,
          locked_halala: report.escrow.lockedHalala,
        },
      });
    }),
  );

  // The daemon polls this every 5 minutes with Bearer only.
  app.get(
    '/earnings/summary',
    handle(async (c) => {
      const report = await domain.marketplace.earnings(await requireProvider(c, gateway, FAMILIES.providerBearer, KEY_AUTH));
      return c.json({
        provider_id: report.provider.id,
        total_earned: sar(report.totalEarnedHalala),
        total_earned_halala: report.totalEarnedHalala,
        available_halala: report.claimableHalala,
        pending: sar(report.escrow.lockedHalala),
        pending_halala: report.escrow.lockedHalala,
        last_payout: null,
        last_job_completed_at: isoTime(report.lastCompletedAt),
      });
    }),
  );

  app.get(
    '/job-history',
    handle(async (c) => {
      const principal = await requireProvider(c, gateway, FAMILIES.providerQueryFirst, KEY_AUTH);
      const page = { limit: queryInt(c, 'limit', 50, 1, 200), offset: queryInt(c, 'offset', 0, 0, 1_000_000) };
      const { provider, totals, jobs } = await domain.marketplace.jobHistory(principal, page);
      return c.json({
        provider_id: provider.id,
        total_jobs: totals.totalJobs,
        completed_jobs: totals.completedJobs,
        failed_jobs: totals.failedJobs,
        total_earned_halala: totals.earnedHalala,
        total_earned_sar: sarString(totals.earnedHalala),
        success_rate: totals.successRatePct,
        jobs: jobs.map((j) => ({
          id: j.id,
          job_id: j.jobId,
          job_type: j.jobType,
          status: j.status,
          submitted_at: isoTime(j.submittedAt),
          started_at: isoTime(j.startedAt),
          completed_at: isoTime(j.completedAt),
          progress_phase: j.progressPhase,
          error: j.error,
          actual_cost_halala: j.actualCostHalala,
          cost_halala: j.costHalala,
          provider_earned_halala: j.providerEarnedHalala,
          dc1_fee_halala: j.dc1FeeHalala,
          actual_duration_minutes: j.gpuSecondsUsed == null ? null : Math.ceil(j.gpuSecondsUsed / 60),
          duration_minutes: j.durationMinutes,
          renter_name: j.renterName,
          earned_sar: sarString(j.providerEarnedHalala),
          cost_sar: sarString(j.actualCostHalala ?? j.costHalala),
        })),
      });
    }),
  );

  const rotate = handle(async (c) => {
    const { provider, apiKey } = await domain.providers.rotateKey(await requireProvider(c, gateway, FAMILIES.providerHeaderFirst, ROTATE_AUTH));
    return c.json({
      success: true,
      message: 'API key rotated. Save the new key — the old one is now invalid.',
      new_key: apiKey,
      api_key: apiKey,
      provider_id: provider.id,
    });
  }, ROTATION_LIMIT);
  app.post('/rotate-key', rotate);
  app.post('/me/rotate-key', rotate);

  app.post(
    '/readiness',
    handle(async (c) => {
      const principal = await requireProvider(c, gateway, FAMILIES.providerBody, KEY_AUTH);
      const { api_key: _key, ...input } = await readJsonBody(c);
      const { readinessStatus, checks } = await domain.daemon.readiness(principal, input);
      return c.json({ success: true, readiness_status: readinessStatus, checks });
    }, FIELD_MESSAGE_AS_ERROR),
  );

  app.post(
    '/daemon-event',
    handle(
      async (c) => {
        const principal = await requireProvider(c, gateway, FAMILIES.providerBody, EVENT_AUTH);
        const { api_key: _key, ...input } = await readJsonBody(c);
        const { eventType, providerId } = await domain.daemon.recordEvent(principal, input);
        return c.json({ success: true, event_type: eventType, provider_id: providerId });
      },
      { MISSING_FIELDS: { message: 'Missing api_key or event_type' } },
    ),
  );

  return app;
}

// ---------------------------------------------------------------------------------------------------------
// Wire shapes

function settlementFields(job: Job, body: JsonObject, error: string | null): JsonObject {
  const seconds = job.gpuSecondsUsed ?? 0;
  return {
    success: true,
    job_id: job.jobId,
    actual_minutes: Math.ceil(seconds / 60),
    gpu_seconds_used: seconds,
    rate_per_gpu_second_halala: job.rateHalalaPerSecond,
    restart_count: typeof body.restart_count === 'number' ? body.restart_count : 0,
    last_error: error,
  };
}

function admissionOf(principal: ProviderPrincipal, job: Job | null) {
  const tier_capability = { required_tier_mode: 'cached', provider_tier_modes: TIER_CAPABILITY.available_tier_modes, provider_gpu_tiers: [], source: 'heuristic' };
  if (!job) {
    const paused = principal.status === 'paused' || principal.status === 'suspended';
    return {
      accepted: false,
      reason_code: paused ? 'PROVIDER_PAUSED' : 'NO_PENDING_JOBS',
      reason: paused ? 'Provider is paused' : 'No pending jobs for this provider',
      tier_capability,
    };
  }
  const spec = job.containerSpec as { compute_type?: string; model_id?: string };
  return {
    accepted: true,
    reason_code: 'ADMISSION_OK',
    reason: 'Provider satisfies admission checks',
    tier_mode: 'cached',
    prewarm_class: 'warm',
    resolved_model_id: spec.model_id ?? null,
    resolved_variant: null,
    recommended_script: null,
    fallback_used: false,
    matrix_version: null,
    job_id: job.jobId,
    compute_type: spec.compute_type ?? 'inference',
    model_id: spec.model_id ?? null,
    tier_capability,
  };
}

/** The job-type price list (halala per minute); `default` prices every type not listed. */
function costRates(): Record<string, number> {
  return Object.fromEntries([...JOB_TYPES, 'default'].map((type) => [type, jobTypeRatePerMinute(type)]));
}

/** GPU metrics from the stored gpu_status, under the daemon's key names or the older ones. */
function gpuMetrics(status: unknown) {
  const s = (status && typeof status === 'object' ? status : {}) as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    for (const k of keys) if (typeof s[k] === 'number') return s[k] as number;
    return 0;
  };
  const total = pick('gpu_vram_mib', 'vram_mb');
  const free = pick('free_vram_mib');
  return {
    utilization_pct: pick('gpu_util_pct', 'utilization_pct', 'gpu_utilization'),
    vram_used_mib: pick('memory_used_mb', 'vram_used_mib', 'memory_used') || (total && free ? total - free : 0),
    temperature_c: pick('temp_c', 'temperature_c', 'temperature'),
  };
}

function parsedSpec(spec: string | null): unknown {
  if (spec == null) return null;
  try {
    return JSON.parse(spec);
  } catch {
    return spec;
  }
}

function presentOverview({ provider: p, recentJobs, earnings, activeJob }: ProviderOverview) {
  return {
    provider: {
      id: p.id,
      name: p.name,
      email: p.email,
      os: p.os,
      location: p.location,
      status: p.status,
      gpu_model: p.gpuModel,
      gpu_vram_mib: p.gpuVramMib,
      gpu_count_reported: p.gpuCountReported,
      gpu_compute_capability: p.gpuComputeCapability,
      gpu_cuda_version: p.gpuCudaVersion,
      vram_mb: p.vramMb,
      gpu_count: p.gpuCount,
      supported_compute_types: p.supportedComputeTypes,
      gpu_profile_source: p.gpuProfileSource,
      gpu_profile_updated_at: isoTime(p.gpuProfileUpdatedAt ?? p.lastHeartbeat),
      auto_detected: p.gpuProfileSource === 'daemon',
      resource_spec: parsedSpec(p.resourceSpec),
      last_heartbeat: isoTime(p.lastHeartbeat),
      daemon_version: p.daemonVersion,
      readiness_status: p.readinessStatus,
      run_mode: p.runMode,
      scheduled_start: p.scheduledStart,
      scheduled_end: p.scheduledEnd,
      wallet_address: p.walletAddress,
      wallet_address_updated_at: null,
      gpu_usage_cap_pct: p.gpuUsageCapPct,
      vram_reserve_gb: p.vramReserveGb,
      temp_limit_c: p.tempLimitC,
      is_paused: p.isPaused,
      approval_status: p.approvalStatus,
      approved_at: isoTime(p.approvedAt),
      rejected_reason: p.rejectedReason,
      total_earnings_halala: p.totalEarnedHalala,
      claimable_earnings_halala: p.earningsHalala,
      total_jobs: p.totalJobs,
      uptime_percent: p.uptimePercent,
      uptime_pct: p.uptimePercent,
      reputation_score: p.reputationScore,
      ...verificationFields(p),
      gpu_metrics: gpuMetrics(p.gpuStatus),
      today_earnings_halala: earnings.todayHalala,
      week_earnings_halala: earnings.weekHalala,
      month_earnings_halala: earnings.monthHalala,
      active_job: activeJob && {
        id: activeJob.id,
        job_id: activeJob.jobId,
        job_type: activeJob.jobType,
        started_at: isoTime(activeJob.startedAt),
        cost_halala: activeJob.costHalala,
      },
      created_at: isoTime(p.createdAt),
    },
    recent_jobs: recentJobs.map((j) => ({
      id: j.id,
      job_id: j.jobId,
      job_type: j.jobType,
      model: j.model,
      status: j.status,
      submitted_at: isoTime(j.submittedAt),
      completed_at: isoTime(j.completedAt),
      actual_cost_halala: j.actualCostHalala,
      provider_earned_halala: j.providerEarnedHalala,
      dc1_fee_halala: j.dc1FeeHalala,
    })),
  };
}
