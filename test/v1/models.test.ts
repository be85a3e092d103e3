import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../../src/db/schema.js';
import { DEFAULT_MODELS } from '../../src/domain/models.js';
import { storeName } from '../helpers/index.js';
import { startV1, type V1Harness } from './support.js';

const PRICE_STRING = /^\d+\.\d+$/;

describe(`/v1/models (${storeName})`, () => {
  let h: V1Harness;

  beforeAll(async () => {
    h = await startV1();
    await h.model('acme/free-1b', 0, 0);
    const fake = await h.fake({ kind: 'json' });
    await h.provider(fake, ['meta-llama/Meta-Llama-3-8B-Instruct', 'community/solo-3b']);
    await h.provider(fake, ['Meta-Llama-3-8B-Instruct']);
    const stale = await h.provider(fake, ['community/stale-7b']);
    // Test setup only: a provider whose last heartbeat is older than the offline threshold.
    await h.t.gateway.store.db.update(providers).set({ lastHeartbeat: new Date(Date.now() - 3600_000) }).where(eq(providers.id, stale.id));
  });
  afterAll(() => h?.close());

  it('lists the registry, without authentication, in the contract shape and key order', async () => {
    const res = await h.t.fetchJson('/v1/models');
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('list');
    const ids = res.body.data.map((m: any) => m.id);
    for (const m of DEFAULT_MODELS) expect(ids).toContain(m.modelId);
    const first = res.body.data[0];
    expect(Object.keys(first).slice(0, 10)).toEqual([
      'id',
      'name',
      'created',
      'modalities',
      'context_length',
      'max_output_tokens',
      'quantization',
      'pricing',
      'capability_flags',
      'supported_features',
    ]);
    expect(first).toMatchObject({
      object: 'model',
      provider_priority: ['dcp'],
      parameter_count: null,
      architecture: { instruct_type: 'instruct', modality: 'text' },
      endpoints: [{ url: `${h.t.url}/v1/chat/completions`, type: 'chat' }],
    });
  });

  it('shows the billed per-token prices, never zero for a priced model', async () => {
    const res = await h.t.fetchJson('/v1/models/meta-llama/Meta-Llama-3-8B-Instruct');
    expect(res.status).toBe(200);
    const { pricing } = res.body;
    for (const value of Object.values(pricing).filter((v) => typeof v === 'string')) expect(value).toMatch(PRICE_STRING);
    // 94 and 188 halala per 1M tokens at 375 halala per USD.
    expect(pricing).toMatchObject({
      prompt_tokens: '0.000000250667',
      completion_tokens: '0.000000501333',
      usd_per_1m_input_tokens: '0.250667',
      usd_per_1m_output_tokens: '0.501333',
    });
  });

  it('applies the non-zero default price to a model registered with none', async () => {
    const res = await h.t.fetchJson('/v1/models/acme/free-1b');
    expect(Number(res.body.pricing.prompt_tokens)).toBeGreaterThan(0);
    expect(Number(res.body.pricing.completion_tokens)).toBeGreaterThan(0);
  });

  it('counts online providers per model, matching cached names loosely', async () => {
    const res = await h.t.fetchJson('/v1/models/meta-llama/Meta-Llama-3-8B-Instruct');
    expect(res.body.provider_count).toBe(2);
    const unserved = await h.t.fetchJson('/v1/models/google/gemma-2b');
    expect(unserved.body.provider_count).toBe(0);
  });

  it('adds models that only online providers report, and leaves out offline ones', async () => {
    const res = await h.t.fetchJson('/v1/models');
    const solo = res.body.data.find((m: any) => m.id === 'community/solo-3b');
    expect(solo).toMatchObject({ provider_count: 1, pricing: { prompt_tokens: expect.stringMatching(PRICE_STRING) } });
    expect(res.body.data.find((m: any) => m.id === 'community/stale-7b')).toBeUndefined();
  });

  it('answers an unknown model id with 404 model_not_found in the envelope', async () => {
    const res = await h.t.fetchJson('/v1/models/nobody/knows');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', status: 404, retryable: false });
  });

  it('is readable through the OpenAI SDK', async () => {
    const r = await h.renter(10);
    const list = await h.openai(r.key).models.list();
    expect(list.data.length).toBeGreaterThanOrEqual(DEFAULT_MODELS.length);
    const one = await h.openai(r.key).models.retrieve('microsoft/phi-2');
    expect(one.id).toBe('microsoft/phi-2');
  });
});
