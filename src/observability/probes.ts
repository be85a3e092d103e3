import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import type { Gateway } from '../gateway.js';

/**
 * /healthz, /readyz and /metrics, answered by src/server.ts before any face: no rate limit, no access-log
 * line, no Request object. An orchestrator polls them every few seconds; they must stay cheap and must
 * answer even when the rate limits would refuse everyone else.
 */

export type ProbeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** How long the readiness query may take before the database counts as unreachable. */
const READY_QUERY_TIMEOUT_MS = 2_000;

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(text);
}

/** Probes answer GET and HEAD only. */
function refusedMethod(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  send(response, 405, { error: `Method ${request.method} not allowed`, allowed_methods: ['GET', 'HEAD'] }, { allow: 'GET, HEAD' });
  return true;
}

/** Liveness: the process answers. Nothing else is looked at, so a database outage never gets the process restarted. */
const healthz: ProbeHandler = (request, response) => {
  if (refusedMethod(request, response)) return;
  send(response, 200, { status: 'ok' });
};

/** The `when` of the newest migration this build ships (drizzle-kit's journal). */
function newestMigration(): number {
  const journal = JSON.parse(readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: Array<{ when: number }> };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

type Check = 'ok' | string;

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One trivial query tells both: the database answers, and it has every migration this build ships. */
async function databaseChecks(gateway: Gateway, newest: number): Promise<{ database: Check; migrations: Check }> {
  try {
    const result = await withTimeout(
      gateway.store.db.execute(sql`select max(created_at) as last from drizzle.__drizzle_migrations`),
      READY_QUERY_TIMEOUT_MS,
    );
    const last = Number(rowsOf<{ last: string | number | null }>(result)[0]?.last ?? 0);
    return { database: 'ok', migrations: last >= newest ? 'ok' : 'not applied: the database is behind this build' };
  } catch (err) {
    const reason = `unreachable: ${err instanceof Error ? err.message : String(err)}`;
    return { database: reason, migrations: 'unknown (database unreachable)' };
  }
}

/**
 * Readiness: the database answers within READY_QUERY_TIMEOUT_MS, its migrations are applied, the LISTEN
 * connection that feeds live updates is registered, and the server is not shutting down. 200 with every
 * check, or 503 naming the failing ones.
 */
function readyz(gateway: Gateway, isClosing: () => boolean): ProbeHandler {
  const newest = newestMigration();
  return (request, response) => {
    if (refusedMethod(request, response)) return;
    void databaseChecks(gateway, newest).then((db) => {
      const checks: Record<string, Check> = {
        ...db,
        listener: gateway.events.isListening ? 'ok' : 'not listening: live updates are interrupted',
        accepting: isClosing() ? 'shutting down' : 'ok',
      };
      const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
      if (failing.length) send(response, 503, { status: 'not_ready', failing, checks });
      else send(response, 200, { status: 'ready', checks });
    });
  };
}

const LOOPBACK = /^(?:127\.|::1$|::ffff:127\.)/;

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may read /metrics: with DCP_METRICS_TOKEN, whoever sends it as a Bearer token; without one, in
 * production only clients on the loopback interface (a scraper beside the gateway or a sidecar), elsewhere
 * anyone. The metrics name no secret, but they tell traffic, providers and failures to whoever reads them.
 */
function metricsAccess(gateway: Gateway, request: IncomingMessage): { status: 401 | 403; error: string } | undefined {
  const { token } = gateway.config.metrics;
  if (token) {
    const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return given && sameSecret(given, token) ? undefined : { status: 401, error: 'Metrics require Authorization: Bearer <DCP_METRICS_TOKEN>' };
  }
  if (gateway.config.profile !== 'production' || LOOPBACK.test(request.socket.remoteAddress ?? '')) return undefined;
  return { status: 403, error: 'Metrics are served to loopback clients only; set DCP_METRICS_TOKEN to scrape from elsewhere' };
}

function metrics(gateway: Gateway): ProbeHandler {
  return (request, response) => {
    if (refusedMethod(request, response)) return;
    const refused = metricsAccess(gateway, request);
    if (refused) {
      send(response, refused.status, { error: refused.error }, refused.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
      return;
    }
    gateway.metrics.expose().then(
      ({ contentType, body }) => {
        response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        response.end(body);
      },
      (err: unknown) => {
        gateway.logger.error({ err }, 'metrics collection failed');
        send(response, 500, { error: 'Internal server error' });
      },
    );
  };
}

/** The probe routes by exact path; /metrics only when DCP_METRICS is on. */
export function probeRoutes(gateway: Gateway, isClosing: () => boolean): Map<string, ProbeHandler> {
  const routes = new Map<string, ProbeHandler>([
    ['/healthz', healthz],
    ['/readyz', readyz(gateway, isClosing)],
  ]);
  if (gateway.config.metrics.enabled) routes.set('/metrics', metrics(gateway));
  return routes;
}

/** The probe a request target names, if any (the query string is ignored). */
export function probeFor(routes: Map<string, ProbeHandler>, url: string): ProbeHandler | undefined {
  // Every probe path starts with "/healthz", "/readyz" or "/metrics": skip the lookup for everything else cheaply.
  const c = url.charCodeAt(1);
  if (c !== 104 && c !== 114 && c !== 109) return undefined;
  const query = url.indexOf('?');
  return routes.get(query < 0 ? url : url.slice(0, query));
}
