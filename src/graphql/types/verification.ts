import { ConflictError, ValidationError } from '../../domain/errors.js';
import { GPU_REFERENCE, gflopsBands, type GpuReference as GpuReferenceRow } from '../../domain/gpuReference.js';
import {
  HISTORY_LIMIT,
  issueChallenge,
  leaderboard,
  runsByProviderIds,
  runState,
  VERIFICATION_STATUSES,
  type VerificationRun as VerificationRunRow,
  type VerificationStatus as VerificationStatusValue,
} from '../../domain/verification.js';
import type { VerificationFlag as VerificationFlagRow } from '../../domain/verificationJudge.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { COMMON_ERRORS } from './errors.js';
import { own, Provider } from './provider.js';

/** GPU verification on the GraphQL face (rules in docs/gpu-verification.md); the daemon itself uses REST. */

const MAX_RUNS = 50;
const MAX_LEADERBOARD = 500;

export const VerificationStatus = builder.enumType('VerificationStatus', {
  description: 'The standing verdict of GPU verification. Only VERIFIED is a pass.',
  values: Object.fromEntries(VERIFICATION_STATUSES.map((s) => [s.toUpperCase(), { value: s }])) as Record<
    Uppercase<VerificationStatusValue>,
    { value: VerificationStatusValue }
  >,
});

const VerificationFlag = builder.objectRef<VerificationFlagRow>('VerificationFlag').implement({
  description: 'One finding about a benchmark result. A critical flag fails the run; a warning leaves it suspect.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'e.g. nonce_mismatch, gpu_mismatch, performance_too_low, benchmark_missing' }),
    severity: t.exposeString('severity', { description: 'critical or warning' }),
    detail: t.exposeString('detail'),
  }),
});

const VerificationRun = builder.objectRef<VerificationRunRow>('VerificationRun').implement({
  description: 'One verification challenge and, once answered, its verdict.',
  fields: (t) => ({
    challengeId: t.exposeString('challengeId'),
    origin: t.exposeString('origin', { description: 'admin (issued by an admin) or auto (asked for by the daemon)' }),
    status: t.string({
      description: 'pending, completed or expired',
      resolve: (run, _args, ctx) => runState(run, ctx.gateway.domain.ctx.now()),
    }),
    verdict: t.exposeString('verdict', { nullable: true, description: 'verified, suspect or failed' }),
    score: t.exposeInt('score', { nullable: true }),
    flags: t.field({ type: [VerificationFlag], resolve: (run) => (run.flags ?? []) as VerificationFlagRow[] }),
    matchedGpu: t.exposeString('matchedGpu', { nullable: true, description: 'The reference table entry the figures were judged against.' }),
    requestedAt: t.expose('requestedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
  }),
});

const GpuReference = builder.objectRef<GpuReferenceRow>('GpuReference').implement({
  description: 'A card of the GPU reference table, with the GFLOPS bands verification judges it by.',
  fields: (t) => ({
    name: t.exposeString('name'),
    vramMib: t.exposeInt('vramMib'),
    fp32Tflops: t.exposeFloat('fp32Tflops'),
    computeCapability: t.exposeString('computeCapability'),
    expectedGflopsMin: t.exposeInt('gflopsMin'),
    expectedGflopsMax: t.exposeInt('gflopsMax'),
    failBelowGflops: t.int({ resolve: (g) => gflopsBands(g).failBelow }),
    failAboveGflops: t.int({ resolve: (g) => gflopsBands(g).failAbove }),
  }),
});

builder.objectFields(Provider, (t) => ({
  verificationStatus: t.field({
    type: VerificationStatus,
    description: 'The standing GPU verification verdict. Renters can ask for verified providers with `gpu_requirements.verified_only`.',
    resolve: (p) => p.verificationStatus as VerificationStatusValue,
  }),
  verificationScore: t.exposeInt('verificationScore', { nullable: true }),
  verifiedGpu: t.exposeString('verifiedGpu', { nullable: true, description: 'The GPU the standing verdict judged.' }),
  verificationJudgedAt: t.expose('verificationJudgedAt', { type: 'DateTime', nullable: true }),
  verificationRuns: t.loadableList({
    type: VerificationRun,
    nullable: true,
    authScopes: own,
    description: `The latest verification runs with their flags, newest first (1..${MAX_RUNS}).`,
    byPath: true,
    args: { limit: t.arg.int({ required: true, defaultValue: HISTORY_LIMIT }) },
    complexity: ({ limit }) => ({ field: 1, multiplier: limit }),
    load: (ids: number[], ctx: GraphQLContext, { limit }) => {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUNS) throw ValidationError.field('limit', `limit must be an integer between 1 and ${MAX_RUNS}`);
      return runsByProviderIds(ctx.gateway.domain.ctx, ids, limit);
    },
    resolve: (p) => p.id,
  }),
}));

builder.queryFields((t) => ({
  gpuReferenceTable: t.field({
    type: [GpuReference],
    description: 'The GPU reference table verification judges benchmark results against.',
    authScopes: { public: true },
    resolve: () => [...GPU_REFERENCE],
  }),
  verificationLeaderboard: t.field({
    type: [Provider],
    description: `Verified marketplace providers, best verification score first (1..${MAX_LEADERBOARD}).`,
    authScopes: { public: true },
    args: { limit: t.arg.int({ required: true, defaultValue: 50 }) },
    complexity: ({ limit }) => ({ field: 1, multiplier: limit }),
    resolve: (_root, { limit }, ctx) => {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LEADERBOARD)
        throw ValidationError.field('limit', `limit must be an integer between 1 and ${MAX_LEADERBOARD}`);
      return leaderboard(ctx.gateway.domain.ctx, limit);
    },
  }),
}));

builder.mutationFields((t) => ({
  issueVerificationChallenge: t.field({
    type: VerificationRun,
    description: 'Asks a provider to prove its GPU; its daemon answers on its next poll. Refused while a challenge is open.',
    authScopes: { admin: true },
    errors: { types: [...COMMON_ERRORS, ConflictError] },
    args: { providerId: t.arg.int({ required: true }) },
    resolve: (_root, { providerId }, ctx) => issueChallenge(ctx.gateway.domain.ctx, ctx.principal, { provider_id: providerId }),
  }),
}));
