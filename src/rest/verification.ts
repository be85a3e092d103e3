import { Hono, type Context } from 'hono';
import { ANONYMOUS } from '../domain/auth.js';
import { GPU_REFERENCE, gflopsBands, gpuByName, VRAM_TOLERANCE } from '../domain/gpuReference.js';
import {
  autoChallenge,
  issueChallenge,
  leaderboard,
  pendingChallenge,
  runState,
  submitResult,
  verificationReport,
  type VerificationRun,
} from '../domain/verification.js';
import type { Gateway } from '../gateway.js';
import { FAMILIES, requireAdmin, requireProvider, resolveActor, source, type AuthMessages } from './credentials.js';
import { handle, httpError, pathParam, queryInt, readJsonBody, type ErrorOverrides } from './http.js';
import { isoTime, verificationFields } from './present.js';

/**
 * GPU verification routes (routes and rules in docs/gpu-verification.md), mounted at /verification.
 * Daemon v4.3.0 calls /auto and /submit with its key in the body plus Bearer, and polls /pending with Bearer
 * only, so Bearer is accepted on all three.
 */

const DAEMON_POST = [source.body('api_key'), source.bearer(), source.header('x-provider-key')];
const KEY_AUTH: AuthMessages = { missing: { status: 400, message: 'API key required' }, invalid: { status: 401, message: 'Invalid API key' } };
const SUBMIT_REQUIRED = 'api_key, challenge_id, and result required';
const SUBMIT_AUTH: AuthMessages = { ...KEY_AUTH, missing: { status: 400, message: SUBMIT_REQUIRED } };

const CHALLENGE_ERRORS: ErrorOverrides = { MISSING_FIELDS: { message: 'provider_id required' } };
const SUBMIT_ERRORS: ErrorOverrides = { MISSING_FIELDS: { message: SUBMIT_REQUIRED }, CHALLENGE_EXPIRED: { status: 410 } };

const LEADERBOARD_DEFAULT = 100;
const LEADERBOARD_MAX = 500;

export function verificationRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  const { ctx } = gateway.domain;

  app.post(
    '/challenge',
    handle(async (c) => {
      const run = await issueChallenge(ctx, await requireAdmin(c, gateway), await readJsonBody(c));
      return c.json({
        success: true,
        challenge_id: run.challengeId,
        provider_id: run.providerId,
        expires_at: isoTime(run.expiresAt),
        message: 'Challenge created. The daemon picks it up on its next poll.',
      });
    }, CHALLENGE_ERRORS),
  );

  app.post(
    '/auto',
    handle(async (c) => {
      const { provider, run, retryAt } = await autoChallenge(ctx, await requireProvider(c, gateway, DAEMON_POST, KEY_AUTH));
      if (run) return c.json({ success: true, challenge: presentChallenge(run) });
      const message = retryAt
        ? `Verification verdict stands (${provider.verificationStatus}); a new challenge can be requested after ${isoTime(retryAt)}`
        : 'Already verified';
      return c.json({ success: true, message, status: provider.verificationStatus, ...(retryAt ? { retry_after: isoTime(retryAt) } : {}) });
    }),
  );

  app.get(
    '/pending',
    handle(async (c) => {
      const run = await pendingChallenge(ctx, await requireProvider(c, gateway, FAMILIES.providerBearer, KEY_AUTH));
      return c.json(run ? { pending: true, challenge: presentChallenge(run) } : { pending: false });
    }),
  );

  app.post(
    '/submit',
    handle(async (c) => {
      const principal = await requireProvider(c, gateway, DAEMON_POST, SUBMIT_AUTH);
      const { api_key: _key, ...input } = await readJsonBody(c);
      const { run, alreadySubmitted, provider } = await submitResult(ctx, principal, input);
      return c.json({
        success: true,
        ...(alreadySubmitted ? { message: 'Already submitted' } : {}),
        challenge_id: run.challengeId,
        verdict: run.verdict,
        score: run.score,
        flags: run.flags ?? [],
        matched_gpu: run.matchedGpu,
        expected_gflops_range: expectedRange(run.matchedGpu),
        verification_status: provider.verificationStatus,
      });
    }, SUBMIT_ERRORS),
  );

  app.get(
    '/status/:provider_id',
    handle(async (c) => {
      const actor = await resolveActor(c, gateway, { admin: true, provider: FAMILIES.providerBearer });
      const { provider: p, history } = await verificationReport(ctx, actor ?? ANONYMOUS, providerIdParam(c));
      const now = ctx.now();
      const open = history.find((run) => runState(run, now) === 'pending');
      return c.json({
        provider_id: p.id,
        name: p.name,
        registered_gpu: p.gpuModel,
        detected_gpu: p.gpuNameDetected,
        vram_mib: p.gpuVramMib,
        ...verificationFields(p),
        last_verified: isoTime(p.verificationJudgedAt),
        open_challenge: open ? { challenge_id: open.challengeId, origin: open.origin, expires_at: isoTime(open.expiresAt) } : null,
        history: history.map((run) => presentRun(run, now)),
      });
    }),
  );

  app.get(
    '/leaderboard',
    handle(async (c) => {
      const rows = await leaderboard(ctx, queryInt(c, 'limit', LEADERBOARD_DEFAULT, 1, LEADERBOARD_MAX));
      return c.json({
        count: rows.length,
        providers: rows.map((p) => ({
          provider_id: p.id,
          name: p.name,
          gpu: p.verifiedGpu ?? p.gpuNameDetected ?? p.gpuModel,
          vram_mib: p.gpuVramMib,
          verification: { status: p.verificationStatus, score: p.verificationScore, last_verified: isoTime(p.verificationJudgedAt) },
          reliability_score: p.reputationScore,
          total_jobs: p.totalJobs,
          status: p.status,
        })),
      });
    }),
  );

  app.get('/gpu-database', (c) =>
    c.json({
      count: GPU_REFERENCE.length,
      vram_tolerance_pct: VRAM_TOLERANCE * 100,
      gpus: GPU_REFERENCE.map((g) => {
        const bands = gflopsBands(g);
        return {
          name: g.name,
          vram_mib: g.vramMib,
          vram_gb: Math.round(g.vramMib / 1024),
          fp32_tflops: g.fp32Tflops,
          compute_capability: g.computeCapability,
          expected_gflops_min: bands.expectedMin,
          expected_gflops_max: bands.expectedMax,
          fail_below_gflops: bands.failBelow,
          fail_above_gflops: bands.failAbove,
        };
      }),
    }),
  );

  return app;
}

/** A numeric provider id in the path; anything else names no provider. */
function providerIdParam(c: Context): number {
  const raw = pathParam(c, 'provider_id');
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || id < 1 || id > 2_147_483_647) throw httpError(404, 'Provider not found');
  return id;
}

/** The four fields daemon v4.3.0 reads, plus the deadline. */
function presentChallenge(run: VerificationRun) {
  return {
    challenge_id: run.challengeId,
    matrix_size: run.matrixSize,
    iterations: run.iterations,
    nonce: run.nonce,
    expires_at: isoTime(run.expiresAt),
  };
}

function presentRun(run: VerificationRun, now: Date) {
  return {
    challenge_id: run.challengeId,
    origin: run.origin,
    status: runState(run, now),
    verdict: run.verdict,
    score: run.score,
    flags: run.flags ?? [],
    matched_gpu: run.matchedGpu,
    requested_at: isoTime(run.requestedAt),
    expires_at: isoTime(run.expiresAt),
    completed_at: isoTime(run.completedAt),
  };
}

function expectedRange(matchedGpu: string | null): string | null {
  const entry = gpuByName(matchedGpu);
  return entry ? `${entry.gflopsMin}-${entry.gflopsMax}` : null;
}
