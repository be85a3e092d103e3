import { loadConfig, type Config } from '../../src/config.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789abcdef';

/**
 * The configuration tests run with: quiet (LOG_LEVEL overrides), no rate limits, sweeps driven by the
 * test, private provider endpoints allowed, a known admin token. `env` adds or overrides variables.
 */
export function testConfig(databaseUrl: string | undefined, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DCP_DATA_DIR: 'memory://',
    DCP_RATE_LIMITS: 'off',
    DCP_ALLOW_PRIVATE_ENDPOINTS: '1',
    DCP_SWEEP_INTERVAL_MS: '0',
    DCP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    // Suites send documents of their own, so trusted documents stay off even under NODE_ENV=production; test/graphql-tooling turns them on.
    DCP_GRAPHQL_TRUSTED_DOCUMENTS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
}
