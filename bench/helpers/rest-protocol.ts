/** What bench/helpers/rest-bench.ts and bench/bench.ts (the load side) and rest-server.ts (the gateway process) share. */

/** The four REST scenarios of bench/rest.ts. */
export const SCENARIOS = ['heartbeat', 'submit', 'job', 'dashboard'] as const;
/** Further shapes `npm run bench` (bench/bench.ts) measures; see the seeds in rest-server.ts. */
export const HARNESS_SCENARIOS = ['heartbeat-fleet', 'heartbeat-one', 'submit-fleet', 'health', 'graphql-jobs', 'v1'] as const;
export type ScenarioName = (typeof SCENARIOS)[number] | (typeof HARNESS_SCENARIOS)[number];
export const ALL_SCENARIOS: readonly ScenarioName[] = [...SCENARIOS, ...HARNESS_SCENARIOS];

/** One request shape the load generator sends; `variants` (body, extra headers) are cycled through, one per request. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  variants?: Array<{ body?: string; headers?: Record<string, string> }>;
}

export type ParentMessage = { type: 'counters' } | { type: 'profile-start' } | { type: 'profile-stop'; path: string } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; url: string; request: BenchRequest; seeded: string }
  /** SQL statements sent, CPU time used (user + system, µs) and requests served by the gateway process so far. */
  | { type: 'counters'; statements: number; cpuUs: number; served: number; inFlight: number }
  | { type: 'profiled'; path: string }
  | { type: 'stopped' };
