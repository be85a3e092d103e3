import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from 'graphql-ws';
import { startTestGateway, type TestGateway } from '../helpers/index.js';
import { newProvider, newRenter, wsClient, type Account } from './support.js';
import type { Principal } from '../../src/domain/auth.js';

/**
 * Issue #10: "a jobLogs subscription opened just before claim once received only `complete` and no lines".
 *
 * The cause: log pages read for live subscribers are shared through a short-lived per-instance cache, and
 * that cache was keyed by (job, after line) only. The subscription's first read (no lines yet, the job
 * still queued) was stored under (job, 0); the reads prompted by the lines appended after the claim, and
 * by the completion, asked for (job, 0) again within the cache's lifetime and got that empty page back,
 * so the stream ended with nothing. It needed the claim, the lines and the completion to land within the
 * cache's one-second lifetime, hence "once". Here the clock the cache expires by is held still, and the
 * first read is gated, so the interleaving happens every time.
 */

const JOB_LOGS = /* GraphQL */ `subscription ($jobId: String!) { jobLogs(ref: { jobId: $jobId }) { lineNo message } }`;

let t: TestGateway;
let renter: Account<Principal & { kind: 'renter' }>;
let provider: Account<Principal & { kind: 'provider' }>;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestGateway();
  renter = await newRenter(t.gateway);
  provider = await newProvider(t.gateway);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

afterAll(async () => {
  await t?.close();
});

/** A subscription whose results and end are promises, so the test waits on events, not on time. */
function follow(query: string, variables: Record<string, unknown>, params: Record<string, string>) {
  const client = wsClient(t.url, params);
  clients.push(client);
  const results: any[] = [];
  const ended = new Promise<void>((resolve, reject) =>
    client.subscribe({ query, variables }, { next: (r) => void results.push(r), error: reject, complete: resolve }),
  );
  return { results, ended };
}

/** Resolves after the first call of `queries.jobLogsByJobIds` has returned: the subscription's initial read is done. */
function firstLogRead(): Promise<void> {
  const queries = t.gateway.domain.queries;
  const original = queries.jobLogsByJobIds.bind(queries);
  let done!: () => void;
  const read = new Promise<void>((resolve) => (done = resolve));
  vi.spyOn(queries, 'jobLogsByJobIds').mockImplementation(async (...args) => {
    const rows = await original(...args);
    done();
    return rows;
  });
  return read;
}

describe('jobLogs opened just before the claim', () => {
  it('delivers the lines appended after its first read, then completes', async () => {
    const { job } = await t.gateway.domain.jobs.submit(renter.principal, { job_type: 'llm_inference', duration_minutes: 1 });
    const initialRead = firstLogRead();
    // The shared-read cache expires by Date.now(): held still, nothing the test does outlives it.
    const frozen = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(frozen);

    const logs = follow(JOB_LOGS, { jobId: job.jobId }, { 'x-renter-key': renter.apiKey });
    await initialRead;

    const p = provider.principal;
    expect((await t.gateway.domain.jobs.claimNext(p, { mode: 'run' }))?.jobId).toBe(job.jobId);
    await t.gateway.domain.jobs.appendLogs(p, job.jobId, { lines: [{ message: 'loading model' }, { message: 'generating' }] });
    await t.gateway.domain.jobs.complete(p, job.jobId, { gpu_seconds_used: 5 });
    await logs.ended;

    expect(logs.results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(logs.results.map((r) => r.data.jobLogs)).toEqual([
      { lineNo: 1, message: 'loading model' },
      { lineNo: 2, message: 'generating' },
    ]);
  });
});
