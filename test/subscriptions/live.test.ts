import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { startTestGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../helpers/index.js';
import {
  eventually,
  heartbeat,
  newProvider,
  newRenter,
  storedTransitions,
  subscribers,
  subscribeSse,
  subscribeWs,
  wsClient,
  type Account,
} from './support.js';
import type { Principal } from '../../src/domain/auth.js';
import { globalId } from '../../src/graphql/ids.js';
import { liveFor } from '../../src/graphql/pubsub.js';

const JOB_STATUS = /* GraphQL */ `
  subscription ($jobId: String!, $after: Int) {
    jobStatusChanged(ref: { jobId: $jobId }, afterSequenceNo: $after) {
      event { sequenceNo status fromStatus message }
      job { jobId status progressPhase }
    }
  }
`;
const MY_JOBS = /* GraphQL */ `subscription { myJobs { event { sequenceNo status } job { jobId } } }`;
const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitJobInput!) {
    submitJob(input: $input) { job { id: databaseId jobId status } userErrors { code message } }
  }
`;
const CLAIM = /* GraphQL */ `mutation { claimNextJob(input: { mode: ASSIGN }) { job { jobId } userErrors { code } } }`;
const PROGRESS = /* GraphQL */ `mutation ($input: ReportJobProgressInput!) { reportJobProgress(input: $input) { userErrors { code } } }`;
const COMPLETE = /* GraphQL */ `mutation ($input: CompleteJobInput!) { completeJob(input: $input) { userErrors { code } } }`;

let t: TestGateway;
let renter: Account<Principal & { kind: 'renter' }>;
let provider: Account<Principal & { kind: 'provider' }>;
const clients: Client[] = [];

function client(params?: Record<string, string>): Client {
  const c = wsClient(t.url, params);
  clients.push(c);
  return c;
}

async function mutate(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const res = await t.gql(query, variables, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const payload = Object.values(res.data ?? {})[0] as { userErrors?: unknown[] } | undefined;
  expect(payload?.userErrors ?? [], JSON.stringify(res.data)).toEqual([]);
  return res.data;
}

/** Submits through GraphQL as `who`; returns the new job's string id and numeric id. */
async function submit(who = renter): Promise<{ jobId: string; id: number }> {
  const data = await mutate(SUBMIT, { input: { jobType: 'LLM_INFERENCE', durationMinutes: 1 } }, { 'x-renter-key': who.apiKey });
  const job = data.submitJob.job;
  expect(job, JSON.stringify(data)).toBeTruthy();
  return job;
}

/** The provider side of a job, through GraphQL: claim (assigned), pulling, generating (running), complete. */
const providerSteps = (jobId: string) => [
  () => mutate(CLAIM, {}, { 'x-provider-key': provider.apiKey }),
  () => mutate(PROGRESS, { input: { job: { jobId }, phase: 'PULLING' } }, { 'x-provider-key': provider.apiKey }),
  () => mutate(PROGRESS, { input: { job: { jobId }, phase: 'GENERATING' } }, { 'x-provider-key': provider.apiKey }),
  () => mutate(COMPLETE, { input: { job: { jobId }, result: 'ok', gpuSecondsUsed: 30 } }, { 'x-provider-key': provider.apiKey }),
];

beforeAll(async () => {
  t = await startTestGateway();
  renter = await newRenter(t.gateway);
  provider = await newProvider(t.gateway);
});

// Every test starts with no live subscriber, so `subscribers(n)` knows when the test's own are in place.
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'subscriptions released');
});

afterAll(async () => {
  await t?.close();
});

describe('following a job live', () => {
  it('a graphql-ws subscriber receives every transition from submit to completion exactly once, in order, then completion', async () => {
    const ws = client({ 'x-renter-key': renter.apiKey });
    const mine = subscribeWs(ws, MY_JOBS);
    await subscribers(t.gateway, 1);
    const job = await submit();
    // Replays from the start, so the submit itself (before this subscription existed) is included.
    const followed = subscribeWs(ws, JOB_STATUS, { jobId: job.jobId, after: 0 });
    await followed.count(1);
    for (const [i, step] of providerSteps(job.jobId).entries()) {
      await step();
      // One step at a time: each change must arrive with the job as it is right after that change.
      await followed.count(i + 2);
      const latest = followed.data.at(-1)!.jobStatusChanged;
      expect(latest.job.status).toBe(latest.event.status);
    }
    await followed.ended();

    const stored = await storedTransitions(t.gateway, job.id);
    const seen = followed.data.map((d) => ({ sequenceNo: d.jobStatusChanged.event.sequenceNo, status: d.jobStatusChanged.event.status.toLowerCase() }));
    expect(seen).toEqual(stored);
    expect(seen.map((s) => s.status).slice(-4)).toEqual(['assigned', 'pulling', 'running', 'completed']);
    expect(followed.errors).toEqual([]);

    await mine.count(stored.length);
    expect(mine.data.map((d) => d.myJobs.event.sequenceNo)).toEqual(stored.map((s) => s.sequenceNo));
  });

  it('an SSE subscriber receives every transition once, in order, gets keep-alive pings while idle, and its stream completes', async () => {
    const job = await submit();
    const before = (await storedTransitions(t.gateway, job.id)).length;
    const sse = subscribeSse(t.url, JOB_STATUS, { jobId: job.jobId }, { 'x-renter-key': renter.apiKey });
    await subscribers(t.gateway, 1);
    // Yoga pings idle SSE streams (every 300 ms under NODE_ENV=test, 12 s otherwise).
    await eventually(() => sse.pings >= 2, 'two keep-alive pings');
    for (const step of providerSteps(job.jobId)) await step();
    await sse.ended();

    const stored = await storedTransitions(t.gateway, job.id);
    expect(sse.data.map((d) => d.jobStatusChanged.event.sequenceNo)).toEqual(stored.slice(before).map((s) => s.sequenceNo));
    expect(sse.data.at(-1)!.jobStatusChanged.job.status).toBe('COMPLETED');
    expect(sse.errors).toEqual([]);
  });

  it('subscribing to a finished job without a replay point completes at once', async () => {
    const job = await submit();
    for (const step of providerSteps(job.jobId)) await step();
    const done = subscribeWs(client({ 'x-renter-key': renter.apiKey }), JOB_STATUS, { jobId: job.jobId });
    await done.ended();
    expect(done.results).toEqual([]);
  });

  it('jobLogs replays the lines after `since`, then streams new ones, and completes when the job finishes', async () => {
    const job = await submit();
    const p = provider.principal;
    await t.gateway.domain.jobs.claimNext(p, { mode: 'run' });
    await t.gateway.domain.jobs.appendLogs(p, job.jobId, { lines: [{ message: 'one' }, { message: 'two' }, { message: 'three' }] });
    const logs = subscribeWs(client({ 'x-renter-key': renter.apiKey }), `subscription ($jobId: String!) { jobLogs(ref: { jobId: $jobId }, since: 1) { lineNo message } }`, {
      jobId: job.jobId,
    });
    await logs.count(2);
    await t.gateway.domain.jobs.appendLogs(p, job.jobId, { lines: [{ message: 'four' }] });
    await logs.count(3);
    await t.gateway.domain.jobs.complete(p, job.jobId, { gpu_seconds_used: 10 });
    await logs.ended();
    expect(logs.data.map((d) => d.jobLogs)).toEqual([
      { lineNo: 2, message: 'two' },
      { lineNo: 3, message: 'three' },
      { lineNo: 4, message: 'four' },
    ]);
  });
});

describe('providers and the dashboard', () => {
  const BEAT = `subscription ($id: ID!) { providerHeartbeat(providerId: $id) { id status cachedModels account { email } } }`;

  it('providerHeartbeat shows each beat with fresh fields: public ones for anyone, private ones for the provider itself', async () => {
    const anonymous = subscribeWs(client(), BEAT, { id: globalId('Provider', provider.id) });
    const own = subscribeWs(client({ 'x-provider-key': provider.apiKey }), BEAT, { id: globalId('Provider', provider.id) });
    await subscribers(t.gateway, 2);
    await heartbeat(t.gateway, provider.principal, { cached_models: ['llama-3-8b'] });
    await own.count(1);
    await heartbeat(t.gateway, provider.principal, { cached_models: ['llama-3-8b', 'mistral-7b'] });
    await anonymous.count(2);
    await own.count(2);
    // Each beat is resolved with the provider as it is after that beat, not as first loaded.
    expect(own.data.map((d) => d.providerHeartbeat.cachedModels)).toEqual([['llama-3-8b'], ['llama-3-8b', 'mistral-7b']]);
    expect(own.data[0].providerHeartbeat.account.email).toMatch(/@example\.sa$/);
    expect(own.errors).toEqual([]);
    expect(anonymous.data[0].providerHeartbeat.account).toBeNull();
    expect(anonymous.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data[0].providerHeartbeat.status).toBe('ONLINE');
  });

  it('heartbeats streams every provider to admins and refuses renters at subscribe time', async () => {
    const refused = subscribeWs(client({ 'x-renter-key': renter.apiKey }), `subscription { heartbeats { id } }`);
    await refused.ended();
    expect(refused.errors[0]?.extensions?.code).toBe('FORBIDDEN');

    const admin = subscribeWs(client({ 'x-admin-token': TEST_ADMIN_TOKEN }), `subscription { heartbeats { databaseId account { email } } }`);
    await subscribers(t.gateway, 1);
    const other = await newProvider(t.gateway);
    await heartbeat(t.gateway, provider.principal);
    await admin.count(2);
    expect(admin.data.map((d) => d.heartbeats.databaseId)).toEqual([other.id, provider.id]);
    expect(admin.errors).toEqual([]);
  });

  it('providerStatusChanged announces a provider pausing and resuming', async () => {
    const changes = subscribeWs(client(), `subscription { providerStatusChanged { status fromStatus isPaused provider { databaseId } } }`);
    await subscribers(t.gateway, 1);
    await t.gateway.domain.providers.pause(provider.principal);
    await t.gateway.domain.providers.resume(provider.principal);
    await changes.count(2);
    expect(changes.data.map((d) => d.providerStatusChanged)).toEqual([
      { status: 'PAUSED', fromStatus: 'ONLINE', isPaused: true, provider: { databaseId: provider.id } },
      { status: expect.any(String), fromStatus: 'PAUSED', isPaused: false, provider: { databaseId: provider.id } },
    ]);
  });

  it('dashboardStats sends the figures at once, then again when a job changes them', async () => {
    const stats = subscribeWs(client({ 'x-admin-token': TEST_ADMIN_TOKEN }), `subscription { dashboardStats { totalJobs activeJobs } }`);
    await stats.count(1);
    expect(stats.errors).toEqual([]);
    const before = stats.data[0].dashboardStats;
    await submit();
    await stats.count(2);
    expect(stats.data[1].dashboardStats.totalJobs).toBe(before.totalJobs + 1);
  });
});
