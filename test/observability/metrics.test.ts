import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ListeningServer } from '../../src/server.js';
import { eventually } from '../helpers/eventually.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { startV1, type V1Harness } from '../v1/support.js';
import { sample } from './support.js';

const scrape = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe(`/metrics (${storeName})`, () => {
  let h: TestGateway;

  beforeAll(async () => {
    h = await startTestGateway();
  });
  afterAll(() => h?.close());

  it('counts requests per face, route pattern, method and status, with their duration', async () => {
    const key = (await h.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Metrics', email: `m-${Date.now()}@example.com` } })).body.api_key;
    await h.fetchJson(`/api/renters/me?key=${key}`);
    await h.fetchJson(`/api/dc1/renters/me?key=${key}`);
    await h.fetchJson('/api/no/such/route/12345');
    await h.fetchJson('/v1/models');
    await h.gql('query Count { __typename }');
    const labels = { face: 'rest', route: '/renters/me', method: 'GET', status: '200' };
    const { status, type, text } = await eventually(async () => {
      const s = await scrape(h.url);
      return sample(s.text, 'dcp_http_request_duration_seconds_count', labels) === 2 ? s : undefined;
    }, 'both /renters/me requests counted');
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, 'dcp_http_request_duration_seconds_count', { face: 'rest', route: '/renters/register', method: 'POST', status: '201' })).toBe(1);
    expect(sample(text, 'dcp_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(2);
    expect(sample(text, 'dcp_http_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
    // An unknown path is not a label value: it would make one series per path a client makes up.
    expect(sample(text, 'dcp_http_request_duration_seconds_count', { face: 'rest', route: '(none)', method: 'GET', status: '404' })).toBe(1);
    expect(text).not.toContain('12345');
    expect(sample(text, 'dcp_http_request_duration_seconds_count', { face: 'v1', route: '/models', method: 'GET', status: '200' })).toBe(1);
    expect(sample(text, 'dcp_http_request_duration_seconds_count', { face: 'graphql', route: '/graphql', method: 'POST', status: '200' })).toBe(1);
    expect(sample(text, 'dcp_graphql_operations_total', { operation: 'Count', type: 'query' })).toBe(1);
    // The scrapes themselves are not counted.
    expect(text).not.toContain('route="/metrics"');
  });

  it('counts GraphQL errors by operation and code', async () => {
    await h.gql('query Refused { adminDashboard { __typename } }');
    const { text } = await scrape(h.url);
    expect(sample(text, 'dcp_graphql_operations_total', { operation: 'Refused', type: 'query' })).toBe(1);
    const errors = text.split('\n').filter((l) => l.startsWith('dcp_graphql_errors_total{') && l.includes('operation="Refused"'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('reports open connections, live subscriptions, the listener, statements and the process', async () => {
    const abort = new AbortController();
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-admin-token': h.adminToken },
      body: JSON.stringify({ query: 'subscription { dashboardStats { onlineNow } }' }),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    try {
      const { text } = await eventually(async () => {
        const s = await scrape(h.url);
        return sample(s.text, 'dcp_graphql_sse_subscriptions') === 1 ? s : undefined;
      }, 'the SSE subscription among the live ones');
      expect(sample(text, 'dcp_graphql_ws_connections')).toBe(0);
      expect(sample(text, 'dcp_http_open_connections')).toBeGreaterThanOrEqual(2);
      expect(sample(text, 'dcp_db_listener_connected')).toBe(1);
      expect(sample(text, 'dcp_db_statements_total')).toBeGreaterThan(0);
      expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(text).toContain('nodejs_eventloop_lag_seconds');
    } finally {
      abort.abort();
    }
    await eventually(async () => sample((await scrape(h.url)).text, 'dcp_graphql_sse_subscriptions') === 0, 'the subscription gone from the gauge');
  });

  it('counts sweep passes with their duration', async () => {
    const before = sample((await scrape(h.url)).text, 'dcp_sweep_runs_total', { outcome: 'done' }) ?? 0;
    await h.gateway.domain.sweeps.runOnce();
    const { text } = await scrape(h.url);
    expect(sample(text, 'dcp_sweep_runs_total', { outcome: 'done' })).toBe(before + 1);
    expect(sample(text, 'dcp_sweep_duration_seconds_count')).toBe(before + 1);
  });
});

describe(`/metrics with DCP_METRICS_TOKEN (${storeName})`, () => {
  let h: TestGateway;

  beforeAll(async () => {
    h = await startTestGateway({ env: { DCP_METRICS_TOKEN: 'scrape-secret' } });
  });
  afterAll(() => h?.close());

  it('a 401 without the Bearer token or with another, the metrics with it', async () => {
    expect((await scrape(h.url)).status).toBe(401);
    expect((await scrape(h.url, { authorization: 'Bearer not-it' })).status).toBe(401);
    expect((await scrape(h.url, { authorization: `Bearer ${h.adminToken}` })).status).toBe(401);
    const ok = await scrape(h.url, { authorization: 'Bearer scrape-secret' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('dcp_http_request_duration_seconds');
  });
});

/** An address of this machine other than loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe.skipIf(!outsideAddress)(`/metrics in production without a token (${storeName})`, () => {
  let h: TestGateway;
  let everywhere: ListeningServer;

  beforeAll(async () => {
    h = await startTestGateway({ env: { NODE_ENV: 'production' } });
    // The harness listens on 127.0.0.1 only; a second listener on every interface lets a client come from elsewhere.
    everywhere = await createServer(h.gateway).listen(0, '0.0.0.0');
  });
  afterAll(async () => {
    // Only this listener's sockets: the gateway itself is closed with the harness.
    everywhere?.server.closeAllConnections();
    await new Promise((resolve) => everywhere?.server.close(resolve));
    await h?.close();
  });

  it('answers loopback clients, and refuses others with a 403 naming DCP_METRICS_TOKEN', async () => {
    expect((await scrape(`http://127.0.0.1:${everywhere.port}`)).status).toBe(200);
    const outside = await scrape(`http://${outsideAddress}:${everywhere.port}`);
    expect(outside.status).toBe(403);
    expect(JSON.parse(outside.text).error).toContain('DCP_METRICS_TOKEN');
  });
});

describe(`/v1 provider metrics (${storeName})`, () => {
  const MODEL = 'acme/metrics-7b';
  let h: V1Harness;

  beforeAll(async () => {
    h = await startV1({ DCP_V1_BREAKER_FAILURES: '1' });
    await h.model(MODEL, 30, 60);
  });
  afterAll(() => h?.close());

  const chat = (key: string) =>
    h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] } });

  it('times each attempt per provider and outcome, and shows the breaker opening', async () => {
    const fake = await h.fake({ kind: 'json' });
    const provider = await h.provider(fake, [MODEL]);
    const renter = await h.renter();
    expect((await chat(renter.key)).status).toBe(200);
    let { text } = await scrape(h.t.url);
    const id = String(provider.id);
    expect(sample(text, 'dcp_v1_upstream_duration_seconds_count', { provider: id, outcome: 'ok' })).toBe(1);
    expect(sample(text, 'dcp_v1_breaker_state', { provider: id })).toBe(0);
    expect(sample(text, 'dcp_v1_provider_inflight', { provider: id })).toBe(0);

    fake.behaviour = { kind: 'status', status: 500 };
    expect((await chat(renter.key)).status).toBe(503);
    ({ text } = await scrape(h.t.url));
    expect(sample(text, 'dcp_v1_upstream_duration_seconds_count', { provider: id, outcome: 'connection' })).toBe(1);
    expect(sample(text, 'dcp_v1_breaker_state', { provider: id })).toBe(1);
  });
});
