import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type JsonResponse, type TestGateway } from '../helpers/index.js';
import { admin, daemonHeartbeat, onlineProvider, registerRenter, type Account } from './restFixtures.js';

/**
 * Real answers of the REST face checked against the schemas /api/docs publishes for them, so the document
 * cannot drift from what the routes send: a renter and a provider walk a job from submit to settlement,
 * and every answer on the way (admin views included) must match its operation's documented schema exactly
 * (unknown fields are refused too: response objects are closed).
 */

type Json = Record<string, any>;

/** What present.ts `isoTime` emits: ISO-8601 with milliseconds and `Z`. */
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RESULT = 'DC1_RESULT_JSON: {"type":"text","prompt":"hi","response":"Hello from the GPU","model":"TinyLlama","tokens_generated":4}';

describe(`REST answers match their documented schemas (${storeName})`, () => {
  let t: TestGateway;
  let doc: Json;
  let ajv: Ajv2020;
  const checked = new Set<string>();

  /** The compiled schema of one documented answer (`application/json`, or the SSE event schema). */
  function schemaOf(method: string, path: string, status: number, media = 'application/json'): ValidateFunction {
    const op = doc.paths[path]?.[method.toLowerCase()];
    expect(op, `${method} ${path} is documented`).toBeDefined();
    let answer = op.responses[String(status)];
    expect(answer, `${method} ${path} documents ${status}`).toBeDefined();
    if (answer.$ref) answer = doc.components.responses[answer.$ref.split('/').pop()];
    const content = answer.content[media];
    const ref: string = media === 'text/event-stream' ? content['x-event-schema'].$ref : content.schema.$ref ?? '';
    // An inline schema (the 400's anyOf) refers to the components from the document's root.
    if (!ref) return ajv.compile(JSON.parse(JSON.stringify(content.schema).replaceAll('"#/components/', '"doc#/components/')));
    return ajv.getSchema(`doc${ref}`)!;
  }

  /** Asserts the status and that the body matches the schema the document gives that operation and status. */
  function conforms(res: JsonResponse<any>, method: string, path: string, status: number): Json {
    expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).toBe(status);
    const validate = schemaOf(method, path, status);
    const valid = validate(res.body);
    expect(validate.errors ?? [], `${method} ${path} ${status}`).toEqual([]);
    expect(valid).toBe(true);
    checked.add(`${method} ${path}`);
    return res.body;
  }

  const api = (path: string, init: Parameters<TestGateway['fetchJson']>[1] = {}) => t.fetchJson(`/api${path}`, init);
  const asRenter = (a: Account) => ({ 'x-renter-key': a.apiKey });
  const asProvider = (a: Account) => ({ 'x-provider-key': a.apiKey });
  const bearer = (a: Account) => ({ authorization: `Bearer ${a.apiKey}` });

  beforeAll(async () => {
    t = await startTestGateway();
    doc = (await t.fetchJson('/api/docs')).body;
    ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addFormat('date-time', ISO_MS);
    ajv.addSchema({ $id: 'doc', components: doc.components });
  });
  afterAll(() => t?.close());

  it('refuses an answer that strays from its schema (the check itself can fail)', async () => {
    const renter = await registerRenter(t);
    const balance = (await api('/renters/balance', { headers: asRenter(renter) })).body;
    const validate = schemaOf('GET', '/renters/balance', 200);
    expect(validate(balance)).toBe(true);
    expect(validate({ ...balance, surprise: 1 })).toBe(false);
    expect(validate({ ...balance, balance_halala: '1000' })).toBe(false);
    const { held_halala: _held, ...missing } = balance;
    expect(validate(missing)).toBe(false);
    expect(schemaOf('GET', '/health', 200)({ ...(await api('/health')).body, timestamp: '2026-12-07 10:00:00' })).toBe(false);
  });

  it('a job from submit to settlement, and every view of it on the way', async () => {
    const renter = await registerRenter(t);
    const provider = await onlineProvider(t);
    conforms(await api('/providers/heartbeat', { method: 'POST', json: daemonHeartbeat(provider.apiKey) }), 'POST', '/providers/heartbeat', 200);

    conforms(await api('/renters/me', { headers: asRenter(renter) }), 'GET', '/renters/me', 200);
    conforms(await api('/renters/topup', { method: 'POST', headers: asRenter(renter), json: { amount_halala: 5000 } }), 'POST', '/renters/topup', 200);
    conforms(await api('/renters/available-providers'), 'GET', '/renters/available-providers', 200);
    conforms(await api('/renters/me/keys', { method: 'POST', headers: asRenter(renter), json: { label: 'ci', scopes: ['read'] } }), 'POST', '/renters/me/keys', 201);
    conforms(await api('/renters/me/keys', { headers: asRenter(renter) }), 'GET', '/renters/me/keys', 200);

    conforms(await api(`/providers/me?key=${provider.apiKey}`), 'GET', '/providers/me', 200);
    conforms(await api('/providers/status', { headers: asProvider(provider) }), 'GET', '/providers/status', 200);
    conforms(await api('/providers/available'), 'GET', '/providers/available', 200);
    conforms(await api('/providers/marketplace'), 'GET', '/providers/marketplace', 200);
    conforms(await api('/providers/public'), 'GET', '/providers/public', 200);

    const submitted = conforms(
      await api('/jobs/submit', {
        method: 'POST',
        headers: asRenter(renter),
        json: { job_type: 'llm_inference', duration_minutes: 5, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'hi' } },
      }),
      'POST',
      '/jobs/submit',
      201,
    );
    const jobId: string = submitted.job.job_id;
    conforms(await api(`/jobs/${jobId}`, { headers: asRenter(renter) }), 'GET', '/jobs/{id}', 200);
    conforms(await api(`/jobs/${jobId}/output`, { headers: asRenter(renter) }), 'GET', '/jobs/{id}/output', 202);
    conforms(await api('/jobs/active', { headers: asRenter(renter) }), 'GET', '/jobs/active', 200);
    conforms(await api('/jobs/queue/status', { headers: asRenter(renter) }), 'GET', '/jobs/queue/status', 200);

    const claim = conforms(await api('/providers/jobs/next', { headers: bearer(provider) }), 'GET', '/providers/jobs/next', 200);
    expect(claim.job?.job_id).toBe(jobId);
    conforms(
      await api(`/jobs/${jobId}/progress`, { method: 'POST', headers: asProvider(provider), json: { phase: 'generating' } }),
      'POST',
      '/jobs/{id}/progress',
      200,
    );
    conforms(
      await api(`/jobs/${jobId}/logs`, { method: 'POST', json: { api_key: provider.apiKey, lines: [{ level: 'info', message: 'loading model' }] } }),
      'POST',
      '/jobs/{id}/logs',
      200,
    );
    conforms(
      await api(`/providers/jobs/${jobId}/logs`, { method: 'PATCH', headers: bearer(provider), json: { lines: [{ message: 'generating' }] } }),
      'PATCH',
      '/providers/jobs/{job_id}/logs',
      200,
    );
    conforms(await api(`/jobs/${jobId}/logs`, { headers: asProvider(provider) }), 'GET', '/jobs/{id}/logs', 200);

    conforms(
      await api('/providers/job-result', { method: 'POST', json: { api_key: provider.apiKey, job_id: jobId, success: true, result: RESULT, gpu_seconds_used: 30 } }),
      'POST',
      '/providers/job-result',
      200,
    );
    conforms(await api(`/jobs/${jobId}/output`, { headers: asRenter(renter) }), 'GET', '/jobs/{id}/output', 200);
    conforms(await api(`/jobs/${jobId}/history`, { headers: asRenter(renter) }), 'GET', '/jobs/{id}/history', 200);
    conforms(await api('/jobs/history', { headers: asRenter(renter) }), 'GET', '/jobs/history', 200);
    conforms(await api(`/providers/job-history?key=${provider.apiKey}`), 'GET', '/providers/job-history', 200);
    conforms(await api(`/providers/earnings?key=${provider.apiKey}`), 'GET', '/providers/earnings', 200);
    conforms(await api('/providers/earnings/summary', { headers: bearer(provider) }), 'GET', '/providers/earnings/summary', 200);

    // The finished job's stream replays its lines, then ends: every event matches the documented event schema.
    const stream = await fetch(`${t.url}/api/jobs/${jobId}/logs/stream?key=${renter.apiKey}`);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await stream.text())
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => JSON.parse(line.slice(5)));
    expect(events.map((e) => e.type)).toEqual(['log', 'log', 'end']);
    const event = schemaOf('GET', '/jobs/{id}/logs/stream', 200, 'text/event-stream');
    for (const e of events) expect(event(e), JSON.stringify(event.errors)).toBe(true);

    // A second job, cancelled and retried.
    const second = (await api('/jobs/submit', { method: 'POST', headers: asRenter(renter), json: { job_type: 'llm_inference', duration_minutes: 2, params: { prompt: 'x' } } })).body.job;
    conforms(await api(`/jobs/${second.job_id}/cancel`, { method: 'POST', headers: asRenter(renter) }), 'POST', '/jobs/{id}/cancel', 200);
    conforms(await api(`/jobs/${second.job_id}/output`, { headers: asRenter(renter) }), 'GET', '/jobs/{id}/output', 410);
    conforms(await api(`/jobs/${second.job_id}/retry`, { method: 'POST', headers: asRenter(renter) }), 'POST', '/jobs/{id}/retry', 201);

    // The admin's views of the same marketplace.
    const headers = admin(t);
    conforms(await api('/admin/dashboard', { headers }), 'GET', '/admin/dashboard', 200);
    conforms(await api('/admin/providers', { headers }), 'GET', '/admin/providers', 200);
    conforms(await api('/admin/providers?page=1&limit=5', { headers }), 'GET', '/admin/providers', 200);
    conforms(await api(`/admin/providers/${provider.id}`, { headers }), 'GET', '/admin/providers/{id}', 200);
    conforms(await api('/admin/renters', { headers }), 'GET', '/admin/renters', 200);
    conforms(await api(`/admin/renters/${renter.id}`, { headers }), 'GET', '/admin/renters/{id}', 200);
    conforms(await api('/admin/jobs?page=1', { headers }), 'GET', '/admin/jobs', 200);
    conforms(await api(`/admin/jobs/${jobId}`, { headers }), 'GET', '/admin/jobs/{id}', 200);
    conforms(await api('/admin/finance/summary', { headers }), 'GET', '/admin/finance/summary', 200);
    conforms(await api('/admin/daemon-health', { headers }), 'GET', '/admin/daemon-health', 200);
    conforms(
      await api(`/admin/renters/${renter.id}/balance`, { method: 'POST', headers, json: { amount_halala: 100, reason: 'goodwill' } }),
      'POST',
      '/admin/renters/{id}/balance',
      200,
    );
    conforms(await api('/admin/audit', { headers }), 'GET', '/admin/audit', 200);

    conforms(await api('/renters/me/export', { headers: asRenter(renter) }), 'GET', '/renters/me/export', 200);
    conforms(await api('/renters/balance', { headers: asRenter(renter) }), 'GET', '/renters/balance', 200);
  });

  it('daemon reports, verification, health and the error shapes', async () => {
    const provider = await onlineProvider(t);
    conforms(
      await api('/providers/daemon-event', { method: 'POST', json: { api_key: provider.apiKey, event_type: 'daemon_start', daemon_version: '4.3.0' } }),
      'POST',
      '/providers/daemon-event',
      200,
    );
    conforms(
      await api('/providers/readiness', { method: 'POST', headers: bearer(provider), json: { checks: { cuda: true, pytorch: true, vram_gb: 24 } } }),
      'POST',
      '/providers/readiness',
      200,
    );
    conforms(await api('/verification/challenge', { method: 'POST', headers: admin(t), json: { provider_id: provider.id } }), 'POST', '/verification/challenge', 200);
    conforms(await api('/verification/pending', { headers: bearer(provider) }), 'GET', '/verification/pending', 200);
    conforms(await api(`/verification/status/${provider.id}`, { headers: admin(t) }), 'GET', '/verification/status/{provider_id}', 200);
    conforms(await api('/verification/leaderboard'), 'GET', '/verification/leaderboard', 200);
    conforms(await api('/verification/gpu-database'), 'GET', '/verification/gpu-database', 200);
    conforms(await api('/health'), 'GET', '/health', 200);

    conforms(await api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': 'dc1-renter-0' }, json: {} }), 'POST', '/jobs/submit', 403);
    conforms(await api('/jobs/job-0-nothing', { headers: admin(t) }), 'GET', '/jobs/{id}', 404);
    const renter = await registerRenter(t);
    const invalid = conforms(await api('/jobs/submit', { method: 'POST', headers: asRenter(renter), json: { job_type: 'llm_inference', duration_minutes: -1 } }), 'POST', '/jobs/submit', 400);
    expect(invalid.fields?.[0]).toMatchObject({ field: 'duration_minutes' });
  });

  it('covered the representative operations of every route family', () => {
    for (const family of ['/renters', '/providers', '/jobs', '/admin', '/verification', '/health'])
      expect([...checked].filter((key) => key.split(' ')[1].startsWith(family)).length, family).toBeGreaterThan(0);
    expect(checked.size).toBeGreaterThanOrEqual(50);
  });
});
