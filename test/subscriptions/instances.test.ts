import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import postgres from 'postgres';
import type { Principal } from '../../src/domain/auth.js';
import { liveFor } from '../../src/graphql/pubsub.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { eventually, newProvider, newRenter, storedTransitions, subscribers, subscribeWs, wsClient, type Account } from './support.js';

/**
 * Scale-out: two gateway processes on one Postgres. Clients subscribe to the one in this process; the
 * jobs are driven over HTTP through the other, a child process. Events travel through LISTEN/NOTIFY, so
 * a subscriber on one instance sees what the other commits, even when its LISTEN connection was lost
 * meanwhile. Needs a real Postgres (DATABASE_URL).
 */

const INSTANCE_SCRIPT = fileURLToPath(new URL('./instance-process.ts', import.meta.url));
const JOB_STATUS = `subscription ($jobId: String!) { jobStatusChanged(ref: { jobId: $jobId }, afterSequenceNo: 0) { event { sequenceNo status } job { status } } }`;
const MY_JOBS = `subscription { myJobs { event { sequenceNo status } } }`;
const SUBMIT = `mutation { submitJob(input: { jobType: LLM_INFERENCE, durationMinutes: 1 }) { job { id: databaseId jobId } userErrors { code } } }`;

interface Instance {
  url: string;
  child: ChildProcess;
}

/** The other instance: its own process (node with tsx's loader, so the pid is the gateway's own), on `databaseUrl`. */
async function startInstance(databaseUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE_SCRIPT], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const listening = /URL (\S+)/.exec(output);
      if (listening) resolve(listening[1]);
    });
    child.once('exit', (code) => reject(new Error(`The other instance exited with ${code} before listening`)));
  });
  return { url, child };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}

describe.skipIf(storeName !== 'postgres')('two gateway processes on one Postgres', () => {
  /** The instance clients subscribe to, in this process. */
  let watched: TestGateway;
  /** The instance that drives the jobs, in a child process. */
  let driver: Instance;
  let renter: Account<Principal & { kind: 'renter' }>;
  let provider: Account<Principal & { kind: 'provider' }>;
  /** The test's own connection to the server (not to the instances' database, which it locks out), for what no instance offers. */
  let admin: postgres.Sql;
  let databaseName: string;
  const clients: Client[] = [];

  /** A GraphQL operation through the other instance's HTTP API. */
  async function onDriver(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const res = await fetch(`${driver.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  }

  const asRenter = () => ({ 'x-renter-key': renter.apiKey });
  const asProvider = () => ({ 'x-provider-key': provider.apiKey });

  /** Submits through the other instance; the job's string and numeric ids. */
  async function submit(): Promise<{ id: number; jobId: string }> {
    return (await onDriver(SUBMIT, {}, asRenter())).submitJob.job;
  }

  /** The provider side of a job, through the other instance: claim, pulling, complete. */
  async function runToCompletion(jobId: string): Promise<void> {
    await onDriver(`mutation { claimNextJob(input: { mode: ASSIGN }) { userErrors { code } } }`, {}, asProvider());
    await onDriver(`mutation ($jobId: String!) { reportJobProgress(input: { job: { jobId: $jobId }, phase: PULLING }) { userErrors { code } } }`, { jobId }, asProvider());
    await onDriver(`mutation ($jobId: String!) { completeJob(input: { job: { jobId: $jobId }, gpuSecondsUsed: 5 }) { userErrors { code } } }`, { jobId }, asProvider());
  }

  function client(params: Record<string, string>): Client {
    const c = wsClient(watched.url, params);
    clients.push(c);
    return c;
  }

  const listenerPids = async () =>
    (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${databaseName} and query ilike 'listen %'`).map((r) => r.pid);

  beforeAll(async () => {
    watched = await startTestGateway();
    const databaseUrl = watched.gateway.config.databaseUrl!;
    databaseName = new URL(databaseUrl).pathname.slice(1);
    driver = await startInstance(databaseUrl);
    admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    renter = await newRenter(watched.gateway);
    provider = await newProvider(watched.gateway);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await eventually(() => liveFor(watched.gateway).pubsub.subscriberCount === 0, 'subscriptions released');
  });

  afterAll(async () => {
    if (databaseName) await admin?.unsafe(`alter database "${databaseName}" allow_connections true`);
    await admin?.end({ timeout: 5 });
    await stopInstance(driver);
    await watched?.close();
  });

  it('a subscriber on one instance receives every transition of a job driven through the other, in order, each once', async () => {
    const mine = subscribeWs(client(asRenter()), MY_JOBS);
    await subscribers(watched.gateway, 1);
    const job = await submit();
    const followed = subscribeWs(client(asRenter()), JOB_STATUS, { jobId: job.jobId });
    await followed.count(1);
    await runToCompletion(job.jobId);
    await followed.ended();

    const stored = await storedTransitions(watched.gateway, job.id);
    const seen = (d: { event: { sequenceNo: number; status: string } }) => ({ sequenceNo: d.event.sequenceNo, status: d.event.status.toLowerCase() });
    expect(followed.data.map((d) => seen(d.jobStatusChanged))).toEqual(stored);
    expect(followed.data.at(-1)!.jobStatusChanged.job.status).toBe('COMPLETED');
    await mine.count(stored.length);
    expect(mine.data.map((d) => seen(d.myJobs))).toEqual(stored);
    expect([...followed.errors, ...mine.errors]).toEqual([]);
  });

  it('a subscriber catches up at once on what happened while its instance’s LISTEN connection was down', async () => {
    const mine = subscribeWs(client(asRenter()), MY_JOBS);
    await subscribers(watched.gateway, 1);
    const job = await submit();
    const followed = subscribeWs(client(asRenter()), JOB_STATUS, { jobId: job.jobId });
    await followed.count(1);
    await mine.count(1);

    // Both instances lose their LISTEN connections, and cannot open new ones (the open pool connections stay).
    await admin.unsafe(`alter database "${databaseName}" allow_connections false`);
    const listeners = await listenerPids();
    expect(listeners).toHaveLength(2);
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where pid in ${admin(listeners)}`;
    await eventually(async () => (await listenerPids()).length === 0, 'the LISTEN connections to be gone');

    // While nobody listens, the job runs to completion through the other instance.
    await runToCompletion(job.jobId);
    const stored = await storedTransitions(watched.gateway, job.id);
    expect(followed.results).toHaveLength(1);

    // Connections are allowed again; nothing else changes: the catch-up alone must deliver the rest.
    await admin.unsafe(`alter database "${databaseName}" allow_connections true`);
    await followed.ended();
    await mine.count(stored.length);
    const seen = (d: { event: { sequenceNo: number; status: string } }) => ({ sequenceNo: d.event.sequenceNo, status: d.event.status.toLowerCase() });
    expect(followed.data.map((d) => seen(d.jobStatusChanged))).toEqual(stored);
    expect(mine.data.map((d) => seen(d.myJobs))).toEqual(stored);
    expect([...followed.errors, ...mine.errors]).toEqual([]);
  });
});
