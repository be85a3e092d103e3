/**
 * The gateway side of the REST benchmarks, run as a child process of bench/helpers/rest-bench.ts so the
 * load generator does not share its event loop. Starts a gateway and the real HTTP server from the
 * environment (rate limits off), seeds one scenario through the domain, then talks to the parent over IPC:
 *
 *   -> { type: 'ready', url, requests, seeded }     once listening and seeded
 *   <- { type: 'counters' }                          -> { type: 'counters', statements, cpuUs }
 *   <- { type: 'profile-start' } / { type: 'profile-stop', path }  (V8 CPU profile of the load only)
 *   <- { type: 'stop' }                              closes the server and the gateway, then exits
 *
 * Usage (normally spawned): node --import tsx bench/helpers/rest-server.ts <scenario>
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { ADMIN } from '../../src/domain/auth.js';
import type { Gateway } from '../../src/gateway.js';
import { loadConfig } from '../../src/config.js';
import { createGateway } from '../../src/gateway.js';
import { createServer } from '../../src/server.js';
import { SCENARIOS, type BenchRequest, type ChildMessage, type ParentMessage, type ScenarioName } from './rest-protocol.js';

const GPU = 'NVIDIA GeForce RTX 4090';
const SDK_JOB = { job_type: 'llm_inference', duration_minutes: 1, priority: 2, params: { prompt: 'hello', model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' } };
/** Well above what a minute of submits at the target rate holds (adjustments are capped at 1e8 each). */
const RENTER_CREDIT_HALALA = 100_000_000;
const DASHBOARD_JOBS = Number(process.env.BENCH_DASHBOARD_JOBS ?? 10_000);
const HEARTBEAT_PROVIDERS = 50;
const SUBMIT_RENTERS = Number(process.env.BENCH_RENTERS ?? 1);

/** The daemon's ~36-key heartbeat (client-compat §4.4), as test/rest/daemon-replay.test.ts sends it. */
function heartbeatBody(apiKey: string): string {
  const gpu = {
    gpu_name: GPU, gpu_vram_mib: 24_564, vram_mb: 24_564, free_vram_mib: 23_000, memory_used_mb: 1564, gpu_util_pct: 3,
    temp_c: 41, power_w: 35.5, driver_version: '550.54.15', daemon_version: '4.3.0', python_version: '3.11.7',
    os_info: 'Ubuntu 22.04', all_gpus: [{ index: 0, name: GPU, vram_mib: 24_564 }], gpu_count: 1, compute_capability: '8.9',
    cuda_version: '12.4', provider_tier: 'B', model_cache_used_mb: 12_000, model_cache_total_mb: 100_000,
  };
  return JSON.stringify({
    api_key: apiKey, peer_id: '12D3KooWDaemonPeer', gpu_status: gpu,
    gpu_info: { gpu_name: GPU, vram_mb: 24_564, driver_version: '550.54.15', compute_capability: '8.9', cuda_version: '12.4' },
    provider_ip: null, provider_hostname: 'gpu-host-7', resource_spec: { cpu_count: 16, ram_gb: 64, disk_gb: 500 },
    model_cache: { used_mb: 12_000, total_mb: 100_000, used_pct: 12 }, vllm_models: [], served_model: null, engine: 'none',
    wg_health: { present: false }, gpu_slots: 1, draining: false, accepting_jobs: true,
    cached_models: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'], cached_models_raw: ['models--TinyLlama--TinyLlama-1.1B-Chat-v1.0'],
    engines_active: [], concurrency_max: 1, concurrency_active: 0, concurrency_source: 'probe', architecture: 'x86_64',
    architecture_family: 'ada', model_details_by_model: {}, effective_context_tokens: 4096, turboquant_enabled: false,
    cpu_offload_detected: false, code_hash: 'b3f1c0de', pod_hourly_cost_usd: null, account_runway_hours: null,
    port_mismatch: false, port_mismatch_remedy: null, bandwidth: { down_mbps: 940, up_mbps: 410 },
    network_quality: { latency_ms: 18, jitter_ms: 2 },
  });
}

async function renterWithCredit(g: Gateway, n: number) {
  const { renter, apiKey } = await g.domain.renters.register({ name: `Bench Renter ${n}`, email: `bench-renter-${n}@example.com` });
  await g.domain.renters.adjustBalance(ADMIN, renter.id, { amount_halala: RENTER_CREDIT_HALALA, reason: 'benchmark credit' });
  return { id: renter.id, key: apiKey };
}

/** A registered, approved provider that has heartbeated once (so it is online). */
async function onlineProvider(g: Gateway, n: number) {
  const { provider, apiKey } = await g.domain.providers.register({ name: `Bench Provider ${n}`, email: `bench-provider-${n}@example.com`, gpu_model: GPU, os: 'linux' });
  if (provider.approvalStatus !== 'approved') await g.domain.providers.approve(ADMIN, provider.id);
  const principal = await g.domain.principal(apiKey);
  if (!principal) throw new Error('seeded provider key does not resolve');
  await g.domain.providers.heartbeat(principal, JSON.parse(heartbeatBody(apiKey)));
  return { id: provider.id, key: apiKey, principal };
}

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
   * the rest queued or pending, so every figure of the dashboard has rows behind it.
   */
  async dashboard(g) {
    const renters = await Promise.all(Array.from({ length: 10 }, (_, i) => renterWithCredit(g, i)));
    const principals = await Promise.all(renters.map((r) => g.domain.principal(r.key)));
    const providers = [];
    for (let i = 0; i < 20; i++) providers.push(await onlineProvider(g, i));
    const submitted: string[] = [];
    // One submit per renter at a time: each renter's balance row serialises its own submits anyway.
    for (let round = 0; round < DASHBOARD_JOBS / renters.length; round++) {
      const jobs = await Promise.all(principals.map((p) => g.domain.jobs.submit(p!, SDK_JOB)));
      submitted.push(...jobs.map((j) => j.job.jobId));
    }
    const finished = Math.floor(DASHBOARD_JOBS * 0.2);
    for (let i = 0; i < finished; i++) {
      const provider = providers[i % providers.length];
      const job = await g.domain.jobs.claimNext(provider.principal, { mode: 'run' });
      if (job) await g.domain.jobs.complete(provider.principal, job.id, { result: 'ok', gpu_seconds_used: 30 });
    }
    for (let i = 0; i < DASHBOARD_JOBS * 0.05; i++) {
      const provider = providers[i % providers.length];
      const job = await g.domain.jobs.claimNext(provider.principal, { mode: 'run' });
      if (job) await g.domain.jobs.fail(provider.principal, job.id, { error: 'benchmark failure' });
    }
    // Cancel the newest jobs that are still unclaimed.
    let cancelled = 0;
    for (const jobId of submitted.reverse()) {
      if (cancelled >= DASHBOARD_JOBS * 0.05) break;
      const job = await g.domain.jobs.get(ADMIN, jobId);
      if (job.status !== 'queued' && job.status !== 'pending') continue;
      await g.domain.jobs.cancel(ADMIN, jobId);
      cancelled++;
    }
    return {
      request: { method: 'GET', path: '/api/admin/dashboard', headers: { 'x-admin-token': g.adminToken } },
      seeded: `${DASHBOARD_JOBS} jobs (20 % completed, 5 % failed, 5 % cancelled), 10 renters, 20 providers`,
    };
  },
};

async function main(): Promise<void> {
  const scenario = process.argv[2] as ScenarioName;
  if (!SCENARIOS.includes(scenario)) throw new Error(`usage: rest-server.ts <${SCENARIOS.join('|')}>`);
  if (!process.send) throw new Error('rest-server.ts runs as a child of rest-bench.ts (it needs an IPC channel)');
  const config = loadConfig({ ...process.env, DCP_RATE_LIMITS: 'off', PORT: '0', HOST: '127.0.0.1' });
  const gateway = await createGateway(config);
  const listening = await createServer(gateway).listen(0, '127.0.0.1');
  const { request, seeded } = await SEEDS[scenario](gateway);
  const session = new Session();
  const send = (m: ChildMessage) => process.send!(m);
  process.on('message', async (m: ParentMessage) => {
    switch (m.type) {
      case 'counters': {
        const cpu = process.cpuUsage();
        return send({ type: 'counters', statements: gateway.store.statements.count, cpuUs: cpu.user + cpu.system });
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
