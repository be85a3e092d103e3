import { z } from 'zod';
import { challengeInput, submitResultInput } from '../../domain/verification.js';
import { FAMILIES, source } from '../credentials.js';
import { verification } from './providerShapes.js';
import { ADMIN, int, intOrNull, iso, isoOrNull, num, PUBLIC, str, strOrNull, success, type Answer, type OperationTable } from './common.js';

/** GPU verification (verification.ts), daemon and setup downloads (distribution.ts), health and this document. */

/** verification.ts reads the daemon's key from the body, then Bearer, then the header. */
const DAEMON_POST = [source.body('api_key'), source.bearer(), source.header('x-provider-key')];

const Challenge = z.object({ challenge_id: str, matrix_size: int, iterations: int, nonce: str, expires_at: iso });
const runStatus = z.enum(['pending', 'completed', 'expired', 'failed']);

const script = (media: string): Answer => ({
  description: 'The setup script (a download; X-Checksum-SHA256 carries its digest). It asks for the provider key.',
  media: { [media]: { type: 'string' } },
});
const setupScript: Answer = {
  description: 'The setup script for the OS asked for (a download; X-Checksum-SHA256 carries its digest); it asks for the provider key',
  media: { 'text/x-shellscript': { type: 'string' }, 'text/plain': { type: 'string', description: 'The Windows PowerShell script' } },
};
const osName = z.string().optional().meta({ description: '`linux` (default), `mac` or `windows`; common aliases (`macos`, `darwin`, `win`, ...) too' });
const notBuilt = z.object({ error: z.literal('Installer not yet built'), message: str, setup_url: str, powershell_alternative: str });
const installer = (summary: string) => ({
  summary,
  description: 'Packaged installers are not built by this gateway: always a 404 pointing at the setup scripts.',
  auth: PUBLIC,
  query: z.object({ os: osName }),
  responses: { 404: { description: 'No packaged installer; use the setup script', json: notBuilt } },
});

export const MISC_OPERATIONS: OperationTable = {
  'POST /verification/challenge': {
    summary: 'Ask a provider to prove its GPU (admin; one open challenge per provider)',
    auth: ADMIN,
    body: challengeInput,
    responses: { 200: z.object({ success, challenge_id: str, provider_id: int, expires_at: iso, message: str }) },
    errors: [409],
  },
  'POST /verification/auto': {
    summary: 'Daemon: ask for its open challenge or a new one',
    auth: { provider: DAEMON_POST },
    body: z.object({}),
    responses: {
      200: z.union([
        z.object({ success, challenge: Challenge }),
        z.object({ success, message: str, status: verification.verification_status, retry_after: iso.optional() }),
      ]),
    },
  },
  'GET /verification/pending': {
    summary: 'Daemon: poll for an open verification challenge',
    auth: { provider: FAMILIES.providerBearer },
    responses: { 200: z.union([z.object({ pending: z.literal(true), challenge: Challenge }), z.object({ pending: z.literal(false) })]) },
  },
  'POST /verification/submit': {
    summary: 'Daemon: answer a challenge with its benchmark result and get the verdict',
    auth: { provider: DAEMON_POST },
    body: submitResultInput,
    responses: {
      200: z.object({
        success,
        message: z.literal('Already submitted').optional(),
        challenge_id: str,
        verdict: strOrNull,
        score: intOrNull,
        flags: z.array(z.object({ type: str, severity: str, detail: str })),
        matched_gpu: strOrNull,
        expected_gflops_range: strOrNull,
        verification_status: verification.verification_status,
      }),
    },
    errors: [409, 410],
  },
  'GET /verification/status/{provider_id}': {
    summary: 'A provider’s verdict and recent runs with their flags (admin or the provider itself)',
    auth: { admin: true, provider: FAMILIES.providerBearer },
    params: { provider_id: 'Numeric provider id' },
    responses: {
      200: z.object({
        provider_id: int,
        name: str,
        registered_gpu: strOrNull,
        detected_gpu: strOrNull,
        vram_mib: int,
        ...verification,
        last_verified: isoOrNull,
        open_challenge: z.object({ challenge_id: str, origin: str, expires_at: iso }).nullable(),
        history: z.array(
          z.object({
            challenge_id: str,
            origin: str,
            status: runStatus,
            verdict: strOrNull,
            score: intOrNull,
            flags: z.array(z.object({ type: str, severity: str, detail: str })),
            matched_gpu: strOrNull,
            requested_at: iso,
            expires_at: iso,
            completed_at: isoOrNull,
          }),
        ),
      }),
    },
  },
  'GET /verification/leaderboard': {
    summary: 'Verified providers, best verification score first',
    auth: PUBLIC,
    query: z.object({ limit: z.int().min(1).max(500).default(100) }),
    responses: {
      200: z.object({
        count: int,
        providers: z.array(
          z.object({
            provider_id: int,
            name: str,
            gpu: strOrNull,
            vram_mib: int,
            verification: z.object({ status: str, score: intOrNull, last_verified: isoOrNull }),
            reliability_score: num,
            total_jobs: int,
            status: str,
          }),
        ),
      }),
    },
  },
  'GET /verification/gpu-database': {
    summary: 'The GPU reference table and the GFLOPS bands verification judges by',
    auth: PUBLIC,
    responses: {
      200: z.object({
        count: int,
        vram_tolerance_pct: num,
        gpus: z.array(
          z.object({
            name: str,
            vram_mib: int,
            vram_gb: int,
            fp32_tflops: num,
            compute_capability: str,
            expected_gflops_min: num,
            expected_gflops_max: num,
            fail_below_gflops: num,
            fail_above_gflops: num,
          }),
        ),
      }),
    },
  },

  'GET /providers/download/daemon': {
    summary: 'Download the provider daemon, with the caller’s key written into it (`check_only=true`: its version only)',
    description: 'A gateway without DCP_DAEMON_PATH answers 404 naming the setting, before the key is looked at.',
    auth: { provider: FAMILIES.providerBearer },
    query: z.object({ check_only: z.enum(['true']).optional().meta({ description: '`true`: answer the release as JSON instead of the file' }) }),
    responses: {
      200: {
        description: 'The daemon file, or with `check_only=true` its release',
        json: z.object({ version: str, min_version: str, download_url: str }),
        media: { 'text/x-python': { type: 'string', description: 'The daemon (Cache-Control: no-store: it carries the key)' } },
      },
    },
  },
  'GET /providers/download/setup': {
    summary: 'Download the setup script for an OS',
    auth: PUBLIC,
    query: z.object({ os: osName }),
    responses: { 200: setupScript },
  },
  'GET /providers/download': {
    summary: 'Download the setup script for a platform (older name)',
    auth: PUBLIC,
    query: z.object({ platform: osName }),
    responses: { 200: setupScript },
  },
  'GET /providers/setup': { summary: 'The Linux setup script (older name)', auth: PUBLIC, responses: { 200: script('text/x-shellscript') } },
  'GET /providers/setup-windows': { summary: 'The Windows setup script (older name)', auth: PUBLIC, responses: { 200: script('text/plain') } },
  'GET /providers/daemon/linux': { summary: 'The Linux setup script (older name)', auth: PUBLIC, responses: { 200: script('text/x-shellscript') } },
  'GET /providers/install': { summary: 'The Linux setup script (older name)', auth: PUBLIC, responses: { 200: script('text/x-shellscript') } },
  'GET /providers/install.sh': { summary: 'The Linux setup script (older name)', auth: PUBLIC, responses: { 200: script('text/x-shellscript') } },
  'GET /providers/installer': installer('Packaged installer (not built: points at the setup scripts)'),
  'GET /providers/daemon/windows': installer('Packaged Windows daemon (not built: points at the setup scripts)'),
  'GET /providers/download-windows-exe': installer('Windows .exe installer (not built: points at the setup scripts)'),
  'GET /daemon/latest-version': {
    summary: 'The daemon version this gateway serves, for the daemon’s update check',
    auth: PUBLIC,
    responses: { 200: z.object({ version: str, download_url: str, changelog: str }) },
  },

  'GET /health': {
    summary: 'Store reachable, provider and job counts, background sweep figures (503 while the store is unreachable)',
    auth: PUBLIC,
    responses: {
      200: z.object({
        status: z.literal('ok'),
        timestamp: iso,
        db: z.literal('ok'),
        store: z.enum(['pglite', 'postgres']),
        providers: z.object({ total: int, online: int }),
        jobs: z.object({ queued: int, running: int }),
        sweepErrors: int,
        sweep: z.object({ totalRuns: int, sweepErrors: int, lastRunAt: isoOrNull, lastErrorAt: isoOrNull, lastErrorMessage: strOrNull }),
      }),
    },
    errors: [500],
  },
  'GET /docs': {
    summary: 'This document (OpenAPI 3.1)',
    auth: PUBLIC,
    responses: {
      200: z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({ title: str, version: str }), paths: z.record(z.string(), z.unknown()) }),
    },
  },
};
