import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeadline } from '../helpers/eventually.js';
import { storeName } from '../helpers/index.js';
import { llmJob, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/** Reads `data:` events off an SSE response one at a time. */
class SseReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  constructor(res: Response) {
    this.reader = res.body!.getReader();
  }
  /** The next event's parsed data, or undefined once the stream has ended. */
  async next(): Promise<any> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (data) return JSON.parse(data);
        continue;
      }
      // A stream that stops sending fails the test here, naming what it waited for.
      const { done, value } = await withDeadline(this.reader.read(), 'the next event of the log stream');
      if (done) return undefined;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }
  async take(n: number): Promise<any[]> {
    const events = [];
    for (let i = 0; i < n; i++) events.push(await this.next());
    return events;
  }
}

describe(`REST jobs: GET /jobs/:id/logs/stream (${storeName})`, () => {
  let h: JobsHarness;
  beforeAll(async () => {
    h = await startJobsHarness();
  });
  afterAll(() => h?.close());

  const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ message: `line ${from + i}` }));
  const writeLines = async (jobId: string, providerKey: string, batch: Array<{ message: string }>) => {
    const res = await h.api(`/jobs/${jobId}/logs`, { method: 'POST', json: { api_key: providerKey, lines: batch } });
    expect(res.status, res.text).toBe(200);
  };

  it('replays the lines so far, follows new ones as they are written, and ends when the job completes', async () => {
    const renter = await h.renter();
    const provider = await h.provider();
    const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
    await writeLines(job.job_id, provider.key, lines(1, 2));
    const res = await fetch(`${h.t.url}/api/dc1/jobs/${job.job_id}/logs/stream?key=${renter.key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    const events = new SseReader(res);
    const replayed = await events.take(2);
    expect(replayed[0]).toEqual({
      schema_version: '2026-03-20.v1',
      type: 'log',
      event_type: 'job.log',
      line_no: 1,
      level: 'info',
      line: 'line 1',
      logged_at: expect.any(String),
      ts: expect.any(Number),
    });
    expect(replayed[1]).toMatchObject({ line_no: 2, line: 'line 2' });

    await writeLines(job.job_id, provider.key, lines(3, 4));
    expect((await events.take(2)).map((e) => e.line_no)).toEqual([3, 4]);

    await h.api(`/jobs/${job.job_id}/result`, { method: 'POST', headers: { 'x-provider-key': provider.key }, json: { result: 'ok', gpu_seconds: 1 } });
    expect(await events.next()).toEqual({ type: 'end', status: 'completed', ts: expect.any(Number) });
    expect(await events.next()).toBeUndefined();
  });

  it('starts after ?since and, for a finished job, replays only its last 50 lines before ending', async () => {
    const renter = await h.renter();
    const provider = await h.provider();
    const job = await h.runningJob(renter.key, provider.key, llmJob({ provider_id: provider.id }));
    await writeLines(job.job_id, provider.key, lines(1, 60));
    await h.api(`/jobs/${job.job_id}/fail`, { method: 'POST', headers: { 'x-provider-key': provider.key }, json: { error: 'boom' } });
    const events = new SseReader(await fetch(`${h.t.url}/api/jobs/${job.id}/logs/stream`, { headers: { 'x-renter-key': renter.key } }));
    const all = [];
    for (let e = await events.next(); e; e = await events.next()) all.push(e);
    expect(all.slice(0, -1).map((e) => e.line_no)).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    expect(all.at(-1)).toMatchObject({ type: 'end', status: 'failed' });

    const later = new SseReader(await fetch(`${h.t.url}/api/jobs/${job.id}/logs/stream?key=${renter.key}&since=58`));
    expect(await later.take(3)).toEqual([
      expect.objectContaining({ line_no: 59 }),
      expect.objectContaining({ line_no: 60 }),
      expect.objectContaining({ type: 'end', status: 'failed' }),
    ]);
  });

  it('is for the owning renter only, with the documented errors', async () => {
    const renter = await h.renter();
    const other = await h.renter();
    const provider = await h.provider();
    const job = await h.submit(renter.key, llmJob());
    const path = `/jobs/${job.job_id}/logs/stream`;
    const none = await h.api(path);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: 'Renter API key required (?key=...)' });
    const invalid = await h.api(`${path}?key=dc1-renter-nope`);
    expect(invalid.status).toBe(401);
    expect(invalid.body).toEqual({ error: 'Invalid renter API key' });
    const notOwner = await h.api(path, { headers: { 'x-renter-key': other.key } });
    expect(notOwner.status).toBe(404);
    expect(notOwner.body).toEqual({ error: 'Job not found' });
    const admin = await h.api(path, { headers: { 'x-admin-token': h.t.adminToken } });
    expect(admin.status).toBe(401);
    const byProvider = await h.api(`${path}?key=${provider.key}`);
    expect(byProvider.status).toBe(401);
    expect(byProvider.body.code).toBe('wrong_key_type');
  });
});
