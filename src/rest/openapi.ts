import type { Hono } from 'hono';
import { z } from 'zod';
import { packageInfo as pkg } from '../packageInfo.js';
import { PROVIDER_LIST_STATUSES } from '../domain/admin.js';
import { daemonEventInput, readinessInput } from '../domain/daemon.js';
import { heartbeatInput } from '../domain/heartbeat.js';
import { endpointReadyInput } from '../domain/jobViews.js';
import { completeJobInput, failJobInput, logLinesInput } from '../domain/jobs.js';
import { submitJobInput } from '../domain/submit.js';
import { preferencesInput, registerProviderInput } from '../domain/providers.js';
import { balanceAdjustmentInput, registerRenterInput, topupInput } from '../domain/renters.js';
import { createSubKeyInput } from '../domain/subKeys.js';
import { challengeInput, submitResultInput } from '../domain/verification.js';

/**
 * The OpenAPI 3.1 document of the REST face, built from the app's own route table (so every mounted
 * route is listed) and from the zod schemas the domain validates request bodies with.
 */

type JsonSchema = Record<string, unknown>;

interface BodySpec {
  schema: z.ZodType;
  /** A credential the route reads from the body besides the schema's fields. */
  bodyKey?: 'api_key' | 'key';
}

/** Request bodies by `METHOD /path` (Hono path syntax). */
const BODIES: Record<string, BodySpec> = {
  'POST /renters/register': { schema: registerRenterInput },
  'POST /renters/topup': { schema: topupInput },
  'POST /renters/me/keys': { schema: createSubKeyInput },
  'POST /providers/register': { schema: registerProviderInput },
  'POST /providers/heartbeat': { schema: heartbeatInput, bodyKey: 'api_key' },
  'POST /providers/preferences': { schema: preferencesInput, bodyKey: 'key' },
  'POST /providers/pause': { schema: z.object({}), bodyKey: 'key' },
  'POST /providers/resume': { schema: z.object({}), bodyKey: 'key' },
  'POST /providers/readiness': { schema: readinessInput, bodyKey: 'api_key' },
  'POST /providers/daemon-event': { schema: daemonEventInput, bodyKey: 'api_key' },
  'POST /providers/job-result': {
    schema: completeJobInput.extend({
      job_id: z.string().min(1).max(80),
      success: z.union([z.boolean(), z.literal('true'), z.literal(1)]).optional(),
      error: z.string().max(10_000).nullish(),
    }),
    bodyKey: 'api_key',
  },
  'PATCH /providers/jobs/:job_id/logs': { schema: logLinesInput, bodyKey: 'api_key' },
  'POST /admin/renters/:id/balance': { schema: balanceAdjustmentInput },
  'POST /admin/providers/:id/reject': { schema: z.object({ reason: z.string().min(1) }) },
  'PATCH /admin/providers/:id/reject': { schema: z.object({ reason: z.string().min(1) }) },
  'PATCH /admin/providers/:id/preload-model': { schema: z.object({ model_name: z.string().min(1).max(256) }) },
  'POST /jobs/submit': { schema: submitJobInput },
  'POST /jobs/:id/complete': { schema: completeJobInput },
  'POST /jobs/:id/result': { schema: completeJobInput, bodyKey: 'api_key' },
  'POST /jobs/:id/fail': { schema: failJobInput, bodyKey: 'api_key' },
  'POST /jobs/:id/logs': { schema: logLinesInput, bodyKey: 'api_key' },
  'POST /jobs/:id/endpoint-ready': { schema: endpointReadyInput, bodyKey: 'api_key' },
  'POST /verification/challenge': { schema: challengeInput },
  'POST /verification/auto': { schema: z.object({}), bodyKey: 'api_key' },
  'POST /verification/submit': { schema: submitResultInput, bodyKey: 'api_key' },
};

type QueryParam = [name: string, schema: JsonSchema];
const int = (minimum: number, maximum: number): JsonSchema => ({ type: 'integer', minimum, maximum });
const text: JsonSchema = { type: 'string' };
const PAGE: QueryParam[] = [['page', int(0, 1_000_000)], ['limit', int(1, 200)]];

/** Query parameters of the list and report routes. */
const QUERIES: Record<string, QueryParam[]> = {
  'GET /renters/available-providers': [['discovery', { type: 'string', enum: ['sqlite', 'shadow', 'p2p-primary'] }], ['max_age_ms', int(1, 21_600_000)]],
  'GET /providers/job-history': [['limit', int(1, 200)], ['offset', int(0, 1_000_000)]],
  'GET /admin/providers': [...PAGE, ['search', text], ['status', { type: 'string', enum: [...PROVIDER_LIST_STATUSES] }], ['gpu_model', text]],
  'GET /admin/renters': [...PAGE, ['search', text], ['status', text]],
  'GET /admin/jobs': [
    ['page', int(0, 1_000_000)],
    ['limit', int(1, 500)],
    ['status', { type: 'string', description: 'One status or a comma-separated list' }],
    ['type', text],
    ['provider_id', int(1, 2_147_483_647)],
    ['renter_id', int(1, 2_147_483_647)],
    ['date_from', { type: 'string', format: 'date-time' }],
    ['date_to', { type: 'string', format: 'date-time' }],
    ['search', text],
  ],
  'GET /admin/daemon-health': [['hours', int(1, 720)], ['provider_id', int(1, 2_147_483_647)]],
  'GET /admin/audit': [['page', int(1, 1_000_000)], ['limit', int(1, 200)]],
  'GET /verification/leaderboard': [['limit', int(1, 500)]],
};

const SUMMARIES: Record<string, string> = {
  'POST /renters/register': 'Register a renter; answers 201 with its API key (shown once) and the starter credit granted',
  'GET /renters/me': 'The renter account, its 20 newest jobs and its /v1 usage',
  'DELETE /renters/me': 'Erase the renter account (PDPL): open jobs cancelled and refunded, data anonymised, keys revoked',
  'GET /renters/available-providers': 'Online, bookable providers for renters, largest VRAM first',
  'GET /renters/balance': 'Wallet balance, amount held for open jobs, and totals',
  'POST /renters/topup': 'Sandbox top-up (development only unless DCP_ALLOW_SANDBOX_TOPUP=1)',
  'POST /renters/rotate-key': 'Replace the renter key (3 per 24 h)',
  'POST /renters/me/rotate-key': 'Replace the renter key (3 per 24 h)',
  'GET /renters/me/export': 'Export everything held about the renter',
  'GET /renters/me/data-export': 'Export everything held about the renter',
  'GET /renters/me/keys': 'The renter’s sub-keys, live ones first (master key only; never the keys themselves)',
  'POST /renters/me/keys': 'Mint a scoped, optionally expiring sub-key; answers 201 with the key, shown once (master key only)',
  'DELETE /renters/me/keys/:keyId': 'Revoke a sub-key for good (master key only)',
  'POST /providers/register': 'Register a provider; it is pending until an admin approves it',
  'GET /providers/me': 'The provider record, earnings windows, active job and 20 newest jobs',
  'POST /providers/heartbeat': 'Daemon heartbeat (approved providers only)',
  'POST /providers/pause': 'Stop receiving new work (body `key`)',
  'POST /providers/resume': 'Receive work again (body `key`)',
  'POST /providers/preferences': 'Run mode, schedule and GPU limits (body `key`)',
  'GET /providers/status': 'The provider status',
  'GET /providers/status/:api_key': 'The provider status (legacy path form)',
  'GET /providers/jobs/next': 'Claim the next job (the daemon poll; Bearer accepted)',
  'GET /providers/:api_key/jobs': 'Claim the next job (legacy path form)',
  'POST /providers/job-result': 'Report a job outcome: success completes and settles it, failure refunds it',
  'PATCH /providers/jobs/:job_id/logs': 'Append job log lines',
  'GET /providers/available': 'Live and degraded bookable providers with reputation figures',
  'GET /providers/marketplace': 'Online bookable providers with prices (bare array)',
  'GET /providers/public': 'Public provider list (bare array, cached 30 s)',
  'GET /providers/earnings': 'Earned, claimable and held amounts',
  'GET /providers/earnings/summary': 'Earnings summary for the daemon',
  'GET /providers/job-history': 'Finished jobs with totals',
  'POST /providers/rotate-key': 'Replace the provider key (3 per 24 h)',
  'POST /providers/me/rotate-key': 'Replace the provider key (3 per 24 h)',
  'POST /providers/readiness': 'Record the daemon readiness checks',
  'POST /providers/daemon-event': 'Record a daemon event (bodies up to 2 MB)',
  'GET /admin/dashboard': 'Marketplace figures, GPU breakdown, recent sign-ups and heartbeats',
  'GET /health': 'Store reachable, provider and job counts',
  'POST /verification/challenge': 'Ask a provider to prove its GPU (admin; one open challenge per provider)',
  'POST /verification/auto': 'The daemon asks for its open or a new verification challenge (body key or Bearer)',
  'GET /verification/pending': 'The daemon polls for an open verification challenge (Bearer accepted)',
  'POST /verification/submit': 'The daemon answers a challenge with its benchmark result and gets the verdict',
  'GET /verification/status/:provider_id': 'A provider’s verdict and recent runs with their flags (admin or the provider itself)',
  'GET /verification/leaderboard': 'Verified providers, best verification score first',
  'GET /verification/gpu-database': 'The GPU reference table and the GFLOPS bands verification judges by',
  'GET /docs': 'This document',
};

/** Where each family of routes reads its credential (rest-contract §2.1). */
function securityOf(method: string, path: string): Array<Record<string, string[]>> | undefined {
  const isPublic =
    ['/renters/register', '/providers/register', '/renters/available-providers', '/health', '/docs'].includes(path) ||
    (method === 'GET' &&
      ['/providers/available', '/providers/marketplace', '/providers/public', '/jobs/queue/status', '/verification/leaderboard', '/verification/gpu-database'].includes(path));
  if (isPublic) return [];
  if (path.startsWith('/admin') || path === '/verification/challenge') return [{ adminToken: [] }, { bearer: [] }];
  if (path.startsWith('/verification')) return [{ providerKey: [] }, { keyQuery: [] }, { bearer: [] }, { adminToken: [] }];
  if (path.startsWith('/renters')) return [{ renterKey: [] }, { keyQuery: [] }];
  if (path.includes(':api_key')) return [{}];
  if (path.startsWith('/providers')) return [{ providerKey: [] }, { keyQuery: [] }, { bearer: [] }];
  return [{ renterKey: [] }, { providerKey: [] }, { adminToken: [] }, { keyQuery: [] }, { bearer: [] }];
}

function jsonSchemaOf(spec: BodySpec): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(spec.schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  if (!spec.bodyKey) return schema;
  const properties = { [spec.bodyKey]: { type: 'string', description: 'The provider API key' }, ...(schema.properties as JsonSchema | undefined) };
  return { ...schema, properties, required: [spec.bodyKey, ...((schema.required as string[] | undefined) ?? [])] };
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operation(method: string, honoPath: string) {
  const key = `${method} ${honoPath}`;
  const params = [
    ...[...honoPath.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
    ...(QUERIES[key] ?? []).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
  ];
  const body = BODIES[key];
  // Daemon routes take the key in the body (documented in the request schema), not in a security scheme.
  const security = body?.bodyKey ? [{}] : securityOf(method, honoPath);
  return {
    summary: SUMMARIES[key] ?? `${method} ${honoPath.replace(/:(\w+)/g, '{$1}')}`,
    operationId: `${method.toLowerCase()}${honoPath.replace(/[:/{}-](\w?)/g, (_m, c: string) => c.toUpperCase())}`,
    tags: [honoPath.split('/')[1] || 'meta'],
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(body) } } } } : {}),
    ...(security ? { security } : {}),
    responses: {
      [['POST /renters/register', 'POST /jobs/submit', 'POST /renters/me/keys'].includes(key) ? '201' : '200']: {
        description: 'Success',
        content: { 'application/json': { schema: { type: ['object', 'array'] } } },
      },
      '400': errorResponse('Missing or invalid input'),
      ...(security?.length ? { '401': errorResponse('Missing or wrong credential'), '403': errorResponse('Not allowed') } : {}),
      '404': errorResponse('Not found'),
      '429': errorResponse('Rate limit exceeded'),
    },
  };
}

/** Builds the document from `app.routes`; call it once the app has every route. */
export function openApiDocument(app: Hono) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    const path = route.path.replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}');
    const method = route.method.toLowerCase();
    paths[path] ??= {};
    paths[path][method] ??= operation(route.method, route.path);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DCP Gateway — legacy REST API',
      version: pkg.version,
      description: 'Served identically under /api and /api/dc1. Errors are JSON: {"error": "<message>", ...context}.',
    },
    servers: [{ url: '/api' }, { url: '/api/dc1' }],
    paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string' },
            fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
          additionalProperties: true,
        },
      },
      securitySchemes: {
        adminToken: { type: 'apiKey', in: 'header', name: 'x-admin-token' },
        renterKey: { type: 'apiKey', in: 'header', name: 'x-renter-key' },
        providerKey: { type: 'apiKey', in: 'header', name: 'x-provider-key' },
        keyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'Deprecated: answers carry Deprecation and Sunset headers' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}
