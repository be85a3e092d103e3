import { z } from 'zod';
import { PROGRESS_PHASES, completeJobInput, failJobInput, logLinesInput } from '../../domain/jobs.js';
import { endpointReadyInput } from '../../domain/jobViews.js';
import { JOB_STATUSES } from '../../domain/lifecycle.js';
import { submitJobInput } from '../../domain/submit.js';
import { ACTORS, FAMILIES } from '../credentials.js';
import { LOG_SCHEMA_VERSION } from '../jobViews.js';
import {
  anyJson,
  bool,
  halala,
  halalaOrNull,
  int,
  intOrNull,
  iso,
  isoOrNull,
  named,
  num,
  numOrNull,
  sarText,
  sqlTimeOrNull,
  str,
  strOrNull,
  success,
  type OperationTable,
} from './common.js';

/** Job routes (jobs.ts, wire shapes in jobViews.ts). */

const status = z.enum(JOB_STATUSES);
const jsonObject = z.record(z.string(), z.unknown());

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

const SubmittedJob = z.object({
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

const SettledBilling = z.object({ actual_cost_halala: halala, provider_earned_halala: halala, dc1_fee_halala: halala });

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
const optional = { prompt: anyJson, response: anyJson, model: anyJson, tokens_generated: anyJson, tokens_per_second: anyJson, gen_time_s: anyJson, total_time_s: anyJson, device: anyJson };
const textOutput = z.object({ ...outputIdentity, type: z.literal('text'), ...optional, result: anyJson, billing: outputBilling }).partial({
  prompt: true,
  response: true,
  model: true,
  tokens_generated: true,
  tokens_per_second: true,
  gen_time_s: true,
  total_time_s: true,
  device: true,
});
const imageOutput = z
  .object({
    ...outputIdentity,
    type: z.literal('image'),
    format: anyJson,
    width: anyJson,
    height: anyJson,
    prompt: anyJson,
    model: anyJson,
    seed: anyJson,
    gen_time_s: anyJson,
    total_time_s: anyJson,
    device: anyJson,
    image_base64: str,
    image_bytes: int,
    result: jsonObject,
    billing: outputBilling,
  })
  .partial({ format: true, width: true, height: true, prompt: true, model: true, seed: true, gen_time_s: true, total_time_s: true, device: true });

export const JobOutput = named('JobOutput', z.union([textOutput, imageOutput]));
export const JobOutputPending = named(
  'JobOutputPending',
  z.object({ ...outputIdentity, message: str, progress_phase: strOrNull, progress_updated_at: isoOrNull, timeout_at: sqlTimeOrNull }),
);
export const JobOutputGone = named('JobOutputGone', z.object({ ...outputIdentity, error: str, progress_phase: strOrNull, refunded: bool }));
const JobOutputTruncated = z.object({ ...outputIdentity, error: str, billing: outputBilling });

const LogLine = z.object({ line_no: int, level: str, message: str, logged_at: iso, logged_at_ms: int });
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

const HistoryRow = z.object({
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

const QueueStatus = z.object({
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

const Attempts = z.object({
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

const JOB_REF = 'The job’s numeric `id` or its `job_id` string';
const ref = { id: JOB_REF };
const readers = ACTORS.jobReaders;

/** POST /jobs/:id/result: a result completes the job; none fails it (refunded, or re-queued when transient). */
const resultInput = completeJobInput.extend({
  gpu_seconds: z.number().optional().meta({ description: 'Alias of gpu_seconds_used' }),
  duration_seconds: z.number().optional().meta({ description: 'Alias of gpu_seconds_used' }),
  error: failJobInput.shape.error,
  transient: failJobInput.shape.transient,
});

export const JOB_OPERATIONS: OperationTable = {
  'POST /jobs/submit': {
    summary: 'Submit a job: quoted, the quote held from the balance, placed on a provider or queued',
    auth: { renter: FAMILIES.renterJobs },
    body: submitJobInput,
    responses: {
      201: z.object({ success, job: SubmittedJob, queued: z.literal(true).optional(), message: str.optional() }),
    },
    errors: [402],
  },
  'GET /jobs/history': {
    summary: 'The renter’s newest jobs with its balance',
    auth: { renter: FAMILIES.renterHeaderOnly },
    query: z.object({ limit: z.int().min(1).max(100).default(20) }),
    responses: { 200: z.object({ balance_halala: halala, balance_sar: sarText, total_jobs: int, jobs: z.array(HistoryRow) }) },
  },
  'GET /jobs/assigned': {
    summary: 'Claim the next job without starting it (legacy daemon poll; `?key=` only)',
    auth: { provider: FAMILIES.providerQueryOnly },
    responses: { 200: z.object({ job: DispatchedJob.nullable() }) },
  },
  'GET /jobs/active': {
    summary: 'Open jobs the caller may see (admin: all; renter: its own; provider: assigned to it)',
    auth: readers,
    responses: { 200: z.object({ jobs: z.array(JobRecord) }) },
  },
  'GET /jobs/queue/status': {
    summary: 'Queue depth and waits of the jobs the caller may see, by pricing class, compute type and VRAM, with scaling signals',
    auth: readers,
    responses: { 200: QueueStatus },
  },
  'GET /jobs/queue/{provider_id}': {
    summary: 'A provider’s queued and running jobs, as far as the caller may see them (admin, that provider, a renter its own)',
    auth: readers,
    params: { provider_id: 'Numeric provider id' },
    responses: { 200: z.object({ queue: z.array(z.object({ job_id: str, status })), total: int }) },
  },
  'GET /jobs/verify-hmac-local': {
    summary: 'Check a task-spec signature against the jobs this provider holds (daemon, Bearer)',
    auth: { provider: FAMILIES.providerBearer },
    query: z.object({ hmac: z.string().meta({ description: 'The hex HMAC-SHA256 to check' }) }),
    responses: { 200: z.object({ valid: bool }) },
  },
  'GET /jobs/verify-hmac': {
    summary: 'Check the task-spec signature of one job this provider holds',
    auth: { provider: FAMILIES.providerBearer },
    query: z.object({ job_id: z.string().meta({ description: JOB_REF }), hmac: z.string() }),
    responses: { 200: z.object({ valid: bool }) },
  },
  'GET /jobs/{id}': {
    summary: 'One job (its owner, the assigned provider or admin); `queue_position` while queued',
    auth: readers,
    params: ref,
    responses: { 200: z.object({ job: JobRecord }) },
  },
  'GET /jobs/{id}/output': {
    summary: 'A job’s output: 202 while it runs, 200 once completed, 410 once failed or cancelled',
    description: 'With `Accept: image/*` (and not JSON) a completed image job answers the raw image bytes.',
    auth: readers,
    params: ref,
    responses: {
      200: {
        description: 'The completed job’s output',
        json: JobOutput,
        media: { 'image/*': { type: 'string', contentMediaType: 'image/*', description: 'Raw image bytes (X-DCP-* headers describe it)' } },
      },
      202: { description: 'Not finished yet: poll again', json: JobOutputPending },
      206: { description: 'An image job whose image data is truncated', json: JobOutputTruncated },
      410: { description: 'Failed or cancelled', json: JobOutputGone },
    },
  },
  'GET /jobs/{id}/output/{format}': {
    summary: 'Download a completed image job’s image',
    auth: readers,
    params: { ...ref, format: '`png`, `jpeg` (`jpg`) or `webp`; the image is served as generated (PNG)' },
    responses: {
      200: { description: 'The image', media: { 'image/png': { type: 'string', contentMediaType: 'image/png' } } },
      204: { description: 'A completed job that produced nothing' },
    },
    errors: [500],
  },
  'GET /jobs/{id}/logs': {
    summary: 'A page of a job’s log lines after `since`',
    auth: readers,
    params: ref,
    query: z.object({
      since: z.int().min(0).max(2_147_483_647).default(0).meta({ description: 'Lines after this line number' }),
      limit: z.int().min(1).max(1000).default(200),
      attempt: z.int().min(1).optional().meta({ description: 'Per-attempt log files are not kept: any attempt answers 404' }),
    }),
    responses: {
      200: z.object({ schema_version: z.literal(LOG_SCHEMA_VERSION), job_id: str, status, logs: z.array(LogLine), total_lines: int, has_more: bool }),
    },
  },
  'GET /jobs/{id}/logs/stream': {
    summary: 'Server-sent events: the job’s log lines as they are written, then an `end` event',
    description: 'Each event is one `data:` line of JSON; a `: keep-alive` comment comes every 15 s. A finished job replays its last 50 lines, then `end`.',
    auth: { renter: FAMILIES.renterStream },
    params: ref,
    query: z.object({ since: z.int().min(0).max(2_147_483_647).default(0) }),
    responses: { 200: { description: 'The event stream', events: JobLogStreamEvent } },
  },
  'GET /jobs/{id}/history': {
    summary: 'A job’s attempts (the owning renter only)',
    auth: { renter: FAMILIES.renterJobs },
    params: ref,
    responses: { 200: Attempts },
  },
  'POST /jobs/{id}/progress': {
    summary: 'Daemon: report the job’s phase (the first phase starts it)',
    auth: { provider: FAMILIES.providerBody },
    params: ref,
    body: z.object({ phase: z.enum(PROGRESS_PHASES) }),
    responses: { 200: z.object({ success, phase: strOrNull, cold_start_ms: intOrNull }) },
    errors: [409],
  },
  'POST /jobs/{id}/logs': {
    summary: 'Daemon: append log lines to a job',
    auth: { provider: FAMILIES.providerBody },
    params: ref,
    body: logLinesInput,
    responses: { 200: z.object({ success, lines_written: int, attempt_number: int }) },
    errors: [409],
  },
  'POST /jobs/{id}/endpoint-ready': {
    summary: 'Daemon: a served model’s endpoint is up (vllm_serve jobs)',
    auth: { provider: FAMILIES.providerBody },
    params: ref,
    body: endpointReadyInput,
    responses: { 200: z.object({ success, endpoint_url: strOrNull }) },
    errors: [409],
  },
  'POST /jobs/{id}/result': {
    summary: 'Report a job’s outcome (assigned provider or admin): a result completes and settles it, none fails it',
    auth: ACTORS.providerControls,
    params: ref,
    body: resultInput,
    responses: {
      200: z.union([
        z.object({ success, job: JobRecord, billing: SettledBilling, refunded_halala: halala.optional() }),
        z.object({ success: z.literal(false), retry: z.literal(true), attempt: int, max_retries: int, job_id: str, message: str }),
      ]),
    },
    errors: [409],
  },
  'POST /jobs/{id}/fail': {
    summary: 'Fail a job (assigned provider or admin); its hold is refunded',
    auth: ACTORS.providerControls,
    params: ref,
    body: failJobInput.pick({ error: true }),
    responses: { 200: z.object({ success, job_id: str, refunded_halala: halala }) },
    errors: [409],
  },
  'POST /jobs/{id}/complete': {
    summary: 'Complete a running job (owner or admin), metered by wall-clock time since it started',
    auth: ACTORS.renterControls,
    params: ref,
    responses: {
      200: z.object({
        success,
        job: JobRecord,
        billing: SettledBilling.extend({ estimated_cost_halala: halala, actual_duration_minutes: intOrNull }),
      }),
    },
    errors: [409],
  },
  'POST /jobs/{id}/cancel': {
    summary: 'Cancel an open job (owner or admin); its hold is refunded',
    auth: ACTORS.renterControls,
    params: ref,
    responses: { 200: z.object({ success, job: JobRecord, refunded_halala: halala }) },
    errors: [409],
  },
  'POST /jobs/{id}/retry': {
    summary: 'Submit a failed or cancelled job again as a new job (the owning renter)',
    auth: { renter: FAMILIES.renterJobs },
    params: ref,
    responses: {
      201: z.object({
        success,
        job: z.object({
          id: int,
          job_id: str,
          status,
          job_type: str,
          model: strOrNull,
          cost_halala: halala,
          provider_id: intOrNull,
          pricing_class: str,
          prewarm_requested: bool,
          retried_from_job_id: intOrNull,
        }),
      }),
    },
    errors: [402, 409],
  },
};
