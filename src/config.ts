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
  DCP_GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
  DCP_GRAPHQL_MAX_COMPLEXITY: z.coerce.number().int().min(1).default(5000),
  LOG_LEVEL: z.string().default('info'),
});

export type Profile = 'development' | 'production' | 'test';

export interface Config {
  profile: Profile;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
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
  graphqlMaxDepth: number;
  graphqlMaxComplexity: number;
  logLevel: string;
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
    graphqlMaxDepth: e.DCP_GRAPHQL_MAX_DEPTH,
    graphqlMaxComplexity: e.DCP_GRAPHQL_MAX_COMPLEXITY,
    logLevel: e.LOG_LEVEL,
  };
}
