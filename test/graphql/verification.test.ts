import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { onlineProvider, registerRenter, type Account } from '../rest/restFixtures.js';
import { globalId } from '../../src/graphql/ids.js';
import { asAdmin, asProvider, asRenter, errorCode, expectOk, expectUserError } from './fixtures.js';
import {
  GpuReferenceTableDocument,
  IssueVerificationChallengeDocument,
  ProviderVerificationDocument,
  ProviderVerificationStatusDocument,
  SubmitJobDocument,
  VerificationLeaderboardDocument,
} from './generated/graphql.js';

/**
 * GPU verification on the GraphQL face: the verdict on the Provider type, the run history for the provider
 * and admins, the admin's challenge, the public table and leaderboard, and verified-only submits. The
 * daemon's side runs over REST, as daemon v4.3.0 does.
 */

const RTX4090 = 'NVIDIA GeForce RTX 4090';
const WORK_GFLOP = (2 * 4096 ** 3 * 5) / 1e9;

describe(`GPU verification over GraphQL (${storeName})`, () => {
  let t: TestGateway;
  let verified: Account;
  let unverified: Account;

  /** The daemon answers its open challenge with an honest RTX 4090 run. */
  async function answerChallenge(provider: Account) {
    const polled = await t.fetchJson('/api/verification/pending', { headers: { authorization: `Bearer ${provider.apiKey}` } });
    expect(polled.body.pending, polled.text).toBe(true);
    const { challenge } = polled.body;
    const gflops = 65_000;
    const res = await t.fetchJson('/api/verification/submit', {
      method: 'POST',
      json: {
        api_key: provider.apiKey,
        challenge_id: challenge.challenge_id,
        result: { nonce: challenge.nonce, gpu_name: RTX4090, vram_total_mib: 24_564, gflops, elapsed_seconds: Math.round((WORK_GFLOP / gflops) * 1000) / 1000 },
      },
    });
    expect(res.body.verdict, res.text).toBe('verified');
  }

  beforeAll(async () => {
    t = await startTestGateway();
    unverified = await onlineProvider(t);
    verified = await onlineProvider(t);
  });
  afterAll(() => t?.close());

  it('routes a verified-only submit nowhere while no provider is verified: it queues', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(
      SubmitJobDocument,
      { input: { jobType: 'LLM_INFERENCE', durationMinutes: 5, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' }, gpuRequirements: { verified_only: true } } },
      asRenter(renter.apiKey),
    );
    const submitted = expectOk(res.data?.submitJob);
    expect(submitted.job).toMatchObject({ status: 'QUEUED', provider: null });
  });

  it('lets an admin issue one challenge at a time', async () => {
    const input = { providerId: globalId('Provider', verified.id) };
    const first = await t.gql(IssueVerificationChallengeDocument, { input }, asAdmin(t));
    expect(expectOk(first.data?.issueVerificationChallenge).run).toMatchObject({ origin: 'ADMIN', status: 'PENDING', verdict: null });
    const second = await t.gql(IssueVerificationChallengeDocument, { input }, asAdmin(t));
    expectUserError(second.data?.issueVerificationChallenge, 'CONFLICT');
    const byProvider = await t.gql(IssueVerificationChallengeDocument, { input }, asProvider(verified.apiKey));
    expect(errorCode(byProvider)).toBe('FORBIDDEN');
    await answerChallenge(verified);
  });

  it('shows the verdict to everyone and the runs with their flags to the provider and admins only', async () => {
    for (const headers of [asAdmin(t), asProvider(verified.apiKey)]) {
      const res = await t.gql(ProviderVerificationDocument, { id: globalId('Provider', verified.id) }, headers);
      expect(res.errors).toBeUndefined();
      expect(res.data?.provider).toMatchObject({
        verificationStatus: 'VERIFIED',
        verificationScore: 100,
        verifiedGpu: RTX4090,
        account: { verificationRuns: [{ origin: 'ADMIN', status: 'COMPLETED', verdict: 'VERIFIED', flags: [], matchedGpu: 'RTX 4090' }] },
      });
    }
    const stranger = await t.gql(ProviderVerificationDocument, { id: globalId('Provider', verified.id) }, asProvider(unverified.apiKey));
    expect(stranger.data?.provider?.account).toBeNull();
    expect(stranger.errors?.[0]?.path).toEqual(['provider', 'account']);
    const anonymous = await t.gql(ProviderVerificationStatusDocument, { id: globalId('Provider', unverified.id) });
    expect(anonymous.data?.provider).toMatchObject({ verificationStatus: 'UNVERIFIED', verifiedGpu: null });
  });

  it('loads the runs of a page of providers in one statement, however long the page', async () => {
    const query = (first: number) => t.gql(`{ providers(first: ${first}) { edges { node { id account { verificationRuns { challengeId } } } } } }`, {}, asAdmin(t));
    const one = await t.gateway.store.statements.measure(() => query(1));
    const two = await t.gateway.store.statements.measure(() => query(2));
    expect(two.result.data.providers.edges).toHaveLength(2);
    expect(two.count).toBe(one.count);
  });

  it('lists the verified provider on the leaderboard and publishes the reference table', async () => {
    const board = await t.gql(VerificationLeaderboardDocument, {});
    expect(board.data?.verificationLeaderboard.map((p) => p.id)).toEqual([globalId('Provider', verified.id)]);
    const tooMany = await t.gql(VerificationLeaderboardDocument, { limit: 10_000 });
    expect(tooMany.errors?.[0]?.message).toContain('limit');
    const table = await t.gql(GpuReferenceTableDocument, {});
    expect(table.data?.gpuReferenceTable).toHaveLength(40);
    expect(table.data?.gpuReferenceTable.find((g) => g.name === 'H100')).toMatchObject({ expectedGflopsMin: 23000, failBelowGflops: 16100, failAboveGflops: 85500 });
  });

  it('routes a verified-only submit to the verified provider', async () => {
    const renter = await registerRenter(t);
    // The unverified provider heartbeats last, so plain auto-routing would rank it first.
    await onlineProvider(t);
    const res = await t.gql(
      SubmitJobDocument,
      { input: { jobType: 'LLM_INFERENCE', durationMinutes: 5, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' }, gpuRequirements: { verified_only: true } } },
      asRenter(renter.apiKey),
    );
    const submitted = expectOk(res.data?.submitJob);
    expect(submitted.job?.provider?.id).toBe(globalId('Provider', verified.id));
  });
});
