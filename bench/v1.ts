/**
 * /v1 overhead benchmark: non-stream chat completions sent straight to a fake provider, then the same
 * load through the gateway (auth, routing, reservation, settlement, ledger). Reports the latency the
 * gateway adds (sequential requests, p50/p99) and throughput under concurrency, and records them in
 * bench/RESULTS.md, section "/v1".
 *
 *   npx tsx bench/v1.ts                 # embedded PGlite
 *   DATABASE_URL=postgres://... npx tsx bench/v1.ts
 *   BENCH_SECONDS=5 BENCH_WARMUP_SECONDS=2 BENCH_CONCURRENCY=16 npx tsx bench/v1.ts
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { ADMIN } from '../src/domain/auth.js';
import { createGateway } from '../src/gateway.js';
import { createServer } from '../src/server.js';
import { freshDatabase, testConfig } from '../test/helpers/index.js';
import { runLoad } from './helpers/load.js';
import { FakeProvider } from '../test/v1/fake-provider.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const MODEL = 'bench/echo-1b';
const RESULTS = new URL('./RESULTS.md', import.meta.url);

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
requests spread over one renter per client (one renter's settlements queue on its balance row, by design).
Generator, fake provider and gateway share one process. Each gateway request authenticates, routes, reserves the
worst-case cost in one guarded statement, dispatches, and settles in one transaction (ledger, provider earning, usage
record). Run with \`npx tsx bench/v1.ts\` (PGlite) or \`DATABASE_URL=postgres://... npx tsx bench/v1.ts\`; each run
replaces the subsection of its store.
`;

/** Replaces this store's subsection of the "/v1" section in bench/RESULTS.md (creating either as needed). */
function record(store: string, subsection: string): void {
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  if (!text.includes('\n## /v1\n')) text = `${text.trimEnd()}\n\n${HEADER}`;
  const mine = new RegExp(`### ${store}\\n[\\s\\S]*?(?=\\n##|$)`);
  const sectionEnd = /\n## \/v1\n[\s\S]*?(?=\n## |$)/;
  text = mine.test(text)
    ? text.replace(mine, subsection.trimEnd())
    : text.replace(sectionEnd, (section) => `${section.trimEnd()}\n\n${subsection.trimEnd()}`);
  writeFileSync(RESULTS, `${text.trimEnd()}\n`);
}

async function main(): Promise<void> {
  const fake = await FakeProvider.start({ kind: 'json' });
  const database = await freshDatabase();
  const config = testConfig(database.databaseUrl, { DCP_PROVIDER_MAX_INFLIGHT: String(CONCURRENCY * 2) });
  const gateway = await createGateway(config);
  const listening = await createServer(gateway).listen(0, '127.0.0.1');
  const { domain } = gateway;
  // One renter per client: a renter's balance row serialises its own settlements, as it must.
  const keys: string[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const { renter, apiKey } = await domain.renters.register({ name: `Bench Renter ${i}`, email: `bench-${i}-${Date.now()}@example.com` });
    await domain.renters.adjustBalance(ADMIN, renter.id, { amount_halala: 100_000_000, reason: 'benchmark' });
    keys.push(apiKey);
  }
  const provider = await domain.providers.register({ name: 'Bench Provider', email: `bench-p-${Date.now()}@example.com`, gpu_model: 'RTX 4090', os: 'linux' });
  if (provider.provider.approvalStatus !== 'approved') await domain.providers.approve(ADMIN, provider.provider.id);
  await domain.providers.heartbeat((await domain.principal(provider.apiKey))!, { vllm_endpoint_url: fake.url, cached_models: [MODEL] });

  const body = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 });
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const direct = await measure({ url: `${fake.url}/v1/chat/completions`, keys: [] }, body);
  const statementsBefore = gateway.store.statements.count;
  const viaGateway = await measure({ url: `${listening.url}/v1/chat/completions`, keys }, body);
  const statementsPerRequest = (gateway.store.statements.count - statementsBefore) / viaGateway.requests;
  const ms = (v: number) => v.toFixed(1);
  const store = gateway.store.kind === 'pglite' ? 'PGlite' : 'Postgres';
  const subsection = `### ${store}

- Date: ${new Date().toISOString()}; ${SECONDS} s latency run, ${CONCURRENCY} clients for ${SECONDS} s, ${WARMUP_SECONDS} s warm-up
- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}
- Load average at start: ${load} (other work shared the machine)
- SQL statements per gateway request: ${statementsPerRequest.toFixed(1)}

| | p50 (ms) | p99 (ms) | throughput (req/s) |
|---|---|---|---|
| direct to provider | ${ms(direct.p50)} | ${ms(direct.p99)} | ${direct.rps.toFixed(0)} |
| through the gateway | ${ms(viaGateway.p50)} | ${ms(viaGateway.p99)} | ${viaGateway.rps.toFixed(0)} |
| **added by the gateway** | **${ms(viaGateway.p50 - direct.p50)}** | **${ms(viaGateway.p99 - direct.p99)}** | **${((viaGateway.rps / direct.rps) * 100).toFixed(0)} % of direct** |
`;
  console.log(subsection);
  if (process.env.BENCH_RECORD !== '0') record(store, subsection);
  await listening.close();
  await fake.close();
  await database.drop();
}

await main();
