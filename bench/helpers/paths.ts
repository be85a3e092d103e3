/**
 * The paths `npm run bench` measures (issue #8): which gateway scenario (bench/helpers/rest-server.ts) each
 * runs, which floor it is compared with, and its target.
 */
import type { ScenarioName } from './rest-protocol.js';

export type Target =
  /** Gateway req/s at least `min` × the floor's, paired round by round. */
  | { kind: 'ratio'; min: number }
  /** Gateway req/s at least `min`. */
  | { kind: 'rps'; min: number }
  /** /v1: p50 of one client added over calling the provider directly at most `maxAddedP50Ms`; throughput at least `minRatio` × direct. */
  | { kind: 'v1'; maxAddedP50Ms: number; minRatio: number }
  /** PGlite: no request slower than `maxMs`. */
  | { kind: 'max-latency'; maxMs: number };

export interface BenchPath {
  name: string;
  label: string;
  scenario: ScenarioName;
  /** `sql`: bench/floor/server.ts on the same database; `fake`: the fake provider called directly. */
  floor?: 'sql' | 'fake';
  target: Target;
  /** Extra gateway settings the path needs (documented in bench/README.md). */
  gatewayEnv?: Record<string, string>;
}

export const POSTGRES_PATHS: BenchPath[] = [
  { name: 'heartbeat-fleet', label: 'POST /api/providers/heartbeat, 200 providers round-robin', scenario: 'heartbeat-fleet', floor: 'sql', target: { kind: 'ratio', min: 0.8 } },
  { name: 'heartbeat-one', label: 'POST /api/providers/heartbeat, one provider hammered', scenario: 'heartbeat-one', floor: 'sql', target: { kind: 'ratio', min: 0.8 } },
  { name: 'submit', label: 'POST /api/jobs/submit, 50 renters, 50 providers', scenario: 'submit-fleet', floor: 'sql', target: { kind: 'rps', min: 1000 } },
  { name: 'job', label: 'GET /api/jobs/{id}', scenario: 'job', target: { kind: 'rps', min: 3000 } },
  { name: 'dashboard', label: 'GET /api/admin/dashboard, 10k jobs', scenario: 'dashboard', target: { kind: 'rps', min: 3000 } },
  { name: 'health', label: 'GET /api/health', scenario: 'health', target: { kind: 'rps', min: 5000 } },
  { name: 'graphql', label: 'GraphQL jobs(first: 20) { provider renter }', scenario: 'graphql-jobs', target: { kind: 'rps', min: 1500 } },
  {
    name: 'v1',
    label: 'POST /v1/chat/completions (non-stream)',
    scenario: 'v1',
    floor: 'fake',
    target: { kind: 'v1', maxAddedP50Ms: 1, minRatio: 0.5 },
    // The fake provider listens on loopback, which production refuses as an endpoint; 50 connections share one provider.
    gatewayEnv: { DCP_ALLOW_PRIVATE_ENDPOINTS: 'true', DCP_PROVIDER_MAX_INFLIGHT: '1024' },
  },
];

/** `--pglite`: the embedded store must keep every request under 2 s at 50 connections. */
export const PGLITE_PATHS: BenchPath[] = [
  { name: 'heartbeat-fleet', label: 'POST /api/providers/heartbeat, 200 providers', scenario: 'heartbeat-fleet', target: { kind: 'max-latency', maxMs: 2000 } },
  { name: 'submit', label: 'POST /api/jobs/submit, 50 renters, 50 providers', scenario: 'submit-fleet', target: { kind: 'max-latency', maxMs: 2000 } },
  { name: 'job', label: 'GET /api/jobs/{id}', scenario: 'job', target: { kind: 'max-latency', maxMs: 2000 } },
];

export function describeTarget(t: Target): string {
  switch (t.kind) {
    case 'ratio':
      return `≥ ${t.min}× floor`;
    case 'rps':
      return `≥ ${t.min.toLocaleString('en-US')} req/s`;
    case 'v1':
      return `added p50 ≤ ${t.maxAddedP50Ms} ms, ≥ ${t.minRatio}× direct`;
    case 'max-latency':
      return `max ≤ ${t.maxMs} ms`;
  }
}
