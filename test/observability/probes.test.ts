import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';

describe(`/healthz, /readyz, and /metrics turned off (${storeName})`, () => {
  let h: TestGateway;

  beforeAll(async () => {
    // Rate limits on, with budgets of one request a minute: the probes must not be counted against them.
    h = await startTestGateway({
      env: { DCP_RATE_LIMITS: 'on', DCP_REST_RATE_LIMITS: 'general=1/60,public=1/60,tiered_anonymous=1/60', DCP_METRICS: 'off' },
    });
  });
  afterAll(() => h?.close());

  it('/healthz answers 200 {"status":"ok"}', async () => {
    const res = await h.fetchJson('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('/readyz answers 200 with every check when the database, its migrations and the listener are fine', async () => {
    const res = await h.fetchJson('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', listener: 'ok', accepting: 'ok' } });
  });

  it('probes are outside the rate limits that refuse /api/health', async () => {
    const health = [await h.fetchJson('/api/health'), await h.fetchJson('/api/health'), await h.fetchJson('/api/health')];
    expect(health.map((r) => r.status)).toContain(429);
    for (let i = 0; i < 5; i++) {
      expect((await h.fetchJson('/healthz')).status).toBe(200);
      expect((await h.fetchJson('/readyz')).status).toBe(200);
      expect((await h.fetchJson('/readyz?verbose=1')).status).toBe(200);
    }
  });

  it('probes answer GET and HEAD only', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await fetch(h.url + path, { method: 'POST' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect((await fetch(h.url + path, { method: 'HEAD' })).status).toBe(200);
    }
  });

  it('DCP_METRICS=off: /metrics is not served', async () => {
    expect((await h.fetchJson('/metrics')).status).toBe(404);
  });

  it('/readyz answers 503 naming the failing check when the LISTEN connection is gone; /healthz stays 200', async () => {
    await h.gateway.events.stop();
    const res = await h.fetchJson('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'not_ready', failing: ['listener'], checks: { database: 'ok', migrations: 'ok', listener: expect.stringMatching(/^not listening/) } });
    expect((await h.fetchJson('/healthz')).status).toBe(200);
  });
});
