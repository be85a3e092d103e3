import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface LoadOptions {
  /** Requests kept in flight at once (closed loop: each worker sends its next request when one returns). */
  concurrency: number;
  durationMs: number;
  request: () => Promise<Response>;
}

export interface LoadResult {
  requests: number;
  /** Network errors and responses with status >= 400. */
  errors: number;
  statuses: Record<number, number>;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/** Drives `request` with `concurrency` workers for `durationMs` and reports throughput and latency. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const start = performance.now();
  const deadline = start + o.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const res = await o.request();
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 400) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const elapsedS = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    requests: latencies.length,
    errors,
    statuses,
    requestsPerSecond: round(latencies.length / elapsedS),
    latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(latencies.at(-1) ?? 0) },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** CLI: `npx tsx bench/helpers/load.ts URL [-c 16] [-d 10] [-X POST] [-H 'name: value']... [--data BODY]`. */
async function cli(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      concurrency: { type: 'string', short: 'c', default: '16' },
      duration: { type: 'string', short: 'd', default: '10' },
      method: { type: 'string', short: 'X', default: 'GET' },
      header: { type: 'string', short: 'H', multiple: true, default: [] },
      data: { type: 'string' },
    },
  });
  const url = positionals[0];
  if (!url) throw new Error('usage: load.ts URL [-c concurrency] [-d seconds] [-X method] [-H "name: value"] [--data body]');
  const headers = new Headers(values.header.map((h) => h.split(/:\s*/, 2) as [string, string]));
  if (values.data !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const result = await runLoad({
    concurrency: Number(values.concurrency),
    durationMs: Number(values.duration) * 1000,
    request: () => fetch(url, { method: values.method, headers, body: values.data }),
  });
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
