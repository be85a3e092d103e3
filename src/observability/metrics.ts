import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Face } from './requestId.js';

/**
 * The gateway's Prometheus metrics (docs/observability.md lists them). One registry per gateway, so
 * tests that run several gateways in one process read their own. What can be read when /metrics is
 * scraped (open connections, live subscriptions, breaker states, statement counts) is read then, by
 * collect callbacks, and costs nothing per request; per request there is exactly one histogram
 * observation (its `_count` is the request counter).
 */

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Distinct GraphQL operation names kept as label values; clients choose names, so beyond this they count as `other`. */
const MAX_OPERATION_NAMES = 200;

export type SweepOutcome = 'done' | 'skipped' | 'failed';
/** `ok`, `rejected` (the provider refused the request itself: a 4xx), or the failure's reason. */
export type UpstreamOutcome = 'ok' | 'rejected' | 'timeout' | 'connection' | 'invalid_response' | 'client_gone';

/** Breaker state as a number: 0 closed, 1 open (cooling down), 2 half-open (a probe may go or is going through). */
export interface ProviderHealth {
  providerId: number;
  breaker: 0 | 1 | 2;
  inflight: number;
}

/** Read at scrape time; each source is registered once per gateway part that owns the data. */
export interface MetricSources {
  openConnections?: () => number;
  wsConnections?: () => number;
  dbStatements?: () => number;
  listenerConnected?: () => boolean;
  providers?: () => Iterable<ProviderHealth>;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly sources: MetricSources = {};
  private readonly operationNames = new Set<string>();

  private readonly httpDuration = new Histogram({
    name: 'dcp_http_request_duration_seconds',
    help: 'HTTP requests by face, route pattern, method and status: time until the response ended (streams: until they closed)',
    labelNames: ['face', 'route', 'method', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlOperations = new Counter({
    name: 'dcp_graphql_operations_total',
    help: 'GraphQL operations executed or subscribed, by operation name and type (HTTP, SSE and graphql-ws)',
    labelNames: ['operation', 'type'] as const,
    registers: [this.registry],
  });
  private readonly graphqlErrors = new Counter({
    name: 'dcp_graphql_errors_total',
    help: 'Errors in GraphQL answers, by operation name and error code (INTERNAL_SERVER_ERROR for a masked unexpected error)',
    labelNames: ['operation', 'code'] as const,
    registers: [this.registry],
  });
  private readonly sseSubscriptions = new Gauge({
    name: 'dcp_graphql_sse_subscriptions',
    help: 'GraphQL subscriptions streaming over HTTP (SSE) on this instance',
    registers: [this.registry],
  });
  private readonly sweepRuns = new Counter({
    name: 'dcp_sweep_runs_total',
    help: 'Background sweep passes on this instance: done, skipped (another instance held the lock) or failed',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly sweepDuration = new Histogram({
    name: 'dcp_sweep_duration_seconds',
    help: 'Duration of the sweep passes this instance ran (done or failed)',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly upstreamDuration = new Histogram({
    name: 'dcp_v1_upstream_duration_seconds',
    help: '/v1 attempts at a provider, by provider id and outcome: time to the response headers (the whole body when not streaming)',
    labelNames: ['provider', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const sources = this.sources;
    const gauge = (name: string, help: string, read: () => number | undefined) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const value = read();
          if (value !== undefined) this.set(value);
        },
      });
    gauge('dcp_http_open_connections', 'TCP connections open on the HTTP server (WebSockets included)', () => sources.openConnections?.());
    gauge('dcp_graphql_ws_connections', 'graphql-ws connections open on this instance (each may run several subscriptions)', () => sources.wsConnections?.());
    gauge('dcp_db_listener_connected', '1 while the LISTEN connection that feeds live updates is registered, else 0', () => {
      const connected = sources.listenerConnected?.();
      return connected === undefined ? undefined : Number(connected);
    });
    let statementsReported = 0;
    new Counter({
      name: 'dcp_db_statements_total',
      help: 'SQL statements sent through the query builder since start',
      registers: [this.registry],
      collect() {
        const total = sources.dbStatements?.();
        if (total === undefined) return;
        // The store keeps a running total; a counter is told what was added since the last scrape.
        if (total > statementsReported) this.inc(total - statementsReported);
        statementsReported = total;
      },
    });
    const providerGauge = (name: string, help: string, pick: (p: ProviderHealth) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['provider'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const p of sources.providers?.() ?? []) this.set({ provider: String(p.providerId) }, pick(p));
        },
      });
    providerGauge('dcp_v1_breaker_state', '/v1 circuit breaker per provider: 0 closed, 1 open, 2 half-open', (p) => p.breaker);
    providerGauge('dcp_v1_provider_inflight', '/v1 requests this instance has in flight at each provider', (p) => p.inflight);
  }

  /** Registers where scrape-time values come from (each part of the gateway adds its own). */
  watch(sources: MetricSources): void {
    Object.assign(this.sources, sources);
  }

  /** The one per-request observation. */
  request(face: Face, route: string, method: string, status: number, seconds: number): void {
    this.httpDuration.observe({ face, route, method, status }, seconds);
  }

  /** A GraphQL operation name as a label value, bounded (see MAX_OPERATION_NAMES). */
  operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  graphqlOperation(operation: string, type: string): void {
    this.graphqlOperations.inc({ operation, type });
  }

  graphqlError(operation: string, code: string): void {
    this.graphqlErrors.inc({ operation, code });
  }

  /** An SSE subscription started (+1) or ended (-1). */
  sseSubscription(delta: 1 | -1): void {
    this.sseSubscriptions.inc(delta);
  }

  sweep(outcome: SweepOutcome, seconds: number): void {
    this.sweepRuns.inc({ outcome });
    if (outcome !== 'skipped') this.sweepDuration.observe(seconds);
  }

  upstream(providerId: number, outcome: UpstreamOutcome, seconds: number): void {
    this.upstreamDuration.observe({ provider: String(providerId), outcome }, seconds);
  }

  /** The Prometheus text exposition. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
