import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/gateway.js';
import { createServer, type ListeningServer } from '../../src/server.js';
import { startTestGateway, storeName, testConfig, type TestGateway } from '../helpers/index.js';
import { onlineProvider, registerRenter } from './restFixtures.js';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'cross-origin-resource-policy': 'same-origin',
};

describe(`REST cross-cutting behaviour (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_CORS_ORIGINS: 'https://partner.example' } });
  });
  afterAll(() => t?.close());

  describe('JSON for every error', () => {
    it('answers an unknown route with a JSON 404, identical under /api and /api/dc1', async () => {
      const [api, dc1] = await Promise.all([t.fetchJson('/api/renters/nothing-here'), t.fetchJson('/api/dc1/renters/nothing-here')]);
      expect(api.status).toBe(404);
      expect(api.headers.get('content-type')).toMatch(/application\/json/);
      expect(api.body).toEqual({ error: 'Not found: GET /renters/nothing-here' });
      expect(dc1.body).toEqual(api.body);
    });

    it('answers a known path with the wrong method with a JSON 405 and Allow', async () => {
      const res = await t.fetchJson('/api/providers/heartbeat');
      expect(res.status).toBe(405);
      expect(res.body).toMatchObject({ error: 'Method GET not allowed on /providers/heartbeat', allowed_methods: ['POST'] });
      expect(res.headers.get('allow')).toBe('POST, OPTIONS');
    });

    it('refuses an over-size body with a JSON 413 and a non-object body with a JSON 400', async () => {
      const big = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'x'.repeat(3 * 1024 * 1024), email: 'big@example.sa' } });
      expect(big).toMatchObject({ status: 413, body: { error: 'Request body too large', limit_bytes: 2 * 1024 * 1024 } });
      const array = await t.fetchJson('/api/renters/register', { method: 'POST', json: [1, 2] });
      expect(array).toMatchObject({ status: 400, body: { error: 'Request body must be a JSON object' } });
    });

    it('reads a chunked body with no declared length, and refuses one that grows past the limit with a 413', async () => {
      const chunked = (parts: string[]) => {
        const encoder = new TextEncoder();
        const body = new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(encoder.encode(part));
            controller.close();
          },
        });
        return fetch(`${t.url}/api/renters/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      };
      const ok = await chunked(['{"name":"Chunked', ' Renter","email":"chunked@example.sa"}']);
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ success: true });
      const megabyte = 'x'.repeat(1024 * 1024);
      const big = await chunked(['{"name":"', megabyte, megabyte, megabyte, '","email":"big2@example.sa"}']);
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({ error: 'Request body too large', limit_bytes: 2 * 1024 * 1024, request_id: big.headers.get('x-request-id') });
    });

    it('accepts an empty body under a JSON content type', async () => {
      const res = await t.fetchJson('/api/providers/pause', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '0' } });
      expect(res).toMatchObject({ status: 400, body: { error: 'API key required' } });
    });
  });

  describe('credential families (first hit wins)', () => {
    it('reads ?key= before the header on /renters/me, and the header first on /renters/balance', async () => {
      const renter = await registerRenter(t);
      const bad = 'dc1-renter-00000000000000000000000000000000';
      expect((await t.fetchJson(`/api/renters/me?key=${bad}`, { headers: { 'x-renter-key': renter.apiKey } })).status).toBe(404);
      expect((await t.fetchJson(`/api/renters/balance?key=${bad}`, { headers: { 'x-renter-key': renter.apiKey } })).status).toBe(200);
    });

    it('does not take Bearer where the original did not', async () => {
      const renter = await registerRenter(t);
      expect(await t.fetchJson('/api/renters/me', { headers: { authorization: `Bearer ${renter.apiKey}` } })).toMatchObject({ status: 400 });
    });

    it('refuses a repeated ?key= parameter', async () => {
      const renter = await registerRenter(t);
      expect((await t.fetchJson(`/api/renters/me?key=${renter.apiKey}&key=${renter.apiKey}`)).status).toBe(400);
    });
  });

  it('sends no rate-limit headers when limits are off (DCP_RATE_LIMITS=off)', async () => {
    const res = await t.fetchJson('/api/health');
    expect(res.headers.get('ratelimit-limit')).toBeNull();
  });

  it('puts the security headers on every answer, errors included', async () => {
    for (const path of ['/api/health', '/api/no-such-route', '/api/dc1/admin/dashboard']) {
      const res = await t.fetchJson(path);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), `${path} ${name}`).toBe(value);
    }
  });

  describe('CORS', () => {
    it('allows the dcp.sa origins, configured ones and loopback outside production', async () => {
      for (const origin of ['https://dcp.sa', 'https://partner.example', 'http://localhost:3000', 'https://dcp-preview-abc.vercel.app']) {
        const res = await t.fetchJson('/api/health', { headers: { origin } });
        expect(res.headers.get('access-control-allow-origin'), origin).toBe(origin);
        expect(res.headers.get('access-control-allow-credentials')).toBe('true');
        // A page may read the request id it quotes when reporting a problem.
        expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
      }
    });

    it('answers an allowed preflight with 204 and a refused one with a JSON 403', async () => {
      const ok = await fetch(`${t.url}/api/jobs/submit`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.dcp.sa', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-renter-key' },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-headers')).toMatch(/X-Renter-Key/);
      expect(ok.headers.get('access-control-max-age')).toBe('86400');
      const refused = await t.fetchJson('/api/jobs/submit', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(refused).toMatchObject({ status: 403, body: { error: 'Origin not allowed by CORS' } });
      const simple = await t.fetchJson('/api/health', { headers: { origin: 'https://evil.example' } });
      expect(simple.status).toBe(200);
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('reports health: store reachable, counts and sweep runs', async () => {
    await onlineProvider(t);
    await t.gateway.domain.sweeps.runOnce();
    const res = await t.fetchJson('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      timestamp: expect.stringMatching(/Z$/),
      db: 'ok',
      store: storeName,
      providers: { total: expect.any(Number), online: expect.any(Number) },
      jobs: { queued: expect.any(Number), running: expect.any(Number) },
      sweepErrors: 0,
      sweep: { totalRuns: 1, sweepErrors: 0, lastRunAt: expect.stringMatching(/Z$/), lastErrorAt: null, lastErrorMessage: null },
    });
    expect(res.body.providers.online).toBeGreaterThanOrEqual(1);
  });

  it('serves the same answers under /api and /api/dc1', async () => {
    const renter = await registerRenter(t);
    // Answers that carry no clock-dependent figure, so two reads compare equal.
    for (const path of ['/renters/balance', '/renters/me', '/providers/public', '/no-such-route']) {
      const [api, dc1] = await Promise.all([
        t.fetchJson(`/api${path}`, { headers: { 'x-renter-key': renter.apiKey } }),
        t.fetchJson(`/api/dc1${path}`, { headers: { 'x-renter-key': renter.apiKey } }),
      ]);
      expect(dc1.status, path).toBe(api.status);
      expect(dc1.body, path).toEqual(api.body);
    }
    const viaDc1 = await t.fetchJson('/api/dc1/renters/register', { method: 'POST', json: { name: 'Via Proxy', email: 'proxy@example.sa' } });
    expect(viaDc1.status).toBe(201);
    expect((await t.fetchJson('/api/renters/me', { headers: { 'x-renter-key': viaDc1.body.api_key } })).status).toBe(200);
  });

  describe('OpenAPI document', () => {
    it('is a valid OpenAPI 3.1 document listing every route family', async () => {
      const res = await t.fetchJson('/api/docs');
      expect(res.status).toBe(200);
      const validator = new Validator();
      const result = await validator.validate(res.body);
      expect(validator.version).toBe('3.1');
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(res.body.openapi).toBe('3.1.0');
      for (const path of ['/renters/register', '/providers/heartbeat', '/providers/{api_key}/jobs', '/admin/dashboard', '/jobs/submit', '/health'])
        expect(Object.keys(res.body.paths)).toContain(path);
    });

    it('describes request bodies from the schemas that validate them', async () => {
      const { body } = await t.fetchJson('/api/dc1/docs');
      const register = body.paths['/renters/register'].post.requestBody.content['application/json'].schema;
      expect(register.required).toEqual(expect.arrayContaining(['name', 'email']));
      expect(register.properties.name).toMatchObject({ type: 'string', minLength: 2, maxLength: 120 });
      const heartbeat = body.paths['/providers/heartbeat'].post.requestBody.content['application/json'].schema;
      expect(heartbeat.properties).toHaveProperty('api_key');
      expect(heartbeat.properties).toHaveProperty('gpu_status');
      expect(body.paths['/admin/dashboard'].get.security).toEqual([{ adminToken: [] }, { adminBearer: [] }]);
    });
  });
});

describe(`REST rate limits (${storeName})`, () => {
  let t: TestGateway;
  let second: ListeningServer;
  const limits = 'heartbeat=3/60,topup=2/60';
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_RATE_LIMITS: 'on', DCP_REST_RATE_LIMITS: limits } });
    // A second gateway instance on the same store: counters must be shared.
    const gateway = await createGateway(testConfig(undefined, { DCP_RATE_LIMITS: 'on', DCP_REST_RATE_LIMITS: limits }), { store: t.gateway.store });
    second = await createServer(gateway).listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('counts a registration once, shared by renters and providers: the sixth in an hour gets 429', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.fetchJson('/api/providers/register', {
        method: 'POST',
        json: { name: 'Limited', email: `limited-${i}@example.sa`, gpu_model: 'RTX 3090', os: 'linux' },
      });
      expect(res.status, `provider ${i}`).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(4 - i));
    }
    await registerRenter(t);
    await registerRenter(t);
    const refused = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Too Many', email: 'too-many@example.sa' } });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'Rate limit exceeded', retryAfterSeconds: expect.any(Number), retryAfterMs: refused.body.retryAfterSeconds * 1000 });
    expect(Number(refused.headers.get('retry-after'))).toBe(refused.body.retryAfterSeconds);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-policy')).toBe('5;w=3600');
  });

  it('shares counters between gateway instances on one store', async () => {
    // The registration bucket is spent by now: make the provider through the domain.
    const { apiKey } = await t.gateway.domain.providers.register({ name: 'Shared', email: 'shared@example.sa', gpu_model: 'RTX 3090', os: 'linux' });
    const beat = (url: string) => fetch(`${url}/api/providers/heartbeat`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ api_key: apiKey }) });
    expect((await beat(t.url)).status).toBe(200);
    expect((await beat(second.url)).status).toBe(200);
    expect((await beat(t.url)).status).toBe(200);
    const refused = await beat(second.url);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'Rate limit exceeded' });
  });

  it('uses the top-up limiter message', async () => {
    const renter = await t.gateway.domain.renters.register({ name: 'Topper', email: 'topper@example.sa' });
    const topup = () => t.fetchJson('/api/renters/topup', { method: 'POST', headers: { 'x-renter-key': renter.apiKey }, json: { amount_halala: 10 } });
    expect((await topup()).status).toBe(200);
    expect((await topup()).status).toBe(200);
    expect(await topup()).toMatchObject({ status: 429, body: { error: 'Too many top-up requests. Slow down.' } });
  });
});
