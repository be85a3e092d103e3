import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../examples/typed-client/src/main.js';
import { eventually } from '../helpers/eventually.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { onlineProvider, type Account } from '../rest/restFixtures.js';

/**
 * The typed client example (examples/typed-client) run against a real gateway, so it cannot rot: the
 * gateway has trusted documents on with the example's own manifest beside the bundled one, as production
 * would, and the test plays the provider's daemon over REST while the example follows the job live.
 */
const manifests = ['../../schema/persisted-documents.json', '../../examples/typed-client/src/gql/persisted-documents.json']
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .join(',');

/** The daemon's side: claim the job the example submitted, log, and report the result. */
async function actAsDaemon(t: TestGateway, provider: Account): Promise<string> {
  const auth = { authorization: `Bearer ${provider.apiKey}` };
  const job = await eventually(async () => (await t.fetchJson('/api/providers/jobs/next', { headers: auth })).body?.job, 'the example to submit a job');
  const logs = await t.fetchJson(`/api/jobs/${job.id}/logs`, { method: 'POST', headers: auth, json: { lines: [{ message: 'loading model' }, { message: 'generating' }] } });
  expect(logs.status, logs.text).toBe(200);
  const done = await t.fetchJson(`/api/jobs/${job.id}/result`, { method: 'POST', headers: auth, json: { result: 'DCP rents GPUs.', gpu_seconds: 30 } });
  expect(done.status, done.text).toBe(200);
  return job.job_id;
}

describe(`examples/typed-client against a gateway with trusted documents (${storeName})`, () => {
  let t: TestGateway;
  let provider: Account;
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_GRAPHQL_TRUSTED_DOCUMENTS: '1', DCP_GRAPHQL_TRUSTED_DOCUMENTS_MANIFEST: manifests } });
    provider = await onlineProvider(t);
  });
  afterAll(() => t?.close());

  it('signs up, submits a job and follows it live to completion, by persisted ids only', async () => {
    const lines: string[] = [];
    const [outcome, claimedJobId] = await Promise.all([run({ url: t.url, persisted: true, log: (line) => lines.push(line) }), actAsDaemon(t, provider)]);
    expect(outcome.jobId).toBe(claimedJobId);
    expect(outcome.finalStatus).toBe('COMPLETED');
    expect(outcome.statuses.at(-1)).toBe('COMPLETED');
    expect(outcome.statuses).toContain('RUNNING');
    expect(outcome.result).toBe('DCP rents GPUs.');
    expect(outcome.logLines).toEqual(['loading model', 'generating']);
    expect(outcome.costHalala).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^signed up as renter /);
    expect(lines.at(-1)).toMatch(/^finished: COMPLETED/);
  });

  it('is refused when it sends document text to that gateway', async () => {
    await expect(run({ url: t.url, persisted: false })).rejects.toThrow(/PERSISTED_QUERY_ONLY/);
  });
});
