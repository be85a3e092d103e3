import type { Client } from 'graphql-ws';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { eventually, subscribeWs, wsClient, type Received } from '../subscriptions/support.js';
import { Cluster, findPostgresBin } from './cluster.js';
import { GatewayProcess } from './gateway-process.js';
import { moneyViolations } from './invariants.js';

/**
 * Faults injected into a running gateway (src/main.ts in a child process) on a throwaway Postgres cluster
 * of its own: the database stopped, restarted in the middle of a burst of submits and heartbeats with a
 * graphql-ws subscriber watching, and the gateway itself killed with SIGKILL mid-burst. What must hold:
 * the process stays up, requests fail fast with a JSON 503 while the database is away, every request
 * answered 2xx is committed, the money invariants hold, and the subscriber receives every change once the
 * database is back. Needs a real Postgres (DATABASE_URL) and its server programs (initdb, pg_ctl).
 */

const pgBin = findPostgresBin();
const skipReason =
  storeName !== 'postgres' ? 'runs on Postgres only (set DATABASE_URL)' : !pgBin ? 'initdb/pg_ctl not found under /usr/lib/postgresql/*/bin' : undefined;
if (skipReason) console.warn(`\n*** SKIPPED test/faults/db-restart.test.ts: ${skipReason} ***\n`);

const GATEWAY_ENV = { DCP_SWEEP_INTERVAL_MS: '300', DCP_DB_CONNECT_TIMEOUT_SECONDS: '2' };
const MY_JOBS = 'subscription { myJobs { event { sequenceNo status } job { jobId } } }';
/** Longest any single request may take during a fault: failing fast is part of the contract. */
const REQUEST_TIMEOUT_MS = 8_000;
/** Each case is bounded; starting a gateway process is most of it on a loaded machine. */
const CASE_TIMEOUT_MS = 45_000;

interface Answer {
  status: number;
  body: any;
  ms: number;
}

describe.skipIf(skipReason !== undefined)('database and gateway faults', () => {
  let cluster: Cluster;
  let databaseUrl: string;
  let gateway: GatewayProcess;
  /** The test's own connection, to read what was committed. */
  let sql: postgres.Sql;
  let renterKey: string;
  let providerKey: string;
  const clients: Client[] = [];

  async function call(path: string, init: { method?: string; key?: string; json?: unknown } = {}, base = gateway.url): Promise<Answer> {
    const started = Date.now();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.key?.startsWith('dc1-renter-')) headers['x-renter-key'] = init.key;
    else if (init.key) headers.authorization = `Bearer ${init.key}`;
    try {
      const res = await fetch(base + path, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: kept as text, which the assertions then reject.
      }
      return { status: res.status, body, ms: Date.now() - started };
    } catch (err) {
      // No answer at all (connection refused or reset, timeout): status 0.
      return { status: 0, body: String(err), ms: Date.now() - started };
    }
  }

  const submit = (base?: string) =>
    call('/api/jobs/submit', { key: renterKey, json: { job_type: 'llm_inference', duration_minutes: 1, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'hi' } } }, base);
  const beat = (base?: string) =>
    call('/api/providers/heartbeat', { key: providerKey, json: { gpu_status: { gpu_name: 'NVIDIA GeForce RTX 4090', gpu_vram_mib: 24564, daemon_version: '4.1.0' } } }, base);
  const healthy = async () => (await call('/api/health')).status === 200;

  /** Submits and heartbeats from `workers` loops until `until` settles, each loop bounded by `maxEach` requests. */
  async function burst(until: Promise<unknown>, workers = 6, maxEach = 60): Promise<{ submits: Answer[]; beats: Answer[] }> {
    let done = false;
    void until.finally(() => (done = true));
    const submits: Answer[] = [];
    const beats: Answer[] = [];
    const loop = async (i: number) => {
      for (let n = 0; n < maxEach && !done; n += 1) {
        if (i % 3 === 2) beats.push(await beat());
        else submits.push(await submit());
      }
    };
    await Promise.all([...Array(workers)].map((_, i) => loop(i)));
    await until;
    const tally = (answers: Answer[]) => {
      const counts: Record<number, number> = {};
      for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
      return JSON.stringify(counts);
    };
    console.info(`burst: submits ${tally(submits)}, heartbeats ${tally(beats)}`);
    return { submits, beats };
  }

  /** Every answer was a 2xx or a JSON 503, in good time; no 500s, no hangs, no dropped connections. */
  function expectOnly2xxOr503(answers: Answer[]): void {
    const bad = answers.filter((a) => !(a.status >= 200 && a.status < 300) && !(a.status === 503 && typeof a.body?.error === 'string'));
    expect(bad, `unexpected answers: ${JSON.stringify(bad.slice(0, 5))}\n${gateway.output.slice(-4000)}`).toEqual([]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(REQUEST_TIMEOUT_MS);
  }

  /** Every job a 2xx submit announced is stored; and every heartbeat answered 2xx is recorded. */
  async function expectCommitted(submits: Answer[], beats: Answer[]): Promise<void> {
    const announced = submits.filter((a) => a.status === 201).map((a) => a.body.job.job_id as string);
    const stored = new Set((await sql<{ job_id: string }[]>`select job_id from jobs where job_id in ${sql(announced.length ? announced : [''])}`).map((r) => r.job_id));
    expect(announced.filter((id) => !stored.has(id))).toEqual([]);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from heartbeats`;
    expect(n).toBeGreaterThanOrEqual(beats.filter((a) => a.status === 200).length);
  }

  /** The changes of the renter's jobs from job `fromId` on, as stored: what a subscriber live since then must receive. */
  async function storedChanges(fromId: number): Promise<string[]> {
    const rows = await sql<{ job_id: string; sequence_no: number; status: string }[]>`
      select j.job_id, e.sequence_no, e.status from job_events e join jobs j on j.id = e.job_id where j.id >= ${fromId}`;
    return rows.map((r) => `${r.job_id}#${r.sequence_no}:${r.status}`).sort();
  }

  /** What the subscriber received, in the same form, restricted to the jobs in `of`. */
  const seen = (received: Received, of?: string[]) => {
    const jobs = of && new Set(of.map((c) => c.slice(0, c.indexOf('#'))));
    return received.data
      .map((d: any) => `${d.myJobs.job.jobId}#${d.myJobs.event.sequenceNo}:${String(d.myJobs.event.status).toLowerCase()}`)
      .filter((c) => !jobs || jobs.has(c.slice(0, c.indexOf('#'))))
      .sort();
  };

  function renterClient(base: string): Client {
    const client = wsClient(base, { 'x-renter-key': renterKey });
    clients.push(client);
    return client;
  }

  /**
   * A myJobs subscriber on `base`, once it is live: jobs are submitted until one reaches it. Its changes
   * are due from that job on (`fromId`); those before it were submitted while it was still starting.
   */
  async function liveSubscriber(base: string): Promise<{ watching: Received; client: Client; fromId: number }> {
    const client = renterClient(base);
    const watching = subscribeWs(client, MY_JOBS);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const probe = await submit(base);
      expect(probe.status, JSON.stringify(probe.body)).toBe(201);
      const reached = () => seen(watching).some((c) => c.startsWith(`${probe.body.job.job_id}#`));
      if (await eventually(reached, 'a job to reach the subscriber', 500).catch(() => false)) return { watching, client, fromId: probe.body.job.id };
    }
    throw new Error(`The subscriber never went live: ${JSON.stringify(watching.failure ?? watching.errors)}`);
  }

  beforeAll(async () => {
    cluster = await Cluster.start(pgBin!);
    const maintenance = postgres(cluster.databaseUrl(), { max: 1, onnotice: () => {} });
    await maintenance.unsafe('create database dcp');
    await maintenance.end();
    databaseUrl = cluster.databaseUrl('dcp');
    sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    gateway = await GatewayProcess.start(databaseUrl, GATEWAY_ENV);
    const renter = await call('/api/renters/register', { json: { name: 'Fault Renter', email: 'fault-renter@example.sa' } });
    expect(renter.status, JSON.stringify(renter.body)).toBe(201);
    renterKey = renter.body.api_key;
    for (let i = 0; i < 3; i += 1) expect((await call('/api/renters/topup', { key: renterKey, json: { amount_halala: 100_000 } })).status).toBe(200);
    const provider = await call('/api/providers/register', {
      json: { name: 'Fault GPU', email: 'fault-provider@example.sa', gpu_model: 'RTX 4090', os: 'Linux' },
    });
    expect(provider.status, JSON.stringify(provider.body)).toBe(200);
    providerKey = provider.body.api_key;
    expect((await beat()).status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway?.stop();
    await sql?.end({ timeout: 2 }).catch(() => undefined);
    await cluster?.destroy();
  }, 60_000);

  it('while Postgres is down, every face answers a JSON 503 at once; the process stays up and recovers by itself', async () => {
    const { watching, client } = await liveSubscriber(gateway.url);
    await cluster.stop();
    try {
      const rest = await submit();
      expect(rest.status, JSON.stringify(rest.body)).toBe(503);
      expect(rest.body).toMatchObject({ error: expect.stringContaining('unavailable'), retryAfterSeconds: 1 });
      expect((await beat()).status).toBe(503);
      expect((await call('/api/health')).body).toMatchObject({ error: 'Health check failed', db: 'unreachable' });

      const gql = await call('/graphql', { key: renterKey, json: { query: 'mutation { submitJob(input: { jobType: LLM_INFERENCE, durationMinutes: 1 }) { userErrors { code } } }' } });
      expect(gql.body.errors?.[0]?.extensions?.code, JSON.stringify(gql.body)).toBe('SERVICE_UNAVAILABLE');

      const models = await call('/v1/models');
      expect(models.status).toBe(503);
      expect(models.body.error).toMatchObject({ type: 'server_error', code: 'provider_unavailable', status: 503, retryable: true });
      const chat = await call('/v1/chat/completions', { key: renterKey, json: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', messages: [{ role: 'user', content: 'hi' }] } });
      expect(chat.status, JSON.stringify(chat.body)).toBe(503);
      expect(chat.body.error).toMatchObject({ code: 'service_unavailable', status: 503, retryable: true });

      for (const answer of [rest, gql, models, chat]) expect(answer.ms).toBeLessThan(4_000);

      // graphql-ws: a new connection is closed with 1013 Try Again Later (clients retry it); a new
      // subscription on an open connection fails alone, leaving the connection and its other subscriptions be.
      const refused = subscribeWs(renterClient(gateway.url), MY_JOBS);
      await refused.ended();
      expect(refused.failure).toMatchObject({ code: 1013 });
      const lateComer = subscribeWs(client, MY_JOBS);
      await lateComer.ended();
      expect(lateComer.failure).toMatchObject([{ extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
      expect(watching.failure).toBeUndefined();
      // The sweeps' timer fired meanwhile and failed against the stopped database: the process is still here.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(gateway.alive, gateway.output.slice(-4000)).toBe(true);
      // What the operator reads: the outage once, not an error per request.
      await eventually(() => gateway.output.includes('database unreachable'), 'the outage to be logged', 5_000);
    } finally {
      await cluster.resume();
    }
    await eventually(healthy, 'the gateway to reach the database again', 15_000);
    await eventually(() => gateway.output.includes('database reachable again'), 'the recovery to be logged', 10_000);
    await eventually(() => gateway.output.includes('event listener re-established'), 'the listener to be re-established', 10_000);
    expect(gateway.output).not.toContain('"level":50');
    const after = await submit();
    expect(after.status).toBe(201);
    // The subscription that was open all along carries on live.
    await eventually(() => seen(watching).some((c) => c.startsWith(`${after.body.job.job_id}#`)), 'a job after the outage to reach the subscriber', 10_000);
    expect(watching.errors).toEqual([]);
    expect(await moneyViolations(sql)).toEqual([]);
  }, CASE_TIMEOUT_MS);

  it('Postgres restarted in the middle of a burst: nothing lost or half-written, and the subscriber sees every change', async () => {
    const { watching, fromId } = await liveSubscriber(gateway.url);
    const restarted = new Promise((resolve) => setTimeout(resolve, 800)).then(() => cluster.restart());
    const { submits, beats } = await burst(restarted.then(() => new Promise((resolve) => setTimeout(resolve, 1_500))));

    expect(gateway.alive, gateway.output.slice(-4000)).toBe(true);
    expectOnly2xxOr503([...submits, ...beats]);
    expect(submits.filter((a) => a.status === 201).length).toBeGreaterThan(0);
    await eventually(healthy, 'the gateway to reach the database again', 15_000);
    await expectCommitted(submits, beats);
    expect(await moneyViolations(sql)).toEqual([]);

    // One more change after recovery: live delivery works again, not only the catch-up.
    expect((await submit()).status).toBe(201);
    const stored = await storedChanges(fromId);
    await eventually(() => seen(watching, stored).length >= stored.length, `the subscriber to receive all ${stored.length} changes`, 20_000).catch(() => undefined);
    expect(watching.failure).toBeUndefined();
    expect(watching.errors).toEqual([]);
    // Every change once: nothing missed across the restart, nothing delivered twice by the catch-up.
    expect(seen(watching, stored)).toEqual(stored);
  }, CASE_TIMEOUT_MS);

  it('the gateway killed with SIGKILL mid-burst: every 2xx is committed, the money adds up, and a new instance carries on', async () => {
    const killed = new Promise((resolve) => setTimeout(resolve, 600)).then(() => gateway.kill());
    const { submits, beats } = await burst(killed);
    expect(gateway.exit?.signal).toBe('SIGKILL');
    // Requests cut by the kill got no answer at all (status 0); everything answered is a 2xx or a 503.
    expectOnly2xxOr503([...submits, ...beats].filter((a) => a.status !== 0));
    await expectCommitted(submits, beats);
    expect(await moneyViolations(sql)).toEqual([]);

    gateway = await GatewayProcess.start(databaseUrl, GATEWAY_ENV);
    expect((await beat()).status).toBe(200);
    const { watching } = await liveSubscriber(gateway.url);
    expect(watching.errors).toEqual([]);
    expect(await moneyViolations(sql)).toEqual([]);
  }, CASE_TIMEOUT_MS);
});
