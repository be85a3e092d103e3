/**
 * Seeding helpers the benchmark gateway process (bench/helpers/rest-server.ts) uses: accounts made through the
 * domain, as a client would make them, so every row is one the gateway itself could have written.
 */
import { ADMIN } from '../../src/domain/auth.js';
import type { Gateway } from '../../src/gateway.js';

export const GPU = 'NVIDIA GeForce RTX 4090';
export const SDK_JOB = { job_type: 'llm_inference', duration_minutes: 1, priority: 2, params: { prompt: 'hello', model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' } };
/** Well above what a minute of submits at the target rate holds (adjustments are capped at 1e8 each). */
export const RENTER_CREDIT_HALALA = 100_000_000;

/** The daemon's ~36-key heartbeat (client-compat §4.4), as test/rest/daemon-replay.test.ts sends it. */
export function heartbeatBody(apiKey: string, extra: Record<string, unknown> = {}): string {
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
    ...extra,
  });
}

export async function renterWithCredit(g: Gateway, n: number) {
  const { renter, apiKey } = await g.domain.renters.register({ name: `Bench Renter ${n}`, email: `bench-renter-${n}@example.com` });
  await g.domain.renters.adjustBalance(ADMIN, renter.id, { amount_halala: RENTER_CREDIT_HALALA, reason: 'benchmark credit' });
  return { id: renter.id, key: apiKey };
}

/** A registered, approved provider that has heartbeated once (so it is online); `extra` goes into that heartbeat. */
export async function onlineProvider(g: Gateway, n: number, extra: Record<string, unknown> = {}) {
  const { provider, apiKey } = await g.domain.providers.register({ name: `Bench Provider ${n}`, email: `bench-provider-${n}@example.com`, gpu_model: GPU, os: 'linux' });
  if (provider.approvalStatus !== 'approved') await g.domain.providers.approve(ADMIN, provider.id);
  const principal = await g.domain.principal(apiKey);
  if (!principal) throw new Error('seeded provider key does not resolve');
  await g.domain.providers.heartbeat(principal, JSON.parse(heartbeatBody(apiKey, extra)));
  return { id: provider.id, key: apiKey, principal };
}

/** `count` results of `make(i)`, at most `parallel` in flight (seeding 200 accounts one by one is slow on a busy machine). */
export async function inBatches<T>(count: number, parallel: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, j) => make(start + j));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}
