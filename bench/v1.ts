/**
 * /v1 overhead benchmark: non-stream chat completions sent straight to a fake provider, then the same
 * load through the gateway (auth, routing, reservation, dispatch, settlement). The gateway runs in a
 * child process (bench/v1-gateway.ts); the load generator and the fake provider share this one. Reports
 * the latency the gateway adds (sequential requests, p50/p99), throughput under concurrency, and the
 * gateway's CPU time and SQL statements per request, and records them in bench/RESULTS.md, section "/v1".
 *
 *   npx tsx bench/v1.ts                 # embedded PGlite
 *   DATABASE_URL=postgres://... npx tsx bench/v1.ts
 *   BENCH_SECONDS=5 BENCH_WARMUP_SECONDS=2 BENCH_CONCURRENCY=16 BENCH_RECORD=0 npx tsx bench/v1.ts
 *   BENCH_CPU_PROFILE=/tmp/v1-profile npx tsx bench/v1.ts   # V8 CPU profile of the gateway process
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from '../test/helpers/index.js';
import { FakeProvider } from '../test/v1/fake-provider.js';
import { runLoad } from './helpers/load.js';
import type { ChildMessage, ParentMessage } from './v1-gateway.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const MODEL = 'bench/echo-1b';
const RESULTS = new URL('./RESULTS.md', import.meta.url);
const GATEWAY = fileURLToPath(new URL('./v1-gateway.ts', import.meta.url));
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

interface Target {
  url: string;
  /** Credentials to rotate through, one per request (none for the provider itself). */
  keys: string[];
}

/** Sequential requests for latency (no queueing in the numbers), then concurrent ones for throughput. */
async function measure(target: Target, body: string) {
  let sent = 0;
  const request = () => {
    const key = target.keys[sent++ % Math.max(1, target.keys.length)];
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
    return fetch(target.url, { method: 'POST', headers, body });
  };
  const warmup = await runLoad({ concurrency: CONCURRENCY, durationMs: WARMUP_SECONDS * 1000, request }); // JIT, pools, query plans
  const sequential = await runLoad({ concurrency: 1, durationMs: SECONDS * 1000, request });
  const concurrent = await runLoad({ concurrency: CONCURRENCY, durationMs: SECONDS * 1000, request });
  if (sequential.errors || concurrent.errors) throw new Error(`errors under load: ${JSON.stringify({ sequential, concurrent })}`);
  return {
    p50: sequential.latencyMs.p50,
    p99: sequential.latencyMs.p99,
    rps: concurrent.requestsPerSecond,
    requests: warmup.requests + sequential.requests + concurrent.requests,
  };
}

const HEADER = `## /v1

Non-stream \`POST /v1/chat/completions\` (one user message, \`max_tokens\` 16) against a fake OpenAI-compatible provider on
loopback that answers at once; the same requests sent directly to the fake are the baseline. Latency: one client sending
requests back to back; throughput: concurrent clients in a closed loop (bench/helpers/load.ts), after a warm-up, with
requests spread over one renter per client. The gateway runs in its own process (bench/v1-gateway.ts); the load generator
and the fake provider share the other, so on a 2-core machine they, the gateway and (with Postgres) the database
compete for the CPU. "Gateway CPU per request" is the gateway process's user + system time over the requests it served,
settlements included: on a shared machine it is the least noisy figure. Run with \`npx tsx bench/v1.ts\` (PGlite) or
\`DATABASE_URL=postgres://... npx tsx bench/v1.ts\`; each run replaces the subsection of its store.
`;

/** Replaces this store's subsection of the "/v1" section in bench/RESULTS.md (creating either as needed). */
function record(store: string, subsection: string): void {
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  if (!text.includes('\n## /v1\n')) text = `${text.trimEnd()}\n\n${HEADER}`;
  const mine = new RegExp(`### ${store}\\n[\\s\\S]*?(?=\\n##|$)`);
  const sectionEnd = /\n## \/v1\n[\s\S]*?(?=\n## |$)/;
  // The match ends one newline short of the next heading: put it back so a blank line stays between them.
  text = mine.test(text)
    ? text.replace(mine, `${subsection.trimEnd()}\n`)
    : text.replace(sectionEnd, (section) => `${section.trimEnd()}\n\n${subsection.trimEnd()}`);
  writeFileSync(RESULTS, `${text.trimEnd()}\n`);
}

/** The next message of `type` from the gateway process. */
function next<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`gateway process exited (${code}) before sending ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function counters(child: ChildProcess) {
  const answer = next(child, 'counters');
  child.send({ type: 'counters' } satisfies ParentMessage);
  return answer;
}

async function main(): Promise<void> {
  const fake = await FakeProvider.start({ kind: 'json' });
  const database = await freshDatabase();
  const env = { ...process.env, ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}) };
  const execArgv = ['--import', 'tsx', ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])];
  const child = fork(GATEWAY, [], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = next(child, 'ready');
    child.send({ type: 'seed', providerUrl: fake.url, model: MODEL, renters: CONCURRENCY } satisfies ParentMessage);
    const { url, keys } = await ready;
    const body = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 });
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
    const direct = await measure({ url: `${fake.url}/v1/chat/completions`, keys: [] }, body);
    const before = await counters(child);
    const viaGateway = await measure({ url: `${url}/v1/chat/completions`, keys }, body);
    const after = await counters(child);
    const perRequest = (n: number) => n / viaGateway.requests;
    const ms = (v: number) => v.toFixed(1);
    const store = database.databaseUrl ? 'Postgres' : 'PGlite';
    const subsection = `### ${store}

- Date: ${new Date().toISOString()}; ${SECONDS} s latency run, ${CONCURRENCY} clients for ${SECONDS} s, ${WARMUP_SECONDS} s warm-up
- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}
- Load average at start: ${load} (other work shared the machine)
- Gateway process per request: ${(perRequest(after.cpuUs - before.cpuUs) / 1000).toFixed(2)} ms CPU, ${perRequest(after.statements - before.statements).toFixed(1)} SQL statements

| | p50 (ms) | p99 (ms) | throughput (req/s) |
|---|---|---|---|
| direct to provider | ${ms(direct.p50)} | ${ms(direct.p99)} | ${direct.rps.toFixed(0)} |
| through the gateway | ${ms(viaGateway.p50)} | ${ms(viaGateway.p99)} | ${viaGateway.rps.toFixed(0)} |
| **added by the gateway** | **${ms(viaGateway.p50 - direct.p50)}** | **${ms(viaGateway.p99 - direct.p99)}** | **${((viaGateway.rps / direct.rps) * 100).toFixed(0)} % of direct** |
`;
    console.log(subsection);
    if (process.env.BENCH_RECORD !== '0') record(store, subsection);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' } satisfies ParentMessage);
    // The profile is written as the process exits.
    await exited;
  } finally {
    if (child.exitCode === null) child.kill();
    await fake.close();
    await database.drop();
  }
}

await main();
