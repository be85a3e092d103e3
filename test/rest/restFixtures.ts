import { expect } from 'vitest';
import type { TestGateway } from '../helpers/index.js';

/** Shared setup steps of the REST suites: accounts made through the public routes, as a client would. */

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface Account {
  id: number;
  apiKey: string;
}

export async function registerRenter(t: TestGateway, body: Record<string, unknown> = {}): Promise<Account> {
  const res = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Fatima Al-Saud', email: `renter-${unique()}@example.sa`, ...body } });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.renter_id, apiKey: res.body.api_key };
}

export async function registerProvider(t: TestGateway, body: Record<string, unknown> = {}): Promise<Account> {
  const res = await t.fetchJson('/api/providers/register', {
    method: 'POST',
    json: { name: 'GPU Host', email: `provider-${unique()}@example.sa`, gpu_model: 'RTX 4090', os: 'Linux', ...body },
  });
  expect(res.status, res.text).toBe(200);
  return { id: res.body.provider_id, apiKey: res.body.api_key };
}

/** A heartbeat shaped like the daemon v4.3.0's. */
export function daemonHeartbeat(apiKey: string, extra: Record<string, unknown> = {}) {
  return {
    api_key: apiKey,
    peer_id: null,
    gpu_status: {
      gpu_name: 'NVIDIA GeForce RTX 4090',
      gpu_vram_mib: 24564,
      vram_mb: 24564,
      free_vram_mib: 23000,
      memory_used_mb: 1564,
      gpu_util_pct: 12,
      temp_c: 48,
      power_w: 120,
      driver_version: '550.54',
      daemon_version: '4.3.0',
      python_version: '3.11.2',
      os_info: 'Ubuntu 22.04',
      all_gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4090' }],
      gpu_count: 1,
      compute_capability: '8.9',
      cuda_version: '12.4',
      provider_tier: 'A',
      model_cache_used_mb: 1000,
    },
    gpu_info: { gpu_name: 'NVIDIA GeForce RTX 4090', vram_mb: 24564, driver_version: '550.54', compute_capability: '8.9', cuda_version: '12.4' },
    provider_ip: null,
    provider_hostname: 'gpu-host-1',
    resource_spec: { inference: true },
    model_cache: { used_mb: 1000, total_mb: 50000, used_pct: 2 },
    vllm_models: [],
    served_model: null,
    engine: 'none',
    wg_health: { present: false },
    gpu_slots: 1,
    draining: false,
    accepting_jobs: true,
    cached_models: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
    cached_models_raw: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
    engines_active: [],
    concurrency_limit: 1,
    concurrency_in_use: 0,
    architecture: 'x86_64',
    architecture_family: 'ada',
    model_details_by_model: {},
    effective_context_tokens: 4096,
    turboquant_enabled: false,
    cpu_offload_detected: false,
    code_hash: 'abc123',
    pod_hourly_cost_usd: null,
    account_runway_hours: null,
    port_mismatch: false,
    port_mismatch_remedy: null,
    ...extra,
  };
}

/** A registered (auto-approved in tests), heartbeating provider. */
export async function onlineProvider(t: TestGateway, body: Record<string, unknown> = {}): Promise<Account> {
  const provider = await registerProvider(t, body);
  const hb = await t.fetchJson('/api/providers/heartbeat', { method: 'POST', json: daemonHeartbeat(provider.apiKey) });
  expect(hb.status, hb.text).toBe(200);
  return provider;
}

export const admin = (t: TestGateway) => ({ 'x-admin-token': t.adminToken });
export const renterHeaders = (a: Account) => ({ 'x-renter-key': a.apiKey });
