import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { llmJob, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * Provider credentials as /api/docs documents them: every place an operation's `x-credentials` names for
 * the provider key works on that route. The daemon reports used to read only the body `api_key`, although
 * the document promised `X-Provider-Key` too (POST /jobs/:id/progress, PATCH /providers/jobs/:id/logs).
 */

type Json = Record<string, any>;
type Place = { in: 'header' | 'query' | 'body' | 'bearer' | 'path'; name?: string };

/** Bodies that get each daemon route past its own field checks, so only the credential decides. */
const BODIES: Record<string, (jobId: string) => Json> = {
  'POST /providers/heartbeat': () => ({ gpu_status: { gpu_name: 'NVIDIA H100 80GB HBM3', gpu_vram_mib: 81_559, daemon_version: '4.3.0' } }),
  'POST /providers/job-result': (jobId) => ({ job_id: jobId, success: true, result: 'done' }),
  'PATCH /providers/jobs/{job_id}/logs': () => ({ lines: [{ message: 'hello' }] }),
  'POST /providers/readiness': () => ({ checks: { cuda: true } }),
  'POST /providers/daemon-event': () => ({ event_type: 'daemon_start' }),
  'POST /jobs/{id}/progress': () => ({ phase: 'generating' }),
  'POST /jobs/{id}/logs': () => ({ lines: [{ message: 'hello' }] }),
  'POST /jobs/{id}/endpoint-ready': () => ({ port: 8000 }),
  'POST /jobs/{id}/result': () => ({ result: 'done', gpu_seconds_used: 5 }),
  'POST /jobs/{id}/fail': () => ({ error: 'stopped' }),
  'POST /verification/submit': () => ({ challenge_id: 'no-such-challenge', result: { gflops: 1 } }),
};
const QUERIES: Record<string, (jobId: string) => string> = {
  'GET /jobs/verify-hmac-local': () => 'hmac=00',
  'GET /jobs/verify-hmac': (jobId) => `job_id=${jobId}&hmac=00`,
};
/** Answers 404 before it reads any key when no daemon file is configured; test/rest/distribution.test.ts covers its key. */
const NOT_CONFIGURED_HERE = new Set(['GET /providers/download/daemon']);

describe(`Provider credentials where the document says (${storeName})`, () => {
  let h: JobsHarness;
  let renterKey: string;
  let doc: Json;
  beforeAll(async () => {
    h = await startJobsHarness();
    renterKey = (await h.renter()).key;
    const topup = await h.api('/renters/topup', { method: 'POST', headers: { 'x-renter-key': renterKey }, json: { amount_halala: 100_000 } });
    expect(topup.status, topup.text).toBe(200);
    doc = (await h.api('/docs')).body;
  });
  afterAll(() => h?.close());

  /** A fresh provider with a job it is running, so a report or a settlement has something to act on. */
  async function providerWithJob() {
    const provider = await h.provider();
    await h.submit(renterKey, llmJob({ duration_minutes: 1, provider_id: provider.id }));
    const claim = await h.api('/providers/jobs/next', { headers: { authorization: `Bearer ${provider.key}` } });
    expect(claim.status, claim.text).toBe(200);
    return { provider, jobId: claim.body.job.job_id as string };
  }

  function request(key: string, method: string, path: string, place: Place | undefined, ids: { jobId: string; providerId: number }) {
    const name = `${method} ${path}`;
    const url = new URLSearchParams(QUERIES[name]?.(ids.jobId) ?? '');
    const headers: Record<string, string> = {};
    const body: Json = { ...(BODIES[name]?.(ids.jobId) ?? {}) };
    if (place?.in === 'header') headers[place.name!] = key;
    if (place?.in === 'bearer') headers.authorization = `Bearer ${key}`;
    if (place?.in === 'query') url.set(place.name!, key);
    if (place?.in === 'body') body[place.name!] = key;
    const target = path.replace('{id}', ids.jobId).replace('{job_id}', ids.jobId).replace('{provider_id}', String(ids.providerId)).replace('{format}', 'png');
    const query = url.toString();
    return h.api(`${target}${query ? `?${query}` : ''}`, { method, headers, ...(method === 'GET' ? {} : { json: body }) });
  }

  it('the job-progress and job-log reports take the key from the body, X-Provider-Key or Bearer', async () => {
    for (const as of ['body', 'header', 'bearer'] as const) {
      const { provider, jobId } = await providerWithJob();
      const headers: Record<string, string> = as === 'header' ? { 'x-provider-key': provider.key } : as === 'bearer' ? { authorization: `Bearer ${provider.key}` } : {};
      const credential = { headers, json: as === 'body' ? { api_key: provider.key } : {} };
      const progress = await h.api(`/jobs/${jobId}/progress`, { method: 'POST', headers: credential.headers, json: { ...credential.json, phase: 'generating' } });
      expect(progress.status, `${as}: ${progress.text}`).toBe(200);
      expect(progress.body).toMatchObject({ success: true, phase: 'generating' });
      const logs = await h.api(`/providers/jobs/${jobId}/logs`, { method: 'PATCH', headers: credential.headers, json: { ...credential.json, lines: [{ message: `via ${as}` }] } });
      expect(logs.status, `${as}: ${logs.text}`).toBe(200);
      expect(logs.body).toMatchObject({ success: true, job_id: jobId, lines_written: 1 });
    }
  });

  it('keeps the contract’s refusals on those two routes: no key anywhere, an unknown key, a renter key', async () => {
    const { jobId } = await providerWithJob();
    const progress = (headers: Record<string, string>, json: Json = { phase: 'generating' }) => h.api(`/jobs/${jobId}/progress`, { method: 'POST', headers, json });
    expect(await progress({})).toMatchObject({ status: 400, body: { error: 'api_key and phase required' } });
    expect(await progress({ 'x-provider-key': 'x' }, {})).toMatchObject({ status: 400, body: { error: 'api_key and phase required' } });
    expect(await progress({ 'x-provider-key': 'dcp-provider-00000000000000000000000000000000' })).toMatchObject({ status: 401, body: { error: 'Invalid API key' } });
    expect(await progress({ authorization: `Bearer ${renterKey}` })).toMatchObject({ status: 401, body: { code: 'wrong_key_type' } });
    const logs = (headers: Record<string, string>) => h.api(`/providers/jobs/${jobId}/logs`, { method: 'PATCH', headers, json: { lines: [{ message: 'x' }] } });
    expect(await logs({})).toMatchObject({ status: 400, body: { error: 'api_key required' } });
    expect(await logs({ 'x-provider-key': 'dcp-provider-00000000000000000000000000000000' })).toMatchObject({ status: 401, body: { error: 'Invalid API key' } });
  });

  it('every documented place of the provider key is read by its route', async () => {
    let cases = 0;
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const [lower, op] of Object.entries<Json>(item)) {
        const method = lower.toUpperCase();
        const name = `${method} ${path}`;
        const places: Place[] = op['x-credentials'].filter((c: Json) => c.kind === 'provider' && c.in !== 'path');
        if (!places.length || NOT_CONFIGURED_HERE.has(name)) continue;
        // One provider and job per operation: a later place still proves it was read (a settled job answers
        // 409, never the refusal); a key rotation needs a fresh key each time.
        let { provider, jobId } = await providerWithJob();
        for (const place of places) {
          if (name.endsWith('/rotate-key')) ({ provider, jobId } = await providerWithJob());
          const ids = { jobId, providerId: provider.id };
          const without = await request(provider.key, method, path, undefined, ids);
          const withKey = await request(provider.key, method, path, place, ids);
          const label = `${name} with the key in ${place.in} ${place.name ?? ''}: ${withKey.status} ${withKey.text.slice(0, 200)}`;
          expect.soft(withKey.status, label).toBeLessThan(500);
          expect.soft(withKey.status, label).not.toBe(401);
          expect.soft(`${withKey.status} ${withKey.body?.error}`, label).not.toBe(`${without.status} ${without.body?.error}`);
          cases += 1;
        }
      }
    }
    expect(cases).toBeGreaterThanOrEqual(60);
  }, 120_000);
});
