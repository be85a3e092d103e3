import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { admin, daemonHeartbeat, onlineProvider, registerProvider, registerRenter, renterHeaders, type Account } from './restFixtures.js';

describe(`REST providers (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  const post = (path: string, json: unknown, headers: Record<string, string> = {}) => t.fetchJson(`/api${path}`, { method: 'POST', headers, json });
  const bearer = (a: Account) => ({ authorization: `Bearer ${a.apiKey}` });

  /** A renter's job routed to `provider`, claimed by it through the daemon poll. */
  async function runningJob(provider: Account, renter?: Account) {
    const owner = renter ?? (await registerRenter(t));
    const submit = await post('/jobs/submit', { job_type: 'llm_inference', duration_minutes: 10, provider_id: provider.id }, renterHeaders(owner));
    expect(submit.status, submit.text).toBe(201);
    const claim = await t.fetchJson('/api/providers/jobs/next', { headers: bearer(provider) });
    expect(claim.body.job?.job_id).toBe(submit.body.job.job_id);
    return { renter: owner, job: submit.body.job as { id: number; job_id: string; cost_halala: number } };
  }

  describe('POST /providers/register', () => {
    it('answers 200 with the key, the installer URL and a welcome', async () => {
      const res = await post('/providers/register', { name: 'Riyadh GPU', email: 'gpu@example.sa', gpu_model: 'RTX 4090', os: 'Windows 11' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        provider_id: expect.any(Number),
        api_key: expect.stringMatching(/^dc1-provider-[0-9a-f]{32}$/),
        approval_status: 'approved',
        // Absolute on this gateway and without the key (docs/distribution.md).
        installer_url: `${t.url}/api/providers/download/setup?os=windows`,
        message: 'Welcome Riyadh GPU! Your API key is ready. Download the installer to get started.',
      });
    });

    it('lists missing fields, names an unknown OS and refuses a duplicate email', async () => {
      expect(await post('/providers/register', { name: 'X Y' })).toMatchObject({ status: 400, body: { error: 'Missing required fields: email, gpu_model, os' } });
      const bad = await post('/providers/register', { name: 'X Y', email: 'os@example.sa', gpu_model: 'A100', os: 'plan9' });
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toEqual([{ field: 'os', message: 'Invalid OS value' }]);
      await registerProvider(t, { email: 'twice@example.sa' });
      expect(await post('/providers/register', { name: 'X Y', email: 'twice@example.sa', gpu_model: 'A100', os: 'linux' })).toMatchObject({
        status: 409,
        body: { error: 'A provider with this email already exists' },
      });
    });
  });

  describe('POST /providers/heartbeat', () => {
    it('accepts the daemon heartbeat with its ~36 keys and answers the seed fields', async () => {
      const provider = await registerProvider(t);
      const res = await post('/providers/heartbeat', daemonHeartbeat(provider.apiKey), bearer(provider));
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        success: true,
        message: 'Heartbeat received',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        needs_update: false,
        latest_version: expect.any(String),
        update_available: false,
        min_version: expect.any(String),
        approval_status: 'approved',
        approved: true,
        preload_model: null,
        is_paused: 0,
        capacity_report: { provider_id: provider.id, queue_depth_by_model: {}, active_inference_jobs: 0, available_gpu_slots: 1, estimated_wait_seconds: 0 },
        tier_capability: { available_tier_modes: ['on-demand', 'cached', 'instant'], source: 'heuristic' },
        pending_tasks: [],
      });
      const me = await t.fetchJson(`/api/providers/me?key=${provider.apiKey}`);
      expect(me.body.provider).toMatchObject({ status: 'online', gpu_model: 'NVIDIA GeForce RTX 4090', gpu_vram_mib: 24564, daemon_version: '4.3.0' });
      expect(me.body.provider.gpu_metrics).toEqual({ utilization_pct: 12, vram_used_mib: 1564, temperature_c: 48 });
    });

    it('answers the seed example body (minimal gpu_status)', async () => {
      const provider = await registerProvider(t);
      const res = await post('/providers/heartbeat', {
        api_key: provider.apiKey,
        gpu_status: { gpu_name: 'NVIDIA RTX 4090', gpu_vram_mib: 24564, gpu_util_pct: 5, temp_c: 40, daemon_version: '3.3.0', python_version: '3.11.4', os_info: 'Ubuntu 22.04' },
        provider_hostname: 'gpu-host-1',
        cached_models: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ needs_update: true, update_available: true });
    });

    it("accepts the Python provider SDK's heartbeat, which sends its key only in x-provider-key", async () => {
      const provider = await registerProvider(t);
      const res = await post('/providers/heartbeat', { daemon_version: 'sdk/0.1.0', gpu_spec: { gpu_name: 'RTX 4090' } }, { 'x-provider-key': provider.apiKey });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, is_paused: 0 });
    });

    it('refuses out-of-range counters with 400, not a database error', async () => {
      const provider = await registerProvider(t);
      const res = await post('/providers/heartbeat', { api_key: provider.apiKey, container_restart_count: 3e9 });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('container_restart_count');
    });

    it('documents each refusal', async () => {
      const provider = await registerProvider(t);
      expect(await post('/providers/heartbeat', {})).toMatchObject({ status: 400, body: { error: 'api_key required' } });
      expect(await post('/providers/heartbeat', { api_key: 'dc1-provider-ffffffffffffffffffffffffffffffff' })).toMatchObject({
        status: 401,
        body: { error: 'Invalid API key' },
      });
      // A bad key is refused as such, whatever else is wrong with the body.
      expect(await post('/providers/heartbeat', { api_key: 'dc1-provider-ffffffffffffffffffffffffffffffff', gpu_status: [1, 2] })).toMatchObject({
        status: 401,
        body: { error: 'Invalid API key' },
      });
      expect(await post('/providers/heartbeat', { api_key: provider.apiKey, gpu_status: [1, 2] })).toMatchObject({
        status: 400,
        body: { error: 'gpu_status must be an object' },
      });
      const renter = await registerRenter(t);
      expect(await post('/providers/heartbeat', { api_key: renter.apiKey })).toMatchObject({
        status: 401,
        body: { error: 'Wrong key type: renter key cannot be used on provider endpoint', code: 'wrong_key_type' },
      });
      expect((await post(`/admin/providers/${provider.id}/reject`, { reason: 'unverified hardware' }, admin(t))).status).toBe(200);
      expect(await post('/providers/heartbeat', daemonHeartbeat(provider.apiKey))).toMatchObject({ status: 403, body: { error: 'Provider is not approved yet' } });
    });
  });

  describe('GET /providers/me and /status', () => {
    it('shows the provider record with earnings windows and recent jobs', async () => {
      const provider = await onlineProvider(t);
      const res = await t.fetchJson('/api/providers/me', { headers: { 'x-provider-key': provider.apiKey } });
      expect(res.status).toBe(200);
      expect(res.body.provider).toMatchObject({
        id: provider.id,
        name: 'GPU Host',
        approval_status: 'approved',
        is_paused: false,
        run_mode: 'always-on',
        scheduled_start: '23:00',
        total_earnings_halala: 0,
        today_earnings_halala: 0,
        week_earnings_halala: 0,
        month_earnings_halala: 0,
        active_job: null,
        auto_detected: true,
      });
      expect(res.body.recent_jobs).toEqual([]);
      expect(await t.fetchJson('/api/providers/me')).toMatchObject({ status: 400, body: { error: 'API key required' } });
      expect(await t.fetchJson('/api/providers/me?key=dc1-provider-00000000000000000000000000000000')).toMatchObject({
        status: 404,
        body: { error: 'Provider not found' },
      });
    });

    it('answers /status by header and the legacy /status/{api_key}', async () => {
      const provider = await onlineProvider(t);
      const byHeader = await t.fetchJson('/api/providers/status', { headers: { 'x-provider-key': provider.apiKey } });
      expect(byHeader.status).toBe(200);
      expect(byHeader.body).toMatchObject({ provider_id: provider.id, name: 'GPU Host', status: 'online', total_earnings: 0, total_jobs: 0 });
      const byPath = await t.fetchJson(`/api/providers/status/${provider.apiKey}`);
      expect(byPath.body).toEqual(byHeader.body);
      expect(await t.fetchJson('/api/providers/status')).toMatchObject({ status: 400, body: { error: 'API key required (x-provider-key header or ?key= query)' } });
    });
  });

  describe('pause, resume, preferences (body `key`)', () => {
    it('pauses and resumes with the body key and ignores a header key', async () => {
      const provider = await onlineProvider(t);
      expect(await post('/providers/pause', {}, { 'x-provider-key': provider.apiKey })).toMatchObject({ status: 400, body: { error: 'API key required' } });
      expect(await post('/providers/pause', { key: provider.apiKey })).toMatchObject({ status: 200, body: { success: true, status: 'paused' } });
      const hb = await post('/providers/heartbeat', daemonHeartbeat(provider.apiKey));
      expect(hb.body.is_paused).toBe(1);
      expect(await post('/providers/resume', { key: provider.apiKey })).toMatchObject({ status: 200, body: { success: true, status: 'online' } });
      expect(await post('/providers/resume', { key: 'dc1-provider-00000000000000000000000000000000' })).toMatchObject({ status: 404, body: { error: 'Provider not found' } });
    });

    it('merges preferences and names the invalid one', async () => {
      const provider = await registerProvider(t);
      const res = await post('/providers/preferences', { key: provider.apiKey, run_mode: 'scheduled', scheduled_start: '22:00', gpu_usage_cap_pct: '70' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        preferences: { run_mode: 'scheduled', scheduled_start: '22:00', scheduled_end: '07:00', gpu_usage_cap_pct: 70, vram_reserve_gb: 1, temp_limit_c: 85 },
      });
      expect(await post('/providers/preferences', { key: provider.apiKey, run_mode: 'sometimes' })).toMatchObject({ status: 400, body: { error: 'Invalid run_mode' } });
      expect(await post('/providers/preferences', { key: provider.apiKey, temp_limit_c: 120 })).toMatchObject({ status: 400, body: { error: 'temp_limit_c must be 50-100' } });
    });
  });

  describe('job polling and settlement', () => {
    it('claims through Bearer on /jobs/next and answers the legacy /{api_key}/jobs with no job', async () => {
      const provider = await onlineProvider(t);
      const { job } = await runningJob(provider);
      const again = await t.fetchJson(`/api/providers/${provider.apiKey}/jobs`);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ job: null, admission: { accepted: false, reason_code: 'NO_PENDING_JOBS' } });
      const detail = await t.fetchJson(`/api/admin/jobs/${job.job_id}`, { headers: admin(t) });
      expect(detail.body.job).toMatchObject({ status: 'running', provider_id: provider.id });
    });

    it('hands the daemon the job fields it reads, task_spec as the signed string', async () => {
      const provider = await onlineProvider(t);
      const renter = await registerRenter(t);
      await post('/jobs/submit', { job_type: 'llm_inference', duration_minutes: 5, provider_id: provider.id, params: { prompt: 'hi' } }, renterHeaders(renter));
      const res = await t.fetchJson('/api/providers/jobs/next', { headers: bearer(provider) });
      expect(res.body.admission).toMatchObject({ accepted: true, reason_code: 'ADMISSION_OK', job_id: res.body.job.job_id });
      expect(res.body.job).toMatchObject({ job_id: expect.stringMatching(/^job-\d+-[a-z0-9]{6}$/), job_type: 'llm_inference', attempt_number: 1 });
      expect(typeof res.body.job.task_spec).toBe('string');
      expect(res.body.job.task_spec_hmac).toMatch(/^[0-9a-f]{64}$/);
    });

    it('reports PROVIDER_PAUSED to a paused provider and 401 to a bad key', async () => {
      const provider = await onlineProvider(t);
      await post('/providers/pause', { key: provider.apiKey });
      const res = await t.fetchJson('/api/providers/jobs/next', { headers: { 'x-provider-key': provider.apiKey } });
      expect(res.body).toMatchObject({ job: null, admission: { reason_code: 'PROVIDER_PAUSED' } });
      expect(await t.fetchJson('/api/providers/dc1-provider-00000000000000000000000000000000/jobs')).toMatchObject({ status: 401, body: { error: 'Invalid API key' } });
      expect(await t.fetchJson('/api/providers/jobs/next')).toMatchObject({ status: 400, body: { error: 'API key required' } });
    });

    it('settles a successful job-result: renter charged actual, provider 75 %, the rest refunded', async () => {
      const provider = await onlineProvider(t);
      const { renter, job } = await runningJob(provider);
      const res = await post('/providers/job-result', {
        api_key: provider.apiKey,
        job_id: job.job_id,
        attempt_number: 1,
        success: true,
        result: 'loading\nDC1_RESULT_JSON:{"type":"text","response":"hi"}',
        error: null,
        gpu_seconds_used: 60,
        metrics: { gpu_count: 1 },
        transient: false,
        restart_count: 0,
        last_error: null,
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ success: true, job_id: job.job_id, status: 'completed', gpu_seconds_used: 60, actual_minutes: 1 });
      const cost = res.body.cost_halala as number;
      expect(cost).toBeGreaterThan(0);
      expect(cost).toBeLessThanOrEqual(job.cost_halala);
      expect(res.body.provider_earned_halala).toBe(Math.floor(cost * 0.75));
      expect(res.body.dc1_fee_halala).toBe(cost - Math.floor(cost * 0.75));
      expect(res.body.refunded_halala).toBe(job.cost_halala - cost);
      const balance = await t.fetchJson('/api/renters/balance', { headers: renterHeaders(renter) });
      expect(balance.body).toMatchObject({ balance_halala: 1000 - cost, held_halala: 0, total_spent_halala: cost });
      const earnings = await t.fetchJson(`/api/providers/earnings?key=${provider.apiKey}`);
      expect(earnings.body).toMatchObject({ total_earned_halala: res.body.provider_earned_halala, available_halala: res.body.provider_earned_halala, total_jobs: 1 });
      const repeat = await post('/providers/job-result', { api_key: provider.apiKey, job_id: job.job_id, success: true });
      expect(repeat).toMatchObject({ status: 200, body: { success: true, message: 'Job already settled (completed)' } });
    });

    it('fails a job on success:false and refunds the whole hold once', async () => {
      const provider = await onlineProvider(t);
      const { renter, job } = await runningJob(provider);
      const res = await post('/providers/job-result', { api_key: provider.apiKey, job_id: job.job_id, success: false, error: 'CUDA out of memory' });
      expect(res.body).toMatchObject({ success: true, status: 'failed', refunded_halala: job.cost_halala, last_error: 'CUDA out of memory' });
      expect((await t.fetchJson('/api/renters/balance', { headers: renterHeaders(renter) })).body).toMatchObject({ balance_halala: 1000, held_halala: 0 });
      expect(await post('/providers/job-result', { api_key: provider.apiKey, job_id: job.job_id, success: false })).toMatchObject({
        status: 200,
        body: { message: 'Job already settled (failed)' },
      });
    });

    it('refuses a job-result without job_id, with a bad key, or for another provider`s job', async () => {
      const provider = await onlineProvider(t);
      const other = await onlineProvider(t);
      const { job } = await runningJob(provider);
      expect(await post('/providers/job-result', { api_key: provider.apiKey })).toMatchObject({ status: 400, body: { error: 'api_key and job_id required' } });
      expect(await post('/providers/job-result', { job_id: job.job_id })).toMatchObject({ status: 400, body: { error: 'api_key and job_id required' } });
      expect(await post('/providers/job-result', { api_key: 'dc1-provider-00000000000000000000000000000000', job_id: job.job_id })).toMatchObject({
        status: 401,
      });
      expect(await post('/providers/job-result', { api_key: other.apiKey, job_id: job.job_id, success: true })).toMatchObject({
        status: 404,
        body: { error: 'Job not found' },
      });
    });

    it('accepts a job-result body beyond the 2 MB default (10 MB limit) and refuses one beyond 10 MB with 413', async () => {
      const provider = await onlineProvider(t);
      const { job } = await runningJob(provider);
      const big = await post('/providers/job-result', { api_key: provider.apiKey, job_id: job.job_id, success: true, result: 'x'.repeat(3 * 1024 * 1024) });
      expect(big.status, big.text.slice(0, 200)).toBe(200);
      const huge = await post('/providers/job-result', { api_key: provider.apiKey, job_id: job.job_id, result: 'x'.repeat(11 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({ error: 'Request body too large' });
    });

    it('appends log lines numbered from 1 via PATCH /providers/jobs/{job_id}/logs', async () => {
      const provider = await onlineProvider(t);
      const { job } = await runningJob(provider);
      const res = await t.fetchJson(`/api/providers/jobs/${job.job_id}/logs`, {
        method: 'PATCH',
        json: { api_key: provider.apiKey, lines: [{ level: 'info', message: 'l1' }, { level: 'warn', message: 'l2' }] },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ success: true, job_id: job.job_id, lines_written: 2, first_line_no: 1, last_line_no: 2 });
    });
  });

  describe('public lists', () => {
    it('lists live providers on /available with reputation and prices', async () => {
      const provider = await onlineProvider(t);
      const res = await t.fetchJson('/api/providers/available');
      expect(res.status).toBe(200);
      const item = res.body.providers.find((p: { id: number }) => p.id === provider.id);
      expect(item).toMatchObject({
        status: 'online',
        is_live: true,
        vram_gb: 24,
        gpu_count: 1,
        reputation_tier: expect.stringMatching(/^(top|reliable|new)$/),
        latency_source: 'heartbeat_age',
        cost_rates_halala_per_min: { llm_inference: 9, training: 7, benchmark: 6, default: 6 },
      });
      expect(res.body).toMatchObject({ total: res.body.providers.length, online_count: expect.any(Number), degraded_count: 0 });
    });

    it('answers /marketplace and /public with bare arrays; /public is cached for 30 s', async () => {
      const provider = await onlineProvider(t);
      const market = await t.fetchJson('/api/providers/marketplace');
      expect(Array.isArray(market.body)).toBe(true);
      expect(market.body.find((p: { id: number }) => p.id === provider.id)).toMatchObject({
        gpu_model: 'NVIDIA GeForce RTX 4090',
        rate_halala: 100,
        price_per_min_halala: 2,
        total_jobs_completed: 0,
      });
      const first = await t.fetchJson('/api/providers/public');
      const second = await t.fetchJson('/api/providers/public');
      expect(Array.isArray(first.body)).toBe(true);
      expect(first.body.find((p: { id: number }) => p.id === provider.id)).toMatchObject({ vram_mb: 24564, cost_per_hour_sar: 1, online: true });
      expect(first.headers.get('x-cache')).toBe('MISS');
      expect(second.headers.get('x-cache')).toBe('HIT');
      expect(second.headers.get('cache-control')).toBe('public, max-age=30');
    });
  });

  describe('earnings and history', () => {
    it('reports earnings, the daemon summary (Bearer only) and the job history', async () => {
      const provider = await onlineProvider(t);
      const { job } = await runningJob(provider);
      const { job: open } = await runningJob(provider);
      await post('/providers/job-result', { api_key: provider.apiKey, job_id: job.job_id, success: true, gpu_seconds_used: 120 });
      const earnings = await t.fetchJson('/api/providers/earnings', { headers: { 'x-provider-key': provider.apiKey } });
      expect(earnings.body).toMatchObject({
        provider_id: provider.id,
        pending_withdrawal_sar: 0,
        escrow: { held_jobs: 0, held_halala: 0, locked_jobs: 1, locked_halala: open.cost_halala },
      });
      expect(earnings.body.available_sar).toBe(earnings.body.available_halala / 100);
      const summary = await t.fetchJson('/api/providers/earnings/summary', { headers: bearer(provider) });
      expect(summary.body).toMatchObject({ provider_id: provider.id, total_earned_halala: earnings.body.total_earned_halala, last_payout: null });
      const history = await t.fetchJson(`/api/providers/job-history?key=${provider.apiKey}&limit=10`);
      expect(history.body).toMatchObject({ total_jobs: 2, completed_jobs: 1, failed_jobs: 0, success_rate: 100 });
      expect(history.body.total_earned_sar).toMatch(/^\d+\.\d\d$/);
      expect(history.body.jobs).toHaveLength(1);
      expect(history.body.jobs[0]).toMatchObject({ job_id: job.job_id, status: 'completed', renter_name: 'Fatima Al-Saud', actual_duration_minutes: 2 });
      expect(await t.fetchJson('/api/providers/job-history?key=x&limit=500')).toMatchObject({ status: 401 });
      expect(await t.fetchJson(`/api/providers/job-history?key=${provider.apiKey}&limit=500`)).toMatchObject({ status: 400 });
    });
  });

  describe('daemon reports', () => {
    it('records readiness: ready with CUDA, PyTorch and 4 GB, else failed', async () => {
      const provider = await registerProvider(t);
      const checks = { cuda: true, pytorch: true, vram_gb: 24, driver: '550', python_version: '3.11', docker: true, gpu_name: 'RTX 4090' };
      expect(await post('/providers/readiness', { api_key: provider.apiKey, checks, daemon_version: '4.3.0' }, bearer(provider))).toMatchObject({
        status: 200,
        body: { success: true, readiness_status: 'ready', checks },
      });
      expect(await post('/providers/readiness', { api_key: provider.apiKey, checks: { cuda: false } })).toMatchObject({ body: { readiness_status: 'failed' } });
      expect(await post('/providers/readiness', { api_key: provider.apiKey, checks: 'yes' })).toMatchObject({ status: 400, body: { error: 'checks must be an object' } });
      expect(await post('/providers/readiness', {})).toMatchObject({ status: 400, body: { error: 'API key required' } });
    });

    it('records daemon events, including a ~150 KB bandwidth probe', async () => {
      const provider = await registerProvider(t);
      const start = await post('/providers/daemon-event', {
        api_key: provider.apiKey,
        event_type: 'daemon_start',
        severity: 'info',
        daemon_version: '4.3.0',
        timestamp: new Date().toISOString(),
        hostname: 'gpu-host-1',
        os_info: 'Ubuntu 22.04',
        python_version: '3.11.2',
        details: 'started',
      });
      expect(start).toMatchObject({ status: 200, body: { success: true, event_type: 'daemon_start', provider_id: provider.id } });
      const probe = await post('/providers/daemon-event', { api_key: provider.apiKey, event_type: 'bandwidth_test', details: 'b'.repeat(150 * 1024) });
      expect(probe.status).toBe(200);
      expect(await post('/providers/daemon-event', { api_key: provider.apiKey })).toMatchObject({ status: 400, body: { error: 'Missing api_key or event_type' } });
      expect(await post('/providers/daemon-event', { event_type: 'x' })).toMatchObject({ status: 400, body: { error: 'Missing api_key or event_type' } });
      expect(await post('/providers/daemon-event', { api_key: 'dc1-provider-00000000000000000000000000000000', event_type: 'x' })).toMatchObject({
        status: 401,
      });
      const health = await t.fetchJson(`/api/admin/daemon-health?provider_id=${provider.id}`, { headers: admin(t) });
      expect(health.body.summary).toMatchObject({ total_events: 2 });
      expect(health.body.versions).toEqual([{ daemon_version: '4.3.0', provider_count: 1, last_seen: expect.any(String) }]);
    });
  });

  it('rotates the provider key; the old key stops working', async () => {
    const provider = await onlineProvider(t);
    const res = await post('/providers/me/rotate-key', {}, { 'x-provider-key': provider.apiKey });
    expect(res.body).toMatchObject({ success: true, provider_id: provider.id, new_key: expect.stringMatching(/^dc1-provider-/) });
    expect(res.body.api_key).toBe(res.body.new_key);
    expect((await t.fetchJson(`/api/providers/me?key=${provider.apiKey}`)).status).toBe(404);
    expect((await t.fetchJson(`/api/providers/me?key=${res.body.api_key}`)).status).toBe(200);
    expect(await post('/providers/rotate-key', {})).toMatchObject({ status: 400, body: { error: 'Current API key required (x-provider-key header or key query)' } });
  });
});
