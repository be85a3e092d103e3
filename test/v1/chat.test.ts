import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeName } from '../helpers/index.js';
import { PROVIDER_CONTENT, PROVIDER_USAGE, type FakeProvider } from './fake-provider.js';
import { dataLines, sseText, startV1, type V1Harness } from './support.js';

const MODEL = 'acme/chat-7b';

describe(`/v1/chat/completions with the OpenAI SDK (${storeName})`, () => {
  let h: V1Harness;
  let fake: FakeProvider;
  let renter: { id: number; key: string };
  let provider: { id: number; key: string };

  beforeAll(async () => {
    h = await startV1();
    await h.model(MODEL, 30, 60);
    fake = await h.fake({ kind: 'json' });
    provider = await h.provider(fake, ['Acme/Chat-7B']);
    renter = await h.renter(10_000);
  });
  afterAll(() => h?.close());

  it('answers a non-stream completion with the provider content, usage priced and routing headers', async () => {
    const { data, response } = await h
      .openai(renter.key)
      .chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hello' }], max_tokens: 50 })
      .withResponse();
    expect(data.choices[0].message.content).toBe(PROVIDER_CONTENT);
    expect(data.usage).toMatchObject({ ...PROVIDER_USAGE, pricing: { currency: 'USD', usd_prompt: '0.002667', usd_completion: '0.002667', usd_total: '0.005333' } });
    expect(response.headers.get('x-dcp-provider-id')).toBe(String(provider.id));
    expect(response.headers.get('x-dcp-requested-model-id')).toBe(MODEL);
    expect(response.headers.get('x-dcp-routed-model-id')).toBe('Acme/Chat-7B');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(fake.requests.at(-1)).toMatchObject({ model: 'Acme/Chat-7B', max_tokens: 50 });
  });

  it('bills the completion per token through the ledger: renter debited, provider earns 75 %', async () => {
    const r = await h.renter(1_000);
    const earnedBefore = await h.earnings(provider.id);
    await h.openai(r.key).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 });
    // 8 prompt tokens at 30/1M and 4 completion tokens at 60/1M: one halala per side, rounded up.
    expect(await h.balance(r.id)).toBe(998);
    expect(await h.ledger(`renter:${r.id}`)).toBe(998);
    expect((await h.earnings(provider.id)) - earnedBefore).toBe(1);
  });

  it('echoes the caller x-request-id', async () => {
    const res = await h.t.fetchJson('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${renter.key}`, 'x-request-id': 'trace-123' },
      json: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('accepts the renter key as x-renter-key and as ?key=', async () => {
    const body = { model: MODEL, messages: [{ role: 'user', content: 'hi' }] };
    const viaHeader = await h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { 'x-renter-key': renter.key }, json: body });
    const viaQuery = await h.t.fetchJson(`/v1/chat/completions?key=${renter.key}`, { method: 'POST', json: body });
    expect([viaHeader.status, viaQuery.status]).toEqual([200, 200]);
  });

  it('streams through the SDK, with usage and pricing on the final chunk', async () => {
    fake.behaviour = { kind: 'sse', chunks: ['Mar', 'haba'] };
    try {
      const stream = await h.openai(renter.key).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('Marhaba');
      expect(chunks.at(-1)?.usage).toMatchObject({ ...PROVIDER_USAGE, pricing: { usd_total: '0.005333' } });
      expect(fake.requests.at(-1)?.stream_options).toEqual({ include_usage: true });
    } finally {
      fake.behaviour = { kind: 'json' };
    }
  });

  it('passes tools and tool_choice through unchanged and returns the tool call', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'weather', description: 'Weather <b>now</b>', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const res = await h.openai(renter.key).chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'user', content: 'Weather in Riyadh? if a<b and c>d' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_0', content: '{"temp":40}' },
      ],
      tools,
      tool_choice: 'auto',
      stop: ['</tool>'],
      top_p: 0.9,
      seed: 7,
      user: 'u-1',
    });
    expect(res.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'weather', arguments: '{"city":"Riyadh"}' } });
    const sent = fake.requests.at(-1)!;
    expect(sent.tools).toEqual(tools);
    expect(sent).toMatchObject({ tool_choice: 'auto', stop: ['</tool>'], top_p: 0.9, seed: 7, user: 'u-1' });
    expect(sent.messages[0].content).toBe('Weather in Riyadh? if a<b and c>d');
    expect(sent.messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_0', content: '{"temp":40}' });
  });

  it('forwards non-standard tools and tool_choice values exactly as sent', async () => {
    const res = await h.t.fetchJson('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${renter.key}` },
      json: { model: MODEL, messages: [{ role: 'user', content: 'hi' }], tools: { raw: true }, tool_choice: false },
    });
    expect(res.status).toBe(200);
    expect(fake.requests.at(-1)).toMatchObject({ tools: { raw: true }, tool_choice: false });
  });

  it('accepts text content parts', async () => {
    const res = await h.openai(renter.key).chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'part one' }, { type: 'text', text: 'part two' }] }],
    });
    expect(res.choices[0].message.content).toBe(PROVIDER_CONTENT);
    expect(fake.requests.at(-1)?.messages[0].content).toHaveLength(2);
  });

  describe('errors surface as the SDK typed errors', () => {
    it('401 authentication_required without a key', async () => {
      const res = await h.t.fetchJson('/v1/chat/completions', { method: 'POST', json: { model: MODEL, messages: [{ role: 'user', content: 'x' }] } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: { message: expect.any(String), type: 'authentication_error', code: 'authentication_required', status: 401, retryable: false },
      });
    });

    it('401 authentication_invalid_key for an unknown key', async () => {
      const err = await h.openai('dc1-renter-00000000000000000000000000000000').chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(err.status).toBe(401);
      expect(err.code).toBe('authentication_invalid_key');
    });

    it('401 wrong_key_type for a provider key', async () => {
      const err = await h.openai(provider.key).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(err.code).toBe('wrong_key_type');
      expect(err.type).toBe('authentication_error');
    });

    it('401 for a suspended renter', async () => {
      const r = await h.renter(100);
      await h.t.gateway.domain.renters.suspend({ kind: 'admin' }, r.id);
      const err = await h.openai(r.key).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(err.status).toBe(401);
      expect(err.code).toBe('authentication_invalid_key');
    });

    it('401 at once for a key rotated after it was used, whatever else is wrong with the request, and nothing dispatched', async () => {
      const r = await h.renter(1_000);
      const ok = { model: MODEL, messages: [{ role: 'user' as const, content: 'x' }] };
      const first = await h.openai(r.key).chat.completions.create(ok);
      await h.t.gateway.domain.renters.rotateKey({ kind: 'admin' }, r.id);
      const hits = fake.hits;
      const answers = await Promise.all(
        [ok, { ...ok, model: 'nobody/knows-1b' }, { ...ok, temperature: 3 }].map((body) =>
          h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${r.key}` }, json: body }),
        ),
      );
      expect(answers.map((a) => [a.status, a.body.error.code])).toEqual(Array(3).fill([401, 'authentication_invalid_key']));
      expect(fake.hits).toBe(hits);
      expect(await h.balance(r.id)).toBe(1_000 - (first.usage as unknown as { pricing: { halala_total: number } }).pricing.halala_total);
    });

    it('401 at once for a renter suspended after its key was used', async () => {
      const r = await h.renter(1_000);
      const ok = { model: MODEL, messages: [{ role: 'user' as const, content: 'x' }] };
      await h.openai(r.key).chat.completions.create(ok);
      await h.t.gateway.domain.renters.suspend({ kind: 'admin' }, r.id);
      const err = await h.openai(r.key).chat.completions.create(ok).catch((e) => e);
      expect(err.status).toBe(401);
      expect(err.code).toBe('authentication_invalid_key');
    });

    it('404 model_not_found for a model nobody knows', async () => {
      const err = await h.openai(renter.key).chat.completions.create({ model: 'nobody/knows-1b', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.NotFoundError);
      expect(err.code).toBe('model_not_found');
      expect(err.type).toBe('invalid_request_error');
    });

    it('503 model_not_served with alternatives when no online provider has the model', async () => {
      await h.model('acme/chat-13b', 80, 150);
      const res = await h.t.fetchJson('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${renter.key}` },
        json: { model: 'acme/chat-13b', messages: [{ role: 'user', content: 'x' }] },
      });
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ type: 'model_unavailable', code: 'model_not_served', retryable: true });
      expect(res.body.error.alternatives).toEqual([{ model: 'Acme/Chat-7B', reason: 'same_family', provider_count: 1 }]);
    });

    it('402 billing_insufficient_balance with the required and available amounts, before any dispatch', async () => {
      const poor = await h.renter(0);
      const hits = fake.hits;
      const err = await h.openai(poor.key).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }], max_tokens: 100 }).catch((e) => e);
      expect(err.status).toBe(402);
      expect(err.code).toBe('billing_insufficient_balance');
      expect(err.error).toMatchObject({ type: 'billing_error', required_halala: 2, available_halala: 0, retryable: false });
      expect(fake.hits).toBe(hits);
    });

    it.each([
      [{ messages: [{ role: 'user', content: 'x' }] }, 'invalid_request_model_required', 'model'],
      [{ model: MODEL }, 'invalid_request_messages_required', 'messages'],
      [{ model: MODEL, messages: [] }, 'invalid_request_messages_required', 'messages'],
      [{ model: MODEL, messages: [{ role: 'wizard', content: 'x' }] }, 'invalid_request_field', 'messages[0].role'],
      [{ model: MODEL, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }, 'invalid_request_field', 'messages[0].content[0].type'],
      [{ model: MODEL, messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }, 'invalid_request_field', 'max_tokens'],
      [{ model: MODEL, messages: [{ role: 'user', content: 'x' }], max_tokens: 'many' }, 'invalid_request_field', 'max_tokens'],
      [{ model: MODEL, messages: [{ role: 'user', content: 'x' }], max_tokens: 99_999 }, 'invalid_request_field', 'max_tokens'],
      [{ model: MODEL, messages: [{ role: 'user', content: 'x' }], temperature: 3 }, 'invalid_request_field', 'temperature'],
      [{ model: MODEL, messages: [{ role: 'user', content: 'x' }], stream: 'false' }, 'invalid_request_field', 'stream'],
    ])('400 %j -> %s naming %s', async (body, code, param) => {
      const hits = fake.hits;
      const res = await h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${renter.key}` }, json: body });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code, param, status: 400, retryable: false });
      expect(fake.hits).toBe(hits);
    });

    it('400 invalid_json for a malformed body, in the envelope', async () => {
      const res = await h.t.fetchJson('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${renter.key}`, 'content-type': 'application/json' },
        body: '{"model": ',
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    });

    it('413 for an over-size body, in the envelope', async () => {
      const res = await h.t.fetchJson('/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${renter.key}` },
        json: { model: MODEL, messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024 + 10) }] },
      });
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'request_too_large', status: 413 });
    });

    it('404 unknown_url and 405 method_not_allowed on /v1 paths, in the envelope', async () => {
      const unknown = await h.t.fetchJson('/v1/completions', { method: 'POST', json: {} });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({ type: 'invalid_request_error', code: 'unknown_url', status: 404 });
      const wrongMethod = await h.t.fetchJson('/v1/chat/completions');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.body.error).toMatchObject({ code: 'method_not_allowed' });
    });
  });

  it('relays the stream line by line with exactly one [DONE]', async () => {
    fake.behaviour = { kind: 'sse', dones: 2 };
    try {
      const res = await sseText(h.t.url, renter.key, { model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(dataLines(res.text).filter((d) => d === '[DONE]')).toHaveLength(1);
      expect(dataLines(res.text).at(-1)).toBe('[DONE]');
    } finally {
      fake.behaviour = { kind: 'json' };
    }
  });
});

describe(`/v1 routing headers (${storeName})`, () => {
  let h: V1Harness;
  beforeAll(async () => {
    h = await startV1();
  });
  afterAll(() => h?.close());

  it('answers a provider that names its model with characters no header may carry, percent-encoding it in the routing header', async () => {
    const answeredModel = 'Acme/Chat-7B\r\nSet-Cookie: x=1 模型';
    await h.provider(await h.fake({ kind: 'json', answeredModel }), ['Acme/Odd-7B']);
    await h.model('Acme/Odd-7B', 30, 60);
    const renter = await h.renter(10_000);
    const res = await fetch(`${h.t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${renter.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'Acme/Odd-7B', messages: [{ role: 'user', content: 'hello' }], max_tokens: 5 }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-dcp-routed-model-id')).toBe(encodeURIComponent(answeredModel));
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await res.json()).choices[0].message.content).toBe(PROVIDER_CONTENT);
  });
});
