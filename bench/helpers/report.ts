/**
 * `npm run bench`'s figures: one run per side and round, summarised per path (medians over rounds, per-request
 * costs over all rounds, the ratio paired round by round), printed as one Markdown table and, with
 * `--record`, appended to bench/RESULTS.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describeTarget, type BenchPath } from './paths.js';

/** One measured run of one side (gateway or floor). */
export interface Run {
  /** Responses autocannon received within the run (req/s is this over the run's length). */
  requests: number;
  /** Requests the server finished, the run's abandoned tail included: the divisor of the per-request costs. */
  served: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Network errors, timeouts and non-2xx answers. */
  failures: number;
  cpuMs: number;
  /** Undefined when the Postgres server's processes are not visible (another machine, or PGlite). */
  pgCpuMs?: number;
  statements: number;
  /** /v1 only: p50 of one client sending requests back to back (sub-millisecond resolution). */
  sequentialP50?: number;
}

export interface Side {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  failures: number;
  cpuMsPerRequest: number;
  pgCpuMsPerRequest?: number;
  statementsPerRequest: number;
  sequentialP50?: number;
}

export interface PathResult {
  path: BenchPath;
  gateway: Side;
  floor?: Side;
  /** Median over rounds of gateway req/s ÷ floor req/s in the same round. */
  ratio?: number;
  /** The ratio's lowest and highest round. */
  ratioRange?: [number, number];
  /** /v1: median over rounds of the gateway's sequential p50 minus direct's. */
  addedP50?: number;
  /** What the durable-work check (bench/floor/verify.ts) found wrong; empty when every request did its writes. */
  problems: string[];
  met: boolean;
  /** The 1-minute load average when the path's measured rounds started. */
  load: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function summarise(runs: Run[]): Side {
  const requests = sum(runs.map((r) => r.served)) || 1;
  const pg = runs.every((r) => r.pgCpuMs !== undefined) ? sum(runs.map((r) => r.pgCpuMs!)) / requests : undefined;
  const sequential = runs.every((r) => r.sequentialP50 !== undefined) ? median(runs.map((r) => r.sequentialP50!)) : undefined;
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    failures: sum(runs.map((r) => r.failures)),
    cpuMsPerRequest: sum(runs.map((r) => r.cpuMs)) / requests,
    pgCpuMsPerRequest: pg,
    statementsPerRequest: sum(runs.map((r) => r.statements)) / requests,
    sequentialP50: sequential,
  };
}

/** Pairs each gateway round with the floor's round of the same number. */
export function judge(path: BenchPath, gatewayRuns: Run[], floorRuns: Run[], load: number, problems: string[] = []): PathResult {
  const gateway = summarise(gatewayRuns);
  const floor = floorRuns.length ? summarise(floorRuns) : undefined;
  const ratios = floorRuns.map((f, i) => gatewayRuns[i].rps / (f.rps || 1));
  const ratio = ratios.length ? median(ratios) : undefined;
  const added = path.target.kind === 'v1' ? median(floorRuns.map((f, i) => gatewayRuns[i].sequentialP50! - f.sequentialP50!)) : undefined;
  const clean = gateway.failures === 0 && (floor?.failures ?? 0) === 0 && problems.length === 0;
  const t = path.target;
  const reached =
    t.kind === 'ratio' ? (ratio ?? 0) >= t.min
    : t.kind === 'rps' ? gateway.rps >= t.min
    : t.kind === 'v1' ? (added ?? Infinity) <= t.maxAddedP50Ms && (ratio ?? 0) >= t.minRatio
    : gateway.max <= t.maxMs;
  return {
    path, gateway, floor, ratio, addedP50: added, load, problems,
    ratioRange: ratios.length ? [Math.min(...ratios), Math.max(...ratios)] : undefined,
    met: clean && reached,
  };
}

const f0 = (n: number) => Math.round(n).toString();
const f2 = (n: number | undefined) => (n === undefined ? 'n/a' : n.toFixed(2));
const latency = (s: Side) => `${s.p50} / ${s.p99}`;

function metCell(r: PathResult): string {
  const failures = r.gateway.failures + (r.floor?.failures ?? 0);
  const notes = [
    ...(r.addedP50 !== undefined ? [`added p50 ${r.addedP50.toFixed(2)} ms (1 client: ${r.gateway.sequentialP50} vs ${r.floor?.sequentialP50})`] : []),
    ...(failures ? [`${r.gateway.failures} gateway / ${r.floor?.failures ?? 0} floor requests failed`] : []),
    ...(r.problems.length ? [`durable work check failed: ${r.problems.join('; ')}`] : []),
  ];
  return `${r.met ? 'yes' : 'no'}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

export function postgresTable(results: PathResult[]): string {
  const head = '| Path | req/s | p50 / p99 ms | CPU ms/req | PG CPU ms/req | SQL/req | floor req/s | floor p50 / p99 ms | floor CPU ms/req | floor PG CPU ms/req | floor SQL/req | ratio (range) | target | met | load |';
  const rows = results.map((r) => {
    const fl = r.floor;
    const ratio = r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)} (${r.ratioRange!.map((x) => x.toFixed(2)).join('–')})`;
    return [
      r.path.label, f0(r.gateway.rps), latency(r.gateway), f2(r.gateway.cpuMsPerRequest), f2(r.gateway.pgCpuMsPerRequest), f2(r.gateway.statementsPerRequest),
      fl ? f0(fl.rps) : '–', fl ? latency(fl) : '–', fl ? f2(fl.cpuMsPerRequest) : '–', fl ? f2(fl.pgCpuMsPerRequest) : '–', fl ? f2(fl.statementsPerRequest) : '–',
      ratio, describeTarget(r.path.target), metCell(r), r.load.toFixed(1),
    ].join(' | ');
  });
  return [head, `|${'---|'.repeat(15)}`, ...rows.map((row) => `| ${row} |`)].join('\n');
}

export function pgliteTable(results: PathResult[]): string {
  const head = '| Path (PGlite) | req/s | p50 / p99 ms | max ms | CPU ms/req | SQL/req | target | met | load |';
  const rows = results.map((r) =>
    [r.path.label, f0(r.gateway.rps), latency(r.gateway), r.gateway.max, f2(r.gateway.cpuMsPerRequest), f2(r.gateway.statementsPerRequest), describeTarget(r.path.target), metCell(r), r.load.toFixed(1)].join(' | '),
  );
  return [head, `|${'---|'.repeat(9)}`, ...rows.map((row) => `| ${row} |`)].join('\n');
}

const RESULTS = new URL('../RESULTS.md', import.meta.url);
const SECTION = '## npm run bench';
const SECTION_INTRO = `${SECTION}

Dated runs of \`npm run bench\` (bench/bench.ts; how to read them: bench/README.md), appended by \`npm run bench -- --record\`.
Each block says the commit, the machine, the store's durability settings and the load average; each row the
1-minute load average when its path's rounds started. Compare ratios within one block, not absolute figures across blocks.
`;

/** Appends one run's block (header lines and table) to bench/RESULTS.md, under its own section. */
export function record(block: string, file: URL | string = RESULTS): void {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  if (!text.includes(`\n${SECTION}\n`)) text = `${text.trimEnd()}\n\n${SECTION_INTRO}`;
  // The section is the file's last unless someone moved it: append at its end either way.
  const start = text.indexOf(`\n${SECTION}\n`);
  const nextSection = text.indexOf('\n## ', start + 1);
  const end = nextSection === -1 ? text.length : nextSection;
  text = `${text.slice(0, end).trimEnd()}\n\n${block.trim()}\n${text.slice(end)}`;
  writeFileSync(file, `${text.trimEnd()}\n`);
}
