import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { accessLineOf, accessLines, captureLogs, LEVEL, sample, UUID, type LogLine } from './support.js';

describe(`request ids, the access log and log levels (${storeName})`, () => {
  let h: TestGateway;
  let lines: LogLine[];

  beforeAll(async () => {
    const captured = captureLogs();
    lines = captured.lines;
    h = await startTestGateway({
      logger: captured.logger,
      setup: (server) =>
        server.app.get('/explode', () => {
          throw new Error('exploded on purpose');
        }),
    });
  });
  afterAll(() => h?.close());

  const admin = () => ({ 'x-admin-token': h.adminToken });
  const registerRenter = async () => {
    const res = await h.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Obs', email: `obs-${Date.now()}-${Math.random()}@example.com` } });
    expect(res.status).toBe(201);
    return res.body.api_key as string;
  };
  /** Lines written between `from` and now at `level` or above. */
  const since = (from: number, level: number) => lines.slice(from).filter((l) => l.level >= level);

  it('every face answers with X-Request-Id: the client’s when valid, else a fresh UUID', async () => {
    for (const path of ['/', '/graphql?query=%7B__typename%7D', '/api/health', '/api/dc1/health', '/v1/models', '/no-such-page']) {
      const fresh = await fetch(h.url + path);
      expect(fresh.headers.get('x-request-id'), path).toMatch(UUID);
      for (const invalid of ['trace/1', 'trace 1', 'trace"1', '']) {
        const given = await fetch(h.url + path, { headers: { 'x-request-id': invalid } });
        expect(given.headers.get('x-request-id'), `${path} ${invalid}`).toMatch(UUID);
      }
      const valid = await fetch(h.url + path, { headers: { 'x-request-id': 'trace-1.a:B_c' } });
      expect(valid.headers.get('x-request-id'), path).toBe('trace-1.a:B_c');
      const tooLong = await fetch(h.url + path, { headers: { 'x-request-id': 'a'.repeat(129) } });
      expect(tooLong.headers.get('x-request-id'), path).toMatch(UUID);
    }
    const longest = await fetch(`${h.url}/`, { headers: { 'x-request-id': 'a'.repeat(128) } });
    expect(longest.headers.get('x-request-id')).toBe('a'.repeat(128));
  });

  it('error bodies carry the request id beside their fields: REST, /api/dc1, /v1, the root app, GraphQL extensions', async () => {
    const rest = await h.fetchJson('/api/renters/nothing-here', { headers: { 'x-request-id': 'err-rest' } });
    expect(rest.status).toBe(404);
    expect(rest.body).toEqual({ error: 'Not found: GET /renters/nothing-here' });
    expect(rest.body.request_id).toBe('err-rest');

    const dc1 = await h.fetchJson('/api/dc1/renters/me', { headers: { 'x-request-id': 'err-dc1' } });
    expect(dc1.status).toBeGreaterThanOrEqual(400);
    expect(dc1.body.request_id).toBe('err-dc1');

    const v1 = await h.fetchJson('/v1/nowhere', { headers: { 'x-request-id': 'err-v1' } });
    expect(v1.status).toBe(404);
    expect(v1.body.error).toMatchObject({ code: 'unknown_url', type: 'invalid_request_error', status: 404 });
    expect(v1.body.request_id).toBe('err-v1');
    const v1Auth = await h.fetchJson('/v1/chat/completions', { method: 'POST', json: { model: 'x', messages: [] } });
    expect(v1Auth.status).toBe(401);
    expect(v1Auth.body.request_id).toMatch(UUID);

    const root = await h.fetchJson('/nowhere', { headers: { 'x-request-id': 'err-root' } });
    expect(root.status).toBe(404);
    expect(root.body.request_id).toBe('err-root');

    const gql = await h.gql('query Dash { adminDashboard { __typename } }', undefined, { 'x-request-id': 'err-gql' });
    expect(gql.errors?.[0].extensions).toMatchObject({ code: expect.any(String), requestId: 'err-gql' });
    expect(gql.errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('writes one access-log line per request: method, route pattern, status, duration, principal kind, request id; never the key', async () => {
    const key = await registerRenter();
    const me = await h.fetchJson(`/api/renters/me?key=${key}`, { headers: { 'x-request-id': 'acc-renter' } });
    expect(me.status).toBe(200);
    const renterLine = await accessLineOf(lines, 'acc-renter');
    expect(renterLine).toMatchObject({ level: LEVEL.info, method: 'GET', route: '/api/renters/me', status: 200, principal: 'renter' });
    expect(renterLine.ms).toEqual(expect.any(Number));
    expect(JSON.stringify(renterLine)).not.toContain(key);

    const job = await h.fetchJson('/api/dc1/jobs/987654', { headers: { ...admin(), 'x-request-id': 'acc-admin' } });
    const adminLine = await accessLineOf(lines, 'acc-admin');
    expect(adminLine).toMatchObject({ method: 'GET', status: job.status, principal: 'admin' });
    expect(adminLine.route).toMatch(/^\/api\/dc1\/jobs\/:\w+$/);
    expect(JSON.stringify(adminLine)).not.toContain(h.adminToken);

    await h.fetchJson('/api/nowhere/at/all?key=secret-in-query', { headers: { 'x-request-id': 'acc-unknown' } });
    const unknown = await accessLineOf(lines, 'acc-unknown');
    expect(unknown).toMatchObject({ route: '/api/nowhere/at/all', status: 404, principal: 'anonymous' });
    expect(JSON.stringify(unknown)).not.toContain('secret-in-query');

    await h.gql('query Probe { __typename }', undefined, { 'x-request-id': 'acc-gql' });
    expect(await accessLineOf(lines, 'acc-gql')).toMatchObject({ method: 'POST', route: '/graphql', status: 200, operation: 'Probe', principal: 'anonymous' });
    await h.gql('query Mine { __typename }', undefined, { 'x-request-id': 'acc-gql-renter', 'x-renter-key': key });
    expect(await accessLineOf(lines, 'acc-gql-renter')).toMatchObject({ operation: 'Mine', principal: 'renter' });

    await h.fetchJson('/v1/models', { headers: { 'x-request-id': 'acc-v1' } });
    expect(await accessLineOf(lines, 'acc-v1')).toMatchObject({ route: '/v1/models', status: 200 });
    expect(accessLines(lines).filter((l) => l.requestId === 'acc-v1')).toHaveLength(1);
  });

  it('writes no access-log line for /healthz, /readyz and /metrics', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const res = await fetch(h.url + path, { headers: { 'x-request-id': `probe${path.replace('/', '-')}` } });
      expect(res.status, path).toBe(200);
    }
    // A request after them: once its line is there, theirs would be too.
    await h.fetchJson('/', { headers: { 'x-request-id': 'after-probes' } });
    await accessLineOf(lines, 'after-probes');
    expect(accessLines(lines).filter((l) => String(l.requestId).startsWith('probe-') || /healthz|readyz|metrics/.test(l.route))).toEqual([]);
  });

  it('writes the line of a stream when it ends, not when it starts', async () => {
    const abort = new AbortController();
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-request-id': 'acc-sse', ...admin() },
      body: JSON.stringify({ query: 'subscription Totals { dashboardStats { onlineNow } }' }),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    await eventually(async () => {
      received += decoder.decode((await reader.read()).value ?? new Uint8Array());
      return received.includes('onlineNow');
    }, 'the first event of the subscription');
    // Another request, started and logged after the stream's first event: the stream itself is not logged yet.
    await h.fetchJson('/', { headers: { 'x-request-id': 'during-sse' } });
    await accessLineOf(lines, 'during-sse');
    expect(accessLines(lines).find((l) => l.requestId === 'acc-sse')).toBeUndefined();
    abort.abort();
    const line = await accessLineOf(lines, 'acc-sse');
    expect(line).toMatchObject({ route: '/graphql', operation: 'Totals', principal: 'admin', status: 200, incomplete: true });
  });

  it('logs client errors below error level without a stack: a refused anonymous query, a REST 4xx', async () => {
    const from = lines.length;
    const refused = await h.gql('query Dash { adminDashboard { __typename } }', undefined, { 'x-request-id': 'lvl-anon' });
    expect(refused.errors).toHaveLength(1);
    await h.fetchJson('/api/renters/me', { headers: { 'x-request-id': 'lvl-rest' } });
    await accessLineOf(lines, 'lvl-anon');
    await accessLineOf(lines, 'lvl-rest');
    expect(since(from, LEVEL.warn)).toEqual([]);
    const info = lines.slice(from).find((l) => l.msg === 'graphql: client error');
    expect(info).toMatchObject({ level: LEVEL.info, requestId: 'lvl-anon', operation: 'Dash', errors: [{ code: refused.errors![0].extensions!.code }] });
    expect(JSON.stringify(lines.slice(from))).not.toContain('"stack"');
    expect(await accessLineOf(lines, 'lvl-anon')).toMatchObject({ errors: [refused.errors![0].extensions!.code] });
  });

  it('logs a server fault once, at error level, with its stack and the request id (REST, GraphQL)', async () => {
    let from = lines.length;
    const res = await h.fetchJson('/explode', { headers: { 'x-request-id': 'lvl-500' } });
    expect(res.status).toBe(500);
    expect(res.body.request_id).toBe('lvl-500');
    let errors = since(from, LEVEL.error);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ requestId: 'lvl-500' });
    expect(errors[0].err.stack).toContain('exploded on purpose');

    const { stats } = h.gateway.domain;
    const dashboard = stats.dashboard;
    stats.dashboard = async () => {
      throw new Error('dashboard exploded');
    };
    try {
      from = lines.length;
      const gql = await h.gql('query Dash { adminDashboard { __typename } }', undefined, { ...admin(), 'x-request-id': 'lvl-gql-500' });
      expect(gql.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'lvl-gql-500' } });
      await accessLineOf(lines, 'lvl-gql-500');
      errors = since(from, LEVEL.error);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ requestId: 'lvl-gql-500' });
      expect(errors[0].err.stack).toContain('dashboard exploded');
    } finally {
      stats.dashboard = dashboard;
    }
  });
});

describe(`DCP_ACCESS_LOG=off (${storeName})`, () => {
  let h: TestGateway;
  let lines: LogLine[];

  beforeAll(async () => {
    const captured = captureLogs();
    lines = captured.lines;
    h = await startTestGateway({ logger: captured.logger, env: { DCP_ACCESS_LOG: 'off' } });
  });
  afterAll(() => h?.close());

  it('writes no access-log line, while the request metric still counts', async () => {
    const res = await h.fetchJson('/v1/models');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(UUID);
    // The metric is observed in the same step that would write the line.
    await eventually(async () => {
      const text = await (await fetch(`${h.url}/metrics`)).text();
      return sample(text, 'dcp_http_request_duration_seconds_count', { face: 'v1', route: '/models', method: 'GET', status: '200' }) === 1;
    }, 'the /v1/models request in the metrics');
    expect(accessLines(lines)).toEqual([]);
  });
});
