/**
 * Runs one REST scenario: a gateway in a child process (bench/helpers/rest-server.ts, seeded through the
 * domain), autocannon against it (warm-up, then the measured run), and statement counts from the store.
 *
 * Environment:
 *   DATABASE_URL          Postgres server to use; a fresh database is created on it and dropped afterwards.
 *                         Unset: embedded PGlite in a fresh temporary data directory.
 *   BENCH_PGLITE_MEMORY=1 PGlite in memory instead (no file system under the database)
 *   BENCH_SECONDS         measured run length (default 10)
 *   BENCH_WARMUP_SECONDS  unmeasured run before it: JIT, pool, plans (default 3)
 *   BENCH_CONNECTIONS     concurrent connections (default 50)
 *   BENCH_CPU_PROFILE     directory: write a V8 CPU profile of the gateway during the measured run
 *   BENCH_RENTERS         submit scenario: renters submitting side by side (default 1, as the original's figure)
 *   LOG_LEVEL             the gateway's log level (default: the gateway's own default, info)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freshDatabase } from '../../test/helpers/database.js';
import { counters, nextMessage } from './child.js';
import type { BenchRequest, ChildMessage, ParentMessage, ScenarioName } from './rest-protocol.js';

export interface ScenarioResult {
  scenario: ScenarioName;
  store: 'pglite' | 'postgres';
  seeded: string;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  statementsPerRequest: number;
  /** CPU time the gateway process spent per request (its event loop and the embedded database, if any). */
  gatewayCpuMsPerRequest: number;
  /** The machine's 1-minute load average when the measured run started (other work competes for the CPU). */
  loadAverage: number;
  profile?: string;
}

const SERVER = fileURLToPath(new URL('./rest-server.ts', import.meta.url));

const next = <T extends ChildMessage['type']>(child: ChildProcess, type: T) => nextMessage<ChildMessage, T>(child, type);

/** autocannon over `connections` for `seconds`, cycling through the request's variants. */
export function load(url: string, request: BenchRequest, connections: number, seconds: number): Promise<autocannon.Result> {
  let n = 0;
  const variants = request.variants;
  return autocannon({
    url: `${url}${request.path}`,
    connections,
    duration: seconds,
    method: request.method,
    headers: request.headers,
    body: request.body,
    // The next variant per request when the scenario has several (one per provider for heartbeats).
    requests: [
      {
        setupRequest: (req) => {
          if (!variants) return req;
          const v = variants[n++ % variants.length];
          return { ...req, body: v.body ?? req.body, headers: { ...req.headers, ...v.headers } };
        },
      },
    ],
  });
}

export async function runRestScenario(scenario: ScenarioName): Promise<ScenarioResult> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const database = await freshDatabase();
  const inMemory = process.env.BENCH_PGLITE_MEMORY === '1';
  const dataDir = database.databaseUrl || inMemory ? undefined : mkdtempSync(join(tmpdir(), 'dcp-bench-'));
  const env = { ...process.env, DATABASE_URL: database.databaseUrl ?? '', DCP_DATA_DIR: inMemory ? 'memory://' : (dataDir ?? '') };
  const child = fork(SERVER, [scenario], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await next(child, 'ready');
    if (warmup > 0) await load(ready.url, ready.request, connections, warmup);
    const before = await counters(child);
    const loadAverage = loadavg()[0];
    if (profileDir) child.send({ type: 'profile-start' } satisfies ParentMessage);
    const result = await load(ready.url, ready.request, connections, seconds);
    let profile: string | undefined;
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      const profiled = next(child, 'profiled');
      child.send({ type: 'profile-stop', path: join(profileDir, `rest-${scenario}-${database.databaseUrl ? 'postgres' : 'pglite'}.cpuprofile`) } satisfies ParentMessage);
      profile = (await profiled).path;
    }
    const after = await counters(child);
    const completed = result.requests.total;
    const perRequest = (n: number) => (completed ? Math.round((n / completed) * 100) / 100 : 0);
    return {
      scenario,
      store: database.databaseUrl ? 'postgres' : 'pglite',
      seeded: ready.seeded,
      connections,
      seconds,
      requestsPerSecond: Math.round(completed / seconds),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
      timeouts: result.timeouts,
      statementsPerRequest: perRequest(after.statements - before.statements),
      gatewayCpuMsPerRequest: perRequest((after.cpuUs - before.cpuUs) / 1000),
      loadAverage: Math.round(loadAverage * 10) / 10,
      profile,
    };
  } finally {
    // autocannon abandons the requests still in flight at the deadline; let the gateway finish them
    // before its store closes, or they end in (harmless, noisy) connection errors.
    await new Promise((r) => setTimeout(r, 1000));
    const stopped = next(child, 'stopped').catch(() => undefined);
    if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await database.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatResult(r: ScenarioResult): string {
  return [
    `${r.scenario} (${r.store}, ${r.connections} connections, ${r.seconds} s; ${r.seeded})`,
    `  requests/s ${r.requestsPerSecond}   p50 ${r.p50Ms} ms   p99 ${r.p99Ms} ms`,
    `  errors ${r.errors}   non-2xx ${r.non2xx}   timeouts ${r.timeouts}`,
    `  per request: ${r.statementsPerRequest} SQL statements, ${r.gatewayCpuMsPerRequest} ms gateway CPU   (load average ${r.loadAverage} at start)`,
    ...(r.profile ? [`  CPU profile ${r.profile}`] : []),
  ].join('\n');
}

/** The body of a scenario script: run it, print the result, exit non-zero on failure. */
export function main(scenario: ScenarioName): void {
  runRestScenario(scenario).then(
    (r) => console.log(formatResult(r)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
