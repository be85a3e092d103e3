import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { createTaskRunner, type TaskRunner } from '../helpers/taskRunner.js';
import { expectMoneyConsistent, RTX4090, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * A job submitted the way the renter SDKs submit it, claimed and run the way provider daemon v4.3.0 runs it:
 * poll with Bearer, check the signature over the exact task_spec string, run the script (against stand-in
 * ML libraries), post each `[dc1-phase]` marker as progress and the output lines as logs in batches of ten,
 * then post the whole framed output as the result. The renter reads the answer through the SDKs' calls.
 */
describe(`task specs through the daemon's calls (${storeName})`, () => {
  let h: JobsHarness;
  let runner: TaskRunner;
  let renter: { id: number; key: string };
  let provider: { id: number; key: string };

  const bearer = () => ({ authorization: `Bearer ${provider.key}` });
  const daemonPost = (path: string, body: Record<string, unknown>, method = 'POST') =>
    h.api(path, { method, headers: bearer(), json: { api_key: provider.key, ...body } });

  /** The SDKs' submitJob body: `{provider_id, job_type, params, duration_minutes, priority}`. */
  const sdkSubmit = (jobType: string, params: Record<string, unknown>) =>
    h.api('/jobs/submit', {
      method: 'POST',
      headers: { 'x-renter-key': renter.key, 'content-type': 'application/json' },
      json: { provider_id: provider.id, job_type: jobType, params, duration_minutes: 5, priority: 2 },
    });

  /** One daemon cycle for the provider's next job; returns the claimed job and what the run printed. */
  async function daemonRunsNextJob(env: Record<string, string> = {}) {
    const next = await h.api('/providers/jobs/next', { headers: bearer() });
    expect(next.status, next.text).toBe(200);
    const job = next.body.job;
    expect(typeof job.task_spec).toBe('string');
    const expected = createHmac('sha256', h.t.gateway.domain.ctx.hmacSecret).update(job.task_spec, 'utf8').digest('hex');
    expect(job.task_spec_hmac).toBe(expected);

    const run = await runner.run(job.job_id, job.task_spec, env);
    for (const phase of run.phases) {
      const progress = await daemonPost(`/jobs/${job.job_id}/progress`, { phase });
      expect(progress.status, progress.text).toBe(200);
    }
    const lines = run.output.split('\n').filter(Boolean);
    for (let i = 0; i < lines.length; i += 10) {
      const batch = lines.slice(i, i + 10).map((line) => ({ level: 'info', message: line.slice(0, 2000) }));
      const logged = await daemonPost(`/providers/jobs/${job.job_id}/logs`, { lines: batch }, 'PATCH');
      expect(logged.status, logged.text).toBe(200);
    }
    h.clock.advance(30);
    const success = run.exitCode === 0;
    const tail = lines.slice(-20).join('\n').slice(0, 500);
    const result = await daemonPost('/providers/job-result', {
      job_id: job.job_id,
      attempt_number: job.attempt_number,
      result: success ? run.output : {},
      success,
      error: success ? null : `Exit code ${run.exitCode} (status=exited): ${tail}`,
      gpu_seconds_used: 30,
      metrics: { gpu_count: 1 },
      transient: false,
      restart_count: success ? 0 : 3,
    });
    expect(result.status, result.text).toBe(200);
    return { job, run };
  }

  const output = (jobId: string) => h.api(`/jobs/${jobId}/output`, { headers: { 'x-renter-key': renter.key } });

  beforeAll(async () => {
    h = await startJobsHarness();
    runner = createTaskRunner();
    renter = await h.renter();
    await h.api('/renters/topup', { method: 'POST', headers: { 'x-renter-key': renter.key }, json: { amount_halala: 50_000 } });
    provider = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
  });
  afterAll(async () => {
    runner?.close();
    await h?.close();
  });

  it('an llm_inference job with {prompt, model} runs, reports its phases, and completes with the text the SDKs read', async () => {
    const submitted = await sdkSubmit('llm_inference', { prompt: 'Name three cities in "Najd"', model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' });
    expect(submitted.status, submitted.text).toBe(201);
    const { job } = await daemonRunsNextJob();

    const read = await h.api(`/jobs/${job.job_id}`, { headers: { 'x-renter-key': renter.key } });
    expect(read.body.job ?? read.body).toMatchObject({ status: 'completed', progress_phase: 'formatting' });
    const res = await output(job.job_id);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      status: 'completed',
      job_id: job.job_id,
      type: 'text',
      response: 'echo: Name three cities in "Najd"',
      model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
      result: { type: 'text', response: 'echo: Name three cities in "Najd"' },
    });
    const logs = await h.api(`/jobs/${job.job_id}/logs`, { headers: { 'x-renter-key': renter.key } });
    expect(JSON.stringify(logs.body)).toContain('[dc1-phase] generating');
  });

  it('an image_generation job completes with a base64 image, as JSON with `result` and as bytes', async () => {
    const submitted = await sdkSubmit('image_generation', { prompt: 'Date palms at dusk', width: 256, height: 256, steps: 10, seed: 7 });
    expect(submitted.status, submitted.text).toBe(201);
    const { job } = await daemonRunsNextJob();
    const res = await output(job.job_id);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', type: 'image', format: 'png', width: 256, height: 256, seed: 7, image_base64: expect.any(String) });
    expect(res.body.result).toMatchObject({ type: 'image', data: res.body.image_base64 });
    const png = await h.t.fetchJson(`/api/jobs/${job.job_id}/output/png`, { headers: { 'x-renter-key': renter.key } });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('a custom_container job with params.script runs that script in the chosen image', async () => {
    const script = 'import json\nprint("DC1_RESULT_JSON:" + json.dumps({"type": "text", "response": "custom ok"}))';
    const submitted = await sdkSubmit('custom_container', { script, image_override: 'dc1/general-worker:latest' });
    expect(submitted.status, submitted.text).toBe(201);
    expect(submitted.body.job.container_spec).toMatchObject({ image: 'dc1/general-worker:latest' });
    const { job } = await daemonRunsNextJob();
    expect(JSON.parse(job.container_spec)).toMatchObject({ image: 'dc1/general-worker:latest' });
    expect((await output(job.job_id)).body).toMatchObject({ status: 'completed', response: 'custom ok' });
  });

  it('a script that cannot load its model fails the job with the script’s message and refunds the hold', async () => {
    const before = await h.balance(renter.key);
    const submitted = await sdkSubmit('llm_inference', { prompt: 'hi', model: 'microsoft/phi-2' });
    expect(submitted.status).toBe(201);
    const { job } = await daemonRunsNextJob({ STUB_MISSING_MODELS: 'microsoft/phi-2' });
    const res = await output(job.job_id);
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ status: 'failed', refunded: true, error: expect.stringContaining('model microsoft/phi-2 is not available offline') });
    expect(await h.balance(renter.key)).toBe(before);
    await expectMoneyConsistent(h.t.gateway);
  });

  it('a retried job gets a freshly generated, signed spec of the same parameters', async () => {
    const failed = await h.api('/jobs/history', { headers: { 'x-renter-key': renter.key } });
    const source = (failed.body.jobs ?? failed.body).find((j: any) => j.status === 'failed');
    const retry = await h.api(`/jobs/${source.job_id}/retry`, { method: 'POST', headers: { 'x-renter-key': renter.key } });
    expect(retry.status, retry.text).toBe(201);
    const { job, run } = await daemonRunsNextJob();
    expect(run.exitCode).toBe(0);
    expect(job.task_spec).toContain('"microsoft/phi-2"');
    expect((await output(job.job_id)).body).toMatchObject({ status: 'completed', response: 'echo: hi' });
  });

  it('refuses bad parameters with a 400 naming them, holding nothing', async () => {
    const before = await h.balance(renter.key);
    const bad = await sdkSubmit('llm_inference', { prompt: 'x', max_tokens: 10_000 });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'Validation failed', fields: [{ field: 'params.max_tokens', message: 'Must be at most 4096' }] });
    const noScript = await sdkSubmit('training', {});
    expect(noScript.status).toBe(400);
    expect(noScript.body.fields).toEqual([{ field: 'params.script', message: 'Required for training jobs: the Python script to run' }]);
    const tiny = await h.api('/jobs/submit', {
      method: 'POST',
      headers: { 'x-renter-key': renter.key },
      json: { job_type: 'llm_inference', duration_minutes: 0.01 },
    });
    expect(tiny.body.fields).toEqual([{ field: 'duration_minutes', message: 'Must be at least 0.1 minutes' }]);
    expect(await h.balance(renter.key)).toBe(before);
  });
});
