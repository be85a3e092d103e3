import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { subscribeWs, wsClient } from '../subscriptions/support.js';
import { jobWithLogs, postIncremental, renterHeaders } from './support.js';

/** The slow parts of a job view: its log lines, deferred or streamed after the rest of the answer. */
const JOB_DEFERRED_LOGS = `query ($jobId: String!) {
  job(ref: { jobId: $jobId }) { jobId status ... @defer(label: "logs") { logs(limit: 10) { lineNo message } } }
}`;
const JOB_STREAMED_LOGS = `query ($jobId: String!) {
  job(ref: { jobId: $jobId }) { jobId logs(limit: 10) @stream(initialCount: 1) { lineNo message } }
}`;

describe(`@defer and @stream over HTTP (${storeName})`, () => {
  let t: TestGateway;
  let job: Awaited<ReturnType<typeof jobWithLogs>>;
  beforeAll(async () => {
    t = await startTestGateway();
    job = await jobWithLogs(t, 3);
  });
  afterAll(() => t?.close());

  it('@defer: the first part has the job without its logs, a later part brings the logs', async () => {
    const res = await postIncremental(t, JOB_DEFERRED_LOGS, { jobId: job.jobId }, renterHeaders(job.renter));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^multipart\/mixed/);
    const [first, ...rest] = res.parts;
    expect(first).toEqual({ data: { job: { jobId: job.jobId, status: 'RUNNING' } }, hasNext: true });
    const incremental = rest.flatMap((p) => p.incremental ?? []);
    expect(incremental).toEqual([
      {
        data: { logs: [1, 2, 3].map((n) => ({ lineNo: n, message: `line ${n}` })) },
        path: ['job'],
        label: 'logs',
      },
    ]);
    expect(rest.at(-1)?.hasNext).toBe(false);
  });

  it('@stream: the first part has the first log line, the others follow as items', async () => {
    const res = await postIncremental(t, JOB_STREAMED_LOGS, { jobId: job.jobId }, renterHeaders(job.renter));
    const [first, ...rest] = res.parts;
    expect(first).toEqual({ data: { job: { jobId: job.jobId, logs: [{ lineNo: 1, message: 'line 1' }] } }, hasNext: true });
    const items = rest.flatMap((p) => p.incremental ?? []).flatMap((i) => i.items);
    expect(items).toEqual([2, 3].map((n) => ({ lineNo: n, message: `line ${n}` })));
    expect(rest.at(-1)?.hasNext).toBe(false);
  });

  it('a client that accepts only JSON gets the whole answer at once', async () => {
    const res = await t.fetchJson('/graphql', {
      method: 'POST',
      headers: { ...renterHeaders(job.renter), accept: 'application/graphql-response+json, application/json' },
      json: { query: JOB_DEFERRED_LOGS, variables: { jobId: job.jobId } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ data: { job: { jobId: job.jobId, status: 'RUNNING', logs: [1, 2, 3].map((n) => ({ lineNo: n, message: `line ${n}` })) } } });
  });

  it('over SSE the parts arrive as events', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...renterHeaders(job.renter) },
      body: JSON.stringify({ query: JOB_DEFERRED_LOGS, variables: { jobId: job.jobId } }),
    });
    const events = (await res.text())
      .split('\n\n')
      .filter((m) => m.startsWith('event: next'))
      .map((m) => JSON.parse(m.slice(m.indexOf('data: ') + 6)));
    expect(events[0]).toEqual({ data: { job: { jobId: job.jobId, status: 'RUNNING' } }, hasNext: true });
    expect(events.slice(1).flatMap((e) => e.incremental ?? [])).toHaveLength(1);
  });

  it('a deferred fragment still counts against the cost limit', async () => {
    const costly = `query ($jobId: String!) { job(ref: { jobId: $jobId }) { jobId ... @defer {
      a: logs(limit: 1000) { lineNo message } b: logs(limit: 1000) { lineNo message } c: logs(limit: 1000) { lineNo message } } } }`;
    const res = await t.gql(costly, { jobId: job.jobId }, renterHeaders(job.renter));
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('a streamed list still counts against the cost limit', async () => {
    const costly = `query ($jobId: String!) { job(ref: { jobId: $jobId }) {
      a: logs(limit: 1000) @stream(initialCount: 0) { lineNo message } b: logs(limit: 1000) @stream(initialCount: 0) { lineNo message }
      c: logs(limit: 1000) @stream(initialCount: 0) { lineNo message } } }`;
    const res = await t.gql(costly, { jobId: job.jobId }, renterHeaders(job.renter));
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('@defer and @stream count as directives for the directive limit', async () => {
    const fragments = Array.from({ length: 21 }, (_, i) => `... @defer(label: "d${i}") { jobId }`).join(' ');
    const res = await t.gql(`query ($jobId: String!) { job(ref: { jobId: $jobId }) { ${fragments} } }`, { jobId: job.jobId }, renterHeaders(job.renter));
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/directives/i);
  });

  it('@defer is refused on a mutation root field and @stream on a field that is not a list', async () => {
    const onRoot = await t.gql(`mutation { ... @defer { __typename } }`, undefined, renterHeaders(job.renter));
    expect(onRoot.errors?.[0]?.message).toMatch(/defer/i);
    const notList = await t.gql(`query ($jobId: String!) { job(ref: { jobId: $jobId }) { jobId @stream } }`, { jobId: job.jobId }, renterHeaders(job.renter));
    expect(notList.errors?.[0]?.message).toMatch(/stream/i);
  });

  it('over graphql-ws a deferred query arrives in parts, and subscriptions are unaffected', async () => {
    const client = wsClient(t.url, renterHeaders(job.renter));
    try {
      const deferred = subscribeWs(client, JOB_DEFERRED_LOGS, { jobId: job.jobId });
      await deferred.ended();
      expect(deferred.results[0]).toEqual({ data: { job: { jobId: job.jobId, status: 'RUNNING' } }, hasNext: true });
      expect(deferred.results.slice(1).flatMap((r: any) => r.incremental ?? [])).toHaveLength(1);

      const logs = subscribeWs(client, `subscription ($jobId: String!) { jobLogs(ref: { jobId: $jobId }, since: 1) { lineNo message } }`, { jobId: job.jobId });
      await logs.count(2);
      expect(logs.data.map((d: any) => d.jobLogs.lineNo)).toEqual([2, 3]);
      logs.stop();
    } finally {
      await client.dispose();
    }
  });
});
