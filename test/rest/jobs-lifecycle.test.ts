import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { expectMoneyConsistent, llmJob, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * Quotes in this file: an H100 provider, llm_inference, 10 minutes, standard class = ceil(0.000525 USD/s ×
 * 600 s × 3.75 × 100) = 119 halala, metered at 0.196875 halala per second.
 */
const QUOTE = 119;
const RATE = 0.196875;
const settle = (seconds: number) => {
  const actual = Math.min(QUOTE, Math.ceil(seconds * RATE));
  const provider = Math.floor(actual * 0.75);
  return { actual, provider, platform: actual - provider, refund: QUOTE - actual };
};

describe(`REST jobs: daemon reports, settlement and controls (${storeName})`, () => {
  let h: JobsHarness;
  beforeAll(async () => {
    h = await startJobsHarness();
  });
  afterAll(() => h?.close());

  const renterHeaders = (key: string) => ({ 'x-renter-key': key });
  const post = (path: string, init: RequestInit & { json?: unknown } = {}) => h.api(path, { method: 'POST', ...init });
  async function earnings(providerKey: string): Promise<number> {
    const res = await h.api('/providers/earnings', { headers: { 'x-provider-key': providerKey } });
    expect(res.status, res.text).toBe(200);
    return res.body.total_earned_halala;
  }

  async function setup() {
    const renter = await h.renter();
    const provider = await h.provider();
    return { renter, provider };
  }

  describe('POST /jobs/:id/progress', () => {
    it('moves an assigned job to running with the phase, and reports cold start on generating', async () => {
      const { renter, provider } = await setup();
      await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      const assigned = await h.api(`/jobs/assigned?key=${provider.key}`);
      expect(assigned.status).toBe(200);
      expect(assigned.body.job).toMatchObject({ status: 'assigned', attempt_number: 1, task_spec: expect.any(String) });
      const id = assigned.body.job.job_id;
      const pulling = await post(`/jobs/${id}/progress`, { json: { api_key: provider.key, phase: 'pulling' } });
      expect(pulling.body).toEqual({ success: true, phase: 'pulling', cold_start_ms: null });
      h.clock.advance(4);
      const generating = await post(`/jobs/${id}/progress`, { json: { api_key: provider.key, phase: 'generating' } });
      expect(generating.status).toBe(200);
      expect(generating.body).toEqual({ success: true, phase: 'generating', cold_start_ms: 4000 });
      const job = await h.api(`/jobs/${id}`, { headers: renterHeaders(renter.key) });
      expect(job.body.job).toMatchObject({ status: 'running', progress_phase: 'generating', started_at: expect.any(String) });
      const output = await h.api(`/jobs/${id}/output`, { headers: renterHeaders(renter.key) });
      expect(output.body).toMatchObject({ status: 'running', message: 'Generating response...' });
    });

    it('answers the documented errors', async () => {
      const { renter, provider } = await setup();
      const stranger = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const cases: Array<[unknown, number, unknown]> = [
        [{ api_key: provider.key }, 400, { error: 'api_key and phase required' }],
        [{ phase: 'generating' }, 400, { error: 'api_key and phase required' }],
        [{ api_key: 'dc1-provider-nope', phase: 'generating' }, 401, { error: 'Invalid API key' }],
        [{ api_key: stranger.key, phase: 'generating' }, 404, { error: 'Job not found' }],
      ];
      for (const [json, status, body] of cases) {
        const res = await post(`/jobs/${job.job_id}/progress`, { json });
        expect(res.status, JSON.stringify(json)).toBe(status);
        expect(res.body).toEqual(body);
      }
      const badPhase = await post(`/jobs/${job.job_id}/progress`, { json: { api_key: provider.key, phase: 'dancing' } });
      expect(badPhase.status).toBe(400);
      expect(badPhase.body.error).toBe('Invalid phase. Valid: pulling, downloading_model, installing_deps, loading_model, generating, formatting');
    });
  });

  describe('job logs', () => {
    it('POST /jobs/:id/logs appends numbered lines that GET /jobs/:id/logs pages through', async () => {
      const { renter, provider } = await setup();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const lines = Array.from({ length: 5 }, (_, i) => ({ level: i === 4 ? 'error' : 'info', message: `line ${i + 1}` }));
      const wrote = await post(`/jobs/${job.job_id}/logs`, { json: { api_key: provider.key, lines } });
      expect(wrote.status).toBe(200);
      expect(wrote.body).toEqual({ success: true, lines_written: 5, attempt_number: 1 });
      const page = await h.api(`/jobs/${job.id}/logs?since=1&limit=2`, { headers: renterHeaders(renter.key) });
      expect(page.status).toBe(200);
      expect(page.body).toEqual({
        schema_version: '2026-03-20.v1',
        job_id: job.job_id,
        status: 'running',
        logs: [
          { line_no: 2, level: 'info', message: 'line 2', logged_at: expect.any(String), logged_at_ms: expect.any(Number) },
          { line_no: 3, level: 'info', message: 'line 3', logged_at: expect.any(String), logged_at_ms: expect.any(Number) },
        ],
        total_lines: 5,
        has_more: true,
      });
      const rest = await h.api(`/jobs/${job.id}/logs?since=3`, { headers: { 'x-provider-key': provider.key } });
      expect(rest.body.logs.map((l: { line_no: number }) => l.line_no)).toEqual([4, 5]);
      expect(rest.body.has_more).toBe(false);
    });

    it('refuses a body without lines, an empty batch, and another provider’s job', async () => {
      const { renter, provider } = await setup();
      const stranger = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      expect((await post(`/jobs/${job.job_id}/logs`, { json: { lines: [] } })).body).toEqual({ error: 'api_key required' });
      expect((await post(`/jobs/${job.job_id}/logs`, { json: { api_key: provider.key } })).body).toEqual({ error: 'lines array required' });
      const empty = await post(`/jobs/${job.job_id}/logs`, { json: { api_key: provider.key, lines: [] } });
      expect(empty.status).toBe(400);
      expect(empty.body.fields[0]).toEqual({ field: 'lines', message: 'No valid log lines provided' });
      const foreign = await post(`/jobs/${job.job_id}/logs`, { json: { api_key: stranger.key, lines: [{ message: 'x' }] } });
      expect(foreign.status).toBe(404);
      const attempt = await h.api(`/jobs/${job.job_id}/logs?attempt=0`, { headers: renterHeaders(renter.key) });
      expect(attempt.body).toEqual({ error: 'attempt must be a positive integer' });
    });
  });

  describe('settlement', () => {
    it('POST /jobs/:id/result settles once: actual from metered seconds, 75/25, remainder refunded', async () => {
      const { renter, provider } = await setup();
      const before = await h.balance(renter.key);
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      expect(job.cost_halala).toBe(QUOTE);
      const res = await post(`/jobs/${job.job_id}/result`, { headers: { 'x-provider-key': provider.key }, json: { result: 'done', gpu_seconds: 100 } });
      const expected = settle(100);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        success: true,
        job: { job_id: job.job_id, status: 'completed', result: 'done', actual_cost_halala: expected.actual },
        billing: { actual_cost_halala: expected.actual, provider_earned_halala: expected.provider, dc1_fee_halala: expected.platform },
      });
      expect(await h.balance(renter.key)).toBe(before - expected.actual);
      expect(await earnings(provider.key)).toBe(expected.provider);
      const again = await post(`/jobs/${job.job_id}/result`, { headers: { 'x-provider-key': provider.key }, json: { result: 'done', gpu_seconds: 100 } });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ error: 'Job already settled', current_status: 'completed', job_id: job.job_id });
      expect(await h.balance(renter.key)).toBe(before - expected.actual);
      await expectMoneyConsistent(h.t.gateway);
    });

    it('never charges more than the quote, whatever the metered time', async () => {
      const { renter, provider } = await setup();
      const before = await h.balance(renter.key);
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const res = await post(`/jobs/${job.id}/result`, { json: { api_key: provider.key, result: 'long', duration_seconds: 3000 } });
      expect(res.body.billing.actual_cost_halala).toBe(QUOTE);
      expect(await h.balance(renter.key)).toBe(before - QUOTE);
    });

    it('POST /jobs/:id/result without a result fails the job and refunds the whole quote', async () => {
      const { renter, provider } = await setup();
      const before = await h.balance(renter.key);
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const res = await post(`/jobs/${job.job_id}/result`, { headers: { 'x-provider-key': provider.key }, json: { error: 'segfault' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, job: { status: 'failed', error: 'segfault' }, refunded_halala: QUOTE });
      expect(await h.balance(renter.key)).toBe(before);
    });

    it('names the field the client sent when a metered value is invalid', async () => {
      const { renter, provider } = await setup();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const res = await post(`/jobs/${job.job_id}/result`, { headers: { 'x-provider-key': provider.key }, json: { result: 'x', duration_seconds: -5 } });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('duration_seconds');
    });

    it('lets only the assigned provider or the admin settle', async () => {
      const { renter, provider } = await setup();
      const stranger = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      for (const headers of <Record<string, string>[]>[{ 'x-provider-key': stranger.key }, { 'x-renter-key': renter.key }, {}]) {
        const res = await post(`/jobs/${job.job_id}/result`, { headers, json: { result: 'x' } });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ error: 'Forbidden' });
      }
      const admin = await post(`/jobs/${job.job_id}/fail`, { headers: { 'x-admin-token': h.t.adminToken }, json: { error: 'stopped by ops' } });
      expect(admin.status).toBe(200);
    });

    it('POST /jobs/:id/fail refunds once and refuses a second settlement with 409', async () => {
      const { renter, provider } = await setup();
      const before = await h.balance(renter.key);
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const res = await post(`/jobs/${job.job_id}/fail`, { headers: { 'x-provider-key': provider.key }, json: { error: 'OOM' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, job_id: job.job_id, refunded_halala: QUOTE });
      const again = await post(`/jobs/${job.job_id}/fail`, { headers: { 'x-provider-key': provider.key }, json: {} });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ error: 'Job already settled', current_status: 'failed' });
      const cancel = await post(`/jobs/${job.job_id}/cancel`, { headers: renterHeaders(renter.key) });
      expect(cancel.status).toBe(409);
      expect(cancel.body).toEqual({ error: 'Cannot cancel job with status: failed', current_status: 'failed' });
      expect(await h.balance(renter.key)).toBe(before);
      await expectMoneyConsistent(h.t.gateway);
    });

    it('POST /jobs/:id/complete by the renter meters wall-clock time from the start with the same formula', async () => {
      const { renter, provider } = await setup();
      const before = await h.balance(renter.key);
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      h.clock.advance(200);
      const res = await post(`/jobs/${job.job_id}/complete`, { headers: renterHeaders(renter.key) });
      const expected = settle(200);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        success: true,
        job: { status: 'completed', gpu_seconds_used: 200 },
        billing: {
          estimated_cost_halala: QUOTE,
          actual_cost_halala: expected.actual,
          provider_earned_halala: expected.provider,
          dc1_fee_halala: expected.platform,
          actual_duration_minutes: 4,
        },
      });
      expect(await h.balance(renter.key)).toBe(before - expected.actual);
    });

    it('POST /jobs/:id/complete refuses a job that is not running, and a provider key', async () => {
      const { renter, provider } = await setup();
      const pending = await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      const notRunning = await post(`/jobs/${pending.job_id}/complete`, { headers: renterHeaders(renter.key) });
      expect(notRunning.status).toBe(409);
      expect(notRunning.body).toEqual({ error: 'Job is not running', current_status: 'pending' });
      const byProvider = await post(`/jobs/${pending.job_id}/complete`, { headers: { 'x-provider-key': provider.key } });
      expect(byProvider.status).toBe(403);
    });
  });

  describe('transient failures', () => {
    it('POST /jobs/:id/result with transient:true re-queues for the same provider, then fails and refunds once retries run out', async () => {
      const { renter, provider } = await setup();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const first = await post(`/jobs/${job.job_id}/result`, { json: { api_key: provider.key, error: 'NCCL timeout', transient: true } });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ success: false, retry: true, attempt: 1, max_retries: 2, job_id: job.job_id, message: 'Job re-queued for retry 1/2' });
      const pending = await h.api(`/jobs/${job.job_id}`, { headers: renterHeaders(renter.key) });
      expect(pending.body.job).toMatchObject({ status: 'pending', provider_id: provider.id, retry_count: 1 });
      for (const attempt of [2, 3]) {
        const again = await h.api(`/providers/jobs/next`, { headers: { authorization: `Bearer ${provider.key}` } });
        expect(again.body.job.job_id).toBe(job.job_id);
        const res = await post(`/jobs/${job.job_id}/result`, { json: { api_key: provider.key, error: 'NCCL timeout', transient: true } });
        expect(res.status).toBe(200);
        if (attempt === 2) expect(res.body).toMatchObject({ retry: true, attempt: 2 });
        else expect(res.body).toMatchObject({ success: true, refunded_halala: QUOTE, job: { status: 'failed' } });
      }
      await expectMoneyConsistent(h.t.gateway);
    });
  });

  describe('renter controls', () => {
    it('POST /jobs/:id/cancel accepts an empty JSON body, refunds the hold once, and refuses a second cancel', async () => {
      const { renter } = await setup();
      const before = await h.balance(renter.key);
      const job = await h.submit(renter.key, llmJob());
      const res = await fetch(`${h.t.url}/api/jobs/${job.job_id}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '0', 'x-renter-key': renter.key },
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ success: true, job: { job_id: job.job_id, status: 'cancelled' }, refunded_halala: job.cost_halala });
      expect(await h.balance(renter.key)).toBe(before);
      const again = await post(`/jobs/${job.job_id}/cancel`, { headers: renterHeaders(renter.key) });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ error: 'Cannot cancel job with status: cancelled', current_status: 'cancelled' });
      expect(await h.balance(renter.key)).toBe(before);
    });

    it('lets only the owning renter or the admin cancel', async () => {
      const { renter, provider } = await setup();
      const other = await h.renter();
      const job = await h.submit(renter.key, llmJob());
      expect((await post(`/jobs/${job.job_id}/cancel`, { headers: renterHeaders(other.key) })).status).toBe(403);
      expect((await post(`/jobs/${job.job_id}/cancel`, { headers: { 'x-provider-key': provider.key } })).status).toBe(403);
      const admin = await post(`/jobs/${job.job_id}/cancel`, { headers: { 'x-admin-token': h.t.adminToken } });
      expect(admin.status).toBe(200);
    });

    it('POST /jobs/:id/retry creates a new job from a failed one', async () => {
      const { renter, provider } = await setup();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const notYet = await post(`/jobs/${job.job_id}/retry`, { headers: renterHeaders(renter.key) });
      expect(notYet.status).toBe(409);
      expect(notYet.body).toEqual({ error: 'Only failed or cancelled jobs can be retried', current_status: 'running' });
      await post(`/jobs/${job.job_id}/fail`, { headers: { 'x-provider-key': provider.key }, json: { error: 'boom' } });
      const res = await post(`/jobs/${job.job_id}/retry`, { headers: renterHeaders(renter.key) });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        job: {
          id: expect.any(Number),
          job_id: expect.stringMatching(/^job-/),
          status: expect.stringMatching(/^(pending|queued)$/),
          job_type: 'llm_inference',
          model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
          cost_halala: expect.any(Number),
          provider_id: expect.toBeOneOf([null, expect.any(Number)]),
          pricing_class: 'standard',
          prewarm_requested: false,
          retried_from_job_id: job.id,
        },
      });
      expect(res.body.job.job_id).not.toBe(job.job_id);
      const other = await h.renter();
      expect((await post(`/jobs/${job.job_id}/retry`, { headers: renterHeaders(other.key) })).status).toBe(404);
    });
  });

  describe('vllm_serve endpoint', () => {
    it('POST /jobs/:id/endpoint-ready records the endpoint and runs the job', async () => {
      const { renter, provider } = await setup();
      const job = await h.runningJob(renter.key, provider.key, { job_type: 'vllm_serve', duration_minutes: 5, provider_id: provider.id });
      const missing = await post(`/jobs/${job.job_id}/endpoint-ready`, { json: { api_key: provider.key } });
      expect(missing.body).toEqual({ error: 'api_key and port required' });
      const badPort = await post(`/jobs/${job.job_id}/endpoint-ready`, { json: { api_key: provider.key, port: 80, provider_ip: '203.0.113.7' } });
      expect(badPort.status).toBe(400);
      expect(badPort.body.fields[0]).toEqual({ field: 'port', message: 'Invalid port' });
      const res = await post(`/jobs/${job.job_id}/endpoint-ready`, { json: { api_key: provider.key, port: 8000, provider_ip: '203.0.113.7' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, endpoint_url: 'http://203.0.113.7:8000/v1' });
      const read = await h.api(`/jobs/${job.job_id}`, { headers: { authorization: `Bearer ${provider.key}` } });
      expect(read.body.job).toMatchObject({ status: 'running', progress_phase: 'serving', endpoint_url: 'http://203.0.113.7:8000/v1', serve_port: 8000 });
    });

    it('refuses a job that is not vllm_serve', async () => {
      const { renter, provider } = await setup();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const res = await post(`/jobs/${job.job_id}/endpoint-ready`, { json: { api_key: provider.key, port: 8000, provider_ip: '203.0.113.7' } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Not a vllm_serve job' });
    });
  });

  describe('task spec signatures', () => {
    it('GET /jobs/verify-hmac-local really verifies the signature of a job the provider holds (Bearer accepted)', async () => {
      const { renter, provider } = await setup();
      const stranger = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
      const genuine = await h.api(`/jobs/verify-hmac-local?hmac=${job.task_spec_hmac}`, bearer(provider.key));
      expect(genuine.status).toBe(200);
      expect(genuine.body).toEqual({ valid: true });
      const forged = `${job.task_spec_hmac.slice(0, 63)}${job.task_spec_hmac.endsWith('0') ? '1' : '0'}`;
      expect((await h.api(`/jobs/verify-hmac-local?hmac=${forged}`, bearer(provider.key))).body).toEqual({ valid: false });
      expect((await h.api('/jobs/verify-hmac-local?hmac=zz', bearer(provider.key))).body).toEqual({ valid: false });
      expect((await h.api(`/jobs/verify-hmac-local?hmac=${job.task_spec_hmac}`, bearer(stranger.key))).body).toEqual({ valid: false });
      const anonymous = await h.api(`/jobs/verify-hmac-local?hmac=${job.task_spec_hmac}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual({ error: 'API key required' });
      const byJob = await h.api(`/jobs/verify-hmac?job_id=${job.job_id}&hmac=${job.task_spec_hmac}`, { headers: { 'x-provider-key': provider.key } });
      expect(byJob.body).toEqual({ valid: true });
      expect((await h.api(`/jobs/verify-hmac?job_id=${job.job_id}&hmac=${job.task_spec_hmac}`, bearer(stranger.key))).status).toBe(404);
    });
  });
});
