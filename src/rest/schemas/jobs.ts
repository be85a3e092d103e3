import { z } from 'zod';
import { PROGRESS_PHASES, completeJobInput, failJobInput, logLinesInput } from '../../domain/jobs.js';
import { endpointReadyInput } from '../../domain/jobViews.js';
import { submitJobInput } from '../../domain/submit.js';
import { ACTORS, FAMILIES } from '../credentials.js';
import { LOG_SCHEMA_VERSION } from '../jobViews.js';
import { bool, halala, int, intOrNull, sarText, str, strOrNull, success, type OperationTable } from './common.js';
import {
  Attempts,
  DispatchedJob,
  HistoryRow,
  JobLogStreamEvent,
  JobOutput,
  JobOutputGone,
  JobOutputPending,
  JobOutputTruncated,
  JobRecord,
  LogLine,
  QueueStatus,
  SettledBilling,
  status,
  SubmittedJob,
} from './jobShapes.js';

/** Job routes (jobs.ts). */

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
