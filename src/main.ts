import { resolve } from 'node:path';
import { packageInfo as pkg } from './packageInfo.js';
import { loadConfig, type Config } from './config.js';
import { isDatabaseUnavailable } from './domain/availability.js';
import { createGateway, type Gateway } from './gateway.js';
import { guardProcess } from './process-guard.js';
import { createServer, type ListeningServer } from './server.js';

/**
 * Start-up: configuration -> store and migrations (createGateway) -> process guard -> HTTP server ->
 * periodic sweeps -> graceful shutdown on signals (closing the gateway also stops the sweeps).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.profile === 'production' && !config.adminToken) {
    fail('DCP_ADMIN_TOKEN (or DC1_ADMIN_TOKEN) is required when NODE_ENV=production. Set it and start again.');
  }
  const gateway = await createGateway(config);
  // From here on a database outage never ends the process; an unexpected error does, after logging it.
  guardProcess(gateway.logger);
  let listening: ListeningServer;
  try {
    listening = await createServer(gateway).listen(config.port, config.host);
  } catch (err) {
    await gateway.close();
    throw err;
  }
  console.log(startupBlock(gateway, listening.url));
  // Every instance runs the timer; the sweep's advisory lock lets only one of them work at a time.
  gateway.domain.sweeps.start((err) =>
    isDatabaseUnavailable(err) ? gateway.logger.warn('sweep skipped: database unreachable') : gateway.logger.error({ err }, 'sweep failed'),
  );
  stopOnSignals(gateway, listening);
}

function startupBlock(gateway: Gateway, url: string): string {
  const { config } = gateway;
  const lines = [
    `DCP Gateway ${pkg.version} (${config.profile})`,
    `  URL:          ${url}`,
    // GraphiQL is served only with introspection, off by default in production.
    `  GraphiQL:     ${config.graphqlIntrospection ? `${url}/graphql` : 'off (DCP_GRAPHQL_INTROSPECTION=1 turns it on)'}`,
    `  Store:        ${describeStore(config)}`,
  ];
  // Outside development the operator set the token; never echo a secret into production logs.
  if (config.profile === 'development') lines.push(`  Admin token:  ${gateway.adminToken}`);
  return lines.join('\n');
}

function describeStore(config: Config): string {
  if (!config.databaseUrl)
    return config.dataDir.startsWith('memory://') ? 'PGlite (embedded, in memory: nothing is kept)' : `PGlite (embedded) at ${resolve(config.dataDir)}`;
  return `Postgres at ${maskPassword(config.databaseUrl)}`;
}

function maskPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function stopOnSignals(gateway: Gateway, listening: ListeningServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal means the operator does not want to wait for the grace period.
    if (stopping) process.exit(1);
    stopping = true;
    gateway.logger.info({ signal }, 'shutting down');
    listening.close().then(
      () => process.exit(0),
      (err) => {
        gateway.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

main().catch((err: unknown) => fail(`DCP Gateway failed to start: ${err instanceof Error ? err.message : String(err)}`));
