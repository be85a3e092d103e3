import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { expectMoneyConsistent, RTX4090, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * A scripted renter that sends exactly what the Node renter SDK (`dc1-renter-sdk` 0.1.0) sends and reads
 * only what it reads: `x-renter-key` and a JSON content type on every call, no
 * body on GET, an empty body on cancel, numeric priority, 401 as AuthError, 410 as a job body.
 */

class AuthError extends Error {}
class APIError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly response: any,
  ) {
    super(message);
  }
}

const TERMINAL = ['completed', 'failed', 'cancelled'];

interface SdkJob {
  id: string;
  status: string;
  jobType: string;
  providerId: number;
  durationMinutes: number;
  costHalala: number;
  result: unknown;
  error: string | undefined;
  isDone: boolean;
}

class RenterSdk {
  constructor(
    private readonly apiKey: string,
    private readonly baseUrl: string,
  ) {
    if (!apiKey) throw new Error('apiKey is required');
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        'Content-Type': 'application/json',
        'x-renter-key': this.apiKey,
        'User-Agent': 'dc1-renter-sdk/0.1.0',
        ...(method === 'POST' ? { 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
      },
      body: method === 'POST' ? payload : undefined,
    });
    const text = await res.text();
    let data: any;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      data = { error: text };
    }
    if (res.status === 401) throw new AuthError(data.error);
    // The SDK reads a 410 (failed or cancelled job) as a normal job body.
    if ((res.status < 200 || res.status >= 300) && res.status !== 410) throw new APIError(data.error, res.status, data);
    return data;
  }

  register(name: string, email: string, organization?: string) {
    return this.request('POST', '/api/renters/register', { name, email, ...(organization ? { organization } : {}) }).then((d) => ({
      renterId: d.renter_id as number,
      apiKey: d.api_key as string,
      message: d.message as string,
    }));
  }

  async me() {
    const d = await this.request('GET', `/api/renters/me?key=${this.apiKey}`);
    const r = d.renter ?? d;
    return { balanceHalala: r.balance_halala ?? 0, name: r.name, email: r.email };
  }

  async getBalance() {
    const d = await this.request('GET', '/api/renters/balance');
    return { balanceHalala: d.balance_halala ?? 0, heldHalala: d.held_halala ?? 0, totalJobs: d.total_jobs ?? 0 };
  }

  async listProviders() {
    const d = await this.request('GET', '/api/renters/available-providers');
    const list: any[] = Array.isArray(d) ? d : (d.providers ?? []);
    return list.map((p) => ({ id: p.id, name: p.name, gpuModel: p.gpu_model, vramGb: Math.round(((p.vram_mib ?? 0) / 1024) * 10) / 10, status: p.status }));
  }

  async submitJob(opts: { providerId: number; jobType: string; params: Record<string, unknown>; durationMinutes: number; priority?: number }) {
    const d = await this.request('POST', '/api/jobs/submit', {
      provider_id: opts.providerId,
      job_type: opts.jobType,
      duration_minutes: opts.durationMinutes,
      priority: opts.priority ?? 2,
      params: opts.params,
    });
    const id = String(d.job?.job_id ?? d.job?.id ?? d.job_id ?? d.id ?? '');
    if (!id) throw new APIError('No job id in response', 500, d);
    return this.getJob(id);
  }

  async getJob(id: string): Promise<SdkJob> {
    const d = await this.request('GET', `/api/jobs/${id}/output`);
    const status = d.status ?? 'unknown';
    return {
      id: String(d.job_id ?? d.id ?? id),
      status,
      jobType: d.job_type ?? '',
      providerId: d.provider_id ?? 0,
      durationMinutes: d.duration_minutes ?? 0,
      costHalala: d.cost_halala ?? 0,
      result: typeof d.result === 'string' ? { output: d.result } : d.result,
      error: d.error,
      isDone: TERMINAL.includes(status),
    };
  }

  /** Polls until the job is final; `polls` bounds the loop where the SDK would time out. */
  async waitForJob(id: string, onProgress: (job: SdkJob) => void, polls = 50): Promise<SdkJob> {
    for (let i = 0; i < polls; i++) {
      const job = await this.getJob(id);
      onProgress(job);
      if (job.isDone) return job;
    }
    throw new Error('JobTimeoutError');
  }

  async getJobLogs(id: string, since?: number) {
    const d = await this.request('GET', `/api/jobs/${id}/logs${since !== undefined ? `?since=${since}` : ''}`);
    return (d.logs ?? []).map((l: any) => ({ lineNo: l.line_no, level: l.level, message: l.message, loggedAt: l.logged_at }));
  }

  async cancelJob(id: string) {
    const d = await this.request('POST', `/api/jobs/${id}/cancel`);
    return { success: d.success, jobId: d.job?.job_id };
  }

  async getPaymentHistory(limit = 20) {
    const d = await this.request('GET', `/api/jobs/history?limit=${limit}`);
    return {
      balanceHalala: d.balance_halala,
      balanceSar: d.balance_sar,
      totalJobs: d.total_jobs,
      jobs: (d.jobs ?? []).map((j: any) => ({
        jobId: j.job_id,
        status: j.status,
        costHalala: j.actual_cost_halala ?? j.cost_halala,
        costSar: j.cost_sar,
        refunded: j.refunded,
      })),
    };
  }
}

describe(`renter SDK replay (${storeName})`, () => {
  let h: JobsHarness;
  let c: RenterSdk;
  let provider: { id: number; key: string };
  let initialBalance: number;
  const providerPost = (path: string, json: unknown) => h.api(path, { method: 'POST', headers: { authorization: `Bearer ${provider.key}` }, json });
  const claim = () => h.api('/providers/jobs/next', { headers: { authorization: `Bearer ${provider.key}` } });

  beforeAll(async () => {
    h = await startJobsHarness();
    provider = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
  });
  afterAll(() => h?.close());

  it('registers with a placeholder key, then reads its account and balance', async () => {
    const boot = new RenterSdk('bootstrap-placeholder', h.t.url);
    const reg = await boot.register('E2E Renter', 'e2e+sdk@example.test', 'Riyadh AI Lab');
    expect(reg.apiKey).toMatch(/^dc1-renter-[0-9a-f]{32}$/);
    expect(reg.renterId).toBeGreaterThan(0);
    c = new RenterSdk(reg.apiKey, h.t.url);
    expect(await c.me()).toMatchObject({ name: 'E2E Renter', email: 'e2e+sdk@example.test' });
    initialBalance = (await c.getBalance()).balanceHalala;
    expect(initialBalance).toBeGreaterThan(0);
  });

  it('lists the online provider with its VRAM', async () => {
    const listed = await c.listProviders();
    expect(listed).toContainEqual(expect.objectContaining({ id: provider.id, status: 'online', vramGb: 24 }));
  });

  it('submits with a numeric priority, is charged the settled cost after the provider finishes, and reads its logs', async () => {
    const job = await c.submitJob({
      providerId: provider.id,
      jobType: 'llm_inference',
      params: { prompt: 'hello', model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' },
      durationMinutes: 1,
      priority: 2,
    });
    expect(job.id).toMatch(/^job-/);
    expect(job).toMatchObject({ isDone: false, jobType: 'llm_inference', providerId: provider.id, durationMinutes: 1 });
    expect(job.costHalala).toBeGreaterThan(0);
    expect((await c.getBalance()).balanceHalala).toBe(initialBalance - job.costHalala);

    const claimed = await claim();
    expect(claimed.body.job.job_id).toBe(job.id);
    await h.api(`/providers/jobs/${job.id}/logs`, {
      method: 'PATCH',
      json: { api_key: provider.key, lines: ['l1', 'l2', 'l3'].map((message) => ({ level: 'info', message })) },
    });
    const statuses: string[] = [];
    const printed = { type: 'text', prompt: 'hello', response: 'hi', model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0' };
    const running = await c.getJob(job.id);
    statuses.push(running.status);
    const settled = await providerPost('/providers/job-result', {
      api_key: provider.key,
      job_id: job.id,
      success: true,
      result: `...\nDC1_RESULT_JSON:${JSON.stringify(printed)}`,
      gpu_seconds_used: 30,
    });
    expect(settled.status, settled.text).toBe(200);

    const done = await c.waitForJob(job.id, (j) => statuses.push(j.status));
    expect(done).toMatchObject({ status: 'completed', isDone: true, result: expect.objectContaining({ response: 'hi' }) });
    expect(statuses).toEqual(['running', 'completed']);

    const logs = await c.getJobLogs(job.id);
    expect(logs.map((l: { lineNo: number }) => l.lineNo)).toEqual([1, 2, 3]);
    expect(await c.getJobLogs(job.id, 3)).toEqual([]);

    const history = await c.getPaymentHistory();
    const actual = settled.body.cost_halala;
    expect(history.jobs[0]).toEqual({ jobId: job.id, status: 'completed', costHalala: actual, costSar: (actual / 100).toFixed(2), refunded: false });
    expect(typeof history.balanceSar).toBe('string');
    expect((await c.getBalance()).balanceHalala).toBe(initialBalance - actual);
  });

  it('cancels with an empty body and sees the 410 path, refunded', async () => {
    const before = (await c.getBalance()).balanceHalala;
    const job = await c.submitJob({ providerId: provider.id, jobType: 'llm_inference', params: { prompt: 'x' }, durationMinutes: 1 });
    expect(await c.cancelJob(job.id)).toEqual({ success: true, jobId: job.id });
    const after = await c.getJob(job.id);
    expect(after).toMatchObject({ status: 'cancelled', isDone: true });
    expect((await c.getBalance()).balanceHalala).toBe(before);
  });

  it('sees a provider failure end the wait as failed, with the error, refunded', async () => {
    const before = (await c.getBalance()).balanceHalala;
    const job = await c.submitJob({ providerId: provider.id, jobType: 'llm_inference', params: { prompt: 'x' }, durationMinutes: 1 });
    expect((await claim()).body.job.job_id).toBe(job.id);
    await providerPost('/providers/job-result', { api_key: provider.key, job_id: job.id, success: false, error: 'boom' });
    const done = await c.waitForJob(job.id, () => {});
    expect(done).toMatchObject({ status: 'failed', error: 'boom', isDone: true });
    expect((await c.getBalance()).balanceHalala).toBe(before);
    await expectMoneyConsistent(h.t.gateway);
  });

  it('gets the pinned errors: bad keys, a job beyond the balance, an unknown provider, a zero duration', async () => {
    const bad = new RenterSdk('dc1-renter-00000000000000000000000000000000', h.t.url);
    await expect(bad.getBalance()).rejects.toMatchObject({ statusCode: 404 });
    const job = { providerId: provider.id, jobType: 'llm_inference', params: {}, durationMinutes: 1 };
    await expect(bad.submitJob(job)).rejects.toMatchObject({ statusCode: 403 });
    // A day of training on the RTX 4090: ceil(0.0000742 USD/s × 86400 s × 3.75 × 100) = 2405 halala.
    const tooDear = c.submitJob({ ...job, jobType: 'training', params: { script: 'print("epoch 1")' }, durationMinutes: 1440 });
    await expect(tooDear).rejects.toBeInstanceOf(APIError);
    await expect(tooDear).rejects.toMatchObject({ statusCode: 402, response: { required_halala: 2405 } });
    await expect(c.submitJob({ ...job, providerId: 999_999 })).rejects.toMatchObject({ statusCode: 404 });
    await expect(c.submitJob({ ...job, durationMinutes: 0 })).rejects.toMatchObject({ statusCode: 400 });
    await expect(new RenterSdk('dc1-provider-x', h.t.url).submitJob(job)).rejects.toBeInstanceOf(AuthError);
  });
});
