import { z } from 'zod';

/**
 * Every environment variable the gateway reads, parsed and typed in one place.
 * The README's configuration table mirrors this file.
 */
const flag = z
  .enum(['0', '1', 'true', 'false', 'on', 'off', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'on' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8083),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  DCP_DATA_DIR: z.string().default('.data/pglite'),
  DCP_DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  DCP_ADMIN_TOKEN: z.string().optional(),
  DC1_ADMIN_TOKEN: z.string().optional(),
  DCP_HMAC_SECRET: z.string().optional(),
  DC1_HMAC_SECRET: z.string().optional(),
  DCP_STARTER_CREDIT_HALALA: z.coerce.number().int().min(0).default(1000),
  DCP_AUTO_APPROVE_PROVIDERS: flag.optional(),
  DCP_ALLOW_SANDBOX_TOPUP: flag.optional(),
  DCP_ALLOW_PRIVATE_ENDPOINTS: flag.optional(),
  DCP_RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  DCP_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  DCP_PROVIDER_OFFLINE_SECONDS: z.coerce.number().int().min(1).default(90),
  DCP_QUEUE_TIMEOUT_MINUTES: z.coerce.number().min(1).default(30),
  DCP_HEARTBEAT_RETENTION_HOURS: z.coerce.number().min(1).default(24 * 7),
  DAEMON_VERSION: z.string().default('4.1.0'),
  MIN_DAEMON_VERSION: z.string().optional(),
  DCP_DAEMON_PATH: z.string().optional(),
  DCP_PUBLIC_URL: z.string().optional(),
  DCP_GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
  DCP_GRAPHQL_MAX_COMPLEXITY: z.coerce.number().int().min(1).default(5000),
  DCP_GRAPHQL_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1024).default(100_000),
  DCP_MAX_JSON_DEPTH: z.coerce.number().int().min(2).max(1000).default(32),
  DCP_GRAPHQL_INTROSPECTION: flag.optional(),
  DCP_GRAPHQL_TRUSTED_DOCUMENTS: flag.optional(),
  DCP_GRAPHQL_TRUSTED_DOCUMENTS_MANIFEST: z.string().default(''),
  DCP_WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).default(100),
  DCP_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(100),
  DCP_WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(1).default(3_000),
  DCP_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  DCP_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1).default(60_000),
  DCP_HTTP_MAX_HEADER_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
  LOG_LEVEL: z.string().default('info'),
  DCP_ACCESS_LOG: flag.default(true),
  DCP_METRICS: flag.default(true),
  DCP_METRICS_TOKEN: z.string().optional(),
  DCP_CORS_ORIGINS: z.string().default(''),
  FRONTEND_URL: z.string().optional(),
  DCP_ALLOW_LOOPBACK_CORS: flag.optional(),
  DCP_REST_RATE_LIMITS: z.string().default(''),
  DCP_PROVIDER_MAX_INFLIGHT: z.coerce.number().int().min(1).default(16),
  DCP_V1_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(60),
  DCP_V1_STREAM_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(5),
  DCP_V1_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1).default(90_000),
  DCP_V1_STREAM_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  DCP_V1_MAX_STREAM_MS: z.coerce.number().int().min(1).default(30 * 60_000),
  DCP_V1_BREAKER_FAILURES: z.coerce.number().int().min(1).default(3),
  DCP_V1_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(1).default(30_000),
  DCP_V1_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024),
  DCP_IDEMPOTENCY_TTL_MS: z.coerce.number().int().min(1000).default(60_000),
  DCP_VERIFICATION_CHALLENGE_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  DCP_VERIFICATION_RETRY_HOURS: z.coerce.number().min(0).max(8760).default(24),
  DCP_ALLOWED_IMAGES: z.string().default(''),
});

export type Profile = 'development' | 'production' | 'test';

/** A fixed-window limit: `limit` requests per `windowSeconds`. */
export interface RateLimitSetting {
  limit: number;
  windowSeconds: number;
}

/** The legacy REST face: CORS and per-route rate limits (docs/decisions.md#cors, docs/decisions.md#rate-limits). */
export interface RestConfig {
  /** Browser origins allowed besides the built-in dcp.sa ones. */
  corsOrigins: string[];
  /** Accept http://localhost and 127.0.0.1 origins (development). */
  allowLoopbackCors: boolean;
  /** Per-limiter overrides from DCP_REST_RATE_LIMITS=`name=limit/seconds,...` (e.g. `register=20/3600`). */
  rateLimitOverrides: Record<string, RateLimitSetting>;
}

function parseRateLimitOverrides(spec: string): Record<string, RateLimitSetting> {
  const out: Record<string, RateLimitSetting> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)=(\d+)\/(\d+)$/.exec(part);
    if (!m || Number(m[3]) < 1) throw new Error(`Invalid configuration: DCP_REST_RATE_LIMITS entry "${part}" must look like name=limit/seconds`);
    out[m[1]] = { limit: Number(m[2]), windowSeconds: Number(m[3]) };
  }
  return out;
}

export interface Config {
  profile: Profile;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** How long opening a Postgres connection may take before the request waiting for it fails (503). */
  dbConnectTimeoutSeconds: number;
  /** Undefined until start-up generates one (development) or refuses to start (production). */
  adminToken: string | undefined;
  hmacSecret: string | undefined;
  starterCreditHalala: number;
  autoApproveProviders: boolean;
  allowSandboxTopup: boolean;
  allowPrivateEndpoints: boolean;
  rateLimits: boolean;
  sweepIntervalMs: number;
  providerOfflineSeconds: number;
  queueTimeoutMinutes: number;
  heartbeatRetentionHours: number;
  daemonLatestVersion: string;
  daemonMinVersion: string;
  distribution: DistributionConfig;
  graphqlMaxDepth: number;
  graphqlMaxComplexity: number;
  /** Largest GraphQL document (the query text) accepted, in bytes (docs/input-limits.md). */
  graphqlMaxDocumentBytes: number;
  /** Deepest nesting of objects and arrays accepted in any JSON input, on every face (docs/input-limits.md). */
  maxJsonDepth: number;
  /** Schema introspection, and with it GraphiQL, which needs it (off by default in production). */
  graphqlIntrospection: boolean;
  /** Only persisted documents (by id) run, except for the admin (docs/graphql-tooling.md); on by default in production. */
  graphqlTrustedDocuments: boolean;
  /** The persisted-document manifests to load; empty: the committed schema/persisted-documents.json. */
  graphqlTrustedDocumentManifests: string[];
  logLevel: string;
  /** One log line per request (docs/observability.md). */
  accessLog: boolean;
  /** GET /metrics: served at all, and the Bearer token it requires (none: loopback only in production). */
  metrics: { enabled: boolean; token: string | undefined };
  /** Container images script jobs may name besides the built-in ones (DCP_ALLOWED_IMAGES). */
  allowedImages: string[];
  rest: RestConfig;
  connections: ConnectionLimits;
  v1: V1Config;
  verification: VerificationConfig;
}

/** What one client may hold open, and how long it may take to send a request (docs/connection-limits.md). */
export interface ConnectionLimits {
  /** graphql-ws connections open at once from one address; 0: no limit (e.g. behind a proxy that limits). */
  wsMaxConnectionsPerIp: number;
  /** Operations (subscriptions mostly) running at once on one graphql-ws connection. */
  wsMaxSubscriptionsPerConnection: number;
  /** How long a graphql-ws connection may stay open without sending connection_init. */
  wsConnectionInitTimeoutMs: number;
  /** How long a client may take to send a request's headers (slow-loris). */
  httpHeadersTimeoutMs: number;
  /** How long a client may take to send a whole request, body included; never limits the response. */
  httpRequestTimeoutMs: number;
  /** Largest request head (request line and headers); beyond it the answer is a JSON 431. */
  httpMaxHeaderBytes: number;
}

function parseConnectionLimits(e: z.infer<typeof envSchema>): ConnectionLimits {
  // Node refuses a header timeout longer than the request timeout; say so in our own words.
  if (e.DCP_HTTP_HEADERS_TIMEOUT_MS > e.DCP_HTTP_REQUEST_TIMEOUT_MS) {
    throw new Error('Invalid configuration: DCP_HTTP_HEADERS_TIMEOUT_MS must not exceed DCP_HTTP_REQUEST_TIMEOUT_MS');
  }
  return {
    wsMaxConnectionsPerIp: e.DCP_WS_MAX_CONNECTIONS_PER_IP,
    wsMaxSubscriptionsPerConnection: e.DCP_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    wsConnectionInitTimeoutMs: e.DCP_WS_CONNECTION_INIT_TIMEOUT_MS,
    httpHeadersTimeoutMs: e.DCP_HTTP_HEADERS_TIMEOUT_MS,
    httpRequestTimeoutMs: e.DCP_HTTP_REQUEST_TIMEOUT_MS,
    httpMaxHeaderBytes: e.DCP_HTTP_MAX_HEADER_BYTES,
  };
}

/** GPU verification (docs/gpu-verification.md). */
export interface VerificationConfig {
  /** How long a challenge may be answered. */
  challengeTtlSeconds: number;
  /** How long a suspect or failed verdict stands before the daemon may ask for a new challenge. */
  retryHours: number;
}

/** Daemon and installer downloads (docs/distribution.md). */
export interface DistributionConfig {
  /** The operator-supplied daemon file served at /api/providers/download/daemon; unset: those routes answer 404. */
  daemonPath: string | undefined;
  /** The gateway's public base URL, written into the daemon and the setup scripts (no trailing slash). */
  publicUrl: string | undefined;
}

/**
 * A public base URL as the setup scripts and the daemon can embed it: http(s), a host, an optional path,
 * and only characters that need no quoting in a shell, PowerShell or Python string literal.
 */
export const SAFE_PUBLIC_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~\/-]*)?$/;

function parsePublicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const url = value.trim().replace(/\/+$/, '');
  if (!SAFE_PUBLIC_URL.test(url)) {
    throw new Error('Invalid configuration: DCP_PUBLIC_URL must be an http(s) base URL such as https://api.example.sa (no query, credentials or quotes)');
  }
  return url;
}

/** The OpenAI-compatible face: limits, timeouts and the provider circuit breaker. */
export interface V1Config {
  /** Requests one gateway instance sends to one provider at a time. */
  maxInflightPerProvider: number;
  rateLimitPerMinute: number;
  streamRateLimitPerMinute: number;
  /** Until a provider's response headers (and the whole body when not streaming). */
  upstreamTimeoutMs: number;
  /** Longest silence tolerated between two chunks of a provider's stream. */
  streamIdleTimeoutMs: number;
  /** Longest a stream may run; it bounds how long a request holds its reservation. */
  maxStreamMs: number;
  /** Providers tried per request before the first byte (docs/decisions.md#v1-requests). */
  maxAttempts: number;
  /** Consecutive failures that open a provider's circuit breaker. */
  breakerFailures: number;
  /** How long an open breaker keeps a provider out before one probe request is let through. */
  breakerCooldownMs: number;
  maxBodyBytes: number;
  idempotencyTtlMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const profile: Profile =
    e.NODE_ENV === 'production' ? 'production' : e.NODE_ENV === 'test' ? 'test' : 'development';
  const relaxed = profile !== 'production';
  return {
    profile,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.DCP_DATA_DIR,
    dbConnectTimeoutSeconds: e.DCP_DB_CONNECT_TIMEOUT_SECONDS,
    adminToken: e.DCP_ADMIN_TOKEN || e.DC1_ADMIN_TOKEN || undefined,
    hmacSecret: e.DCP_HMAC_SECRET || e.DC1_HMAC_SECRET || undefined,
    starterCreditHalala: e.DCP_STARTER_CREDIT_HALALA,
    autoApproveProviders: e.DCP_AUTO_APPROVE_PROVIDERS ?? relaxed,
    allowSandboxTopup: e.DCP_ALLOW_SANDBOX_TOPUP ?? relaxed,
    allowPrivateEndpoints: e.DCP_ALLOW_PRIVATE_ENDPOINTS ?? relaxed,
    rateLimits: e.DCP_RATE_LIMITS === 'on',
    sweepIntervalMs: e.DCP_SWEEP_INTERVAL_MS,
    providerOfflineSeconds: e.DCP_PROVIDER_OFFLINE_SECONDS,
    queueTimeoutMinutes: e.DCP_QUEUE_TIMEOUT_MINUTES,
    heartbeatRetentionHours: e.DCP_HEARTBEAT_RETENTION_HOURS,
    daemonLatestVersion: e.DAEMON_VERSION,
    daemonMinVersion: e.MIN_DAEMON_VERSION ?? e.DAEMON_VERSION,
    distribution: { daemonPath: e.DCP_DAEMON_PATH || undefined, publicUrl: parsePublicUrl(e.DCP_PUBLIC_URL) },
    graphqlMaxDepth: e.DCP_GRAPHQL_MAX_DEPTH,
    graphqlMaxComplexity: e.DCP_GRAPHQL_MAX_COMPLEXITY,
    graphqlMaxDocumentBytes: e.DCP_GRAPHQL_MAX_DOCUMENT_BYTES,
    maxJsonDepth: e.DCP_MAX_JSON_DEPTH,
    graphqlIntrospection: e.DCP_GRAPHQL_INTROSPECTION ?? relaxed,
    graphqlTrustedDocuments: e.DCP_GRAPHQL_TRUSTED_DOCUMENTS ?? !relaxed,
    graphqlTrustedDocumentManifests: e.DCP_GRAPHQL_TRUSTED_DOCUMENTS_MANIFEST.split(',').map((p) => p.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
    accessLog: e.DCP_ACCESS_LOG,
    metrics: { enabled: e.DCP_METRICS, token: e.DCP_METRICS_TOKEN || undefined },
    allowedImages: e.DCP_ALLOWED_IMAGES.split(',').map((i) => i.trim()).filter(Boolean),
    rest: {
      corsOrigins: [e.FRONTEND_URL ?? '', ...e.DCP_CORS_ORIGINS.split(',')].map((o) => o.trim()).filter(Boolean),
      allowLoopbackCors: e.DCP_ALLOW_LOOPBACK_CORS ?? relaxed,
      rateLimitOverrides: parseRateLimitOverrides(e.DCP_REST_RATE_LIMITS),
    },
    connections: parseConnectionLimits(e),
    v1: {
      maxInflightPerProvider: e.DCP_PROVIDER_MAX_INFLIGHT,
      rateLimitPerMinute: e.DCP_V1_RATE_LIMIT_PER_MIN,
      streamRateLimitPerMinute: e.DCP_V1_STREAM_RATE_LIMIT_PER_MIN,
      upstreamTimeoutMs: e.DCP_V1_UPSTREAM_TIMEOUT_MS,
      streamIdleTimeoutMs: e.DCP_V1_STREAM_IDLE_TIMEOUT_MS,
      maxStreamMs: e.DCP_V1_MAX_STREAM_MS,
      maxAttempts: 3,
      breakerFailures: e.DCP_V1_BREAKER_FAILURES,
      breakerCooldownMs: e.DCP_V1_BREAKER_COOLDOWN_MS,
      maxBodyBytes: e.DCP_V1_MAX_BODY_BYTES,
      idempotencyTtlMs: e.DCP_IDEMPOTENCY_TTL_MS,
    },
    verification: {
      challengeTtlSeconds: e.DCP_VERIFICATION_CHALLENGE_TTL_SECONDS,
      retryHours: e.DCP_VERIFICATION_RETRY_HOURS,
    },
  };
}
