import { z } from 'zod';
import { DispatchedJob } from './jobShapes.js';
import { anyJson, bool, halala, halalaOrNull, int, intOrNull, iso, isoOrNull, named, num, numOrNull, str, strOrNull } from './common.js';

/** Wire shapes of the provider routes, field for field as providers.ts and present.ts build them. */

export const strings = z.array(z.string());

/** `verificationFields`: a provider's standing GPU verification verdict. */
export const verification = {
  verification_status: z.enum(['unverified', 'verified', 'suspect', 'failed']),
  verification_score: intOrNull,
  verified_gpu: strOrNull,
  verification_judged_at: isoOrNull,
};

/** `presentListedProvider`: a provider card of the public lists. */
export const listedProvider = {
  id: int,
  name: str,
  gpu_model: strOrNull,
  vram_gb: numOrNull,
  vram_mb: intOrNull,
  vram_mib: int,
  gpu_count: int,
  driver_version: strOrNull,
  compute_capability: strOrNull,
  cuda_version: strOrNull,
  gpu_info: z.object({ gpu_name: strOrNull, vram_mb: intOrNull, driver_version: strOrNull, cuda_version: strOrNull }),
  gpu_spec: z.null(),
  status: z.enum(['online', 'degraded', 'offline']),
  is_live: bool,
  heartbeat_age_seconds: intOrNull,
  degraded_since: isoOrNull,
  location: strOrNull,
  run_mode: str,
  reliability_score: int,
  reputation_score: num,
  uptime_percent: num,
  uptime_pct: num,
  job_success_rate: num,
  total_jobs_completed: int,
  reputation_tier: z.enum(['top', 'reliable', 'new']),
  cached_models: strings,
  supported_compute_types: strings,
  ...verification,
  latency_ms: intOrNull,
  latency_source: z.enum(['none', 'heartbeat_age']),
  latency_sample_count: int,
  latency_measured_at: isoOrNull,
  latency_sort_ms: intOrNull,
};

export const ProviderOverview = z.object({
  provider: z.object({
    id: int,
    name: str,
    email: str,
    os: strOrNull,
    location: strOrNull,
    status: str,
    gpu_model: strOrNull,
    gpu_vram_mib: int,
    gpu_count_reported: intOrNull,
    gpu_compute_capability: strOrNull,
    gpu_cuda_version: strOrNull,
    vram_mb: intOrNull,
    gpu_count: int,
    supported_compute_types: strings,
    gpu_profile_source: str,
    gpu_profile_updated_at: isoOrNull,
    auto_detected: bool,
    resource_spec: anyJson.meta({ description: 'The reported resource spec, parsed when it is JSON' }),
    last_heartbeat: isoOrNull,
    daemon_version: strOrNull,
    readiness_status: str,
    run_mode: str,
    scheduled_start: str,
    scheduled_end: str,
    wallet_address: strOrNull,
    wallet_address_updated_at: z.null(),
    gpu_usage_cap_pct: num,
    vram_reserve_gb: num,
    temp_limit_c: num,
    is_paused: bool,
    approval_status: str,
    approved_at: isoOrNull,
    rejected_reason: strOrNull,
    total_earnings_halala: halala,
    claimable_earnings_halala: halala,
    total_jobs: int,
    uptime_percent: num,
    uptime_pct: num,
    reputation_score: num,
    ...verification,
    gpu_metrics: z.object({ utilization_pct: num, vram_used_mib: num, temperature_c: num }),
    today_earnings_halala: halala,
    week_earnings_halala: halala,
    month_earnings_halala: halala,
    active_job: z.object({ id: int, job_id: str, job_type: str, started_at: isoOrNull, cost_halala: halala }).nullable(),
    created_at: iso,
  }),
  recent_jobs: z.array(
    z.object({
      id: int,
      job_id: str,
      job_type: str,
      model: strOrNull,
      status: str,
      submitted_at: iso,
      completed_at: isoOrNull,
      actual_cost_halala: halalaOrNull,
      provider_earned_halala: halalaOrNull,
      dc1_fee_halala: halalaOrNull,
    }),
  ),
});

export const tierModes = z.array(z.enum(['on-demand', 'cached', 'instant']));
const admissionTiers = z.object({ required_tier_mode: str, provider_tier_modes: tierModes, provider_gpu_tiers: z.array(z.never()), source: str });

/** The daemon's poll: the claimed job (or none) and the admission verdict. */
export const Claim = named(
  'Claim',
  z.object({
    job: DispatchedJob.nullable(),
    admission: z.union([
      z.object({ accepted: z.literal(false), reason_code: z.enum(['PROVIDER_PAUSED', 'NO_PENDING_JOBS']), reason: str, tier_capability: admissionTiers }),
      z.object({
        accepted: z.literal(true),
        reason_code: z.literal('ADMISSION_OK'),
        reason: str,
        tier_mode: str,
        prewarm_class: str,
        resolved_model_id: strOrNull,
        resolved_variant: z.null(),
        recommended_script: z.null(),
        fallback_used: bool,
        matrix_version: z.null(),
        job_id: str,
        compute_type: str,
        model_id: strOrNull,
        tier_capability: admissionTiers,
      }),
    ]),
  }),
);

export const ProviderStatus = z.object({
  provider_id: int,
  name: str,
  status: str,
  approval_status: str,
  is_paused: bool,
  gpu_model: strOrNull,
  gpu_status: anyJson,
  provider_ip: strOrNull,
  last_heartbeat: isoOrNull,
  total_earnings: num.meta({ description: 'SAR' }),
  total_jobs: int,
  uptime_percent: num,
});

