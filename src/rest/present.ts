import type { ListedProvider, ProviderRow } from '../domain/marketplace.js';

/**
 * Wire formats of the REST face shared by every route file (docs/decisions.md#timestamps: ISO-8601 timestamps with milliseconds and `Z`):
 * timestamps as the original API showed them, halala/SAR conversions, JSON columns.
 */

type Instant = Date | string | number | null | undefined;

function toDate(value: Instant): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** ISO-8601 with milliseconds and `Z` (`2026-05-18T09:12:33.456Z`), or null. */
export function isoTime(value: Instant): string | null {
  return toDate(value)?.toISOString() ?? null;
}

/** The original API's `timeout_at` form: `YYYY-MM-DD HH:MM:SS.sss` in UTC without a zone, or null. */
export function sqlTime(value: Instant): string | null {
  const iso = isoTime(value);
  return iso ? iso.replace('T', ' ').replace('Z', '') : null;
}

/** Halala as a SAR number (`balance_sar`, `held_sar`, ...). */
export function sar(halala: number | null | undefined): number {
  return Number(halala ?? 0) / 100;
}

/** Halala as a fixed two-decimal SAR string (`earned_sar: "0.35"`), where the contract shows a string. */
export function sarString(halala: number | null | undefined): string {
  return sar(halala).toFixed(2);
}

// ---------------------------------------------------------------------------------------------------------
// Providers in the public lists (/renters/available-providers, /providers/available)

export function presentListedProvider(l: ListedProvider) {
  const p = l.provider;
  const age = l.reputation.heartbeatAgeSeconds;
  const vramMib = p.gpuVramMib || null;
  const latencyMs = age == null ? null : Math.round(age * 1000);
  return {
    id: p.id,
    name: p.name,
    gpu_model: p.gpuNameDetected || p.gpuModel,
    vram_gb: vramMib == null ? null : Math.round((vramMib / 1024) * 10) / 10,
    vram_mb: p.vramMb ?? vramMib,
    // 0 when unreported, as the original sent: the Python SDK computes vram_gb from it.
    vram_mib: vramMib ?? 0,
    gpu_count: p.gpuCountReported || p.gpuCount || 1,
    driver_version: p.gpuDriver,
    compute_capability: p.gpuComputeCapability,
    cuda_version: p.gpuCudaVersion,
    gpu_info: { gpu_name: p.gpuNameDetected || p.gpuModel, vram_mb: p.vramMb ?? vramMib, driver_version: p.gpuDriver, cuda_version: p.gpuCudaVersion },
    gpu_spec: null,
    status: l.liveStatus,
    is_live: l.isLive,
    heartbeat_age_seconds: age == null ? null : Math.round(age),
    degraded_since: isoTime(l.degradedSince),
    location: p.location,
    run_mode: p.runMode,
    reliability_score: Math.round(p.reputationScore),
    reputation_score: p.reputationScore,
    uptime_percent: l.reputation.uptimePct,
    uptime_pct: l.reputation.uptimePct,
    job_success_rate: l.reputation.jobSuccessRate,
    total_jobs_completed: l.reputation.totalJobsCompleted,
    reputation_tier: l.reputation.tier,
    cached_models: p.cachedModels,
    supported_compute_types: p.supportedComputeTypes,
    ...verificationFields(p),
    // No benchmark runs are recorded: the heartbeat age is the latency proxy, as in the original's fallback.
    latency_ms: latencyMs,
    latency_source: latencyMs == null ? 'none' : 'heartbeat_age',
    latency_sample_count: latencyMs == null ? 0 : 1,
    latency_measured_at: isoTime(p.lastHeartbeat),
    latency_sort_ms: latencyMs,
  };
}

/** A provider's standing GPU verification verdict (docs/gpu-verification.md), shown on every provider view. */
export function verificationFields(p: Pick<ProviderRow, 'verificationStatus' | 'verificationScore' | 'verifiedGpu' | 'verificationJudgedAt'>) {
  return {
    verification_status: p.verificationStatus,
    verification_score: p.verificationScore,
    verified_gpu: p.verifiedGpu,
    verification_judged_at: isoTime(p.verificationJudgedAt),
  };
}
