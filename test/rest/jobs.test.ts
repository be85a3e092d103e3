import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { H100, llmJob, RTX4090, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SQL_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

describe(`REST jobs: submit and reads (${storeName})`, () => {
  let h: JobsHarness;
  beforeAll(async () => {
    h = await startJobsHarness();
  });
  afterAll(() => h?.close());

  const as = (key: string) => ({ headers: { 'x-renter-key': key } });

  describe('POST /jobs/submit', () => {
    it("answers the seed's example with every documented field, typed as the seed shows it", async () => {
      const renter = await h.renter();
      const provider = await h.provider({ gpu: RTX4090 });
      const res = await h.t.fetchJson('/api/dc1/jobs/submit', {
        method: 'POST',
        headers: { 'x-renter-key': renter.key },
        json: {
          provider_id: provider.id,
          job_type: 'llm_inference',
          duration_minutes: 10,
          max_duration_seconds: 1800,
          container_spec: { image_type: 'vllm-serve' },
          params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'Summarize DCP in three bullets' },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.success).toBe(true);
      const job = res.body.job;
      expect(Object.keys(job).sort()).toEqual(
        [
          'id', 'job_id', 'provider_id', 'renter_id', 'job_type', 'model', 'status', 'submitted_at', 'started_at',
          'duration_minutes', 'cost_halala', 'max_duration_seconds', 'timeout_at', 'gpu_requirements', 'container_spec',
          'workspace_volume_name', 'checkpoint_enabled', 'task_spec_signed', 'priority', 'pricing_class',
          'prewarm_requested', 'queue_position',
        ].sort(),
      );
      expect(job).toEqual({
        id: expect.any(Number),
        job_id: expect.stringMatching(/^job-\d{13}-[a-z0-9]{6}$/),
        provider_id: provider.id,
        renter_id: renter.id,
        job_type: 'llm_inference',
        model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
        status: 'pending',
        submitted_at: expect.stringMatching(ISO),
        started_at: null,
        duration_minutes: 10,
        // RTX 4090, 10 minutes, standard class (docs/decisions.md#quote).
        cost_halala: 17,
        max_duration_seconds: 1800,
        timeout_at: expect.stringMatching(SQL_TIME),
        gpu_requirements: null,
        container_spec: expect.objectContaining({ image_type: 'vllm-serve', pricing_class: 'standard' }),
        workspace_volume_name: `dcp-job-${job.job_id}`,
        checkpoint_enabled: false,
        task_spec_signed: true,
        priority: 2,
        pricing_class: 'standard',
        prewarm_requested: false,
        queue_position: null,
      });
      expect(res.body).not.toHaveProperty('queued');
    });

    it('names the missing required fields in the documented order and message', async () => {
      const renter = await h.renter();
      for (const prefix of ['/api', '/api/dc1']) {
        const res = await h.t.fetchJson(`${prefix}/jobs/submit`, { method: 'POST', ...as(renter.key), json: {} });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'Missing required fields: job_type, duration_minutes' });
      }
      const one = await h.api('/jobs/submit', { method: 'POST', ...as(renter.key), json: { job_type: 'training' } });
      expect(one.body).toEqual({ error: 'Missing required fields: duration_minutes' });
    });

    it('refuses an out-of-range value with a 400 that names the field, and never rewrites it', async () => {
      const renter = await h.renter();
      for (const [field, value] of [
        ['duration_minutes', 0],
        ['priority', 11],
        ['priority', '2.5'],
        ['max_duration_seconds', 7200 * 100],
      ] as const) {
        const res = await h.api('/jobs/submit', { method: 'POST', ...as(renter.key), json: llmJob({ [field]: value }) });
        expect(res.status, `${field}=${value}`).toBe(400);
        expect(res.body.error).toBe('Validation failed');
        expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      const unknown = await h.api('/jobs/submit', { method: 'POST', ...as(renter.key), json: llmJob({ prompt: 'x' }) });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields[0]).toMatchObject({ field: '(root)' });
    });

    it('accepts priority as an integer or a numeric string, and keeps a prompt with markup as sent', async () => {
      const renter = await h.renter();
      const asNumber = await h.submit(renter.key, llmJob({ priority: 7 }));
      const asString = await h.submit(renter.key, llmJob({ priority: '9', params: { prompt: 'a <b>bold</b> claim' } }));
      expect(asNumber.priority).toBe(7);
      expect(asString.priority).toBe(9);
      const stored = await h.api(`/jobs/${asString.id}`, as(renter.key));
      expect(stored.body.job.task_spec).toContain('a <b>bold</b> claim');
    });

    it('queues a job for a busy provider with its position and the documented message', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      const res = await h.api('/jobs/submit', { method: 'POST', ...as(renter.key), json: llmJob({ provider_id: provider.id }) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        queued: true,
        message: 'Provider is busy. Your job is #2 in queue and will run automatically when the provider is free.',
        job: { status: 'queued', queue_position: 2, timeout_at: null },
      });
    });

    it('refuses callers without a usable renter key with the documented statuses', async () => {
      const provider = await h.provider();
      const none = await h.api('/jobs/submit', { method: 'POST', json: llmJob() });
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: 'Renter API key required (x-renter-key header or renter_key query)' });
      const wrongKind = await h.api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': provider.key }, json: llmJob() });
      expect(wrongKind.status).toBe(401);
      expect(wrongKind.body).toEqual({ error: 'Wrong key type: provider key cannot be used on renter endpoint', code: 'wrong_key_type' });
      const bogus = await h.api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': `dc1-renter-${'0'.repeat(32)}` }, json: llmJob() });
      expect(bogus.status).toBe(403);
      expect(bogus.body).toEqual({ error: 'Invalid or inactive renter API key' });
      const bearer = await h.api('/jobs/submit', { method: 'POST', headers: { authorization: `Bearer ${provider.key}` }, json: llmJob() });
      expect(bearer.status).toBe(401);
    });

    it('accepts the renter key from ?renter_key and ?key too', async () => {
      const renter = await h.renter();
      for (const q of ['renter_key', 'key']) {
        const res = await h.api(`/jobs/submit?${q}=${renter.key}`, { method: 'POST', json: llmJob() });
        expect(res.status, q).toBe(201);
        expect(res.headers.get('deprecation')).toBe('true');
      }
    });

    it('refuses a job beyond the balance with 402 and the amounts, and an unknown provider with 404', async () => {
      const renter = await h.renter();
      // No provider offers training, so the job-type rate applies: 7 halala/min × 1440 min.
      const tooBig = await h.api('/jobs/submit', { method: 'POST', ...as(renter.key), json: { job_type: 'training', duration_minutes: 1440, params: { script: 'print("epoch 1")' } } });
      expect(tooBig.status).toBe(402);
      expect(tooBig.body).toMatchObject({ error: 'Insufficient balance', balance_halala: 1000, required_halala: 10_080, shortfall_halala: 9080 });
      expect(tooBig.body.message).toBe('Top up at least 91 SAR to submit this job. POST /api/renters/topup');
      const ghost = await h.api('/jobs/submit', { method: 'POST', ...as(renter.key), json: llmJob({ provider_id: 999_999 }) });
      expect(ghost.status).toBe(404);
      expect(ghost.body).toEqual({ error: 'Provider not found' });
    });

    it('moves the quote out of the balance at submit', async () => {
      const renter = await h.renter();
      const before = await h.balance(renter.key);
      const job = await h.submit(renter.key, llmJob());
      expect(await h.balance(renter.key)).toBe(before - job.cost_halala);
    });
  });

  describe('GET /jobs/:id', () => {
    it('returns the whole job by numeric id or job_id to its renter', async () => {
      const renter = await h.renter();
      const job = await h.submit(renter.key, llmJob());
      const byId = await h.api(`/jobs/${job.id}`, as(renter.key));
      const byKey = await h.api(`/jobs/${job.job_id}`, as(renter.key));
      expect(byId.status).toBe(200);
      expect(byKey.body).toEqual(byId.body);
      expect(byId.body.job).toMatchObject({
        id: job.id,
        job_id: job.job_id,
        status: job.status,
        task_spec: expect.any(String),
        task_spec_hmac: expect.stringMatching(/^[0-9a-f]{64}$/),
        container_spec: expect.any(String),
        retry_count: 0,
        max_retries: 2,
        retry_reason: null,
        tokens_used: null,
        cost_usd: expect.any(Number),
        elapsed_sec: null,
      });
      expect(JSON.parse(byId.body.job.container_spec)).toMatchObject({ image_type: 'llm', compute_type: 'inference' });
    });

    it('shows a queued job its queue position', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      const queued = await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      const res = await h.api(`/jobs/${queued.job_id}`, as(renter.key));
      expect(res.body.job).toMatchObject({ status: 'queued', queue_position: 2 });
    });

    it('lets the admin and the assigned provider read it, and nobody else', async () => {
      const renter = await h.renter();
      const other = await h.renter();
      const provider = await h.provider();
      const stranger = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      expect((await h.api(`/jobs/${job.id}`, { headers: { 'x-admin-token': h.t.adminToken } })).status).toBe(200);
      expect((await h.api(`/jobs/${job.id}`, { headers: { authorization: `Bearer ${h.t.adminToken}` } })).status).toBe(200);
      expect((await h.api(`/jobs/${job.id}`, { headers: { 'x-provider-key': provider.key } })).status).toBe(200);
      expect((await h.api(`/jobs/${job.id}?key=${provider.key}`)).status).toBe(200);
      for (const headers of <Record<string, string>[]>[{ 'x-renter-key': other.key }, { 'x-provider-key': stranger.key }, {}]) {
        const res = await h.api(`/jobs/${job.id}`, { headers });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ error: 'Forbidden' });
      }
    });

    it('answers 404 Job not found for an unknown id', async () => {
      const renter = await h.renter();
      for (const ref of ['999999', 'job-1-abcdef', '99999999999999999999']) {
        const res = await h.api(`/jobs/${ref}`, as(renter.key));
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: 'Job not found' });
      }
    });
  });

  describe('GET /jobs/:id/output', () => {
    it('answers 202 with status and job_id while the job is unfinished', async () => {
      const renter = await h.renter();
      const job = await h.submit(renter.key, llmJob());
      const res = await h.api(`/jobs/${job.job_id}/output`, as(renter.key));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        status: job.status,
        job_id: job.job_id,
        message: `Job status: ${job.status}`,
        job_type: 'llm_inference',
        cost_halala: job.cost_halala,
        progress_phase: null,
        timeout_at: job.timeout_at,
      });
    });

    it('answers 200 with the structured text output and billing once completed', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      const printed = { type: 'llm_inference', prompt: 'hi', response: 'Riyadh', model: 'TinyLlama', tokens_generated: 3 };
      const done = await h.api(`/jobs/${job.job_id}/result`, {
        method: 'POST',
        headers: { 'x-provider-key': provider.key },
        json: { result: `loading...\nDC1_RESULT_JSON:${JSON.stringify(printed)}`, gpu_seconds: 60 },
      });
      expect(done.status, done.text).toBe(200);
      const res = await h.api(`/jobs/${job.job_id}/output`, as(renter.key));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'completed',
        job_id: job.job_id,
        type: 'text',
        prompt: 'hi',
        response: 'Riyadh',
        model: 'TinyLlama',
        tokens_generated: 3,
        billing: { actual_cost_halala: done.body.billing.actual_cost_halala, actual_cost_sar: expect.stringMatching(/^\d+\.\d\d$/) },
      });
      expect(res.body).not.toHaveProperty('tokens_per_second');
    });

    it('answers 200 with the raw result for unstructured output', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      await h.api(`/jobs/${job.job_id}/result`, { method: 'POST', headers: { 'x-provider-key': provider.key }, json: { result: 'plain stdout', gpu_seconds: 1 } });
      const res = await h.api(`/jobs/${job.id}/output`, as(renter.key));
      expect(res.body).toMatchObject({ status: 'completed', job_id: job.job_id, type: 'text', result: 'plain stdout' });
    });

    it('answers 410 with status, error and refund for a failed or cancelled job', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      const failed = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      await h.api(`/jobs/${failed.job_id}/fail`, { method: 'POST', headers: { 'x-provider-key': provider.key }, json: { error: 'CUDA OOM' } });
      const gone = await h.api(`/jobs/${failed.job_id}/output`, as(renter.key));
      expect(gone.status).toBe(410);
      expect(gone.body).toMatchObject({ status: 'failed', error: 'CUDA OOM', job_id: failed.job_id, refunded: true, completed_at: expect.stringMatching(ISO) });
      const cancelled = await h.submit(renter.key, llmJob());
      await h.api(`/jobs/${cancelled.job_id}/cancel`, { method: 'POST', ...as(renter.key) });
      const res = await h.api(`/jobs/${cancelled.job_id}/output`, as(renter.key));
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({ status: 'cancelled', error: 'Job was cancelled', job_id: cancelled.job_id, refunded: true });
    });

    it('serves a completed image as JSON by default and as PNG bytes on request', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, { job_type: 'image_generation', duration_minutes: 1, provider_id: provider.id });
      const data = Buffer.alloc(64 * 64, 7).toString('base64');
      const printed = { type: 'image', format: 'png', width: 64, height: 64, prompt: 'sunset', seed: 42, data };
      await h.api(`/jobs/${job.job_id}/result`, {
        method: 'POST',
        headers: { 'x-provider-key': provider.key },
        json: { result: `DC1_RESULT_JSON:${JSON.stringify(printed)}`, gpu_seconds: 5 },
      });
      const asJson = await h.api(`/jobs/${job.job_id}/output`, as(renter.key));
      expect(asJson.status).toBe(200);
      expect(asJson.body).toMatchObject({ status: 'completed', job_id: job.job_id, type: 'image', width: 64, image_base64: data, image_bytes: 4096 });
      const raw = await fetch(`${h.t.url}/api/jobs/${job.job_id}/output`, { headers: { 'x-renter-key': renter.key, accept: 'image/png' } });
      expect(raw.headers.get('content-type')).toBe('image/png');
      expect(raw.headers.get('x-dcp-seed')).toBe('42');
      expect(Buffer.from(await raw.arrayBuffer()).equals(Buffer.alloc(64 * 64, 7))).toBe(true);
      const bytes = await fetch(`${h.t.url}/api/jobs/${job.job_id}/output/png`, as(renter.key));
      expect(bytes.status).toBe(200);
      expect(bytes.headers.get('content-type')).toBe('image/png');
      expect(bytes.headers.get('content-disposition')).toBe(`attachment; filename="dcp-${job.job_id}.png"`);
      expect(Buffer.from(await bytes.arrayBuffer()).length).toBe(4096);
      const badFormat = await h.api(`/jobs/${job.job_id}/output/gif`, as(renter.key));
      expect(badFormat.status).toBe(400);
      expect(badFormat.body).toEqual({ error: 'Invalid format: gif. Supported: png, jpeg, webp' });
    });
  });

  describe('renter reads', () => {
    it('GET /jobs/history lists the renter’s jobs with balance and SAR strings, header key only', async () => {
      const renter = await h.renter();
      const provider = await h.provider({ gpu: H100 });
      const job = await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      const res = await h.api('/jobs/history?limit=5', as(renter.key));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ balance_halala: 1000 - job.cost_halala, balance_sar: expect.stringMatching(/^\d+\.\d\d$/), total_jobs: 1 });
      expect(res.body.jobs[0]).toMatchObject({
        job_id: job.job_id,
        status: 'pending',
        cost_halala: job.cost_halala,
        cost_sar: (job.cost_halala / 100).toFixed(2),
        provider_gpu: H100,
        provider_name: expect.any(String),
        refunded: false,
      });
      const viaQuery = await h.api(`/jobs/history?key=${renter.key}`);
      expect(viaQuery.status).toBe(401);
      expect(viaQuery.body).toEqual({ error: 'Renter API key required' });
      const invalid = await h.api('/jobs/history', { headers: { 'x-renter-key': 'dc1-renter-nope' } });
      expect(invalid.status).toBe(401);
      expect(invalid.body).toEqual({ error: 'Invalid renter key' });
      expect((await h.api('/jobs/history?limit=101', as(renter.key))).status).toBe(400);
    });

    it('GET /jobs/:id/history shows the attempts to the owning renter only', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
      await h.api(`/jobs/${job.job_id}/result`, { method: 'POST', headers: { 'x-provider-key': provider.key }, json: { result: 'ok', gpu_seconds: 30 } });
      const res = await h.api(`/jobs/${job.job_id}/history`, as(renter.key));
      expect(res.status).toBe(200);
      expect(res.body.job).toMatchObject({ job_id: job.job_id, status: 'completed', provider_id: provider.id });
      expect(res.body.executions).toEqual([
        expect.objectContaining({ attempt_number: 1, exit_code: 0, started_at: expect.stringMatching(ISO), ended_at: expect.stringMatching(ISO), gpu_seconds_used: 30 }),
      ]);
      const admin = await h.api(`/jobs/${job.job_id}/history`, { headers: { 'x-admin-token': h.t.adminToken } });
      expect(admin.status).toBe(401);
      const other = await h.renter();
      expect((await h.api(`/jobs/${job.job_id}/history`, as(other.key))).status).toBe(404);
    });
  });

  describe('queue views', () => {
    it('GET /jobs/assigned claims the provider’s next job as assigned, by ?key only', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      const job = await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      const res = await h.api(`/jobs/assigned?key=${provider.key}`);
      expect(res.status).toBe(200);
      expect(res.body.job).toMatchObject({ job_id: job.job_id, status: 'assigned', provider_id: provider.id, assigned_at: expect.stringMatching(ISO) });
      const header = await h.api('/jobs/assigned', { headers: { 'x-provider-key': provider.key } });
      expect(header.status).toBe(400);
      expect(header.body).toEqual({ error: 'API key required' });
      const unknown = await h.api(`/jobs/assigned?key=dc1-provider-${'0'.repeat(32)}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: 'Provider not found' });
    });

    it('GET /jobs/active lists unfinished jobs scoped to the caller, and needs a credential', async () => {
      const renter = await h.renter();
      const other = await h.renter();
      const job = await h.submit(renter.key, llmJob());
      await h.submit(other.key, llmJob());
      const mine = await h.api('/jobs/active', as(renter.key));
      expect(mine.status).toBe(200);
      expect(mine.body.jobs.map((j: { job_id: string }) => j.job_id)).toEqual([job.job_id]);
      const all = await h.api('/jobs/active', { headers: { 'x-admin-token': h.t.adminToken } });
      expect(all.body.jobs.length).toBeGreaterThanOrEqual(2);
      const none = await h.api('/jobs/active');
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: 'Authentication required' });
    });

    it('GET /jobs/queue/:provider_id lists a provider’s work in dispatch order; a provider sees only its own', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      const other = await h.provider();
      const first = await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      const low = await h.submit(renter.key, llmJob({ provider_id: provider.id, priority: 1 }));
      const high = await h.submit(renter.key, llmJob({ provider_id: provider.id, priority: 9 }));
      const res = await h.api(`/jobs/queue/${provider.id}`, { headers: { 'x-provider-key': provider.key } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        queue: [
          { job_id: first.job_id, status: 'pending' },
          { job_id: high.job_id, status: 'queued' },
          { job_id: low.job_id, status: 'queued' },
        ],
        total: 3,
      });
      expect((await h.api(`/jobs/queue/${provider.id}`, { headers: { 'x-provider-key': other.key } })).status).toBe(403);
      expect((await h.api('/jobs/queue/0', as(renter.key))).body).toEqual({ error: 'Invalid provider_id' });
      expect((await h.api(`/jobs/queue/${provider.id}`)).status).toBe(401);
    });

    it('GET /jobs/queue/status reports queued depth and waits by bucket, with the legacy alias', async () => {
      const renter = await h.renter();
      const provider = await h.provider();
      await h.submit(renter.key, llmJob({ provider_id: provider.id }));
      await h.submit(renter.key, llmJob({ provider_id: provider.id, pricing_class: 'priority' }));
      h.clock.advance(600);
      const res = await h.api('/jobs/queue/status', as(renter.key));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        queued_total: 1,
        buckets: [{ pricing_class: 'priority', compute_type: 'inference', vram_required_mb: 0, depth: 1, avg_wait_seconds: 600, p95_wait_seconds: 600 }],
        control_plane: { generated_at: expect.stringMatching(ISO), signal_count: 1, queue_slo_breaches: 1, recommended_scale_up_total: 1 },
        queue: [{ pricing_class: 'priority', compute_type: 'inference', vram_bucket: 'any', count: 1 }],
      });
      expect((await h.api('/jobs/queue/status')).status).toBe(401);
    });
  });
});
