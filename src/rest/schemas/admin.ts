import { z } from 'zod';
import { PROVIDER_LIST_STATUSES } from '../../domain/admin.js';
import { balanceAdjustmentInput } from '../../domain/renters.js';
import { JobRecord } from './jobShapes.js';
import { verification } from './providerShapes.js';
import { ADMIN, anyJson, bool, halala, halalaOrNull, int, intOrNull, iso, isoOrNull, num, numOrNull, sarText, str, strOrNull, success, type OperationTable } from './common.js';

/** Admin console routes (admin.ts); every one needs the admin token. */

const Pagination = z.object({ page: int, limit: int, total: int, total_pages: int });
const paging = (maxLimit: number, firstPage = 0) => ({
  page: z.int().min(firstPage).max(1_000_000).default(firstPage),
  limit: z.int().min(1).max(maxLimit).default(50),
});

const AdminProvider = z.object({
  id: int,
  name: str,
  email: str,
  gpu_model: strOrNull,
  gpu_count: int,
  vram_gb: numOrNull,
  os: strOrNull,
  location: strOrNull,
  status: str,
  connection_status: z.enum(['online', 'offline', 'registered']),
  gpu_status: anyJson,
  provider_ip: strOrNull,
  provider_hostname: strOrNull,
  last_heartbeat: isoOrNull,
  gpu_name_detected: strOrNull,
  gpu_vram_mib: int,
  gpu_driver: strOrNull,
  gpu_compute: strOrNull,
  ...verification,
  total_earnings: num.meta({ description: 'SAR' }),
  total_earnings_halala: halala,
  total_jobs: int,
  uptime_percent: num,
  run_mode: str,
  is_paused: bool,
  approval_status: str,
  approved_at: isoOrNull,
  rejected_reason: strOrNull,
  created_at: iso,
  updated_at: iso,
  is_online: bool,
  minutes_since_heartbeat: intOrNull,
  uptime_24h: numOrNull,
});

const providerId = { id: 'Numeric provider id' };
const renterId = { id: 'Numeric renter id' };
const reason = z.object({ reason: z.string().min(1).meta({ description: 'Shown to the provider' }) });
const approval = z.object({ success, provider_id: int, approval_status: str, approved_at: isoOrNull });
const rejection = z.object({ success, provider_id: int, approval_status: str, rejected_reason: strOrNull });
const providerState = z.object({ success, provider_id: int, status: str, message: str });
const renterState = z.object({ success, renter_id: int, status: str, message: str });
const period = z.object({ revenue: num, dc1_fees: num, jobs: int });

export const ADMIN_OPERATIONS: OperationTable = {
  'GET /admin/dashboard': {
    summary: 'Marketplace figures, GPU breakdown, recent sign-ups and heartbeats',
    auth: ADMIN,
    responses: {
      200: z.object({
        stats: z.object({
          total_providers: int,
          online_now: int,
          offline: int,
          total_renters: int,
          active_renters: int,
          total_renter_balance_halala: halala,
          total_jobs: int,
          completed_jobs: int,
          failed_jobs: int,
          active_jobs: int,
          total_revenue_halala: halala,
          total_dc1_fees_halala: halala,
          today_revenue_halala: halala,
          today_dc1_fees_halala: halala,
          today_jobs: int,
          timestamp: iso,
        }),
        gpu_breakdown: z.array(z.object({ gpu_model: strOrNull, count: int })),
        recent_signups: z.array(z.object({ id: int, name: str, email: str, gpu_model: strOrNull, os: strOrNull, created_at: iso })),
        recent_heartbeats: z.array(
          z.object({ id: int, name: str, gpu_model: strOrNull, provider_ip: strOrNull, provider_hostname: strOrNull, last_heartbeat: isoOrNull, gpu_status: anyJson }),
        ),
      }),
    },
  },
  'GET /admin/providers': {
    summary: 'Providers with connectivity and approval counts (`page` 1 or more pages the list and adds `pagination`)',
    auth: ADMIN,
    query: z.object({
      ...paging(200),
      search: z.string().optional().meta({ description: 'Name, email or GPU model contains' }),
      status: z.enum(PROVIDER_LIST_STATUSES).optional(),
      gpu_model: z.string().optional(),
    }),
    responses: {
      200: z.object({
        total: int,
        online: int,
        offline: int,
        registered: int,
        pending_approval: int,
        providers: z.array(AdminProvider),
        pagination: Pagination.optional(),
      }),
    },
  },
  'GET /admin/providers/{id}': {
    summary: 'One provider with uptime, 24 h metrics, its last heartbeats and jobs',
    auth: ADMIN,
    params: providerId,
    responses: {
      200: z.object({
        provider: AdminProvider.extend({
          scheduled_start: str,
          scheduled_end: str,
          gpu_usage_cap_pct: num,
          vram_reserve_gb: num,
          temp_limit_c: num,
          cached_models: z.array(z.string()),
          readiness_status: str,
          daemon_version: strOrNull,
        }),
        uptime: z.object({ hours_24: numOrNull, days_7: numOrNull, heartbeats_24h: int }),
        metrics_24h: z.object({ avg_util: numOrNull, avg_temp: numOrNull, avg_power: numOrNull, max_temp: numOrNull }),
        heartbeat_log: z.array(
          z.object({
            id: int,
            received_at: iso,
            provider_ip: strOrNull,
            provider_hostname: strOrNull,
            gpu_util_pct: numOrNull,
            gpu_temp_c: numOrNull,
            gpu_power_w: numOrNull,
            gpu_vram_free_mib: intOrNull,
            gpu_vram_total_mib: intOrNull,
            daemon_version: strOrNull,
            gpu_count: intOrNull,
          }),
        ),
        jobs: z.array(JobRecord),
        disconnects: z.array(z.never()),
      }),
    },
  },
  'POST /admin/providers/{id}/approve': { summary: 'Approve a pending provider', auth: ADMIN, params: providerId, responses: { 200: approval } },
  'PATCH /admin/providers/{id}/approve': { summary: 'Approve a pending provider (same as POST)', auth: ADMIN, params: providerId, responses: { 200: approval } },
  'POST /admin/providers/{id}/reject': { summary: 'Reject a provider, with the reason', auth: ADMIN, params: providerId, body: reason, responses: { 200: rejection } },
  'PATCH /admin/providers/{id}/reject': {
    summary: 'Reject a provider, with the reason (same as POST)',
    auth: ADMIN,
    params: providerId,
    body: reason,
    responses: { 200: rejection },
  },
  'POST /admin/providers/{id}/suspend': {
    summary: 'Suspend a provider: it gets no jobs until unsuspended',
    auth: ADMIN,
    params: providerId,
    body: z.object({ reason: z.string().optional() }),
    responses: { 200: providerState },
  },
  'POST /admin/providers/{id}/unsuspend': { summary: 'Lift a provider’s suspension', auth: ADMIN, params: providerId, responses: { 200: providerState } },
  'POST /admin/providers/{id}/rotate-key': {
    summary: 'Issue a provider a new key (not counted against its own rotation limit)',
    auth: ADMIN,
    params: providerId,
    responses: { 200: z.object({ success, provider_id: int, name: str, new_api_key: str }) },
  },
  'PATCH /admin/providers/{id}/preload-model': {
    summary: 'Ask a provider’s daemon to preload a model (announced in its next heartbeat answer)',
    auth: ADMIN,
    params: providerId,
    body: z.object({ model_name: z.string().min(1).max(256) }),
    responses: { 200: z.object({ success, provider_id: int, model_name: strOrNull, model_preload_status: str, requested_at: isoOrNull }) },
  },
  'GET /admin/renters': {
    summary: 'Renters with job counts (`page` 1 or more pages the list and adds `pagination`)',
    auth: ADMIN,
    query: z.object({ ...paging(200), search: z.string().optional(), status: z.string().optional() }),
    responses: {
      200: z.object({
        total: int,
        active: int,
        suspended: int,
        renters: z.array(
          z.object({
            id: int,
            name: str,
            email: str,
            organization: strOrNull,
            balance_halala: halala,
            held_halala: halala,
            status: str,
            created_at: iso,
            total_jobs: int,
            completed_jobs: int,
            failed_jobs: int,
            total_spent_halala: halala,
          }),
        ),
        pagination: Pagination.optional(),
      }),
    },
  },
  'GET /admin/renters/{id}': {
    summary: 'One renter with its jobs and totals',
    auth: ADMIN,
    params: renterId,
    responses: {
      200: z.object({
        renter: z.object({
          id: int,
          name: str,
          email: str,
          organization: strOrNull,
          use_case: strOrNull,
          phone: strOrNull,
          balance_halala: halala,
          held_halala: halala,
          status: str,
          created_at: iso,
        }),
        jobs: z.array(JobRecord),
        stats: z.object({ total_jobs: int, completed_jobs: int, failed_jobs: int, total_spent_halala: halala }),
      }),
    },
  },
  'POST /admin/renters/{id}/suspend': { summary: 'Suspend a renter: its keys stop working', auth: ADMIN, params: renterId, responses: { 200: renterState } },
  'POST /admin/renters/{id}/unsuspend': { summary: 'Reactivate a suspended renter', auth: ADMIN, params: renterId, responses: { 200: renterState } },
  'POST /admin/renters/{id}/balance': {
    summary: 'Credit or debit a renter’s balance through the ledger (never below zero)',
    auth: ADMIN,
    params: renterId,
    body: balanceAdjustmentInput,
    responses: {
      200: z.object({ success, renter_id: int, name: str, previous_balance: halala, adjustment: halala, new_balance: halala, reason: str }),
    },
  },
  'POST /admin/renters/{id}/rotate-key': {
    summary: 'Issue a renter a new master key (not counted against its own rotation limit)',
    auth: ADMIN,
    params: renterId,
    responses: { 200: z.object({ success, renter_id: int, name: str, new_api_key: str }) },
  },
  'GET /admin/jobs': {
    summary: 'Jobs with filters and totals (`page` 1 or more pages the list and adds `pagination`)',
    auth: ADMIN,
    query: z.object({
      ...paging(500),
      status: z.string().optional().meta({ description: 'One status or a comma-separated list' }),
      type: z.string().optional().meta({ description: 'Job type' }),
      provider_id: z.int().min(1).max(2_147_483_647).optional(),
      renter_id: z.int().min(1).max(2_147_483_647).optional(),
      date_from: z.string().optional().meta({ description: 'A date or date-time: submitted at or after' }),
      date_to: z.string().optional().meta({ description: 'A date or date-time: submitted at or before' }),
      search: z.string().optional().meta({ description: 'job_id, model, provider or renter name contains' }),
    }),
    responses: {
      200: z.object({
        stats: z.object({ total: int, completed: int, failed: int, active: int, total_revenue_halala: halala }),
        jobs: z.array(
          z.object({
            id: int,
            job_id: str,
            provider_id: intOrNull,
            renter_id: int,
            status: str,
            job_type: str,
            model: strOrNull,
            cost_halala: halala,
            actual_cost_halala: halalaOrNull,
            duration_minutes: num,
            duration_seconds: intOrNull,
            submitted_at: iso,
            started_at: isoOrNull,
            completed_at: isoOrNull,
            created_at: iso,
            provider_name: strOrNull,
            gpu_model: strOrNull,
            renter_name: strOrNull,
          }),
        ),
        pagination: Pagination.optional(),
      }),
    },
  },
  'GET /admin/jobs/{id}': {
    summary: 'One job with its provider and the billing split',
    auth: ADMIN,
    params: { id: 'The job’s numeric `id` or its `job_id` string' },
    responses: {
      200: z.object({
        job: JobRecord,
        provider: z
          .object({
            id: int,
            name: str,
            email: str,
            gpu_name_detected: strOrNull,
            gpu_model: strOrNull,
            gpu_vram_mib: int,
            vram_gb: numOrNull,
            provider_hostname: strOrNull,
            provider_ip: strOrNull,
          })
          .nullable(),
        recovery_events: z.array(z.never()),
        billing: z.object({ duration_minutes: num, cost_halala: halala, cost_sar: sarText, provider_cut_halala: halala, dc1_cut_halala: halala }),
      }),
    },
  },
  'POST /admin/jobs/{id}/cancel': {
    summary: 'Cancel any open job; its hold is refunded',
    auth: ADMIN,
    params: { id: 'The job’s numeric `id` or its `job_id` string' },
    responses: { 200: z.object({ success, job_id: str, previous_status: str, new_status: str, refunded_halala: halala }) },
    errors: [409],
  },
  'GET /admin/daemon-health': {
    summary: 'Daemon events over a window: crashes, versions, job outcomes, uptime samples',
    auth: ADMIN,
    query: z.object({ hours: z.int().min(1).max(720).default(24), provider_id: z.int().min(1).max(2_147_483_647).optional() }),
    responses: {
      200: z.object({
        period_hours: int,
        generated_at: iso,
        summary: z.object({
          total_events: int,
          total_crashes: int,
          total_jobs: int,
          job_success_rate_pct: numOrNull,
          providers_online: int,
          providers_total: int,
        }),
        reliability: z.object({
          generated_at: iso,
          window_hours: int,
          uptime: z.object({ sample_count: int, expected_sample_count: int, pct: numOrNull }),
        }),
        crashes: z.array(z.object({ provider_id: int, crash_count: int, last_crash: isoOrNull, versions_seen: z.array(z.string()) })),
        versions: z.array(z.object({ daemon_version: strOrNull, provider_count: int, last_seen: isoOrNull })),
        job_stats: z.object({ success: int, failure: int, total: int }),
        event_breakdown: z.array(z.object({ event_type: str, severity: str, count: int })),
        bandwidth: z.array(z.object({ provider_id: int, details: strOrNull, event_timestamp: isoOrNull })),
        providers: z.array(
          z.object({ id: int, name: str, gpu_model: strOrNull, status: str, daemon_version: strOrNull, last_heartbeat: isoOrNull, gpu_name_detected: strOrNull }),
        ),
        recent_events: z.array(
          z.object({
            id: int,
            provider_id: int,
            event_type: str,
            severity: str,
            daemon_version: strOrNull,
            job_id: strOrNull,
            hostname: strOrNull,
            details: strOrNull,
            event_timestamp: isoOrNull,
            received_at: iso,
          }),
        ),
      }),
    },
  },
  'GET /admin/finance/summary': {
    summary: 'Revenue, payouts and fees all-time and by period, balances, top accounts, ledger discrepancies',
    auth: ADMIN,
    responses: {
      200: z.object({
        all_time: z.object({ total_revenue: num, total_provider_payouts: num, total_dc1_fees: num, total_jobs: int, completed_jobs: int }),
        today: period,
        this_week: period,
        this_month: period,
        renter_balances: z.object({ total_balance: num, total_held: num, total_renters: int, funded_renters: int }),
        withdrawals: z.object({ pending_sar: num, approved_sar: num, paid_sar: num, pending_count: int }),
        top_providers: z.array(z.object({ id: int, name: str, gpu_model: strOrNull, total_earned: num, job_count: int })),
        top_renters: z.array(z.object({ id: int, name: str, email: str, balance_halala: halala, total_spent: num, job_count: int })),
        daily_revenue: z.array(z.object({ day: str, revenue: num, dc1_fees: num, provider_payouts: num, jobs: int })),
        discrepancies: z.array(
          z.object({ id: int, job_id: str, actual_cost_halala: halalaOrNull, provider_earned_halala: halalaOrNull, dc1_fee_halala: halalaOrNull }),
        ),
        generated_at: iso,
      }),
    },
  },
  'GET /admin/audit': {
    summary: 'The admin audit log, newest first',
    auth: ADMIN,
    query: z.object(paging(200, 1)),
    responses: {
      200: z.object({
        entries: z.array(
          z.object({ id: int, admin_user_id: str, action: str, target_type: strOrNull, target_id: strOrNull, details: anyJson, timestamp: iso }),
        ),
        pagination: Pagination,
      }),
    },
  },
};
