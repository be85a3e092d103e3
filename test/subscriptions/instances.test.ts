import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import postgres from 'postgres';
import type { Principal } from '../../src/domain/auth.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { createServer, type ListeningServer } from '../../src/server.js';
import { startTestGateway, storeName, testConfig, type TestGateway } from '../helpers/index.js';
import { eventually, newProvider, newRenter, storedTransitions, subscribers, subscribeWs, wsClient, type Account } from './support.js';

/**
 * Scale-out: several gateway instances on one Postgres. Events travel through LISTEN/NOTIFY, so a
 * subscriber on one instance sees what another instance commits. Needs a real Postgres (DATABASE_URL).
 */

const JOB_STATUS = `subscription ($jobId: String) { jobStatusChanged(jobId: $jobId, afterSequenceNo: 0) { event { sequenceNo status } job { status } } }`;
const MY_JOBS = `subscription { myJobs { event { sequenceNo status } } }`;

describe.skipIf(storeName !== 'postgres')('two gateway instances on one Postgres', () => {
  /** The instance clients subscribe to. */
  let watched: TestGateway;
  /** The instance that drives the jobs. */
  let driver: Gateway;
  let driverServer: ListeningServer;
  let renter: Account<Principal & { kind: 'renter' }>;
  let provider: Account<Principal & { kind: 'provider' }>;
  let admin: postgres.Sql;
  const clients: Client[] = [];

  async function gqlOnDriver(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const res = await fetch(`${driverServer.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  }

  const listenerPids = async () =>
    (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen %'`).map((r) => r.pid);

  beforeAll(async () => {
    watched = await startTestGateway();
    const databaseUrl = watched.gateway.config.databaseUrl!;
    driver = await createGateway(testConfig(databaseUrl));
    driverServer = await createServer(driver).listen(0, '127.0.0.1');
    admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    renter = await newRenter(driver);
    provider = await newProvider(driver);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await admin?.end({ timeout: 5 });
    await driverServer?.close();
    await watched?.close();
  });

  it('a subscriber on one instance receives every transition of a job driven through the other, in order', async () => {
    const submitted = await gqlOnDriver(
      `mutation { submitJob(input: { jobType: "llm_inference", durationMinutes: 1 }) { ... on SubmittedJob { job { id jobId } } } }`,
      {},
      { 'x-renter-key': renter.apiKey },
    );
    const { id, jobId } = submitted.submitJob.job;
    const ws = wsClient(watched.url, { 'x-renter-key': renter.apiKey });
    clients.push(ws);
    const followed = subscribeWs(ws, JOB_STATUS, { jobId });
    const asProvider = { 'x-provider-key': provider.apiKey };
    await gqlOnDriver(`mutation { claimNextJob(mode: ASSIGN) { __typename } }`, {}, asProvider);
    await gqlOnDriver(`mutation ($jobId: String!) { reportJobProgress(input: { jobId: $jobId, phase: "pulling" }) { __typename } }`, { jobId }, asProvider);
    await gqlOnDriver(`mutation ($jobId: String!) { completeJob(input: { jobId: $jobId, gpuSecondsUsed: 5 }) { __typename } }`, { jobId }, asProvider);
    await followed.ended();

    const stored = await storedTransitions(driver, id);
    expect(followed.data.map((d) => ({ sequenceNo: d.jobStatusChanged.event.sequenceNo, status: d.jobStatusChanged.event.status.toLowerCase() }))).toEqual(stored);
    expect(followed.data.at(-1)!.jobStatusChanged.job.status).toBe('COMPLETED');
  });

  it('after its LISTEN connection is killed, an instance listens again and keeps delivering', async () => {
    const ws = wsClient(watched.url, { 'x-renter-key': renter.apiKey });
    clients.push(ws);
    const mine = subscribeWs(ws, MY_JOBS);
    await subscribers(watched.gateway, 1);
    await driver.domain.jobs.submit(renter.principal, { job_type: 'llm_inference', duration_minutes: 1 });
    await mine.count(1);

    const before = await listenerPids();
    expect(before.length).toBeGreaterThanOrEqual(2);
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where pid in ${admin(before)}`;
    // postgres.js reconnects its LISTEN connection on its own: new backends, as many as before.
    await eventually(async () => {
      const now = await listenerPids();
      return now.length === before.length && now.every((pid) => !before.includes(pid));
    }, 'both instances to listen again');

    await driver.domain.jobs.submit(renter.principal, { job_type: 'llm_inference', duration_minutes: 1 });
    await mine.count(2);
    expect(mine.data.map((d) => d.myJobs.event.status)).toEqual([expect.any(String), expect.any(String)]);
    expect(mine.errors).toEqual([]);
  });
});
