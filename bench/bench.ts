/**
 * `npm run bench`: the gateway beside its floor, issue #8's paths and targets, one Markdown table.
 *
 * For each path: a fresh database on the Postgres server (created, migrated and seeded by the gateway process,
 * dropped after), the gateway in a child process with NODE_ENV=production (bench/helpers/rest-server.ts), the
 * path's floor in another (bench/floor/), a warm-up of each, then interleaved rounds of autocannon against one
 * and the other (odd rounds gateway first, even rounds floor first) so both see the same machine. The ratio is
 * taken round by round: on a shared 2-core machine the absolute figures drift, the ratio much less.
 *
 *   npm run bench                                  # every path, Postgres at DATABASE_URL or postgres://postgres@127.0.0.1:5432/test
 *   npm run bench -- heartbeat-fleet submit        # some paths (or BENCH_PATHS=heartbeat-fleet,submit)
 *   npm run bench -- --seconds 2 --rounds 1 job    # round length and count (BENCH_ROUND_SECONDS, BENCH_ROUNDS)
 *   npm run bench -- --record                      # also append the table to bench/RESULTS.md
 *   npm run bench -- --pglite                      # the PGlite check instead: max latency at 50 connections
 *
 * Options: --seconds N (4), --rounds N (3), --warmup N (2, per side), --connections N (50), --record, --pglite.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { freshDatabase } from '../test/helpers/database.js';
import { DurableWorkCheck } from './floor/verify.js';
import { forkServer, nextMessage, quietCounters, stopServer } from './helpers/child.js';
import { runLoad } from './helpers/load.js';
import { PGLITE_PATHS, POSTGRES_PATHS, type BenchPath } from './helpers/paths.js';
import { PostgresCpu } from './helpers/pg-cpu.js';
import { judge, pgliteTable, postgresTable, record, type PathResult, type Run } from './helpers/report.js';
import { load } from './helpers/rest-bench.js';
import type { BenchRequest, ChildMessage } from './helpers/rest-protocol.js';

const USAGE = `npm run bench -- [path ...] [--seconds N] [--rounds N] [--warmup N] [--connections N] [--record] [--pglite]

  paths (Postgres): ${POSTGRES_PATHS.map((p) => p.name).join(', ')}
  paths (--pglite): ${PGLITE_PATHS.map((p) => p.name).join(', ')}
  --seconds N      length of one measured run per side (BENCH_ROUND_SECONDS, default 4)
  --rounds N       interleaved rounds of gateway and floor (BENCH_ROUNDS, default 3)
  --warmup N       unmeasured seconds per side before the rounds (BENCH_WARMUP_SECONDS, default 2)
  --connections N  concurrent connections (BENCH_CONNECTIONS, default 50)
  --paths a,b      the same as naming them (BENCH_PATHS)
  --record         append the table to bench/RESULTS.md
  --pglite         the PGlite check (max latency) instead of the Postgres run
  DATABASE_URL     the Postgres server (default postgres://postgres@127.0.0.1:5432/test); a database is created per path and dropped`;

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const GATEWAY = fileURLToPath(new URL('./helpers/rest-server.ts', import.meta.url));
const FLOOR = fileURLToPath(new URL('./floor/server.ts', import.meta.url));
const FAKE_PROVIDER = fileURLToPath(new URL('./floor/fake-provider.ts', import.meta.url));
/** Lets the last responses leave before the servers are stopped. */
const SETTLE_MS = 250;

interface Options {
  paths: BenchPath[];
  seconds: number;
  rounds: number;
  warmup: number;
  connections: number;
  record: boolean;
  pglite: boolean;
}

interface Server {
  name: 'gateway' | 'floor';
  url: string;
  child: ReturnType<typeof forkServer>;
}

function options(): Options {
  const env = process.env;
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: env.BENCH_ROUND_SECONDS ?? '4' },
      rounds: { type: 'string', default: env.BENCH_ROUNDS ?? '3' },
      warmup: { type: 'string', default: env.BENCH_WARMUP_SECONDS ?? '2' },
      connections: { type: 'string', default: env.BENCH_CONNECTIONS ?? '50' },
      paths: { type: 'string', default: env.BENCH_PATHS ?? '' },
      record: { type: 'boolean', default: false },
      pglite: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const known = values.pglite ? PGLITE_PATHS : POSTGRES_PATHS;
  const names = [...positionals, ...values.paths.split(',')].map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !known.some((p) => p.name === n));
  if (unknown.length) throw new Error(`unknown path(s): ${unknown.join(', ')} (known${values.pglite ? ' with --pglite' : ''}: ${known.map((p) => p.name).join(', ')})`);
  const number = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min} (got "${v}")`);
    return n;
  };
  return {
    paths: names.length ? known.filter((p) => names.includes(p.name)) : known,
    seconds: number('seconds', values.seconds, 1),
    rounds: Math.round(number('rounds', values.rounds, 1)),
    warmup: number('warmup', values.warmup, 0),
    connections: Math.round(number('connections', values.connections, 1)),
    record: values.record,
    pglite: values.pglite,
  };
}

async function start(name: Server['name'], script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const child = forkServer(script, args, env);
  const ready = await nextMessage<{ type: 'ready'; url: string }>(child, 'ready');
  return { name, url: ready.url, child };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One client sending `request` back to back: the latency without queueing (/v1's added-latency target). */
async function sequentialP50(url: string, request: BenchRequest, seconds: number): Promise<number> {
  let n = 0;
  const result = await runLoad({
    concurrency: 1,
    durationMs: seconds * 1000,
    request: () => {
      const v = request.variants?.[n++ % request.variants.length];
      return fetch(`${url}${request.path}`, { method: request.method, headers: { ...request.headers, ...v?.headers }, body: v?.body ?? request.body });
    },
  });
  return result.latencyMs.p50;
}

/**
 * One request before any load, whose answer must be a success: a path whose requests fail (a 401 from a bad
 * seed, a GraphQL error inside a 200) would otherwise be measured at the speed of its error.
 */
async function preflight(server: Server, request: BenchRequest): Promise<void> {
  const v = request.variants?.[0];
  const res = await fetch(`${server.url}${request.path}`, { method: request.method, headers: { ...request.headers, ...v?.headers }, body: v?.body ?? request.body });
  const text = await res.text();
  const graphqlErrors = request.path === '/graphql' && /"errors"\s*:/.test(text);
  if (!res.ok || graphqlErrors) throw new Error(`${server.name} answered ${request.method} ${request.path} with ${res.status}: ${text.slice(0, 500)}`);
}

/** One measured run of one side, with its process's CPU and statements and the database's CPU around it. */
async function measure(server: Server, request: BenchRequest, o: Options, pg: PostgresCpu | undefined, withSequential: boolean): Promise<Run> {
  const idle = () => pg?.idle() ?? Promise.resolve(true);
  const c0 = await quietCounters(server.child, idle);
  const p0 = pg?.visible ? await pg.sample() : undefined;
  const result = await load(server.url, request, o.connections, o.seconds);
  // The requests autocannon abandoned at its deadline still run on the server: their cost is counted, and so are they.
  const c1 = await quietCounters(server.child, idle);
  const p1 = p0 ? await pg!.sample() : undefined;
  const run: Run = {
    requests: result.requests.total,
    served: c1.served - c0.served,
    rps: result.requests.total / o.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    failures: result.errors + result.timeouts + result.non2xx,
    cpuMs: (c1.cpuUs - c0.cpuUs) / 1000,
    pgCpuMs: p0 && p1 ? pg!.cpuMsBetween(p0, p1) : undefined,
    statements: c1.statements - c0.statements,
  };
  if (withSequential) run.sequentialP50 = await sequentialP50(server.url, request, Math.max(1, o.seconds / 2));
  const seq = run.sequentialP50 === undefined ? '' : `, 1 client p50 ${run.sequentialP50} ms`;
  console.log(`    ${server.name.padEnd(7)} ${Math.round(run.rps)} req/s, p50 ${run.p50} / p99 ${run.p99} / max ${run.max} ms, ${run.failures} failed${seq}`);
  return run;
}

/** The gateway's database environment: a fresh Postgres database, or PGlite in a fresh data directory. */
async function storeFor(o: Options): Promise<{ env: NodeJS.ProcessEnv; databaseName?: string; cleanup: () => Promise<void> }> {
  if (o.pglite) {
    const dir = mkdtempSync(join(os.tmpdir(), 'dcp-bench-'));
    return { env: { DATABASE_URL: '', DCP_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await freshDatabase();
  return { env: { DATABASE_URL: database.databaseUrl! }, databaseName: new URL(database.databaseUrl!).pathname.slice(1), cleanup: () => database.drop() };
}

async function benchPath(path: BenchPath, o: Options): Promise<PathResult> {
  console.log(`\n${path.name}: ${path.label}`);
  const store = await storeFor(o);
  const servers: Server[] = [];
  let pg: PostgresCpu | undefined;
  try {
    const fake = path.floor === 'fake' ? await start('floor', FAKE_PROVIDER, [], process.env) : undefined;
    if (fake) servers.push(fake);
    const gatewayEnv = {
      ...process.env,
      ...store.env,
      NODE_ENV: 'production',
      // Seeded providers heartbeat once; long rounds must not see them go offline half-way.
      DCP_PROVIDER_OFFLINE_SECONDS: '86400',
      BENCH_CONNECTIONS: String(o.connections),
      ...(fake ? { BENCH_V1_PROVIDER_URL: fake.url } : {}),
      ...path.gatewayEnv,
    };
    const t0 = Date.now();
    const gatewayChild = forkServer(GATEWAY, [path.scenario], gatewayEnv);
    const ready = await nextMessage<ChildMessage, 'ready'>(gatewayChild, 'ready');
    const gateway: Server = { name: 'gateway', url: ready.url, child: gatewayChild };
    servers.push(gateway);
    console.log(`  seeded ${ready.seeded} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const floor = path.floor === 'sql' ? await start('floor', FLOOR, [], { ...process.env, ...store.env }) : fake;
    if (floor && floor !== fake) servers.push(floor);
    if (store.databaseName) pg = await PostgresCpu.open(process.env.DATABASE_URL!, store.databaseName);

    const sides = floor ? [gateway, floor] : [gateway];
    const check = path.floor === 'sql' ? await DurableWorkCheck.start(store.env.DATABASE_URL!, path.scenario.startsWith('heartbeat') ? 'heartbeat' : 'submit') : undefined;
    const idle = () => pg?.idle() ?? Promise.resolve(true);
    const servedBefore = await Promise.all(sides.map((side) => quietCounters(side.child, idle)));
    for (const side of sides) await preflight(side, ready.request);
    for (const side of sides) if (o.warmup > 0) await load(side.url, ready.request, o.connections, o.warmup);
    const loadAverage = os.loadavg()[0];
    const runs = new Map<Server, Run[]>(sides.map((s) => [s, []]));
    for (let round = 0; round < o.rounds; round++) {
      console.log(`  round ${round + 1}/${o.rounds}`);
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        runs.get(side)!.push(await measure(side, ready.request, o, pg, path.target.kind === 'v1'));
      }
    }
    const servedAfter = await Promise.all(sides.map((side) => quietCounters(side.child, idle)));
    const problems = (await check?.finish(servedAfter.reduce((n, c, i) => n + c.served - servedBefore[i].served, 0))) ?? [];
    for (const problem of problems) console.log(`  durable work check: ${problem}`);
    return judge(path, runs.get(gateway)!, floor ? runs.get(floor)! : [], loadAverage, problems);
  } finally {
    await pg?.close();
    await pause(SETTLE_MS);
    for (const server of servers.reverse()) await stopServer(server.child);
    await store.cleanup();
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) }).trim();
  } catch {
    return '';
  }
}

async function storeLine(o: Options): Promise<string> {
  if (o.pglite) return '- Store: PGlite (embedded, a fresh data directory on disk per path); gateway NODE_ENV=production, rate limits off';
  const url = new URL(process.env.DATABASE_URL!);
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    const [{ server_version: version }] = await sql`show server_version`;
    const [{ synchronous_commit: sync }] = await sql`show synchronous_commit`;
    const [{ fsync }] = await sql`show fsync`;
    return `- Store: PostgreSQL ${version} at ${url.host} (synchronous_commit ${sync}, fsync ${fsync}); gateway NODE_ENV=production, rate limits off; floor on the same database`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function header(o: Options, started: Date, loadAtStart: number[], store: string): string {
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) ? ' + uncommitted changes' : '';
  const cpus = os.cpus();
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  return [
    `### ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${o.pglite ? 'PGlite check' : 'Postgres'}`,
    '',
    `- Commit: ${commit || 'unknown'}${dirty}; Node ${process.version}; ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    store,
    o.pglite
      ? `- Load: autocannon, ${o.connections} connections; ${o.rounds} round(s) × ${o.seconds} s after ${o.warmup} s of warm-up`
      : `- Load: autocannon, ${o.connections} connections; ${o.rounds} round(s) × ${o.seconds} s per side, interleaved; ${o.warmup} s warm-up per side`,
    `- Load average (1 / 5 / 15 min): ${la(loadAtStart)} at start, ${la(os.loadavg())} at end; ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s in all`,
  ].join('\n');
}

async function main(): Promise<void> {
  const o = options();
  if (!o.pglite) process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
  const started = new Date();
  const loadAtStart = os.loadavg();
  const store = await storeLine(o);
  const results: PathResult[] = [];
  for (const path of o.paths) results.push(await benchPath(path, o));
  const block = `${header(o, started, loadAtStart, store)}\n\n${o.pglite ? pgliteTable(results) : postgresTable(results)}\n`;
  console.log(`\n${block}`);
  if (o.record) {
    record(block);
    console.log('appended to bench/RESULTS.md');
  }
  if (results.some((r) => !r.met)) console.log(`targets met: ${results.filter((r) => r.met).length} of ${results.length}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

