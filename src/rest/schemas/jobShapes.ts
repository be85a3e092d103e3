import { z } from 'zod';
import { JOB_STATUSES } from '../../domain/lifecycle.js';
import { LOG_SCHEMA_VERSION } from '../jobViews.js';
import { anyJson, bool, halala, halalaOrNull, int, intOrNull, iso, isoOrNull, named, num, numOrNull, sarText, sqlTimeOrNull, str, strOrNull } from './common.js';

/** Wire shapes of the job routes, field for field as jobViews.ts builds them. */

export const status = z.enum(JOB_STATUSES);
export const jsonObject = z.record(z.string(), z.unknown());

/** `jobRecord`: the whole job as the original's row (GET /jobs/:id, lists, cancel, result). */
export const JobRecord = named(
  'Job',
  z.object({
    id: int,
    job_id: str,
    renter_id: int,
    provider_id: intOrNull,
    job_type: str,
    model: strOrNull,
    template_id: strOrNull,
    retried_from_job_id: intOrNull,
    status,
    progress_phase: strOrNull,
    progress_updated_at: isoOrNull,
    priority: int,
    pricing_class: str,
    prewarm_requested: bool,
    retry_count: int,
    max_retries: int,
    retry_reason: z.enum(['queue_timeout', 'provider_timeout', 'execution_failed']).nullable(),
    error: strOrNull,
    last_error: strOrNull,
    submitted_at: iso,
    created_at: iso,
    assigned_at: isoOrNull,
    picked_up_at: isoOrNull,
    started_at: isoOrNull,
    completed_at: isoOrNull,
    updated_at: iso,
    duration_minutes: num,
    max_duration_seconds: int,
    timeout_at: sqlTimeOrNull,
    actual_duration_minutes: intOrNull,
    task_spec: str.meta({ description: 'The signed task spec, the exact string `task_spec_hmac` signs' }),
    task_spec_hmac: str,
    container_spec: str.meta({ description: 'JSON text' }),
    gpu_requirements: jsonObject.nullable(),
    gpu_rate_snapshot: strOrNull.meta({ description: 'JSON text' }),
    result: strOrNull,
    cost_halala: halala,
    actual_cost_halala: halalaOrNull,
    provider_earned_halala: halalaOrNull,
    dc1_fee_halala: halalaOrNull,
    refunded_at: isoOrNull,
    gpu_seconds_used: numOrNull,
    workspace_volume_name: str,
    checkpoint_enabled: bool,
    endpoint_url: strOrNull,
    serve_port: intOrNull,
    queue_position: intOrNull.optional().meta({ description: 'Only on GET /jobs/:id of a queued job' }),
    elapsed_sec: intOrNull,
    tokens_used: z.null(),
    cost_usd: num,
  }),
);

/** A claimed job for the daemon (`dispatchedJob`). */
export const DispatchedJob = named('DispatchedJob', JobRecord.extend({ attempt_number: int }));

export const SubmittedJob = z.object({
  id: int,
  job_id: str,
  provider_id: intOrNull,
  renter_id: int,
  job_type: str,
  model: strOrNull,
  status,
  submitted_at: iso,
  started_at: isoOrNull,
  duration_minutes: num,
  cost_halala: halala,
  max_duration_seconds: int,
  timeout_at: sqlTimeOrNull,
  gpu_requirements: jsonObject.nullable(),
  container_spec: jsonObject,
  workspace_volume_name: str,
  checkpoint_enabled: bool,
  task_spec_signed: bool,
  priority: int,
  pricing_class: str,
  prewarm_requested: bool,
  queue_position: intOrNull,
});

export const SettledBilling = z.object({ actual_cost_halala: halala, provider_earned_halala: halala, dc1_fee_halala: halala });

const outputIdentity = {
  status,
  job_id: str,
  id: int,
  job_type: str,
  provider_id: intOrNull,
  duration_minutes: num,
  cost_halala: halala,
  submitted_at: iso,
  started_at: isoOrNull,
  completed_at: isoOrNull,
};
const outputBilling = z.object({ actual_cost_halala: halalaOrNull, actual_cost_sar: sarText.nullable() });
/** The fields the generator's printed result may carry, copied when present (jobViews.ts `pick`). */
const picked = (...keys: string[]) => Object.fromEntries(keys.map((key) => [key, anyJson.optional()]));
const textOutput = z.object({
  ...outputIdentity,
  type: z.literal('text'),
  ...picked('prompt', 'response', 'model', 'tokens_generated', 'tokens_per_second', 'gen_time_s', 'total_time_s', 'device'),
  result: anyJson,
  billing: outputBilling,
});
const imageOutput = z.object({
  ...outputIdentity,
  type: z.literal('image'),
  ...picked('format', 'width', 'height', 'prompt', 'model', 'seed', 'gen_time_s', 'total_time_s', 'device'),
  image_base64: str,
  image_bytes: int,
  result: jsonObject,
  billing: outputBilling,
});

export const JobOutput = named('JobOutput', z.union([textOutput, imageOutput]));
export const JobOutputPending = named(
  'JobOutputPending',
  z.object({ ...outputIdentity, message: str, progress_phase: strOrNull, progress_updated_at: isoOrNull, timeout_at: sqlTimeOrNull }),
);
export const JobOutputGone = named('JobOutputGone', z.object({ ...outputIdentity, error: str, progress_phase: strOrNull, refunded: bool }));
export const JobOutputTruncated = z.object({ ...outputIdentity, error: str, billing: outputBilling });

export const LogLine = z.object({ line_no: int, level: str, message: str, logged_at: iso, logged_at_ms: int });
export const JobLogStreamEvent = named(
  'JobLogStreamEvent',
  z.union([
    z.object({
      schema_version: z.literal(LOG_SCHEMA_VERSION),
      type: z.literal('log'),
      event_type: z.literal('job.log'),
      line_no: int,
      level: str,
      line: str,
      logged_at: iso,
      ts: int,
    }),
    z.object({ type: z.literal('end'), status, ts: int }),
  ]),
);

export const HistoryRow = z.object({
  id: int,
  job_id: str,
  job_type: str,
  status,
  submitted_at: iso,
  started_at: isoOrNull,
  completed_at: isoOrNull,
  progress_phase: strOrNull,
  error: strOrNull,
  actual_cost_halala: halalaOrNull,
  cost_halala: halala,
  actual_duration_minutes: intOrNull,
  duration_minutes: num,
  refunded_at: isoOrNull,
  provider_name: strOrNull,
  provider_gpu: strOrNull,
  cost_sar: sarText,
  refunded: bool,
});

export const QueueStatus = z.object({
  queued_total: int,
  buckets: z.array(
    z.object({ pricing_class: str, compute_type: str, vram_required_mb: int, depth: int, avg_wait_seconds: num, p95_wait_seconds: num }),
  ),
  control_plane: z.object({
    generated_at: iso,
    signal_count: int,
    queue_slo_breaches: int,
    cold_start_slo_breaches: int,
    recommended_scale_up_total: int,
    recommended_scale_down_total: int,
    signals: z.array(
      z.object({ signal_type: str, pricing_class: str, compute_type: str, vram_required_mb: int, p95_wait_seconds: num, recommended_action: str }),
    ),
  }),
  queue: z.array(z.object({ pricing_class: str, compute_type: str, vram_bucket: str, count: int })),
});

export const Attempts = z.object({
  job: z.object({
    id: int,
    job_id: str,
    renter_id: int,
    provider_id: intOrNull,
    status,
    submitted_at: iso,
    started_at: isoOrNull,
    completed_at: isoOrNull,
    cost_halala: halala,
    actual_cost_halala: halalaOrNull,
    actual_duration_minutes: intOrNull,
    job_type: str,
    model: strOrNull,
  }),
  executions: z.array(
    z.object({
      id: int,
      attempt_number: int,
      started_at: isoOrNull,
      ended_at: isoOrNull,
      exit_code: intOrNull,
      log_path: z.null(),
      gpu_seconds_used: numOrNull,
      cost_halala: halalaOrNull,
      log_available: bool,
    }),
  ),
});
