import { expect } from 'vitest';
import { startTestGateway, type JsonResponse, type TestGateway } from '../helpers/index.js';

/**
 * Shared setup of the REST job suites: a gateway on a clock the test moves, and renters and providers
 * made through the public REST routes, as real clients make them.
 */

export const H100 = 'NVIDIA H100 80GB HBM3';
export const RTX4090 = 'NVIDIA GeForce RTX 4090';

/** A clock tests step forward instead of sleeping. */
export class TestClock {
  constructor(public current = new Date('2026-11-27T10:00:00.000Z')) {}
  now = () => new Date(this.current);
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export interface JobsHarness {
  t: TestGateway;
  clock: TestClock;
  /** `fetchJson` against `/api` + path. */
  api<T = any>(path: string, init?: RequestInit & { json?: unknown }): Promise<JsonResponse<T>>;
  renter(): Promise<{ id: number; key: string }>;
  provider(opts?: { gpu?: string; vramMib?: number }): Promise<{ id: number; key: string }>;
  /** Submits as `key` and expects 201; returns the submitted job. */
  submit(key: string, body?: Record<string, unknown>): Promise<any>;
  /** A submitted job claimed by its provider through the daemon's poll (status running). */
  runningJob(renterKey: string, providerKey: string, body?: Record<string, unknown>): Promise<any>;
  balance(key: string): Promise<number>;
  close(): Promise<void>;
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export const llmJob = (extra: Record<string, unknown> = {}) => ({
  job_type: 'llm_inference',
  duration_minutes: 10,
  params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'Summarize DCP in three bullets' },
  ...extra,
});

export async function startJobsHarness(): Promise<JobsHarness> {
  const clock = new TestClock();
  const t = await startTestGateway({ now: clock.now });
  const api = <T = any>(path: string, init?: RequestInit & { json?: unknown }) => t.fetchJson<T>(`/api${path}`, init);

  const h: JobsHarness = {
    t,
    clock,
    api,
    async renter() {
      const res = await api('/renters/register', { method: 'POST', json: { name: `Renter ${unique()}`, email: `r${unique()}@example.sa` } });
      expect(res.status, res.text).toBe(201);
      return { id: res.body.renter_id, key: res.body.api_key };
    },
    async provider(opts = {}) {
      const gpu = opts.gpu ?? H100;
      const res = await api('/providers/register', {
        method: 'POST',
        json: { name: `Provider ${unique()}`, email: `p${unique()}@example.sa`, gpu_model: gpu, os: 'linux' },
      });
      expect(res.status, res.text).toBe(200);
      const key = res.body.api_key as string;
      const hb = await api('/providers/heartbeat', {
        method: 'POST',
        json: { api_key: key, gpu_status: { gpu_name: gpu, gpu_vram_mib: opts.vramMib ?? 81_559, daemon_version: '4.3.0' } },
      });
      expect(hb.status, hb.text).toBe(200);
      return { id: res.body.provider_id, key };
    },
    async submit(key, body = llmJob()) {
      const res = await api('/jobs/submit', { method: 'POST', headers: { 'x-renter-key': key }, json: body });
      expect(res.status, res.text).toBe(201);
      return res.body.job;
    },
    async runningJob(renterKey, providerKey, body) {
      const job = await h.submit(renterKey, body);
      const claim = await api('/providers/jobs/next', { headers: { authorization: `Bearer ${providerKey}` } });
      expect(claim.status, claim.text).toBe(200);
      expect(claim.body.job?.job_id).toBe(job.job_id);
      return claim.body.job;
    },
    async balance(key) {
      const res = await api('/renters/balance', { headers: { 'x-renter-key': key } });
      expect(res.status, res.text).toBe(200);
      return res.body.balance_halala;
    },
    close: () => t.close(),
  };
  return h;
}

/** Every cached balance equals the ledger, and money is conserved: see test/helpers/money.ts. */
export { expectMoneyConsistent } from '../helpers/money.js';
