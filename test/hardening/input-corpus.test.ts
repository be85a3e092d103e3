import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestApp } from '../../src/rest/app.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { daemonHeartbeat } from '../rest/restFixtures.js';
import {
  BAD_BODIES,
  BAD_VALUES,
  changedTables,
  databaseDigest,
  expectJsonClientError,
  NOT_IDS,
  objectText,
} from './corpus.js';

/**
 * Hostile input on the REST face: every class of bad input, sent with valid credentials to every route
 * the app serves (enumerated from the router itself, so a new route is covered the day it is added),
 * answers a JSON 4xx naming the field, never a 5xx or HTML, and stores nothing.
 */

interface Route {
  method: string;
  path: string;
}

/** The field of each write route that its handler stores, so the bad value goes where it would hurt. */
const STORED_FIELD: Record<string, string> = {
  'POST /jobs/submit': 'params',
  'POST /providers/heartbeat': 'gpu_status',
  'POST /providers/job-result': 'result',
  'POST /jobs/:id/result': 'result',
  'POST /jobs/:id/complete': 'result',
  'POST /jobs/:id/fail': 'error',
  'POST /jobs/:id/logs': 'lines',
  'PATCH /providers/jobs/:job_id/logs': 'lines',
  'POST /jobs/:id/progress': 'phase',
  'POST /providers/daemon-event': 'details',
  'POST /providers/readiness': 'details',
  'POST /providers/preferences': 'run_mode',
  'POST /renters/me/keys': 'label',
  'POST /admin/renters/:id/balance': 'reason',
  'POST /admin/providers/:id/reject': 'reason',
  'PATCH /admin/providers/:id/reject': 'reason',
  'POST /admin/providers/:id/suspend': 'reason',
  'POST /admin/renters/:id/suspend': 'reason',
  'PATCH /admin/providers/:id/preload-model': 'model',
  'POST /verification/submit': 'result',
};

describe(`hostile input on the REST face (${storeName})`, () => {
  let t: TestGateway;
  let routes: Route[];
  let renter: { id: number; key: string };
  let provider: { id: number; key: string };
  let job: { id: number; jobId: string };
  let subKeyId: string;

  const api = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    t.fetchJson(`/api${path}`, {
      ...init,
      // fetch() sends no body with GET or HEAD.
      body: init.method === 'GET' || init.method === 'HEAD' ? undefined : init.body,
      headers: { 'content-type': 'application/json', ...credentials(path), ...init.headers },
    });

  /** Valid credentials for the route's family, so a request gets as far as it can. */
  const credentials = (path: string): Record<string, string> =>
    path.startsWith('/admin') ? { 'x-admin-token': t.adminToken } : { 'x-renter-key': renter.key, 'x-provider-key': provider.key };

  /** The route's path with each parameter replaced by a real id (or by `override` for the one named). */
  function concretePath(route: Route, override?: { name: string; value: string }): string {
    return route.path.replace(/:(\w+)/g, (_m, name: string) => {
      if (override?.name === name) return override.value;
      if (name === 'id') return String(route.path.startsWith('/admin/providers') ? provider.id : route.path.startsWith('/admin/renters') ? renter.id : job.id);
      if (name === 'job_id') return job.jobId;
      if (name === 'provider_id') return String(provider.id);
      if (name === 'api_key') return provider.key;
      if (name === 'keyId') return subKeyId;
      if (name === 'format') return 'json';
      throw new Error(`No value for :${name} in ${route.path}`);
    });
  }

  beforeAll(async () => {
    t = await startTestGateway();
    const seen = new Set<string>();
    routes = createRestApp(t.gateway)
      .routes.filter((r) => r.method !== 'ALL')
      .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
      .map((r) => ({ method: r.method, path: r.path }));
    const registered = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Corpus Renter', email: 'corpus-renter@example.sa' } });
    renter = { id: registered.body.renter_id, key: registered.body.api_key };
    const host = await t.fetchJson('/api/providers/register', { method: 'POST', json: { name: 'Corpus Host', email: 'corpus-host@example.sa', gpu_model: 'RTX 4090', os: 'Linux' } });
    provider = { id: host.body.provider_id, key: host.body.api_key };
    await t.fetchJson('/api/providers/heartbeat', { method: 'POST', json: daemonHeartbeat(provider.key) });
    await t.fetchJson('/api/renters/topup', { method: 'POST', headers: { 'x-renter-key': renter.key }, json: { amount_halala: 50_000 } });
    const submitted = await t.fetchJson('/api/jobs/submit', {
      method: 'POST',
      headers: { 'x-renter-key': renter.key },
      json: { job_type: 'llm_inference', duration_minutes: 5, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'hello' } },
    });
    expect(submitted.status, submitted.text).toBe(201);
    job = { id: submitted.body.job.id, jobId: submitted.body.job.job_id };
    const minted = await t.fetchJson('/api/renters/me/keys', { method: 'POST', headers: { 'x-renter-key': renter.key }, json: { label: 'ci', scopes: ['read'] } });
    expect(minted.status, minted.text).toBe(201);
    subKeyId = String(minted.body.key.id);
  });
  afterAll(() => t?.close());

  const writeRoutes = () => routes.filter((r) => r.method !== 'GET');

  it('enumerates the routes it attacks', () => {
    expect(writeRoutes().length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.path.includes(':')).length).toBeGreaterThan(30);
  });

  it('refuses every bad value in a body with 400 naming the field, on every write route, storing nothing', async () => {
    for (const route of writeRoutes()) {
      const field = STORED_FIELD[`${route.method} ${route.path}`] ?? 'name';
      const before = await databaseDigest(t);
      for (const bad of BAD_VALUES) {
        const what = `${route.method} ${route.path} with ${bad.name} in ${field}`;
        const body = objectText({ api_key: JSON.stringify(provider.key), key: JSON.stringify(provider.key), [field]: bad.json });
        const res = await api(concretePath(route), { method: route.method, body });
        expectJsonClientError(res, what);
        expect(res.status, what).toBe(400);
        expect(res.body.error, what).toBe('Validation failed');
        expect(res.body.fields?.[0]?.field, what).toMatch(new RegExp(`^${escape(bad.field(field))}`));
      }
      expect(changedTables(before, await databaseDigest(t)), `${route.method} ${route.path} stored something`).toEqual([]);
    }
  });

  it('refuses a body that is not a JSON object with 400, on every write route, storing nothing', async () => {
    for (const route of writeRoutes()) {
      const before = await databaseDigest(t);
      for (const bad of BAD_BODIES) {
        const what = `${route.method} ${route.path} with ${bad.name}`;
        const res = await api(concretePath(route), { method: route.method, body: bad.text });
        expectJsonClientError(res, what);
        expect(res.status, what).toBe(400);
      }
      expect(changedTables(before, await databaseDigest(t)), `${route.method} ${route.path} stored something`).toEqual([]);
    }
  });

  it('refuses a NUL character in any path parameter with 400 naming the parameter', async () => {
    for (const route of routes.filter((r) => r.path.includes(':'))) {
      const before = await databaseDigest(t);
      for (const [, name] of route.path.matchAll(/:(\w+)/g)) {
        const what = `${route.method} ${route.path} with :${name} = %00`;
        const res = await api(concretePath(route, { name, value: `1%00` }), { method: route.method, body: '{}' });
        expectJsonClientError(res, what);
        expect(res.status, what).toBe(400);
        expect(res.body.fields?.[0]?.field, what).toBe(name);
      }
      expect(changedTables(before, await databaseDigest(t)), `${route.method} ${route.path} stored something`).toEqual([]);
    }
  });

  it('answers ids that are not ids with a JSON 4xx, never a server error', async () => {
    for (const route of routes.filter((r) => r.path.includes(':'))) {
      for (const [, name] of route.path.matchAll(/:(\w+)/g)) {
        for (const value of NOT_IDS) {
          const what = `${route.method} ${route.path} with :${name} = ${value.slice(0, 20)}`;
          const res = await api(concretePath(route, { name, value: encodeURIComponent(value) }), { method: route.method, body: '{}' });
          expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) expectJsonClientError(res, what);
        }
      }
    }
  });

  it('refuses a NUL character in the query string with 400 naming the parameter, on every route', async () => {
    const before = await databaseDigest(t);
    for (const route of routes) {
      for (const query of ['search=%00', 'search=a%00b&limit=5', 'limit=5&search=x%00']) {
        const what = `${route.method} ${route.path}?${query}`;
        const res = await api(`${concretePath(route)}?${query}`, { method: route.method, body: '{}' });
        expectJsonClientError(res, what);
        expect(res.status, what).toBe(400);
        expect(res.body.fields?.[0]?.field, what).toBe('search');
      }
    }
    expect(changedTables(before, await databaseDigest(t))).toEqual([]);
  });

  it('answers query parameters of the wrong type with a JSON 4xx or ignores them, never a server error, on every read route', async () => {
    const garbage = ['abc', '-1', '1e99', '99999999999999999999', '1.5', '', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z'];
    const names = ['limit', 'page', 'offset', 'since', 'hours', 'provider_id', 'attempt', 'max_age_ms', 'status', 'date_from', 'date_to', 'type', 'os', 'hmac', 'job_id'];
    // The log stream stays open by design when its parameters are usable.
    for (const route of routes.filter((r) => r.method === 'GET' && !r.path.endsWith('/stream'))) {
      for (const value of garbage) {
        const query = names.map((name) => `${name}=${encodeURIComponent(value)}`).join('&');
        const what = `${route.method} ${route.path}?…=${value}`;
        const res = await api(`${concretePath(route)}?${query}`, { method: route.method, body: '{}' });
        expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) expectJsonClientError(res, what);
      }
    }
  });

  it('refuses wrong types and over-long values with 400 naming the field, storing nothing', async () => {
    const long = (n: number) => 'x'.repeat(n);
    const cases: Array<{ path: string; body: Record<string, unknown>; field: string; headers?: Record<string, string> }> = [
      { path: '/renters/register', body: { name: 123, email: 'wrong-type@example.sa' }, field: 'name' },
      { path: '/renters/register', body: { name: 'Long Name', email: ['a@example.sa'] }, field: 'email' },
      { path: '/renters/register', body: { name: long(10_000), email: 'long@example.sa' }, field: 'name' },
      { path: '/renters/register', body: { name: 'Long Email', email: `${long(300)}@example.sa` }, field: 'email' },
      { path: '/providers/register', body: { name: 'Host', email: 'long-gpu@example.sa', gpu_model: long(1000), os: 'Linux' }, field: 'gpu_model' },
      { path: '/jobs/submit', body: { job_type: 'llm_inference', duration_minutes: 'ten', params: { prompt: 'x' } }, field: 'duration_minutes' },
      { path: '/jobs/submit', body: { job_type: 'llm_inference', duration_minutes: 5, priority: 'urgent', params: { prompt: 'x' } }, field: 'priority' },
      { path: '/renters/me/keys', body: { label: long(1000), scopes: ['read'] }, field: 'label' },
      { path: '/renters/me/keys', body: { label: 'x', scopes: 'read' }, field: 'scopes' },
      { path: `/admin/renters/:id/balance`, body: { amount_halala: 'lots', reason: 'x' }, field: 'amount_halala' },
    ];
    for (const c of cases) {
      const path = concretePath({ method: 'POST', path: c.path });
      const what = `POST ${c.path} with ${JSON.stringify(c.body).slice(0, 80)}`;
      const before = await databaseDigest(t);
      const res = await api(path, { method: 'POST', body: JSON.stringify(c.body) });
      expectJsonClientError(res, what);
      expect(res.status, what).toBe(400);
      const named = [res.body.error, ...(res.body.fields ?? []).map((f: { field: string }) => f.field)].join(' ');
      expect(named, what).toContain(c.field);
      expect(changedTables(before, await databaseDigest(t)), what).toEqual([]);
    }
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
