import type { Job } from '../domain/jobs.js';
import type { SubmittedJob } from '../domain/submit.js';
import { structuredResult } from '../domain/taskSpecs.js';
import type { Attempt, HistoryEntry, JobLogLine, QueueStatus } from '../domain/jobViews.js';
import { isoTime, sarString, sqlTime } from './present.js';

/**
 * Wire shapes of the job routes, as the legacy REST contract has them (docs/rest-api.md). Every shape is built from domain
 * rows; nothing here decides anything about the job, it only says it the way the clients read it.
 */

export const LOG_SCHEMA_VERSION = '2026-03-20.v1';

/** halala → USD, six decimals, at the original's fixed 375 halala per dollar. */
const costUsd = (halala: number) => Math.round((halala / 375) * 1e6) / 1e6;

/** What a job's error text says about why it was retried (the original inferred it the same way). */
function retryReason(job: Job): string | null {
  const text = job.error ?? job.lastError;
  if (!text) return null;
  if (/queue[_ ]timeout/i.test(text)) return 'queue_timeout';
  if (/provider[_ ]timeout|timed out|offline/i.test(text)) return 'provider_timeout';
  return 'execution_failed';
}

const minutesOf = (seconds: number | null) => (seconds == null ? null : Math.ceil(seconds / 60));

/** `GET /jobs/:id`, `/jobs/active`, `/jobs/assigned`, cancel and result: the whole job as the original's row. */
export function jobRecord(job: Job, opts: { now: Date; queuePosition?: number | null }) {
  const cost = job.actualCostHalala ?? job.costHalala;
  return {
    id: job.id,
    job_id: job.jobId,
    renter_id: job.renterId,
    provider_id: job.providerId,
    job_type: job.jobType,
    model: job.model,
    template_id: job.templateId,
    retried_from_job_id: job.retriedFromJobId,
    status: job.status,
    progress_phase: job.progressPhase,
    progress_updated_at: isoTime(job.progressUpdatedAt),
    priority: job.priority,
    pricing_class: job.pricingClass,
    prewarm_requested: job.prewarmRequested,
    retry_count: job.retryCount,
    max_retries: job.maxRetries,
    retry_reason: retryReason(job),
    error: job.error,
    last_error: job.lastError,
    submitted_at: isoTime(job.submittedAt),
    created_at: isoTime(job.submittedAt),
    assigned_at: isoTime(job.assignedAt),
    picked_up_at: isoTime(job.assignedAt),
    started_at: isoTime(job.startedAt),
    completed_at: isoTime(job.completedAt),
    updated_at: isoTime(job.updatedAt),
    duration_minutes: job.durationMinutes,
    max_duration_seconds: job.maxDurationSeconds,
    timeout_at: sqlTime(job.timeoutAt),
    actual_duration_minutes: minutesOf(job.gpuSecondsUsed),
    task_spec: job.taskSpec,
    task_spec_hmac: job.taskSpecHmac,
    // The original returned its JSON columns as stored text here; clients parse either form.
    container_spec: JSON.stringify(job.containerSpec),
    gpu_requirements: job.gpuRequirements ?? null,
    gpu_rate_snapshot: job.gpuRateSnapshot == null ? null : JSON.stringify(job.gpuRateSnapshot),
    result: job.result,
    cost_halala: job.costHalala,
    actual_cost_halala: job.actualCostHalala,
    provider_earned_halala: job.providerEarnedHalala,
    dc1_fee_halala: job.dc1FeeHalala,
    refunded_at: isoTime(job.refundedAt),
    gpu_seconds_used: job.gpuSecondsUsed,
    workspace_volume_name: job.workspaceVolumeName,
    checkpoint_enabled: job.checkpointEnabled,
    endpoint_url: job.endpointUrl,
    serve_port: job.servePort,
    // Lists leave it out: a position per row would cost a statement per row.
    ...(job.status === 'queued' && opts.queuePosition !== undefined ? { queue_position: opts.queuePosition } : {}),
    elapsed_sec: job.startedAt ? Math.max(0, Math.floor((opts.now.getTime() - job.startedAt.getTime()) / 1000)) : null,
    tokens_used: null,
    cost_usd: costUsd(cost),
  };
}

/** Which run of the job this is: the first, or the one after each retry. */
export const attemptNumber = (job: Job) => job.retryCount + 1;

/** A claimed job for the daemon: the row plus the attempt it is on. */
export function dispatchedJob(job: Job, now: Date) {
  return { ...jobRecord(job, { now }), attempt_number: attemptNumber(job) };
}

/** Time from the claim (or start, or submit) to the first generated token, reported with phase `generating`. */
export function coldStartMs(job: Job, phase: string): number | null {
  if (phase !== 'generating' || !job.progressUpdatedAt) return null;
  const from = job.assignedAt ?? job.startedAt ?? job.submittedAt;
  return Math.max(0, job.progressUpdatedAt.getTime() - from.getTime());
}

/** `POST /jobs/submit` 201, field for field as the original API documented it. */
export function submittedJob(job: SubmittedJob, queuePosition: number | null) {
  return {
    id: job.id,
    job_id: job.jobId,
    provider_id: job.providerId,
    renter_id: job.renterId,
    job_type: job.jobType,
    model: job.model,
    status: job.status,
    submitted_at: isoTime(job.submittedAt),
    started_at: isoTime(job.startedAt),
    duration_minutes: job.durationMinutes,
    cost_halala: job.costHalala,
    max_duration_seconds: job.maxDurationSeconds,
    timeout_at: sqlTime(job.timeoutAt),
    gpu_requirements: job.gpuRequirements ?? null,
    container_spec: job.containerSpec,
    workspace_volume_name: job.workspaceVolumeName,
    checkpoint_enabled: job.checkpointEnabled,
    task_spec_signed: Boolean(job.taskSpecHmac),
    priority: job.priority,
    pricing_class: job.pricingClass,
    prewarm_requested: job.prewarmRequested,
    queue_position: queuePosition,
  };
}

/** The extra top-level fields of a submit that landed in a queue. */
export function queuedNotice(job: Pick<Job, 'status' | 'providerId'>, queuePosition: number | null) {
  if (job.status !== 'queued') return {};
  const message =
    job.providerId != null
      ? `Provider is busy. Your job is #${queuePosition} in queue and will run automatically when the provider is free.`
      : `No capable provider is currently available. Your job is queued at position #${queuePosition} and will start when a matching provider heartbeats.`;
  return { queued: true, message };
}

/** `POST /jobs/:id/retry` 201. */
export function retriedJob(job: Job) {
  return {
    id: job.id,
    job_id: job.jobId,
    status: job.status,
    job_type: job.jobType,
    model: job.model,
    cost_halala: job.costHalala,
    provider_id: job.providerId,
    pricing_class: job.pricingClass,
    prewarm_requested: job.prewarmRequested,
    retried_from_job_id: job.retriedFromJobId,
  };
}

/** The settlement figures of a finished job, as `/jobs/:id/result` reports them. */
export function settledBilling(job: Job) {
  return {
    actual_cost_halala: job.actualCostHalala ?? 0,
    provider_earned_halala: job.providerEarnedHalala ?? 0,
    dc1_fee_halala: job.dc1FeeHalala ?? 0,
  };
}

/** `POST /jobs/:id/complete`: the settlement with the quote it started from. */
export function completionBilling(job: Job) {
  return {
    estimated_cost_halala: job.costHalala,
    ...settledBilling(job),
    actual_duration_minutes: minutesOf(job.gpuSecondsUsed),
  };
}

// ---------------------------------------------------------------------------------------------------------
// GET /jobs/:id/output

const PHASE_MESSAGES: Record<string, string> = {
  downloading_model: 'Downloading model weights...',
  installing_deps: 'Installing dependencies...',
  loading_model: 'Loading model onto GPU...',
  generating: 'Generating response...',
  formatting: 'Formatting output...',
};

const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
/** An image whose bytes are below this share of width×height pixels is truncated. */
const MIN_IMAGE_BYTES_PER_PIXEL = 0.05;

export type OutputAnswer =
  | { kind: 'json'; status: 200 | 202 | 206 | 410; body: Record<string, unknown> }
  | { kind: 'bytes'; status: 200; bytes: Buffer; headers: Record<string, string> };

type Structured = Record<string, unknown>;

/** Fields every output answer carries, so polling clients (the SDKs' waitForJob) always learn the status and stop. */
function outputIdentity(job: Job) {
  return {
    status: job.status,
    job_id: job.jobId,
    id: job.id,
    job_type: job.jobType,
    provider_id: job.providerId,
    duration_minutes: job.durationMinutes,
    cost_halala: job.costHalala,
    submitted_at: isoTime(job.submittedAt),
    started_at: isoTime(job.startedAt),
    completed_at: isoTime(job.completedAt),
  };
}

function outputBilling(job: Job) {
  return {
    actual_cost_halala: job.actualCostHalala,
    actual_cost_sar: job.actualCostHalala == null ? null : sarString(job.actualCostHalala),
  };
}

function pick(source: Structured, keys: string[]): Structured {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

function decodeImage(data: unknown): Buffer | undefined {
  if (typeof data !== 'string') return undefined;
  const clean = data.replace(/\s+/g, '');
  if (!clean || clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) return undefined;
  return Buffer.from(clean, 'base64');
}

function imageOutput(job: Job, image: Structured, wantsBytes: boolean): OutputAnswer {
  const bytes = decodeImage(image.data);
  const pixels = Number(image.width) * Number(image.height);
  const identity = outputIdentity(job);
  if (!bytes || (Number.isFinite(pixels) && bytes.length < pixels * MIN_IMAGE_BYTES_PER_PIXEL)) {
    return { kind: 'json', status: 206, body: { ...identity, error: 'Image data appears truncated or corrupted', billing: outputBilling(job) } };
  }
  const format = String(image.format ?? 'png');
  if (wantsBytes) {
    const headers: Record<string, string> = {
      'Content-Type': `image/${format}`,
      'X-DCP-ImageBytes': String(bytes.length),
    };
    // Header values must stay single-line ASCII; the prompt is arbitrary text.
    if (image.prompt !== undefined) headers['X-DCP-Prompt'] = encodeURIComponent(String(image.prompt));
    if (image.seed !== undefined) headers['X-DCP-Seed'] = String(image.seed);
    if (image.gen_time_s !== undefined) headers['X-DCP-GenTime'] = String(image.gen_time_s);
    return { kind: 'bytes', status: 200, bytes, headers };
  }
  const described = pick(image, ['format', 'width', 'height', 'prompt', 'model', 'seed', 'gen_time_s', 'total_time_s', 'device']);
  return {
    kind: 'json',
    status: 200,
    // `result` is the printed result object, as for text jobs: SDKs read the output from there.
    body: { ...identity, type: 'image', ...described, image_base64: image.data, image_bytes: bytes.length, result: image, billing: outputBilling(job) },
  };
}

function completedOutput(job: Job, wantsBytes: boolean): OutputAnswer {
  const identity = outputIdentity(job);
  const raw = job.result ?? null;
  const structured = raw == null ? undefined : structuredResult(raw);
  if (structured?.type === 'image' && structured.data !== undefined) return imageOutput(job, structured, wantsBytes);
  if (structured?.type === 'text') {
    const text = pick(structured, ['prompt', 'response', 'model', 'tokens_generated', 'tokens_per_second', 'gen_time_s', 'total_time_s', 'device']);
    return { kind: 'json', status: 200, body: { ...identity, type: 'text', ...text, result: structured, billing: outputBilling(job) } };
  }
  return { kind: 'json', status: 200, body: { ...identity, type: 'text', result: raw, billing: outputBilling(job) } };
}

/**
 * The output answer for a job in any status: 202 while it is unfinished, 200 with the output once
 * completed (raw image bytes only when the client asks for an image type), 410 once failed or cancelled.
 */
export function jobOutput(job: Job, opts: { wantsBytes: boolean }): OutputAnswer {
  if (job.status === 'completed') return completedOutput(job, opts.wantsBytes);
  const identity = outputIdentity(job);
  if (job.status === 'failed' || job.status === 'cancelled') {
    const error = job.error ?? (job.status === 'cancelled' ? 'Job was cancelled' : 'Job failed');
    return {
      kind: 'json',
      status: 410,
      body: { ...identity, error, progress_phase: job.progressPhase, refunded: job.refundedAt != null },
    };
  }
  const message =
    (job.progressPhase && PHASE_MESSAGES[job.progressPhase]) ?? (job.status === 'running' ? 'Job running...' : `Job status: ${job.status}`);
  return {
    kind: 'json',
    status: 202,
    body: {
      ...identity,
      message,
      progress_phase: job.progressPhase,
      progress_updated_at: isoTime(job.progressUpdatedAt),
      timeout_at: sqlTime(job.timeoutAt),
    },
  };
}

export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** `png|jpeg|jpg|webp` → the canonical format name, undefined for anything else. */
export function imageFormat(value: string): ImageFormat | undefined {
  const v = value.toLowerCase() === 'jpg' ? 'jpeg' : value.toLowerCase();
  return (IMAGE_FORMATS as readonly string[]).includes(v) ? (v as ImageFormat) : undefined;
}

export type ImageProblem = 'not_completed' | 'no_output' | 'no_structured_data' | 'not_image' | 'corrupt';

/** The decoded image of a completed image job, or the reason there is none (`/output/:format`). */
export function imageOf(job: Job): { bytes: Buffer } | { problem: ImageProblem } {
  if (job.status !== 'completed') return { problem: 'not_completed' };
  if (!job.result) return { problem: 'no_output' };
  const structured = structuredResult(job.result);
  if (!structured) return { problem: 'no_structured_data' };
  if (structured.type !== 'image') return { problem: 'not_image' };
  const bytes = decodeImage(structured.data);
  return bytes ? { bytes } : { problem: 'corrupt' };
}

// ---------------------------------------------------------------------------------------------------------
// Logs, history, queues

export function logLine(line: JobLogLine) {
  return {
    line_no: line.lineNo,
    level: line.level,
    message: line.message,
    logged_at: isoTime(line.loggedAt),
    logged_at_ms: line.loggedAt.getTime(),
  };
}

/** One `data:` event of `/logs/stream`. */
export function streamedLogLine(line: JobLogLine, now: Date) {
  return {
    schema_version: LOG_SCHEMA_VERSION,
    type: 'log',
    event_type: 'job.log',
    line_no: line.lineNo,
    level: line.level,
    line: line.message,
    logged_at: isoTime(line.loggedAt),
    ts: now.getTime(),
  };
}

export function historyRow({ job, providerName, providerGpu }: HistoryEntry) {
  return {
    id: job.id,
    job_id: job.jobId,
    job_type: job.jobType,
    status: job.status,
    submitted_at: isoTime(job.submittedAt),
    started_at: isoTime(job.startedAt),
    completed_at: isoTime(job.completedAt),
    progress_phase: job.progressPhase,
    error: job.error,
    actual_cost_halala: job.actualCostHalala,
    cost_halala: job.costHalala,
    actual_duration_minutes: minutesOf(job.gpuSecondsUsed),
    duration_minutes: job.durationMinutes,
    refunded_at: isoTime(job.refundedAt),
    provider_name: providerName,
    provider_gpu: providerGpu,
    cost_sar: sarString(job.actualCostHalala ?? job.costHalala),
    refunded: job.refundedAt != null,
  };
}

/** `GET /jobs/:id/history`: the job's summary and one execution per attempt. */
export function jobAttempts(job: Job, attempts: Attempt[], hasLogs: boolean) {
  const last = attempts.length - 1;
  return {
    job: {
      id: job.id,
      job_id: job.jobId,
      renter_id: job.renterId,
      provider_id: job.providerId,
      status: job.status,
      submitted_at: isoTime(job.submittedAt),
      started_at: isoTime(job.startedAt),
      completed_at: isoTime(job.completedAt),
      cost_halala: job.costHalala,
      actual_cost_halala: job.actualCostHalala,
      actual_duration_minutes: minutesOf(job.gpuSecondsUsed),
      job_type: job.jobType,
      model: job.model,
    },
    executions: attempts.map((a, i) => ({
      id: a.attemptNumber,
      attempt_number: a.attemptNumber,
      started_at: isoTime(a.startedAt),
      ended_at: isoTime(a.endedAt),
      exit_code: a.endStatus === 'completed' ? 0 : a.endStatus === 'failed' ? 1 : null,
      log_path: null,
      // Metering and cost belong to the attempt that finished the job.
      gpu_seconds_used: i === last ? job.gpuSecondsUsed : null,
      cost_halala: i === last ? job.actualCostHalala : null,
      log_available: hasLogs,
    })),
  };
}

/** The coarse VRAM label of the legacy `queue[]` alias. */
function vramBucket(mb: number): string {
  if (mb <= 0) return 'any';
  for (const gb of [8, 16, 24, 48, 80]) if (mb <= gb * 1024) return `<=${gb}gb`;
  return '>80gb';
}

export function queueStatusView(status: QueueStatus) {
  const legacy = new Map<string, { pricing_class: string; compute_type: string; vram_bucket: string; count: number }>();
  for (const b of status.buckets) {
    const key = `${b.pricingClass}|${b.computeType}|${vramBucket(b.vramRequiredMb)}`;
    const row = legacy.get(key) ?? { pricing_class: b.pricingClass, compute_type: b.computeType, vram_bucket: vramBucket(b.vramRequiredMb), count: 0 };
    row.count += b.depth;
    legacy.set(key, row);
  }
  return {
    queued_total: status.queuedTotal,
    buckets: status.buckets.map((b) => ({
      pricing_class: b.pricingClass,
      compute_type: b.computeType,
      vram_required_mb: b.vramRequiredMb,
      depth: b.depth,
      avg_wait_seconds: b.avgWaitSeconds,
      p95_wait_seconds: b.p95WaitSeconds,
    })),
    control_plane: {
      generated_at: isoTime(status.generatedAt),
      signal_count: status.signals.length,
      queue_slo_breaches: status.signals.length,
      cold_start_slo_breaches: 0,
      recommended_scale_up_total: status.signals.filter((s) => s.recommendedAction === 'scale_up').length,
      recommended_scale_down_total: 0,
      signals: status.signals.map((s) => ({
        signal_type: s.signalType,
        pricing_class: s.pricingClass,
        compute_type: s.computeType,
        vram_required_mb: s.vramRequiredMb,
        p95_wait_seconds: s.p95WaitSeconds,
        recommended_action: s.recommendedAction,
      })),
    },
    queue: [...legacy.values()],
  };
}
