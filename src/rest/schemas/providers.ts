import { z } from 'zod';
import { daemonEventInput, readinessInput } from '../../domain/daemon.js';
import { heartbeatInput } from '../../domain/heartbeat.js';
import { completeJobInput, logLinesInput } from '../../domain/jobs.js';
import { preferencesInput, registerProviderInput } from '../../domain/providers.js';
import { FAMILIES } from '../credentials.js';
import { bool, halala, halalaOrNull, int, intOrNull, iso, isoOrNull, num, numOrNull, PUBLIC, sarText, str, strOrNull, success, type OperationTable } from './common.js';
import { Claim, listedProvider, ProviderOverview, ProviderStatus, strings, tierModes, verification } from './providerShapes.js';

/** Provider and daemon routes (providers.ts). */

const KeyRotation = z.object({ success, message: str, new_key: str, api_key: str, provider_id: int });

const settlement = {
  success,
  job_id: str,
  actual_minutes: int,
  gpu_seconds_used: num,
  rate_per_gpu_second_halala: num,
  restart_count: num,
  last_error: strOrNull,
  cost_halala: halala,
  provider_earned_halala: halala,
  dc1_fee_halala: halala,
  refunded_halala: halala,
};

const API_KEY = { api_key: 'The provider API key (the legacy path form of the route)' };
const setStatus = z.object({ success, status: str });

export const PROVIDER_OPERATIONS: OperationTable = {
  'POST /providers/register': {
    summary: 'Register a provider; answers its API key (shown once); pending until an admin approves it',
    auth: PUBLIC,
    body: registerProviderInput,
    responses: {
      200: z.object({
        success,
        provider_id: int,
        api_key: str,
        approval_status: str,
        installer_url: str.meta({ description: 'The setup script for its OS; it asks for the key' }),
        message: str,
      }),
    },
    errors: [409],
  },
  'GET /providers/me': {
    summary: 'The provider record, earnings windows, active job and 20 newest jobs',
    auth: { provider: FAMILIES.providerQueryFirst },
    responses: { 200: ProviderOverview },
  },
  'POST /providers/heartbeat': {
    summary: 'Daemon heartbeat (approved providers): GPU status in, update and pause flags and the capacity report out',
    auth: { provider: FAMILIES.providerHeartbeat },
    body: heartbeatInput,
    responses: {
      200: z.object({
        success,
        message: z.literal('Heartbeat received'),
        timestamp: iso,
        needs_update: bool,
        latest_version: str,
        update_available: bool,
        min_version: str,
        approval_status: str,
        approved: bool,
        is_paused: z.union([z.literal(0), z.literal(1)]),
        preload_model: z.object({ model_name: str, status: str }).nullable(),
        capacity_report: z.object({
          provider_id: int,
          queue_depth_by_model: z.record(z.string(), z.number()),
          active_inference_jobs: int,
          available_gpu_slots: int,
          estimated_wait_seconds: num,
          generated_at: iso,
        }),
        tier_capability: z.object({ available_tier_modes: tierModes, available_gpu_tiers: z.array(z.never()), source: str }),
        pending_tasks: z.array(z.never()),
      }),
    },
  },
  'POST /providers/pause': {
    summary: 'Stop receiving jobs (body `key`)',
    auth: { provider: FAMILIES.providerBodyKey },
    body: z.object({}),
    responses: { 200: setStatus },
  },
  'POST /providers/resume': {
    summary: 'Receive jobs again (body `key`)',
    auth: { provider: FAMILIES.providerBodyKey },
    body: z.object({}),
    responses: { 200: setStatus },
  },
  'POST /providers/preferences': {
    summary: 'Set run mode, schedule and GPU limits (body `key`)',
    auth: { provider: FAMILIES.providerBodyKey },
    body: preferencesInput,
    responses: {
      200: z.object({
        success,
        preferences: z.object({ run_mode: str, scheduled_start: str, scheduled_end: str, gpu_usage_cap_pct: num, vram_reserve_gb: num, temp_limit_c: num }),
      }),
    },
  },
  'GET /providers/status': {
    summary: 'The provider’s status, approval and GPU report',
    auth: { provider: FAMILIES.providerHeaderFirst },
    responses: { 200: ProviderStatus },
  },
  'GET /providers/status/{api_key}': {
    summary: 'The provider’s status (legacy form: the key in the path)',
    auth: { provider: FAMILIES.providerPath },
    params: API_KEY,
    responses: { 200: ProviderStatus },
  },
  'GET /providers/jobs/next': {
    summary: 'Daemon poll: claim the next job and start it',
    auth: { provider: FAMILIES.providerPoll },
    responses: { 200: Claim },
  },
  'GET /providers/{api_key}/jobs': {
    summary: 'Daemon poll, legacy form: claim the next job (the key in the path)',
    auth: { provider: FAMILIES.providerPath },
    params: API_KEY,
    responses: { 200: Claim },
  },
  'POST /providers/job-result': {
    summary: 'Daemon: report a job’s outcome; success completes and settles it, anything else fails and refunds it',
    description: 'A job already settled answers 200 with a message (the daemon drops other answers). Bodies up to 10 MB.',
    auth: { provider: FAMILIES.providerBody },
    body: completeJobInput.extend({
      job_id: z.string().min(1).meta({ description: 'The job’s numeric `id` or its `job_id` string' }),
      success: z.union([z.boolean(), z.literal('true'), z.literal(1)]).optional(),
      error: z.string().nullish(),
      last_error: z.string().nullish(),
      restart_count: z.number().optional(),
    }),
    responses: {
      200: z.union([
        z.object({ ...settlement, status: z.enum(['completed', 'failed']) }),
        z.object({ success, message: str, job_id: str, status: str }),
      ]),
    },
    errors: [409, 413],
  },
  'PATCH /providers/jobs/{job_id}/logs': {
    summary: 'Daemon: append log lines to a job it runs',
    auth: { provider: FAMILIES.providerBody },
    params: { job_id: 'The job’s numeric `id` or its `job_id` string' },
    body: logLinesInput,
    responses: { 200: z.object({ success, job_id: str, lines_written: int, first_line_no: int, last_line_no: int }) },
    errors: [409],
  },
  'GET /providers/available': {
    summary: 'Live and degraded bookable providers with reputation figures and the job-type price list',
    auth: PUBLIC,
    responses: {
      200: z.object({
        providers: z.array(z.object({ ...listedProvider, cost_rates_halala_per_min: z.record(z.string(), z.number()) })),
        total: int,
        online_count: int,
        degraded_count: int,
        timestamp: iso,
      }),
    },
  },
  'GET /providers/marketplace': {
    summary: 'Online bookable providers with prices (a bare array)',
    auth: PUBLIC,
    responses: {
      200: z.array(
        z.object({
          id: int,
          gpu_model: strOrNull,
          vram_gb: numOrNull,
          rate_halala: int.meta({ description: 'halala per hour' }),
          price_per_min_halala: int,
          uptime_pct: num,
          job_success_rate: num,
          total_jobs_completed: int,
          reputation_tier: listedProvider.reputation_tier,
          reputation_score: num,
          latency_ms: intOrNull,
          latency_source: listedProvider.latency_source,
          latency_sample_count: int,
          latency_measured_at: isoOrNull,
          latency_sort_ms: intOrNull,
          verification_status: verification.verification_status,
        }),
      ),
    },
  },
  'GET /providers/public': {
    summary: 'The public provider list (a bare array, cached 30 s)',
    auth: PUBLIC,
    responses: {
      200: z.array(
        z.object({
          id: int,
          gpu_model: strOrNull,
          vram_mb: intOrNull,
          gpu_count: int,
          supported_compute_types: strings,
          cost_per_hour_sar: num,
          jobs_completed: int,
          verification_status: verification.verification_status,
          online: z.literal(true),
        }),
      ),
    },
  },
  'GET /providers/earnings': {
    summary: 'Earned, claimable and held amounts',
    auth: { provider: FAMILIES.providerQueryFirst },
    responses: {
      200: z.object({
        provider_id: int,
        name: str,
        total_earned_sar: num,
        total_earned_halala: halala,
        claimable_earnings_halala: halala,
        pending_withdrawal_sar: num,
        withdrawn_sar: num,
        available_sar: num,
        available_halala: halala,
        total_jobs: int,
        escrow: z.object({ held_jobs: int, held_halala: halala, locked_jobs: int, locked_halala: halala }),
      }),
    },
  },
  'GET /providers/earnings/summary': {
    summary: 'Daemon: the earnings summary it polls every 5 minutes',
    auth: { provider: FAMILIES.providerBearer },
    responses: {
      200: z.object({
        provider_id: int,
        total_earned: num,
        total_earned_halala: halala,
        available_halala: halala,
        pending: num,
        pending_halala: halala,
        last_payout: z.null(),
        last_job_completed_at: isoOrNull,
      }),
    },
  },
  'GET /providers/job-history': {
    summary: 'The provider’s jobs, newest first, with totals',
    auth: { provider: FAMILIES.providerQueryFirst },
    query: z.object({ limit: z.int().min(1).max(200).default(50), offset: z.int().min(0).max(1_000_000).default(0) }),
    responses: {
      200: z.object({
        provider_id: int,
        total_jobs: int,
        completed_jobs: int,
        failed_jobs: int,
        total_earned_halala: halala,
        total_earned_sar: sarText,
        success_rate: num,
        jobs: z.array(
          z.object({
            id: int,
            job_id: str,
            job_type: str,
            status: str,
            submitted_at: iso,
            started_at: isoOrNull,
            completed_at: isoOrNull,
            progress_phase: strOrNull,
            error: strOrNull,
            actual_cost_halala: halalaOrNull,
            cost_halala: halala,
            provider_earned_halala: halalaOrNull,
            dc1_fee_halala: halalaOrNull,
            actual_duration_minutes: intOrNull,
            duration_minutes: num,
            renter_name: strOrNull,
            earned_sar: sarText,
            cost_sar: sarText,
          }),
        ),
      }),
    },
  },
  'POST /providers/rotate-key': {
    summary: 'Replace the provider key (3 per 24 h); the old key stops working',
    auth: { provider: FAMILIES.providerHeaderFirst },
    responses: { 200: KeyRotation },
  },
  'POST /providers/me/rotate-key': {
    summary: 'Replace the provider key (3 per 24 h; same as POST /providers/rotate-key)',
    auth: { provider: FAMILIES.providerHeaderFirst },
    responses: { 200: KeyRotation },
  },
  'POST /providers/readiness': {
    summary: 'Daemon: record its readiness checks (CUDA, PyTorch, VRAM)',
    auth: { provider: FAMILIES.providerBody },
    body: readinessInput,
    responses: { 200: z.object({ success, readiness_status: z.enum(['ready', 'failed']), checks: z.record(z.string(), z.unknown()) }) },
  },
  'POST /providers/daemon-event': {
    summary: 'Daemon: record an event (start, crash, bandwidth probe; bodies up to 2 MB)',
    auth: { provider: FAMILIES.providerBody },
    body: daemonEventInput,
    responses: { 200: z.object({ success, event_type: str, provider_id: int }) },
  },
};
