/**
 * All four REST scenarios, one after the other (each in its own gateway process and fresh database),
 * then a Markdown table of the results for bench/RESULTS.md. Any scenario of rest-protocol.ts may be named
 * (e.g. `health`, `submit-fleet`); `npm run bench` (bench/bench.ts) runs them beside their floors.
 *
 *   npx tsx bench/rest.ts [heartbeat submit job dashboard]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/rest.ts
 */
import { formatResult, runRestScenario, type ScenarioResult } from './helpers/rest-bench.js';
import { ALL_SCENARIOS, SCENARIOS, type ScenarioName } from './helpers/rest-protocol.js';

const LABELS: Partial<Record<ScenarioName, string>> = {
  heartbeat: 'POST /api/providers/heartbeat',
  submit: 'POST /api/jobs/submit',
  job: 'GET /api/jobs/{id}',
  dashboard: 'GET /api/admin/dashboard (10k jobs)',
};

function table(results: ScenarioResult[]): string {
  const rows = results.map((r) =>
    `| ${LABELS[r.scenario] ?? r.scenario} | ${r.store} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} | ${r.statementsPerRequest} | ${r.gatewayCpuMsPerRequest} | ${r.loadAverage} |`,
  );
  return ['| Scenario | Store | req/s | p50 ms | p99 ms | errors | non-2xx | SQL/req | gateway CPU ms/req | load avg |', '|---|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

async function run(): Promise<void> {
  const chosen = process.argv.slice(2) as ScenarioName[];
  const unknown = chosen.filter((s) => !ALL_SCENARIOS.includes(s));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')} (known: ${ALL_SCENARIOS.join(', ')})`);
  const results: ScenarioResult[] = [];
  for (const scenario of chosen.length ? chosen : SCENARIOS) {
    const result = await runRestScenario(scenario);
    console.log(formatResult(result));
    results.push(result);
  }
  console.log(`\n${table(results)}`);
}

run().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
