/**
 * The gateway side of the REST benchmarks and of `npm run bench`, run as a child process of
 * bench/helpers/rest-bench.ts or bench/bench.ts so the load generator does not share its event loop. Starts a
 * gateway and the real HTTP server from the environment (rate limits off; NODE_ENV as given), seeds one
 * scenario through the domain, then talks to the parent over IPC:
 *
 *   -> { type: 'ready', url, requests, seeded }     once listening and seeded
 *   <- { type: 'counters' }                          -> { type: 'counters', statements, cpuUs, served, inFlight }
 *   <- { type: 'profile-start' } / { type: 'profile-stop', path }  (V8 CPU profile of the load only)
 *   <- { type: 'stop' }                              closes the server and the gateway, then exits
 *
 * Usage (normally spawned): node --import tsx bench/helpers/rest-server.ts <scenario>
 */
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Session } from 'node:inspector/promises';
import { ADMIN } from '../../src/domain/auth.js';
import type { Gateway } from '../../src/gateway.js';
import { loadConfig } from '../../src/config.js';
import { createGateway } from '../../src/gateway.js';
import { createServer } from '../../src/server.js';
import { requestCounter } from './child.js';
import { heartbeatBody, inBatches, onlineProvider, RENTER_CREDIT_HALALA, renterWithCredit, SDK_JOB } from './seed.js';
import { ALL_SCENARIOS, type BenchRequest, type ChildMessage, type ParentMessage, type ScenarioName } from './rest-protocol.js';

const DASHBOARD_JOBS = Number(process.env.BENCH_DASHBOARD_JOBS ?? 10_000);
const DASHBOARD_JOBS_THROUGH_DOMAIN = 1000;
const HEARTBEAT_PROVIDERS = 50;
const SUBMIT_RENTERS = Number(process.env.BENCH_RENTERS ?? 1);
/** `npm run bench`: the fleet of the heartbeat target, and the accounts its submit target spreads over. */
const FLEET_PROVIDERS = 200;
const SUBMIT_FLEET = 50;
const V1_MODEL = 'bench/echo-1b';
/** A renter's list with each job's provider and renter: a page of 20 out of 40, spread over 10 providers. */
const GRAPHQL_JOBS_QUERY = `query BenchJobs {
  jobs(first: 20) {
    edges { node { id jobId status jobType costHalala submittedAt provider { id name gpuModel isOnline lastHeartbeat } renter { id name balance { availableHalala } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const SEEDS: Record<ScenarioName, (g: Gateway) => Promise<{ request: BenchRequest; seeded: string }>> = {
  /** 50 daemons (one per connection at the default concurrency) heartbeating with the daemon's full body. */
  async heartbeat(g) {
    const keys: string[] = [];
    for (let i = 0; i < HEARTBEAT_PROVIDERS; i++) keys.push((await onlineProvider(g, i)).key);
    return {
      request: { method: 'POST', path: '/api/providers/heartbeat', headers: { 'content-type': 'application/json' }, variants: keys.map((k) => ({ body: heartbeatBody(k) })) },
      seeded: `${HEARTBEAT_PROVIDERS} approved providers`,
    };
  },

  /**
   * One renter (BENCH_RENTERS to spread the load) submitting the SDK's job body; no provider online, so
   * every job queues. One renter's submits queue behind each other on its balance row, by design.
   */
  async submit(g) {
    const keys: string[] = [];
    for (let i = 0; i < SUBMIT_RENTERS; i++) keys.push((await renterWithCredit(g, i)).key);
    return {
      request: {
        method: 'POST',
        path: '/api/jobs/submit',
        headers: { 'content-type': 'application/json' },
        variants: keys.map((key) => ({ body: JSON.stringify(SDK_JOB), headers: { 'x-renter-key': key } })),
      },
      seeded: `${SUBMIT_RENTERS} renter(s) with ${RENTER_CREDIT_HALALA} halala each`,
    };
  },

  /** The SDK's poll of one queued job (behind 19 others), by its string id. */
  async job(g) {
    const renter = await renterWithCredit(g, 0);
    const principal = await g.domain.principal(renter.key);
    let jobId = '';
    for (let i = 0; i < 20; i++) jobId = (await g.domain.jobs.submit(principal!, SDK_JOB)).job.jobId;
    return {
      request: { method: 'GET', path: `/api/jobs/${jobId}`, headers: { 'x-renter-key': renter.key } },
      seeded: '1 renter, 20 queued jobs, polling the last',
    };
  },

  /**
   * 10k jobs from 10 renters on 20 online providers; 20 % completed (settled), 5 % failed, 5 % cancelled,
   * the rest queued or pending, so every figure of the dashboard has rows behind it. The first thousand go
   * through the domain (submit, claim, complete, fail, cancel); the rest are copies of them made in SQL
   * (cloneJobs), since 10k submits and their settlements take a minute or more of a busy machine and the
   * dashboard reads only the jobs, renters and providers tables.
   */
  async dashboard(g) {
    const made = Math.min(DASHBOARD_JOBS, DASHBOARD_JOBS_THROUGH_DOMAIN);
    const renters = await Promise.all(Array.from({ length: 10 }, (_, i) => renterWithCredit(g, i)));
    const principals = await Promise.all(renters.map((r) => g.domain.principal(r.key)));
    const providers = await inBatches(20, 10, (i) => onlineProvider(g, i));
    const submitted: string[] = [];
    // One submit per renter at a time: each renter's balance row serialises its own submits anyway.
    for (let round = 0; round < made / renters.length; round++) {
      const jobs = await Promise.all(principals.map((p) => g.domain.jobs.submit(p!, SDK_JOB)));
      submitted.push(...jobs.map((j) => j.job.jobId));
    }
    // Each provider works through its share one job at a time; the 20 of them side by side (claims skip locked jobs).
    const perProvider = (total: number, finish: (p: (typeof providers)[number], jobId: number) => Promise<unknown>) =>
      Promise.all(
        providers.map(async (provider, n) => {
          for (let i = n; i < total; i += providers.length) {
            const job = await g.domain.jobs.claimNext(provider.principal, { mode: 'run' });
            if (job) await finish(provider, job.id);
          }
        }),
      );
    await perProvider(Math.floor(made * 0.2), (p, id) => g.domain.jobs.complete(p.principal, id, { result: 'ok', gpu_seconds_used: 30 }));
    await perProvider(Math.floor(made * 0.05), (p, id) => g.domain.jobs.fail(p.principal, id, { error: 'benchmark failure' }));
    // Cancel the newest jobs that are still unclaimed.
    let cancelled = 0;
    for (const jobId of submitted.reverse()) {
      if (cancelled >= made * 0.05) break;
      const job = await g.domain.jobs.get(ADMIN, jobId);
      if (job.status !== 'queued' && job.status !== 'pending') continue;
      await g.domain.jobs.cancel(ADMIN, jobId);
      cancelled++;
    }
    await cloneJobs(g, Math.round(DASHBOARD_JOBS / made) - 1);
    // What autovacuum does within a minute of a bulk load: statistics, and the visibility map that lets the
    // dashboard count from indexes alone. Without it the run measures the seconds after a 9,000-row insert
    // (every count reading the heap), not a table that has settled.
    await g.store.db.execute(sql`vacuum (analyze) jobs, providers, renters`);
    return {
      request: { method: 'GET', path: '/api/admin/dashboard', headers: { 'x-admin-token': g.adminToken } },
      seeded: `${made * Math.round(DASHBOARD_JOBS / made)} jobs (20 % completed, 5 % failed, 5 % cancelled), 10 renters, 20 providers`,
    };
  },

  /** A fleet of 200 daemons, each heartbeating in turn (round-robin over the connections). */
  async 'heartbeat-fleet'(g) {
    const keys = (await inBatches(FLEET_PROVIDERS, 10, (i) => onlineProvider(g, i))).map((p) => p.key);
    return {
      request: { method: 'POST', path: '/api/providers/heartbeat', headers: { 'content-type': 'application/json' }, variants: keys.map((k) => ({ body: heartbeatBody(k) })) },
      seeded: `${FLEET_PROVIDERS} approved providers, round-robin`,
    };
  },

  /** One daemon's heartbeat on every connection: every request waits for the provider row's lock. */
  async 'heartbeat-one'(g) {
    const { key } = await onlineProvider(g, 0);
    return {
      request: { method: 'POST', path: '/api/providers/heartbeat', headers: { 'content-type': 'application/json' }, body: heartbeatBody(key) },
      seeded: '1 approved provider on every connection',
    };
  },

  /** 50 renters submitting side by side with 50 providers online, so submits route (and most queue behind a busy provider). */
  async 'submit-fleet'(g) {
    const renters = await inBatches(SUBMIT_FLEET, 10, (i) => renterWithCredit(g, i));
    await inBatches(SUBMIT_FLEET, 10, (i) => onlineProvider(g, i));
    return {
      request: {
        method: 'POST',
        path: '/api/jobs/submit',
        headers: { 'content-type': 'application/json' },
        variants: renters.map((r) => ({ body: JSON.stringify(SDK_JOB), headers: { 'x-renter-key': r.key } })),
      },
      seeded: `${SUBMIT_FLEET} renters with ${RENTER_CREDIT_HALALA} halala each, ${SUBMIT_FLEET} online providers`,
    };
  },

  /** The load balancer's probe: public, two counts from the store. */
  async health() {
    return { request: { method: 'GET', path: '/api/health', headers: {} }, seeded: 'empty store' };
  },

  /** A renter's job list over GraphQL, each job with its provider and renter (loaded in batches by the data loaders). */
  async 'graphql-jobs'(g) {
    const renter = await renterWithCredit(g, 0);
    await inBatches(10, 10, (i) => onlineProvider(g, i));
    const principal = (await g.domain.principal(renter.key))!;
    // 10 go to idle providers, the other 30 queue behind them: every job has a provider.
    for (let i = 0; i < 40; i++) await g.domain.jobs.submit(principal, SDK_JOB);
    return {
      request: {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', 'x-renter-key': renter.key },
        body: JSON.stringify({ query: GRAPHQL_JOBS_QUERY, operationName: 'BenchJobs' }),
      },
      seeded: '1 renter, 40 jobs on 10 providers, a page of 20',
    };
  },

  /**
   * Non-stream chat completions to one provider serving a fake OpenAI-compatible endpoint
   * (BENCH_V1_PROVIDER_URL); one renter per connection, since a renter's balance row serialises its own requests.
   */
  async v1(g) {
    const providerUrl = process.env.BENCH_V1_PROVIDER_URL;
    if (!providerUrl) throw new Error('the v1 scenario needs BENCH_V1_PROVIDER_URL (the fake provider)');
    const renters = await inBatches(Number(process.env.BENCH_CONNECTIONS ?? 50), 10, (i) => renterWithCredit(g, i));
    await onlineProvider(g, 0, { vllm_endpoint_url: providerUrl, cached_models: [V1_MODEL] });
    return {
      request: {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: V1_MODEL, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 }),
        variants: renters.map((r) => ({ headers: { authorization: `Bearer ${r.key}` } })),
      },
      seeded: `${renters.length} renters, 1 provider serving ${V1_MODEL}`,
    };
  },
};

/**
 * Adds `copies` copies of every job row (new ids and job ids, everything else as it is), whatever columns the
 * jobs table has: through a temporary table, so no column list here goes stale when the schema grows.
 */
async function cloneJobs(g: Gateway, copies: number): Promise<void> {
  if (copies < 1) return;
  await g.store.db.transaction(async (tx) => {
    await tx.execute(sql`create temporary table job_clones on commit drop as select jobs.* from jobs cross join generate_series(1, ${copies}::int)`);
    await tx.execute(sql`update job_clones set id = nextval(pg_get_serial_sequence('jobs', 'id'))`);
    await tx.execute(sql`update job_clones set job_id = 'job-copy-' || id, workspace_volume_name = 'dcp-job-copy-' || id`);
    await tx.execute(sql`insert into jobs select * from job_clones`);
  });
}

async function main(): Promise<void> {
  const scenario = process.argv[2] as ScenarioName;
  if (!ALL_SCENARIOS.includes(scenario)) throw new Error(`usage: rest-server.ts <${ALL_SCENARIOS.join('|')}>`);
  if (!process.send) throw new Error('rest-server.ts runs as a child of rest-bench.ts (it needs an IPC channel)');
  // Production profile, without the rate limits (the floor has none). Trusted documents are off so the bench's
  // own GraphQL document needs no manifest entry: a persisted id costs one Map lookup more, no SQL.
  const config = loadConfig({ ...process.env, DCP_RATE_LIMITS: 'off', DCP_GRAPHQL_TRUSTED_DOCUMENTS: 'off', PORT: '0', HOST: '127.0.0.1' });
  const gateway = await createGateway(config);
  const listening = await createServer(gateway).listen(0, '127.0.0.1');
  const requests = requestCounter(listening.server);
  const { request, seeded } = await SEEDS[scenario](gateway);
  const session = new Session();
  const send = (m: ChildMessage) => process.send!(m);
  process.on('message', async (m: ParentMessage) => {
    switch (m.type) {
      case 'counters': {
        // /v1 settles after the answer has left: count the settlements of the requests served so far.
        await gateway.domain.inference.drain();
        const cpu = process.cpuUsage();
        return send({ type: 'counters', statements: gateway.store.statements.count, cpuUs: cpu.user + cpu.system, ...requests });
      }
      case 'profile-start':
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        return;
      case 'profile-stop': {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(m.path, JSON.stringify(profile));
        session.disconnect();
        return send({ type: 'profiled', path: m.path });
      }
      case 'stop':
        await listening.close();
        send({ type: 'stopped' });
        process.disconnect();
    }
  });
  send({ type: 'ready', url: listening.url, request, seeded });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
