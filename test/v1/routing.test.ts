import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { inferenceUsage } from '../../src/db/schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gate } from '../helpers/eventually.js';
import { storeName } from '../helpers/index.js';
import { PROVIDER_CONTENT } from './fake-provider.js';
import { dataLines, sseText, startV1, type V1Harness } from './support.js';

/** The gateway's own timers (real time): how long it waits for a provider's first byte, and between chunks. */
const UPSTREAM_TIMEOUT_MS = 400;
const STREAM_IDLE_MS = 300;
/** On the gateway's clock, which the test moves: the breaker reopens only when the test says so. */
const BREAKER_COOLDOWN_MS = 30_000;
const DEAD_ENDPOINT = { url: 'http://127.0.0.1:1' };

let modelSeq = 0;
/** Each test routes its own model, so providers of other tests never join in. */
const freshModel = () => `route/model-${++modelSeq}b`;
const ask = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user' as const, content: 'hi' }], ...extra });

describe(`/v1 routing, failover and streaming (${storeName})`, () => {
  let h: V1Harness;
  let renter: { id: number; key: string };
  let sdk: OpenAI;
  /** The gateway's clock runs with real time, plus whatever the test has moved it on by. */
  let clockOffsetMs = 0;
  /** Providers that never answer are held by this gate until the file is done. */
  const unanswered = gate();

  const post = (body: unknown) => h.t.fetchJson('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${renter.key}` }, json: body });

  beforeAll(async () => {
    h = await startV1(
      {
        DCP_V1_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
        DCP_V1_STREAM_IDLE_TIMEOUT_MS: String(STREAM_IDLE_MS),
        DCP_V1_BREAKER_FAILURES: '2',
        DCP_V1_BREAKER_COOLDOWN_MS: String(BREAKER_COOLDOWN_MS),
        DCP_PROVIDER_MAX_INFLIGHT: '1',
      },
      () => new Date(Date.now() + clockOffsetMs),
    );
    renter = await h.renter(100_000);
    sdk = h.openai(renter.key);
  });
  afterAll(async () => {
    unanswered.open();
    await h?.close();
  });

  describe('failover before the first byte', () => {
    it('moves a JSON request from a provider answering 502 to the next one', async () => {
      const model = freshModel();
      const broken = await h.fake({ kind: 'status', status: 502 });
      const healthy = await h.fake({ kind: 'json' });
      await h.provider(broken, [model]);
      const fallback = await h.provider(healthy, [model]);
      const { data, response } = await sdk.chat.completions.create(ask(model)).withResponse();
      expect(data.choices[0].message.content).toBe(PROVIDER_CONTENT);
      expect(response.headers.get('x-dcp-provider-id')).toBe(String(fallback.id));
      expect([broken.hits, healthy.hits]).toEqual([1, 1]);
    });

    it('moves a stream from a 502 to a provider that sends no [DONE], and still ends with exactly one', async () => {
      const model = freshModel();
      const broken = await h.fake({ kind: 'status', status: 502 });
      const noDone = await h.fake({ kind: 'sse', dones: 0 });
      await h.provider(broken, [model]);
      const fallback = await h.provider(noDone, [model]);
      const res = await sseText(h.t.url, renter.key, ask(model, { stream: true }));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-dcp-provider-id')).toBe(String(fallback.id));
      const data = dataLines(res.text);
      expect(data.filter((d) => d === '[DONE]')).toHaveLength(1);
      expect(data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '').join('')).toBe('Marhaba');
    });

    it('moves on from a refused connection', async () => {
      const model = freshModel();
      await h.provider(DEAD_ENDPOINT, [model]);
      const healthy = await h.fake({ kind: 'json' });
      const fallback = await h.provider(healthy, [model]);
      const res = await post(ask(model));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-dcp-provider-id')).toBe(String(fallback.id));
    });

    it('moves on from a provider slower than the upstream timeout', async () => {
      const model = freshModel();
      const slow = await h.fake({ kind: 'slow', until: unanswered.promise });
      const healthy = await h.fake({ kind: 'json' });
      await h.provider(slow, [model]);
      const fallback = await h.provider(healthy, [model]);
      const res = await post(ask(model));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-dcp-provider-id')).toBe(String(fallback.id));
    });

    it('repeats a request whose pooled connection the provider had closed, without blaming the provider', async () => {
      const model = freshModel();
      const fake = await h.fake({ kind: 'json' });
      await h.provider(fake, [model]);
      expect((await post(ask(model))).status).toBe(200);
      fake.dropNextReusedConnection = true;
      expect((await post(ask(model))).status).toBe(200);
      expect(fake.dropNextReusedConnection).toBe(false);
      expect(fake.hits).toBe(2);
    });

    it('answers 503 provider_unavailable when every provider fails, trying at most three', async () => {
      const model = freshModel();
      const fakes = await Promise.all([1, 2, 3, 4].map(() => h.fake({ kind: 'status', status: 502 })));
      for (const fake of fakes) await h.provider(fake, [model]);
      const balance = await h.balance(renter.id);
      const err = await sdk.chat.completions.create(ask(model)).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.InternalServerError);
      expect(err.status).toBe(503);
      expect(err.error).toMatchObject({ type: 'upstream_error', code: 'provider_unavailable', retryable: true });
      expect(err.error.details.attempts).toHaveLength(3);
      expect(fakes.map((f) => f.hits)).toEqual([1, 1, 1, 0]);
      expect(await h.balance(renter.id)).toBe(balance);
    });

    it('answers 504 upstream_timeout when the first provider timed out and the rest failed too', async () => {
      const model = freshModel();
      const slow = await h.fake({ kind: 'slow', until: unanswered.promise });
      const broken = await h.fake({ kind: 'status', status: 503 });
      await h.provider(slow, [model]);
      await h.provider(broken, [model]);
      const res = await post(ask(model));
      expect(res.status).toBe(504);
      expect(res.body.error).toMatchObject({ type: 'timeout_error', code: 'upstream_timeout', retryable: true });
    });

    it('returns a provider 400 caused by the request (context too long) without retrying or billing', async () => {
      const model = freshModel();
      const strict = await h.fake({ kind: 'context-too-long' });
      const other = await h.fake({ kind: 'json' });
      await h.provider(strict, [model]);
      await h.provider(other, [model]);
      const balance = await h.balance(renter.id);
      const err = await sdk.chat.completions.create(ask(model)).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.code).toBe('context_length_exceeded');
      expect(err.message).toMatch(/maximum context length is 4096 tokens/);
      expect([strict.hits, other.hits]).toEqual([1, 0]);
      expect(await h.balance(renter.id)).toBe(balance);
    });
  });

  describe('provider health', () => {
    it('sends traffic to the healthy provider once another has failed', async () => {
      const model = freshModel();
      const flaky = await h.fake({ kind: 'status', status: 500 });
      const healthy = await h.fake({ kind: 'json' });
      await h.provider(flaky, [model]);
      await h.provider(healthy, [model]);
      for (let i = 0; i < 4; i++) expect((await post(ask(model))).status).toBe(200);
      expect(flaky.hits).toBe(1);
      expect(healthy.hits).toBe(4);
    });

    it('opens the circuit after consecutive failures, then lets one probe through after the cooldown', async () => {
      const model = freshModel();
      const fake = await h.fake({ kind: 'status', status: 502 });
      await h.provider(fake, [model]);
      for (let i = 0; i < 2; i++) expect((await post(ask(model))).status).toBe(503);
      expect(fake.hits).toBe(2);

      const blocked = await post(ask(model));
      expect(blocked.status).toBe(503);
      expect(blocked.body.error).toMatchObject({ code: 'provider_unavailable' });
      expect(blocked.headers.get('retry-after')).toBe(String(BREAKER_COOLDOWN_MS / 1000));
      expect(fake.hits).toBe(2);

      fake.behaviour = { kind: 'json' };
      clockOffsetMs += BREAKER_COOLDOWN_MS - 1_000;
      expect((await post(ask(model))).status).toBe(503);
      expect(fake.hits).toBe(2);
      clockOffsetMs += 1_000;
      expect((await post(ask(model))).status).toBe(200);
      expect((await post(ask(model))).status).toBe(200);
      expect(fake.hits).toBe(4);
    });

    it('answers 503 all_providers_busy with Retry-After when every provider is at its in-flight cap', async () => {
      const model = freshModel();
      const held = gate();
      const slowish = await h.fake({ kind: 'json', gate: held.promise });
      await h.provider(slowish, [model]);
      const first = post(ask(model));
      await eventually(() => slowish.hits === 1, 'the first request to reach the provider');
      const second = await post(ask(model));
      expect(second.status).toBe(503);
      expect(second.body.error).toMatchObject({ type: 'server_error', code: 'all_providers_busy', retryable: true });
      expect(second.headers.get('retry-after')).toBe('5');
      held.open();
      expect((await first).status).toBe(200);
    });

    it('only routes to providers that heartbeat, are approved, not paused and not suspended', async () => {
      const model = freshModel();
      const fake = await h.fake({ kind: 'json' });
      const p = await h.provider(fake, [model]);
      const { domain } = h.t.gateway;
      await domain.providers.suspend({ kind: 'admin' }, p.id);
      expect((await post(ask(model))).body.error.code).toBe('model_not_served');
      await domain.providers.unsuspend({ kind: 'admin' }, p.id);
      const principal = await domain.principal(p.key);
      await domain.providers.heartbeat(principal!, {});
      expect((await post(ask(model))).status).toBe(200);
      await domain.providers.pause(principal!);
      expect((await post(ask(model))).body.error.code).toBe('model_not_served');
      expect(fake.hits).toBe(1);
    });

    it('matches cached models by normalised id and sends the provider its own spelling', async () => {
      const fake = await h.fake({ kind: 'json' });
      await h.provider(fake, ['qwen3:8b-q4_K_M']);
      const res = await post(ask('Qwen/Qwen3-8B'));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-dcp-routed-model-id')).toBe('qwen3:8b-q4_K_M');
      expect(fake.requests[0].model).toBe('qwen3:8b-q4_K_M');
    });
  });

  describe('streaming', () => {
    it.each([0, 1, 2] as const)('ends with exactly one [DONE] when the provider sends %i', async (dones) => {
      const model = freshModel();
      await h.provider(await h.fake({ kind: 'sse', dones }), [model]);
      const res = await sseText(h.t.url, renter.key, ask(model, { stream: true }));
      const data = dataLines(res.text);
      expect(data.filter((d) => d === '[DONE]')).toHaveLength(1);
      expect(data.at(-1)).toBe('[DONE]');
      const usage = data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d)).find((c) => c.usage)?.usage;
      expect(usage.pricing).toMatchObject({ currency: 'USD', usd_total: expect.stringMatching(/^\d+\.\d{6}$/) });
    });

    it('passes the first chunk through before the provider has sent the rest', async () => {
      const model = freshModel();
      let release!: () => void;
      const fake = await h.fake({ kind: 'sse', afterFirstChunk: new Promise<void>((resolve) => (release = resolve)) });
      await h.provider(fake, [model]);
      const stream = await sdk.chat.completions.create(ask(model, { stream: true }) as OpenAI.ChatCompletionCreateParamsStreaming);
      const chunks: string[] = [];
      for await (const chunk of stream) {
        chunks.push(chunk.choices[0]?.delta?.content ?? '');
        if (chunks.length === 1) release();
      }
      expect(chunks.join('')).toBe('Marhaba');
    });

    it('bills estimated tokens and adds a usage chunk when the provider reports no usage', async () => {
      const model = freshModel();
      await h.provider(await h.fake({ kind: 'sse', usage: false }), [model]);
      const r = await h.renter(1_000);
      // A large cap makes the reservation (4 halala) differ from the cost, so the balance shows the settlement.
      const res = await sseText(h.t.url, r.key, ask(model, { stream: true, max_tokens: 50_000 }));
      const chunks = dataLines(res.text).filter((d) => d !== '[DONE]').map((d) => JSON.parse(d));
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 2, pricing: { currency: 'USD' } } });
      expect(await h.balance(r.id)).toBe(998);
      expect(await h.ledger(`renter:${r.id}`)).toBe(998);
    });

    it('ends a stream that breaks midway with an error event and [DONE], bills what was delivered, and keeps serving', async () => {
      const model = freshModel();
      const fake = await h.fake({ kind: 'dies-midway' });
      const p = await h.provider(fake, [model]);
      const r = await h.renter(1_000);
      const res = await sseText(h.t.url, r.key, ask(model, { stream: true, max_tokens: 50_000 }));
      expect(res.status).toBe(200);
      const data = dataLines(res.text);
      expect(data.at(-1)).toBe('[DONE]');
      expect(data.filter((d) => d === '[DONE]')).toHaveLength(1);
      expect(JSON.parse(data.at(-2)!)).toMatchObject({ error: { type: 'upstream_error', code: 'stream_interrupted', retryable: true } });
      expect(JSON.parse(data[0]).choices[0].delta.content).toBe('Mar');
      expect(await h.balance(r.id)).toBe(998);
      expect(await h.earnings(p.id)).toBe(1);

      const err = await (async () => {
        const stream = await h.openai(r.key).chat.completions.create(ask(model, { stream: true }) as OpenAI.ChatCompletionCreateParamsStreaming);
        for await (const _ of stream);
      })().catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);

      // Two broken streams opened the breaker on this provider; the model is still served by another.
      const healthy = await h.fake({ kind: 'json' });
      const other = await h.provider(healthy, [model]);
      const after = await post(ask(model));
      expect(after.status).toBe(200);
      expect(after.headers.get('x-dcp-provider-id')).toBe(String(other.id));
    });

    it('bills what was delivered when the client goes away mid-stream, and frees the provider slot', async () => {
      const model = freshModel();
      const fake = await h.fake({ kind: 'sse', afterFirstChunk: new Promise<void>(() => undefined) });
      await h.provider(fake, [model]);
      const r = await h.renter(1_000);
      const abort = new AbortController();
      const res = await fetch(`${h.t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${r.key}`, 'content-type': 'application/json', 'x-request-id': 'gone-midway' },
        body: JSON.stringify(ask(model, { stream: true })),
        signal: abort.signal,
      });
      const reader = res.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('Mar');
      abort.abort();
      const { db } = h.t.gateway.store;
      await eventually(async () => (await db.select().from(inferenceUsage).where(eq(inferenceUsage.requestId, 'gone-midway'))).length, 'the abandoned stream to be billed');
      // "user: hi" (2 tokens) and "Mar" (1 token): one halala per side.
      expect(await h.balance(r.id)).toBe(998);
      fake.behaviour = { kind: 'json' };
      expect((await post(ask(model))).status).toBe(200);
    });

    it('ends a stream that stalls past the idle timeout with an upstream_timeout event and [DONE]', async () => {
      const model = freshModel();
      await h.provider(await h.fake({ kind: 'stalls-midway' }), [model]);
      const res = await sseText(h.t.url, renter.key, ask(model, { stream: true }));
      const data = dataLines(res.text);
      expect(data.at(-1)).toBe('[DONE]');
      expect(JSON.parse(data.at(-2)!)).toMatchObject({ error: { type: 'timeout_error', code: 'upstream_timeout' } });
    });
  });
});
