import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { expectMoneyConsistent, llmJob, RTX4090, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * A scripted provider daemon (dcp_daemon.py v4.3.0) replaying its observed trace call for call
 * (docs/decisions.md#credentials): Bearer plus body `api_key` on POSTs, Bearer only on GETs, the ~36-key
 * heartbeat, the poll chain, remote HMAC verification (no secret injected), logs, progress, and a
 * job-result carrying the job's stdout as a string.
 */

const DAEMON_VERSION = '4.3.0';
const HOSTNAME = 'gpu-host-7';

function heartbeatBody(apiKey: string, extra: Record<string, unknown> = {}) {
  const gpu = {
    gpu_name: RTX4090,
    gpu_vram_mib: 24_564,
    vram_mb: 24_564,
    free_vram_mib: 23_000,
    memory_used_mb: 1564,
    gpu_util_pct: 3,
    temp_c: 41,
    power_w: 35.5,
    driver_version: '550.54.15',
    daemon_version: DAEMON_VERSION,
    python_version: '3.11.7',
    os_info: 'Ubuntu 22.04',
    all_gpus: [{ index: 0, name: RTX4090, vram_mib: 24_564 }],
    gpu_count: 1,
    compute_capability: '8.9',
    cuda_version: '12.4',
    provider_tier: 'B',
    model_cache_used_mb: 12_000,
    model_cache_total_mb: 100_000,
  };
  return {
    api_key: apiKey,
    peer_id: '12D3KooWDaemonPeer',
    gpu_status: gpu,
    gpu_info: { gpu_name: RTX4090, vram_mb: 24_564, driver_version: '550.54.15', compute_capability: '8.9', cuda_version: '12.4' },
    provider_ip: null,
    provider_hostname: HOSTNAME,
    resource_spec: { cpu_count: 16, ram_gb: 64, disk_gb: 500 },
    model_cache: { used_mb: 12_000, total_mb: 100_000, used_pct: 12 },
    vllm_models: [],
    served_model: null,
    engine: 'none',
    wg_health: { present: false },
    gpu_slots: 1,
    draining: false,
    accepting_jobs: true,
    cached_models: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
    cached_models_raw: ['models--TinyLlama--TinyLlama-1.1B-Chat-v1.0'],
    engines_active: [],
    concurrency_max: 1,
    concurrency_active: 0,
    concurrency_source: 'probe',
    architecture: 'x86_64',
    architecture_family: 'ada',
    model_details_by_model: {},
    effective_context_tokens: 4096,
    turboquant_enabled: false,
    cpu_offload_detected: false,
    code_hash: 'b3f1c0de',
    pod_hourly_cost_usd: null,
    account_runway_hours: null,
    port_mismatch: false,
    port_mismatch_remedy: null,
    bandwidth: { down_mbps: 940, up_mbps: 410 },
    network_quality: { latency_ms: 18, jitter_ms: 2 },
    ...extra,
  };
}

describe(`provider daemon replay (${storeName})`, () => {
  let h: JobsHarness;
  let renter: { id: number; key: string };
  let provider: { id: number; key: string };
  let job: any;
  let balanceAfterSubmit: number;

  const bearer = () => ({ authorization: `Bearer ${provider.key}` });
  const post = (path: string, body: Record<string, unknown>) =>
    h.api(path, { method: 'POST', headers: bearer(), json: { api_key: provider.key, ...body } });
  const event = (event_type: string, extra: Record<string, unknown> = {}) =>
    post('/providers/daemon-event', {
      event_type,
      severity: 'info',
      daemon_version: DAEMON_VERSION,
      timestamp: h.clock.now().toISOString(),
      hostname: HOSTNAME,
      os_info: 'Ubuntu 22.04',
      python_version: '3.11.7',
      details: '',
      ...extra,
    });

  beforeAll(async () => {
    h = await startJobsHarness();
    renter = await h.renter();
    const reg = await h.api('/providers/register', {
      method: 'POST',
      json: { name: 'Daemon Host', email: 'daemon@example.sa', gpu_model: 'RTX 4090', os: 'Linux' },
    });
    expect(reg.status, reg.text).toBe(200);
    provider = { id: reg.body.provider_id, key: reg.body.api_key };
  });
  afterAll(() => h?.close());

  it('starts up: daemon_start, readiness, earnings summary, two heartbeats', async () => {
    const start = await event('daemon_start', { details: 'pid=4242' });
    expect(start.status, start.text).toBe(200);
    const ready = await post('/providers/readiness', {
      checks: { cuda: true, pytorch: true, vram_gb: 24, driver: '550.54.15', python_version: '3.11.7', os_info: 'Ubuntu 22.04', docker: true, gpu_name: RTX4090 },
      daemon_version: DAEMON_VERSION,
    });
    expect(ready.status, ready.text).toBe(200);
    expect(ready.body.readiness_status).toBe('ready');
    const summary = await h.api('/providers/earnings/summary', { headers: bearer() });
    expect([200, 404]).toContain(summary.status);
    for (let i = 0; i < 2; i++) {
      const hb = await post('/providers/heartbeat', heartbeatBody(provider.key));
      expect(hb.status, hb.text).toBe(200);
      expect(hb.body.is_paused).toBeFalsy();
    }
  });

  it('polls with Bearer only and, with nothing to do, falls through the legacy polls', async () => {
    const next = await h.api('/providers/jobs/next', { headers: bearer() });
    expect(next.status, next.text).toBe(200);
    expect(next.body.job).toBeNull();
    expect(next.body.admission).toBeDefined();
    const legacy = await h.api(`/providers/${provider.key}/jobs`, { headers: bearer() });
    expect(legacy.status).toBe(200);
    expect(legacy.body.job).toBeNull();
    // The third fallback carries no ?key, as the daemon sends it.
    const assigned = await h.api('/jobs/assigned', { headers: bearer() });
    expect(assigned.status).toBe(400);
    expect(assigned.body).toEqual({ error: 'API key required' });
  });

  it('claims a renter’s job, verifies its signature remotely, and reports logs and progress', async () => {
    const submitted = await h.submit(renter.key, llmJob({ provider_id: provider.id }));
    balanceAfterSubmit = await h.balance(renter.key);
    const next = await h.api('/providers/jobs/next', { headers: bearer() });
    expect(next.status).toBe(200);
    job = next.body.job;
    expect(job).toMatchObject({
      job_id: submitted.job_id,
      job_type: 'llm_inference',
      status: 'running',
      attempt_number: 1,
      model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
      task_spec: expect.any(String),
      task_spec_hmac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(next.body.admission).toMatchObject({ accepted: true });

    const verified = await h.api(`/jobs/verify-hmac-local?hmac=${job.task_spec_hmac}`, { headers: bearer() });
    expect(verified.status).toBe(200);
    expect(verified.body.valid).toBe(true);

    expect((await event('container_start', { job_id: job.job_id })).status).toBe(200);
    const logs = await h.api(`/providers/jobs/${job.job_id}/logs`, {
      method: 'PATCH',
      headers: bearer(),
      json: { api_key: provider.key, lines: [{ level: 'info', message: '[dc1-phase] loading_model' }, { level: 'info', message: 'model loaded' }] },
    });
    expect(logs.status, logs.text).toBe(200);
    for (const phase of ['loading_model', 'generating', 'formatting']) {
      const progress = await post(`/jobs/${job.job_id}/progress`, { phase });
      expect(progress.status, progress.text).toBe(200);
      expect(progress.body).toMatchObject({ success: true, phase });
    }
    h.clock.advance(45);
    expect((await event('container_complete', { job_id: job.job_id })).status).toBe(200);
    expect((await event('job_success', { job_id: job.job_id })).status).toBe(200);
  });

  it('posts its stdout as the result; the job completes and the money is settled 75/25 with the rest refunded', async () => {
    const printed = { type: 'text', prompt: 'Summarize DCP in three bullets', response: '- GPUs\n- Riyadh\n- Jobs', model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' };
    const stdout = `[dc1-phase] generating\nDC1_RESULT_JSON:${JSON.stringify(printed)}\n`;
    const res = await post('/providers/job-result', {
      job_id: job.job_id,
      attempt_number: 1,
      result: stdout,
      success: true,
      error: null,
      gpu_seconds_used: 400,
      metrics: { gpu_count: 1 },
      transient: false,
      restart_count: 0,
      last_error: null,
    });
    expect(res.status, res.text).toBe(200);

    // RTX 4090 quote rate: 0.0000742 USD/s × 3.75 × 100 = 0.027825 halala/s; 400 s → ceil(11.13) = 12 of the 17 held.
    const actual = Math.min(job.cost_halala, Math.ceil(400 * 0.027825));
    expect(actual).toBe(12);
    const providerShare = Math.floor(actual * 0.75);
    const read = await h.api(`/jobs/${job.job_id}`, { headers: { 'x-renter-key': renter.key } });
    expect(read.body.job).toMatchObject({
      status: 'completed',
      result: stdout,
      actual_cost_halala: actual,
      provider_earned_halala: providerShare,
      dc1_fee_halala: actual - providerShare,
      gpu_seconds_used: 400,
    });
    expect(await h.balance(renter.key)).toBe(balanceAfterSubmit + job.cost_halala - actual);
    const earnings = await h.api('/providers/earnings', { headers: { 'x-provider-key': provider.key } });
    expect(earnings.body.total_earned_halala).toBe(providerShare);
    const output = await h.api(`/jobs/${job.job_id}/output`, { headers: { 'x-renter-key': renter.key } });
    expect(output.body).toMatchObject({ status: 'completed', job_id: job.job_id, response: printed.response });
    await expectMoneyConsistent(h.t.gateway);
  });

  it('a repeated result is acknowledged without settling twice', async () => {
    const before = await h.balance(renter.key);
    const again = await post('/providers/job-result', { job_id: job.job_id, result: 'dup', success: true, gpu_seconds_used: 400 });
    expect(again.status).toBe(200);
    expect(await h.balance(renter.key)).toBe(before);
  });

  it('sends its ~100 KB bandwidth probe, then drains and stops with a final heartbeat', async () => {
    const probe = await event('bandwidth_test', { details: 'x'.repeat(100 * 1024) });
    expect(probe.status, probe.text).toBe(200);
    expect((await event('bandwidth_report', { details: JSON.stringify({ down_mbps: 940 }) })).status).toBe(200);
    expect((await event('drain_start')).status).toBe(200);
    expect((await event('daemon_stop')).status).toBe(200);
    const last = await post('/providers/heartbeat', heartbeatBody(provider.key, { status: 'draining', final_heartbeat: true, draining: true, accepting_jobs: false }));
    expect(last.status, last.text).toBe(200);
  });

  it('the same job read through GraphQL gives the same facts as REST', async () => {
    const rest = (await h.api(`/jobs/${job.job_id}`, { headers: { 'x-renter-key': renter.key } })).body.job;
    const restLogs = (await h.api(`/jobs/${job.job_id}/logs`, { headers: { 'x-renter-key': renter.key } })).body.logs;
    const gql = await h.t.gql(
      `query ($jobId: String!) { job(ref: { jobId: $jobId }) {
        databaseId jobId status progressPhase jobType model priority pricingClass durationMinutes costHalala actualCostHalala
        providerEarnedHalala gpuSecondsUsed result submittedAt startedAt completedAt provider { databaseId }
        logs { lineNo level message }
      } }`,
      { jobId: job.job_id },
      { 'x-renter-key': renter.key },
    );
    expect(gql.errors).toBeUndefined();
    const g = gql.data!.job;
    // GraphQL names closed sets as enums: the REST value in SCREAMING_SNAKE_CASE.
    const asEnum = (value: string | null) => (value == null ? null : value.toUpperCase().replace(/-/g, '_'));
    expect(g).toEqual({
      databaseId: rest.id,
      jobId: rest.job_id,
      status: asEnum(rest.status),
      progressPhase: asEnum(rest.progress_phase),
      jobType: asEnum(rest.job_type),
      model: rest.model,
      priority: rest.priority,
      pricingClass: asEnum(rest.pricing_class),
      durationMinutes: rest.duration_minutes,
      costHalala: rest.cost_halala,
      actualCostHalala: rest.actual_cost_halala,
      providerEarnedHalala: rest.provider_earned_halala,
      gpuSecondsUsed: rest.gpu_seconds_used,
      result: rest.result,
      submittedAt: rest.submitted_at,
      startedAt: rest.started_at,
      completedAt: rest.completed_at,
      provider: { databaseId: rest.provider_id },
      logs: restLogs.map((l: { line_no: number; level: string; message: string }) => ({ lineNo: l.line_no, level: asEnum(l.level), message: l.message })),
    });
  });
});
