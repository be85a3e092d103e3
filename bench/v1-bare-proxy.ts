/**
 * What any Node proxy costs on this machine: the fake provider called directly and through the bare proxy
 * (bench/floor/bare-proxy.ts), in interleaved rounds over 50 connections, then one client back to back.
 * It bounds the /v1 targets from below: the gateway forwards the same request and does its own work (key,
 * routing, reservation, settlement) on top, so its throughput ratio cannot exceed the bare proxy's.
 *   npx tsx bench/v1-bare-proxy.ts [--rounds 3] [--seconds 4] [--connections 50]
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { counters, forkServer, nextMessage, stopServer } from './helpers/child.js';
import { runLoad } from './helpers/load.js';
import { load } from './helpers/rest-bench.js';
import type { BenchRequest } from './helpers/rest-protocol.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '4' }, connections: { type: 'string', default: '50' } } });
const [rounds, seconds, connections] = [Number(values.rounds), Number(values.seconds), Number(values.connections)];

const request: BenchRequest = {
  method: 'POST',
  path: '/v1/chat/completions',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 }),
};

async function start(script: string, args: string[]) {
  const child = forkServer(fileURLToPath(new URL(script, import.meta.url)), args, process.env);
  const { url } = await nextMessage<{ type: 'ready'; url: string }>(child, 'ready');
  return { child, url };
}

async function oneClientP50(url: string): Promise<number> {
  const r = await runLoad({ concurrency: 1, durationMs: (seconds / 2) * 1000, request: () => fetch(`${url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body }) });
  return r.latencyMs.p50;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const fake = await start('./floor/fake-provider.ts', []);
const proxy = await start('./floor/bare-proxy.ts', [fake.url]);
const rows: { direct: number; proxied: number; proxyCpuMs: number }[] = [];
const load0 = os.loadavg()[0];
try {
  for (const url of [fake.url, proxy.url]) await load(url, request, connections, 1);
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? ['direct', 'proxied'] : ['proxied', 'direct'];
    const row = { direct: 0, proxied: 0, proxyCpuMs: 0 };
    for (const side of order) {
      await counters(fake.child); // the fake keeps every request body for the tests; asking for its counters drops them
      const before = await counters(proxy.child);
      const r = await load(side === 'direct' ? fake.url : proxy.url, request, connections, seconds);
      const after = await counters(proxy.child);
      row[side as 'direct' | 'proxied'] = r.requests.total / seconds;
      if (side === 'proxied') row.proxyCpuMs = (after.cpuUs - before.cpuUs) / 1000 / Math.max(1, after.served - before.served);
    }
    rows.push(row);
    console.log(`round ${i + 1}: direct ${Math.round(row.direct)} req/s, bare proxy ${Math.round(row.proxied)} req/s (${(row.proxied / row.direct).toFixed(2)}x), proxy CPU ${row.proxyCpuMs.toFixed(3)} ms/req`);
  }
  const [directP50, proxiedP50] = [await oneClientP50(fake.url), await oneClientP50(proxy.url)];
  console.log(`\n${new Date().toISOString()}, ${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load ${load0.toFixed(1)} at start`);
  console.log(`| direct req/s | bare proxy req/s | ratio (range) | bare proxy CPU ms/req | 1 client p50 direct / proxied ms |`);
  console.log(`|---|---|---|---|---|`);
  const ratios = rows.map((r) => r.proxied / r.direct);
  console.log(
    `| ${Math.round(median(rows.map((r) => r.direct)))} | ${Math.round(median(rows.map((r) => r.proxied)))} | ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) | ${median(rows.map((r) => r.proxyCpuMs)).toFixed(3)} | ${directP50.toFixed(2)} / ${proxiedP50.toFixed(2)} |`,
  );
} finally {
  await stopServer(proxy.child);
  await stopServer(fake.child);
}
