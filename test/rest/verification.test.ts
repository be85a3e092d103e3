import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { daemonHeartbeat } from './restFixtures.js';
import { H100, llmJob, RTX4090, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * GPU verification through the REST face (docs/gpu-verification.md), with daemon v4.3.0's call shapes
 * as the daemon sends them: /auto and /submit with the key in the body plus Bearer, /pending with Bearer only.
 */

const WORK_GFLOP = (2 * 4096 ** 3 * 5) / 1e9;
const TTL_SECONDS = 900;

/** What the daemon reports for a run at `gflops`: 2-decimal GFLOPS, 3-decimal seconds, as it rounds them. */
function figures(gflops: number) {
  return { gflops: Math.round(gflops * 100) / 100, elapsed_seconds: Math.round((WORK_GFLOP / gflops) * 1000) / 1000 };
}

describe(`GPU verification (${storeName})`, () => {
  let h: JobsHarness;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const admin = () => ({ 'x-admin-token': h.t.adminToken });

  /** The daemon's start-up call: body key plus Bearer. */
  const auto = (key: string) => h.api('/verification/auto', { method: 'POST', headers: bearer(key), json: { api_key: key } });
  /** The daemon's poll: Bearer only. */
  const pending = (key: string) => h.api('/verification/pending', { headers: bearer(key) });
  const submit = (key: string, challenge_id: string, result: Record<string, unknown>) =>
    h.api('/verification/submit', { method: 'POST', headers: bearer(key), json: { api_key: key, challenge_id, result } });
  const heartbeat = (key: string, gpu: string, vramMib: number) =>
    h.api('/providers/heartbeat', { method: 'POST', json: { api_key: key, gpu_status: { gpu_name: gpu, gpu_vram_mib: vramMib, daemon_version: '4.3.0' } } });
  const status = (id: number) => h.api(`/verification/status/${id}`, { headers: admin() });

  /** A result as the daemon builds it, answering `challenge` on an honest card. */
  const honest = (challenge: { nonce: string }, gpu: string, vramMib: number, gflops: number) => ({
    nonce: challenge.nonce,
    gpu_name: gpu,
    vram_total_mib: vramMib,
    driver_version: '550.54.15',
    temp_c: 47,
    ...figures(gflops),
  });

  /** A provider that asked for and answered a challenge with `result(challenge)`; returns the submit answer. */
  async function judged(provider: { key: string }, result: (challenge: any) => Record<string, unknown>) {
    const started = await auto(provider.key);
    expect(started.status, started.text).toBe(200);
    const { challenge } = started.body;
    const answer = await submit(provider.key, challenge.challenge_id, result(challenge));
    expect(answer.status, answer.text).toBe(200);
    return answer.body;
  }

  beforeAll(async () => {
    h = await startJobsHarness();
  });
  afterAll(() => h?.close());

  describe('daemon call shapes', () => {
    it('gives a Bearer-authenticated daemon its challenge on /auto and /pending, again after a restart', async () => {
      const p = await h.provider();
      const started = await auto(p.key);
      expect(started.status, started.text).toBe(200);
      expect(started.body).toEqual({
        success: true,
        challenge: { challenge_id: expect.stringMatching(/^vrf-\d+-[0-9a-f]{8}$/), matrix_size: 4096, iterations: 5, nonce: expect.stringMatching(/^[0-9a-f]{32}$/), expires_at: expect.any(String) },
      });
      const polled = await pending(p.key);
      expect(polled.status, polled.text).toBe(200);
      expect(polled.body).toEqual({ pending: true, challenge: started.body.challenge });
      // A daemon restarted before submitting gets the same open challenge back (the original answered "pending" without it).
      const restarted = await auto(p.key);
      expect(restarted.body.challenge).toEqual(started.body.challenge);
    });

    it('verifies an honest H100 whose run takes far less than 0.1 s, and says so on every later call', async () => {
      const p = await h.provider();
      const body = await judged(p, (c) => honest(c, H100, 81_559, 45_000));
      expect(body).toMatchObject({ success: true, verdict: 'verified', score: 100, flags: [], matched_gpu: 'H100 SXM', expected_gflops_range: '30000-74000' });
      expect(figures(45_000).elapsed_seconds).toBeLessThan(0.1);
      expect((await pending(p.key)).body).toEqual({ pending: false });
      const again = await auto(p.key);
      expect(again.body).toEqual({ success: true, message: 'Already verified', status: 'verified' });
    });

    it('verifies an honest RTX 4090 at its reference figures', async () => {
      const p = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
      const body = await judged(p, (c) => honest(c, RTX4090, 24_564, 65_000));
      expect(body).toMatchObject({ verdict: 'verified', matched_gpu: 'RTX 4090', flags: [] });
    });

    it('takes the key from the body alone, from Bearer alone, and refuses a missing or unknown key', async () => {
      const p = await h.provider();
      const bodyOnly = await h.api('/verification/auto', { method: 'POST', json: { api_key: p.key } });
      expect(bodyOnly.status, bodyOnly.text).toBe(200);
      const { challenge } = bodyOnly.body;
      const bearerOnly = await h.api('/verification/submit', { method: 'POST', headers: bearer(p.key), json: { challenge_id: challenge.challenge_id, result: honest(challenge, H100, 81_559, 40_000) } });
      expect(bearerOnly.status, bearerOnly.text).toBe(200);
      expect(bearerOnly.body.verdict).toBe('verified');

      expect(await h.api('/verification/pending')).toMatchObject({ status: 400, body: { error: 'API key required' } });
      expect(await pending('dc1-provider-00000000000000000000000000000000')).toMatchObject({ status: 401, body: { error: 'Invalid API key' } });
      const renter = await h.renter();
      expect((await pending(renter.key)).status).toBe(401);
      expect(await h.api('/verification/submit', { method: 'POST', json: { challenge_id: 'x', result: {} } })).toMatchObject({
        status: 400,
        body: { error: 'api_key, challenge_id, and result required' },
      });
      expect(await h.api('/verification/submit', { method: 'POST', headers: bearer(p.key), json: { challenge_id: 'vrf-1' } })).toMatchObject({
        status: 400,
        body: { error: 'api_key, challenge_id, and result required' },
      });
    });

    it('answers a second submission with the first verdict and changes nothing', async () => {
      const p = await h.provider();
      const started = await auto(p.key);
      const { challenge } = started.body;
      await submit(p.key, challenge.challenge_id, honest(challenge, H100, 81_559, 45_000));
      const second = await submit(p.key, challenge.challenge_id, { nonce: 'forged' });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ success: true, message: 'Already submitted', verdict: 'verified', verification_status: 'verified' });
    });

    it('refuses a challenge of another provider as not found, and a malformed result with 400 naming the field', async () => {
      const [a, b] = [await h.provider(), await h.provider()];
      const { challenge } = (await auto(a.key)).body;
      expect(await submit(b.key, challenge.challenge_id, honest(challenge, H100, 81_559, 45_000))).toMatchObject({
        status: 404,
        body: { error: 'Verification challenge not found' },
      });
      const malformed = await submit(a.key, challenge.challenge_id, { ...honest(challenge, H100, 81_559, 45_000), gflops: 'fast' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.fields).toEqual([expect.objectContaining({ field: 'result.gflops' })]);
      // Nothing was written: the challenge is still open.
      expect((await pending(a.key)).body.pending).toBe(true);
    });
  });

  describe('judging', () => {
    it('does not pass a daemon that sends no figures', async () => {
      const p = await h.provider();
      const body = await judged(p, (c) => ({ nonce: c.nonce, gpu_name: H100, vram_total_mib: 81_559, gflops: null, elapsed_seconds: null, error: 'PyTorch not installed' }));
      expect(body.verdict).toBe('suspect');
      expect(body.flags).toEqual([{ type: 'benchmark_missing', severity: 'warning', detail: expect.stringContaining('PyTorch not installed') }]);
      expect((await status(p.id)).body.verification_status).toBe('suspect');
    });

    it('fails a run too slow for the card the host claims', async () => {
      const p = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
      const body = await judged(p, (c) => honest(c, RTX4090, 24_564, 20_000));
      expect(body.verdict).toBe('failed');
      expect(body.flags.map((f: any) => f.type)).toEqual(['performance_too_low']);
    });

    it('leaves a run just below the expected range suspect, and fails one implausibly fast', async () => {
      const slowish = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
      expect((await judged(slowish, (c) => honest(c, RTX4090, 24_564, 35_000))).flags.map((f: any) => f.type)).toEqual(['performance_low']);
      const tooFast = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
      const body = await judged(tooFast, (c) => honest(c, RTX4090, 24_564, 200_000));
      expect(body.verdict).toBe('failed');
      expect(body.flags.map((f: any) => f.type)).toEqual(['performance_implausible']);
    });

    it('fails a result that does not carry the challenge nonce', async () => {
      const p = await h.provider();
      const body = await judged(p, (c) => ({ ...honest(c, H100, 81_559, 45_000), nonce: '0'.repeat(32) }));
      expect(body).toMatchObject({ verdict: 'failed', flags: [expect.objectContaining({ type: 'nonce_mismatch', severity: 'critical' })] });
    });

    it('fails a benchmark run on another GPU than the heartbeats report', async () => {
      const p = await h.provider({ gpu: 'NVIDIA GeForce RTX 3060', vramMib: 12_288 });
      const body = await judged(p, (c) => honest(c, H100, 81_559, 45_000));
      expect(body.verdict).toBe('failed');
      expect(body.flags).toEqual([expect.objectContaining({ type: 'gpu_mismatch', detail: expect.stringContaining('NVIDIA GeForce RTX 3060') })]);
    });

    it('fails figures that contradict each other and memory that is not the card’s', async () => {
      const p = await h.provider();
      const body = await judged(p, (c) => ({ ...honest(c, H100, 40_000, 45_000), elapsed_seconds: 1.5 }));
      expect(body.verdict).toBe('failed');
      expect(body.flags.map((f: any) => f.type).sort()).toEqual(['figures_inconsistent', 'vram_mismatch']);
      expect(body.score).toBe(0);
    });
  });

  describe('challenge lifecycle', () => {
    it('issues admin challenges one at a time, refuses an expired one, and lets a new one replace it', async () => {
      const p = await h.provider();
      const issued = await h.api('/verification/challenge', { method: 'POST', headers: admin(), json: { provider_id: p.id } });
      expect(issued.status, issued.text).toBe(200);
      expect(issued.body).toMatchObject({ success: true, provider_id: p.id, challenge_id: expect.stringMatching(/^vrf-/) });
      const twice = await h.api('/verification/challenge', { method: 'POST', headers: admin(), json: { provider_id: String(p.id) } });
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ error: 'Provider already has an open verification challenge', challenge_id: issued.body.challenge_id });

      const { challenge } = (await pending(p.key)).body;
      expect(challenge.challenge_id).toBe(issued.body.challenge_id);
      h.clock.advance(TTL_SECONDS + 1);
      expect((await pending(p.key)).body).toEqual({ pending: false });
      const late = await submit(p.key, challenge.challenge_id, honest(challenge, H100, 81_559, 45_000));
      expect(late.status).toBe(410);
      expect(late.body).toMatchObject({ error: 'Verification challenge expired', challenge_id: challenge.challenge_id });
      expect((await status(p.id)).body.verification_status).toBe('unverified');

      const next = await h.api('/verification/challenge', { method: 'POST', headers: admin(), json: { provider_id: p.id } });
      expect(next.status, next.text).toBe(200);
      const report = await status(p.id);
      expect(report.body.history.map((r: any) => [r.challenge_id, r.status])).toEqual([
        [next.body.challenge_id, 'pending'],
        [challenge.challenge_id, 'expired'],
      ]);
      expect(report.body.open_challenge).toMatchObject({ challenge_id: next.body.challenge_id, origin: 'admin' });
    });

    it('refuses challenges without the admin token, for unknown providers, and without provider_id', async () => {
      expect(await h.api('/verification/challenge', { method: 'POST', json: { provider_id: 1 } })).toMatchObject({ status: 401, body: { error: 'Admin access denied' } });
      expect(await h.api('/verification/challenge', { method: 'POST', headers: admin(), json: { provider_id: 999_999 } })).toMatchObject({
        status: 404,
        body: { error: 'Provider not found' },
      });
      expect(await h.api('/verification/challenge', { method: 'POST', headers: admin(), json: {} })).toMatchObject({ status: 400, body: { error: 'provider_id required' } });
      const invalid = await h.api('/verification/challenge', { method: 'POST', headers: admin(), json: { provider_id: 'seven' } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.fields).toEqual([expect.objectContaining({ field: 'provider_id' })]);
    });

    it('keeps a verdict through heartbeats; a pass lapses when the GPU changes, a failure does not', async () => {
      const passed = await h.provider();
      await judged(passed, (c) => honest(c, H100, 81_559, 45_000));
      const failed = await h.provider();
      await judged(failed, (c) => ({ ...honest(c, H100, 81_559, 45_000), nonce: 'wrong' }));
      for (let i = 0; i < 3; i++) {
        h.clock.advance(30);
        for (const p of [passed, failed]) expect((await h.api('/providers/heartbeat', { method: 'POST', json: daemonHeartbeat(p.key, { gpu_status: { gpu_name: H100, gpu_vram_mib: 81_559 }, gpu_info: null }) })).status).toBe(200);
      }
      expect((await status(passed.id)).body).toMatchObject({ verification_status: 'verified', verified_gpu: H100 });
      const failedReport = (await status(failed.id)).body;
      expect(failedReport.verification_status).toBe('failed');
      // A failed verdict is a label and a routing fact, not a suspension the next heartbeat would undo.
      const me = await h.api('/providers/me', { headers: { 'x-provider-key': failed.key } });
      expect(me.body.provider).toMatchObject({ status: 'online', verification_status: 'failed' });

      for (const p of [passed, failed]) expect((await heartbeat(p.key, 'NVIDIA GeForce RTX 3090', 24_576)).status).toBe(200);
      expect((await status(passed.id)).body).toMatchObject({ verification_status: 'unverified', verification_score: null });
      expect((await status(failed.id)).body.verification_status).toBe('failed');
      // The lapsed provider is unverified, so its daemon gets a fresh challenge at once.
      expect((await auto(passed.key)).body.challenge).toBeDefined();
    });

    it('a pass lapses when the same card reports memory it does not have, so verified-only routing never trusts it', async () => {
      const p = await h.provider();
      await judged(p, (c) => honest(c, H100, 81_559, 45_000));
      expect((await heartbeat(p.key, H100, 81_000)).status).toBe(200);
      expect((await status(p.id)).body).toMatchObject({ verification_status: 'verified' });
      // Same name, four times the memory: the verdict judged an 80 GB card and no longer says anything.
      expect((await heartbeat(p.key, H100, 327_680)).status).toBe(200);
      expect((await status(p.id)).body).toMatchObject({ verification_status: 'unverified', verification_score: null });
    });

    it('re-verifies a suspect or failed provider only after the retry interval', async () => {
      const p = await h.provider();
      await judged(p, (c) => ({ nonce: c.nonce, gpu_name: H100, vram_total_mib: 81_559, error: 'CUDA not available' }));
      const waiting = await auto(p.key);
      expect(waiting.body).toMatchObject({ success: true, status: 'suspect', retry_after: expect.any(String) });
      expect(waiting.body.challenge).toBeUndefined();
      h.clock.advance(24 * 3600 + 1);
      await heartbeat(p.key, H100, 81_559);
      const body = await judged(p, (c) => honest(c, H100, 81_559, 45_000));
      expect(body.verdict).toBe('verified');
    });
  });

  describe('visibility', () => {
    it('shows the verdict and flags to admins and the provider itself only', async () => {
      const [p, other] = [await h.provider(), await h.provider()];
      await judged(p, (c) => ({ ...honest(c, H100, 81_559, 45_000), nonce: 'wrong' }));
      const report = await status(p.id);
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({
        provider_id: p.id,
        detected_gpu: H100,
        verification_status: 'failed',
        verification_score: 50,
        last_verified: expect.any(String),
        history: [expect.objectContaining({ status: 'completed', verdict: 'failed', flags: [expect.objectContaining({ type: 'nonce_mismatch' })] })],
      });
      expect((await h.api(`/verification/status/${p.id}`, { headers: bearer(p.key) })).status).toBe(200);
      expect((await h.api(`/verification/status/${p.id}`, { headers: bearer(other.key) })).status).toBe(403);
      expect((await h.api(`/verification/status/${p.id}`)).status).toBe(401);
      expect((await h.api('/verification/status/999999', { headers: admin() })).status).toBe(404);
      expect((await h.api('/verification/status/abc', { headers: admin() })).status).toBe(404);
    });

    it('lists verified providers on the leaderboard and the verdict on provider views', async () => {
      const p = await h.provider();
      await judged(p, (c) => honest(c, H100, 81_559, 45_000));
      const board = await h.api('/verification/leaderboard');
      expect(board.status).toBe(200);
      expect(board.body.providers.every((e: any) => e.verification.status === 'verified')).toBe(true);
      expect(board.body.providers).toContainEqual(expect.objectContaining({ provider_id: p.id, gpu: H100, verification: expect.objectContaining({ score: 100 }) }));

      const me = await h.api('/providers/me', { headers: { 'x-provider-key': p.key } });
      expect(me.body.provider).toMatchObject({ verification_status: 'verified', verified_gpu: H100, verification_score: 100 });
      const adminView = await h.api(`/admin/providers/${p.id}`, { headers: admin() });
      expect(adminView.body.provider).toMatchObject({ verification_status: 'verified', verification_judged_at: expect.any(String) });
      const available = await h.api('/providers/available');
      expect(available.body.providers.find((l: any) => l.id === p.id)).toMatchObject({ verification_status: 'verified' });
      const marketplace = await h.api('/providers/marketplace');
      expect(marketplace.body.find((l: any) => l.id === p.id)).toMatchObject({ verification_status: 'verified' });
    });

    it('publishes the GPU reference table with the bands verdicts use', async () => {
      const res = await h.api('/verification/gpu-database');
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(40);
      expect(res.body.gpus[0]).toMatchObject({ name: 'RTX 5090', vram_gb: 32 });
      expect(res.body.gpus.find((g: any) => g.name === 'RTX 4090')).toEqual({
        name: 'RTX 4090',
        vram_mib: 24576,
        vram_gb: 24,
        fp32_tflops: 82.6,
        compute_capability: '8.9',
        expected_gflops_min: 40000,
        expected_gflops_max: 90000,
        fail_below_gflops: 28000,
        fail_above_gflops: 135000,
      });
    });
  });

  describe('verified-only routing', () => {
    const verifiedOnly = (extra: Record<string, unknown> = {}) => llmJob({ gpu_requirements: { verified_only: true }, ...extra });

    it('queues a verified-only job while no verified provider is online, and only a verified one claims it', async () => {
      // Earlier tests left verified providers online; move past the offline threshold so none is.
      h.clock.advance(3600);
      const renter = await h.renter();
      const unverified = await h.provider();
      const job = await h.submit(renter.key, verifiedOnly());
      expect(job.status).toBe('queued');
      expect(job.provider_id ?? null).toBeNull();
      expect((await h.api('/providers/jobs/next', { headers: bearer(unverified.key) })).body.job).toBeNull();

      const verified = await h.provider();
      await judged(verified, (c) => honest(c, H100, 81_559, 45_000));
      const claim = await h.api('/providers/jobs/next', { headers: bearer(verified.key) });
      expect(claim.body.job?.job_id).toBe(job.job_id);
    });

    it('routes a verified-only job to the verified provider, and refuses naming an unverified one', async () => {
      h.clock.advance(3600);
      const renter = await h.renter();
      const verified = await h.provider();
      await judged(verified, (c) => honest(c, H100, 81_559, 45_000));
      h.clock.advance(5);
      // The unverified provider heartbeated last, so plain auto-routing would rank it first.
      const unverified = await h.provider();
      const job = await h.submit(renter.key, verifiedOnly());
      expect(job).toMatchObject({ status: 'pending', provider_id: verified.id });

      const named = await h.api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': renter.key }, json: verifiedOnly({ provider_id: unverified.id }) });
      expect(named.status).toBe(400);
      expect(named.body).toMatchObject({ error: 'Provider is not verified', verification_status: 'unverified' });
      const invalid = await h.api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': renter.key }, json: llmJob({ gpu_requirements: { verified_only: 'yes' } }) });
      expect(invalid.status).toBe(400);
      expect(invalid.body.fields).toEqual([expect.objectContaining({ field: 'gpu_requirements.verified_only' })]);
    });
  });
});
