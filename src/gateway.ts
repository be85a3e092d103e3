import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createStore, type Store } from './db/client.js';
import { postgresDriverPatched } from './db/driver-patch.js';
import { migrate } from './db/migrate.js';
import type { DomainContext } from './domain/context.js';
import { EventBus } from './domain/events.js';
import { createDomain, type Domain } from './domain/index.js';
import { Metrics } from './observability/metrics.js';
import { persistentSetting, randomSecret } from './domain/settings.js';

/** Everything the three faces share: one store, one domain, one event stream. */
export interface Gateway {
  config: Config;
  store: Store;
  domain: Domain;
  events: EventBus;
  logger: Logger;
  /** Prometheus metrics, served at /metrics (docs/observability.md). */
  metrics: Metrics;
  /** The admin token in force (configured or generated at start-up). */
  adminToken: string;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Use this store instead of opening one from the configuration (tests). */
  store?: Store;
  logger?: Logger;
  /** Override the clock (tests). */
  now?: () => Date;
}

/** Opens the store, applies migrations, loads secrets and starts the event listener. */
export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? stdoutLogger(config.logLevel);
  const store =
    options.store ?? (await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, connectTimeoutSeconds: config.dbConnectTimeoutSeconds }));
  if (store.kind === 'postgres' && !postgresDriverPatched()) {
    logger.warn('postgres.js is installed without its outage patch (was npm run with --ignore-scripts?): run `node scripts/patch-postgres.mjs`, or a database restart may crash this instance');
  }
  await migrate(store);
  const hmacSecret = config.hmacSecret ?? (await persistentSetting(store.db, 'hmac_secret', randomSecret));
  const adminToken = config.adminToken ?? (await persistentSetting(store.db, 'admin_token', randomSecret));
  const ctx: DomainContext = { config: { ...config, adminToken }, store, hmacSecret, now: options.now ?? (() => new Date()) };
  const domain = createDomain(ctx);
  await domain.init();
  const events = new EventBus(store, { onDatabaseState: (state) => logDatabaseState(logger, state) });
  events.onResync((since) => logger.info({ since }, 'event listener re-established: live subscriptions catch up on what they missed'));
  await events.start();
  const metrics = new Metrics();
  metrics.watch({ dbStatements: () => store.statements.count, listenerConnected: () => events.isListening });
  domain.sweeps.onRun((outcome, seconds) => metrics.sweep(outcome, seconds));
  return {
    config: ctx.config,
    store,
    domain,
    events,
    logger,
    metrics,
    adminToken,
    async close() {
      await domain.stop();
      await events.stop();
      if (!options.store) await store.close();
    },
  };
}

/** How long a log line may wait in the buffer before it is written anyway. */
const LOG_FLUSH_MS = 1000;

/**
 * The process log, written to stdout in batches: with one access-log line per request, a write system call
 * per line was a measurable share of a small request's CPU. Lines are written once 4 KB are waiting, at
 * least every second, and at exit (pino flushes its destination when the process exits); a crash of the
 * process itself can lose the last second of lines, never anything in the database.
 */
function stdoutLogger(level: string): Logger {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logger = pino({ level }, destination);
  setInterval(() => logger.flush(), LOG_FLUSH_MS).unref();
  return logger;
}

function logDatabaseState(logger: Logger, state: 'unreachable' | 'reachable'): void {
  if (state === 'unreachable') logger.warn('database unreachable: requests answer 503 until it is back; this instance keeps running and reconnects by itself');
  else logger.info('database reachable again');
}
