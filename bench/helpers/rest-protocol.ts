/** What bench/helpers/rest-bench.ts (the load side) and rest-server.ts (the gateway process) share. */

export const SCENARIOS = ['heartbeat', 'submit', 'job', 'dashboard'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** One request shape the load generator sends; `variants` (body, extra headers) are cycled through, one per request. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  variants?: Array<{ body?: string; headers?: Record<string, string> }>;
}

export type ParentMessage = { type: 'counters' } | { type: 'profile-start' } | { type: 'profile-stop'; path: string } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; url: string; request: BenchRequest; seeded: string }
  /** SQL statements sent and CPU time used (user + system, µs) by the gateway process so far. */
  | { type: 'counters'; statements: number; cpuUs: number }
  | { type: 'profiled'; path: string }
  | { type: 'stopped' };
