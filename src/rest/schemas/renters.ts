import { z } from 'zod';
import { RENTER_SCOPES } from '../../domain/auth.js';
import { registerRenterInput, topupInput } from '../../domain/renters.js';
import { createSubKeyInput } from '../../domain/subKeys.js';
import { FAMILIES } from '../credentials.js';
import { listedProvider } from './providerShapes.js';
import { halala, halalaOrNull, int, intOrNull, iso, isoOrNull, num, numOrNull, PUBLIC, str, strOrNull, success, type OperationTable } from './common.js';

/** Renter routes (renters.ts, subKeys.ts). */

const account = { renter: FAMILIES.renterAccount };

const KeyRotation = z.object({ success, message: str, new_key: str, api_key: str, renter_id: int });

const RenterExport = z.object({
  exported_at: iso,
  account: z.object({
    id: int,
    name: str,
    email: str,
    organization: strOrNull,
    use_case: strOrNull,
    phone: strOrNull,
    status: str,
    created_at: iso,
    updated_at: iso,
    balance_halala: halala,
    held_halala: halala,
    total_spent_halala: halala,
    total_jobs: int,
  }),
  jobs: z.array(
    z.object({
      id: int,
      job_id: str,
      job_type: str,
      status: str,
      model: strOrNull,
      provider_id: intOrNull,
      gpu_model: strOrNull,
      cost_halala: halala,
      actual_cost_halala: halalaOrNull,
      duration_minutes: num,
      gpu_seconds_used: numOrNull,
      submitted_at: iso,
      started_at: isoOrNull,
      completed_at: isoOrNull,
      updated_at: iso,
      container_spec: str.meta({ description: 'JSON text' }),
      gpu_requirements: strOrNull.meta({ description: 'JSON text' }),
      params: z.record(z.string(), z.unknown()).nullable(),
      result: strOrNull,
      error: strOrNull,
    }),
  ),
  ledger: z.array(
    z.object({ id: int, kind: str, amount_halala: halala, from_account: str, to_account: str, job_id: intOrNull, note: strOrNull, created_at: iso }),
  ),
  payments: z.array(z.never()),
  withdrawals: z.array(z.never()),
  analytics: z.object({
    status_counts: z.array(z.object({ status: str, count: int })),
    daily_spend_last_30d: z.array(z.object({ day: str, total_halala: halala, job_count: int })),
    top_gpus: z.array(z.object({ gpu_model: strOrNull, job_count: int })),
  }),
});

const SubKey = z.object({
  id: int,
  label: strOrNull,
  scopes: z.array(z.enum(RENTER_SCOPES)),
  prefix: str,
  expires_at: isoOrNull,
  created_at: iso,
  revoked: z.boolean(),
  revoked_at: isoOrNull,
  status: z.enum(['active', 'expired', 'revoked']),
});

export const RENTER_OPERATIONS: OperationTable = {
  'POST /renters/register': {
    summary: 'Register a renter; answers 201 with its API key (shown once) and the starter credit granted',
    auth: PUBLIC,
    body: registerRenterInput,
    responses: { 201: z.object({ success, renter_id: int, api_key: str, message: str }) },
    errors: [409],
  },
  'GET /renters/me': {
    summary: 'The renter account, its 20 newest jobs and its /v1 usage (master key or a sub-key)',
    auth: { renter: FAMILIES.renterMe },
    responses: {
      200: z.object({
        renter: z.object({
          id: int,
          name: str,
          email: str,
          organization: strOrNull,
          use_case: strOrNull,
          phone: strOrNull,
          webhook_url: z.null(),
          status: str,
          balance_halala: halala,
          held_halala: halala,
          total_spent_halala: halala,
          total_jobs: int,
          created_at: iso,
        }),
        recent_jobs: z.array(
          z.object({ id: int, job_id: str, job_type: str, status: str, submitted_at: iso, completed_at: isoOrNull, actual_cost_halala: halalaOrNull }),
        ),
        v1_usage_summary: z.object({ total_requests: int, prompt_tokens: int, completion_tokens: int, total_tokens: int, total_cost_halala: halala }),
      }),
    },
  },
  'DELETE /renters/me': {
    summary: 'Erase the renter account (PDPL): open jobs cancelled and refunded, data anonymised, keys revoked',
    auth: account,
    responses: { 200: z.object({ cancelled_jobs: int, refunded_halala: halala, deletion_scheduled_for: iso, message: str }) },
  },
  'GET /renters/available-providers': {
    summary: 'Online, bookable providers for renters, largest VRAM first',
    auth: PUBLIC,
    query: z.object({
      discovery: z.enum(['sqlite', 'shadow', 'p2p-primary']).optional().meta({ description: 'Accepted for compatibility: every mode answers the store’s own list' }),
      discovery_mode: z.string().optional().meta({ description: 'Older name of `discovery`' }),
      max_age_ms: z.int().min(1).max(21_600_000).optional(),
    }),
    responses: {
      200: z.object({
        providers: z.array(
          z.object({
            ...listedProvider,
            peer_id: strOrNull,
            status: z.literal('online'),
            discovery_source: z.literal('sqlite'),
            discovered_at: z.null(),
            stale: z.literal(false),
          }),
        ),
        total: int,
        discovery_mode: z.literal('sqlite'),
        discovery_health: z.object({ mode: str, enabled: z.boolean(), announcement_enabled: z.boolean(), bootstrap_configured: z.boolean() }),
      }),
    },
  },
  'GET /renters/balance': {
    summary: 'Wallet balance, the amount held for open jobs, and totals',
    auth: account,
    responses: {
      200: z.object({
        balance_halala: halala,
        balance_sar: num,
        held_halala: halala,
        held_sar: num,
        available_halala: halala,
        total_spent_halala: halala,
        total_spent_sar: num,
        total_jobs: int,
      }),
    },
  },
  'POST /renters/topup': {
    summary: 'Sandbox top-up (off in production unless DCP_ALLOW_SANDBOX_TOPUP=1)',
    auth: account,
    body: topupInput,
    responses: { 200: z.object({ success, topped_up_halala: halala, topped_up_sar: num, new_balance_halala: halala, new_balance_sar: num }) },
  },
  'POST /renters/rotate-key': {
    summary: 'Replace the renter master key (3 per 24 h); the old key stops working',
    auth: account,
    responses: { 200: KeyRotation },
  },
  'POST /renters/me/rotate-key': {
    summary: 'Replace the renter master key (3 per 24 h; same as POST /renters/rotate-key)',
    auth: account,
    responses: { 200: KeyRotation },
  },
  'GET /renters/me/export': {
    summary: 'Export everything held about the renter (PDPL)',
    auth: account,
    responses: { 200: RenterExport },
  },
  'GET /renters/me/data-export': {
    summary: 'Export everything held about the renter (PDPL; same as GET /renters/me/export)',
    auth: account,
    responses: { 200: RenterExport },
  },
  'GET /renters/me/keys': {
    summary: 'The renter’s sub-keys, live ones first (master key only; never the keys themselves)',
    auth: account,
    responses: { 200: z.object({ keys: z.array(SubKey) }) },
  },
  'POST /renters/me/keys': {
    summary: 'Mint a scoped, optionally expiring sub-key; answers 201 with the key, shown once (master key only)',
    auth: account,
    body: createSubKeyInput,
    responses: {
      201: z.object({ id: int, key: str, label: strOrNull, scopes: z.array(z.enum(RENTER_SCOPES)), prefix: str, expires_at: isoOrNull, created_at: iso }),
    },
  },
  'DELETE /renters/me/keys/{keyId}': {
    summary: 'Revoke a sub-key for good (master key only)',
    auth: account,
    params: { keyId: 'The sub-key’s numeric id' },
    responses: { 200: z.object({ success, id: int, revoked_at: iso }) },
  },
};
