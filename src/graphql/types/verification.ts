import { ValidationError } from '../../domain/errors.js';
import { GPU_REFERENCE, gflopsBands, type GpuReference as GpuReferenceRow } from '../../domain/gpuReference.js';
import {
  HISTORY_LIMIT,
  issueChallenge,
  leaderboard,
  runsByProviderIds,
  runState,
  type VerificationRun as VerificationRunRow,
  type VerificationStatus as VerificationStatusValue,
} from '../../domain/verification.js';
import type { VerificationFlag as VerificationFlagRow } from '../../domain/verificationJudge.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { rowId } from '../ids.js';
import { FlagSeverity, VerificationOrigin, VerificationRunState, VerificationStatus, VerificationVerdict } from './enums.js';
import { Provider, ProviderAccount, reading } from './provider.js';
import { MUTATION_INPUT, payload, type Payload, PAYLOAD_DESCRIPTION, userErrorsField, withNotFoundField } from './errors.js';

/** GPU verification on the GraphQL face (rules in docs/gpu-verification.md); the daemon itself uses REST. */

const MAX_RUNS = 50;
const MAX_LEADERBOARD = 500;

const VerificationFlag = builder.objectRef<VerificationFlagRow>('VerificationFlag').implement({
  description: 'One finding about a benchmark result. A critical flag fails the run; a warning leaves it suspect.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'What was found, e.g. nonce_mismatch, gpu_mismatch, performance_too_low, benchmark_missing (the judge’s rule names).' }),
    severity: t.field({ description: 'How much it weighs.', type: FlagSeverity, resolve: (f) => f.severity as typeof FlagSeverity.$inferType }),
    detail: t.exposeString('detail', { description: 'What was measured against what was expected, for people.' }),
  }),
});

const VerificationRun = builder.objectRef<VerificationRunRow>('VerificationRun').implement({
  description: 'One verification challenge and, once answered, its verdict.',
  fields: (t) => ({
    challengeId: t.exposeString('challengeId', { description: 'The challenge’s id, which the daemon answers with.' }),
    origin: t.field({ description: 'Who started it.', type: VerificationOrigin, resolve: (run) => run.origin as typeof VerificationOrigin.$inferType }),
    status: t.field({ description: 'Where it stands.',
      type: VerificationRunState,
      resolve: (run, _args, ctx) => runState(run, ctx.gateway.domain.ctx.now()),
    }),
    verdict: t.field({ type: VerificationVerdict, nullable: true, description: 'Null until answered.', resolve: (run) => run.verdict as typeof VerificationVerdict.$inferType | null }),
    score: t.exposeInt('score', { nullable: true, description: '0..100; null until answered.' }),
    flags: t.field({ description: 'What the judge found; empty for a clean pass or an open challenge.', type: [VerificationFlag], resolve: (run) => (run.flags ?? []) as VerificationFlagRow[] }),
    matchedGpu: t.exposeString('matchedGpu', { nullable: true, description: 'The reference table entry the figures were judged against.' }),
    requestedAt: t.expose('requestedAt', { description: 'When it was issued.', type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { description: 'When an unanswered challenge expires.', type: 'DateTime' }),
    completedAt: t.expose('completedAt', { description: 'When it was answered; null until then.', type: 'DateTime', nullable: true }),
  }),
});

const GpuReference = builder.objectRef<GpuReferenceRow>('GpuReference').implement({
  description: 'A card of the GPU reference table, with the GFLOPS bands verification judges it by.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The card’s name as the table lists it.' }),
    vramMib: t.exposeInt('vramMib', { description: 'Its memory in MiB.' }),
    fp32Tflops: t.exposeFloat('fp32Tflops', { description: 'Its FP32 throughput, in TFLOPS.' }),
    computeCapability: t.exposeString('computeCapability', { description: 'Its CUDA compute capability, e.g. `8.9`.' }),
    expectedGflopsMin: t.exposeInt('gflopsMin', { description: 'The low end of the benchmark figure expected from it.' }),
    expectedGflopsMax: t.exposeInt('gflopsMax', { description: 'The high end of the benchmark figure expected from it.' }),
    failBelowGflops: t.int({ description: 'A figure below this fails verification.', resolve: (g) => gflopsBands(g).failBelow }),
    failAboveGflops: t.int({ description: 'A figure above this fails verification (too good to be this card).', resolve: (g) => gflopsBands(g).failAbove }),
  }),
});

builder.objectFields(Provider, (t) => ({
  verificationStatus: t.field({
    type: VerificationStatus,
    description: 'The standing GPU verification verdict. Renters can ask for verified providers with `gpu_requirements.verified_only`.',
    extensions: reading('verificationStatus'),
    resolve: (p) => p.verificationStatus as VerificationStatusValue,
  }),
  verificationScore: t.exposeInt('verificationScore', { nullable: true, description: '0..100; null while UNVERIFIED.' }),
  verifiedGpu: t.exposeString('verifiedGpu', { nullable: true, description: 'The GPU the standing verdict judged; null while UNVERIFIED.' }),
  verificationJudgedAt: t.expose('verificationJudgedAt', { type: 'DateTime', nullable: true, description: 'Null while UNVERIFIED.' }),
}));

builder.objectFields(ProviderAccount, (t) => ({
  verificationRuns: t.loadableList({
    type: VerificationRun,
    description: `The latest verification runs with their flags, newest first (1..${MAX_RUNS}).`,
    byPath: true,
    args: { limit: t.arg.int({ required: true, defaultValue: HISTORY_LIMIT, description: `How many runs, 1..${MAX_RUNS}.` }) },
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
    args: { limit: t.arg.int({ required: true, defaultValue: 50, description: `How many providers, 1..${MAX_LEADERBOARD}.` }) },
    complexity: ({ limit }) => ({ field: 1, multiplier: limit }),
    resolve: (_root, { limit }, ctx) => {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LEADERBOARD)
        throw ValidationError.field('limit', `limit must be an integer between 1 and ${MAX_LEADERBOARD}`);
      return leaderboard(ctx.gateway.domain.ctx, limit);
    },
  }),
}));

const IssueVerificationChallengeInput = builder.inputType('IssueVerificationChallengeInput', {
  description: 'The provider to challenge.',
  fields: (t) => ({ providerId: t.id({ required: true, description: 'The provider’s global id.' }) }),
});

const IssueVerificationChallengePayload = builder.objectRef<Payload<{ run: VerificationRunRow }>>('IssueVerificationChallengePayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({
    run: t.field({ type: VerificationRun, nullable: true, description: 'The open challenge.', resolve: (r) => r.run ?? null }),
    userErrors: userErrorsField(t),
  }),
});

builder.mutationFields((t) => ({
  issueVerificationChallenge: t.field({
    type: IssueVerificationChallengePayload,
    description: 'Asks a provider to prove its GPU; its daemon answers on its next poll. A CONFLICT user error while a challenge is open.',
    authScopes: { admin: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: IssueVerificationChallengeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({
        run: await withNotFoundField('Provider', 'input.providerId', () =>
          issueChallenge(ctx.gateway.domain.ctx, ctx.principal, { provider_id: rowId(String(input.providerId), 'Provider', 'provider_id') }),
        ),
      })),
  }),
}));
