import { createHash } from 'node:crypto';
import { ConflictError } from '../domain/errors.js';
import {
  billableUsage,
  estimateTokens,
  type Booking,
  type CompletionRecord,
  type IdempotencyClaim,
  type Reservation,
  type TokenUsage,
} from '../domain/inference.js';
import type { Gateway } from '../gateway.js';
import type { ChatRequest } from './chat-request.js';
import type { RenterCaller } from './credentials.js';
import { envelope, invalidRequest, V1Error } from './envelope.js';
import type { Answer } from './exchange.js';
import { usagePricing } from './pricing.js';
import { dispatch, type DispatchDeps, type Served } from './proxy.js';
import { relayStream, type StreamOutcome } from './stream.js';

/**
 * POST /v1/chat/completions after authentication and validation: idempotent replay, routing with the
 * balance reservation, dispatch, and settlement of what was actually served (after the answer left).
 */

type Json = Record<string, unknown>;

export interface ChatDeps extends DispatchDeps {
  gateway: Gateway;
}

export interface ChatCall {
  caller: RenterCaller;
  /** Looks the caller's key up again (throws the 401 if it no longer holds). */
  recheckCaller(): Promise<unknown>;
  request: ChatRequest;
  requestId: string;
  idempotencyKey: string | undefined;
  rawBody: string;
  /** Headers every answer carries (x-request-id, RateLimit-*). */
  headers: Record<string, string>;
  signal: AbortSignal;
}

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/**
 * What the request is billed for: the provider's token counts where it gave them, estimates from the
 * text where it did not, each capped at what the reservation allowed for.
 */
function billedUsage(reservation: Reservation, reported: Json | undefined, promptText: string, completionText: string): { usage: TokenUsage; source: 'provider' | 'estimated' } {
  const prompt = count(reported?.prompt_tokens);
  const completion = count(reported?.completion_tokens);
  return {
    usage: billableUsage(reservation, { promptTokens: prompt ?? estimateTokens(promptText), completionTokens: completion ?? estimateTokens(completionText) }),
    source: prompt !== undefined && completion !== undefined ? 'provider' : 'estimated',
  };
}

function wireUsage(reported: Json | undefined, usage: TokenUsage, reservation: Reservation): Json {
  return {
    ...reported,
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    pricing: usagePricing(reservation.price, usage),
  };
}

function answerText(json: Json): string {
  const choices = Array.isArray(json.choices) ? (json.choices as Json[]) : [];
  return choices
    .map((choice) => {
      const message = (choice?.message ?? {}) as Json;
      const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as Json[]) : [];
      const args = calls.map((call) => JSON.stringify(call?.function ?? '')).join('');
      return `${typeof message.content === 'string' ? message.content : ''}${args}`;
    })
    .join('');
}

/** Model names come from providers: one that is not a valid header value (line breaks, characters past U+00FF) is sent percent-encoded, never refused by Node mid-answer. */
const headerSafe = (value: string) => (/^[\t\x20-\x7e\x80-\xff]*$/.test(value) ? value : encodeURIComponent(value));

function routingHeaders(booking: Booking, served: Served, routedModel: unknown): Record<string, string> {
  return {
    'x-dcp-provider-id': String(served.candidate.providerId),
    'x-dcp-requested-model-id': headerSafe(booking.model.id),
    'x-dcp-routed-model-id': headerSafe(typeof routedModel === 'string' && routedModel ? routedModel : served.candidate.routedModel),
  };
}

function streamError(outcome: StreamOutcome, limits: { idleTimeoutMs: number; maxDurationMs: number }): V1Error {
  if (outcome.error === 'stalled')
    return new V1Error(504, 'timeout_error', 'upstream_timeout', `Provider stream stalled for more than ${limits.idleTimeoutMs} ms`);
  if (outcome.error === 'too_long')
    return new V1Error(504, 'timeout_error', 'upstream_timeout', `Provider stream ran past the longest allowed duration of ${limits.maxDurationMs} ms`);
  return new V1Error(502, 'upstream_error', 'stream_interrupted', 'Provider stream broke off midway');
}

export class ChatCompletions {
  constructor(private readonly deps: ChatDeps) {}

  private get inference() {
    return this.deps.gateway.domain.inference;
  }

  async handle(call: ChatCall): Promise<Answer> {
    const claim = await this.claim(call);
    if (claim?.kind === 'replay') {
      // A stored answer goes only to a key that still holds.
      if (call.caller.fromCache) await call.recheckCaller();
      return { status: claim.statusCode, headers: { ...claim.headers, ...call.headers, 'Idempotent-Replayed': 'true' }, body: claim.body };
    }
    try {
      return await this.serve(call, claim?.id);
    } catch (err) {
      if (claim) await this.inference.abandonIdempotencyKey(claim.id).catch(() => undefined);
      throw err;
    }
  }

  /** Idempotency-Key applies to non-stream requests: a stream cannot be replayed. */
  private async claim(call: ChatCall): Promise<IdempotencyClaim | undefined> {
    const key = call.idempotencyKey;
    if (key === undefined || call.request.stream) return undefined;
    if (!key || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
      throw invalidRequest('invalid_idempotency_key', `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, 'Idempotency-Key');
    const hash = createHash('sha256').update(call.rawBody).digest('hex');
    return this.inference.claimIdempotencyKey(call.caller, key, hash);
  }

  private async serve(call: ChatCall, idempotencyId: number | undefined): Promise<Answer> {
    const { request } = call;
    const ask = { model: request.model, maxTokens: request.maxTokens, choices: request.choices, prompt: request.prompt };
    const booking = await this.inference.book(call.caller, ask, (candidates) => this.deps.router.order(candidates));
    let served: Served;
    try {
      served = await dispatch(this.deps, request, booking.candidates, call.signal);
    } catch (err) {
      await this.inference.release(booking.reservation);
      throw err;
    }
    if (served.stream) return this.stream(call, booking, served);
    return this.json(call, booking, served, idempotencyId);
  }

  /** Charges the completion once the answer has left; a failure is logged and the sweep gives the reservation back. */
  private settle(reservation: Reservation, completion: CompletionRecord): Promise<void> {
    return this.inference.settleAfterAnswer(reservation, completion, (err) => {
      const expected = err instanceof ConflictError;
      this.deps.gateway.logger[expected ? 'warn' : 'error']({ err, requestId: completion.requestId }, 'v1 settlement failed');
    });
  }

  private async json(call: ChatCall, booking: Booking, served: Served, idempotencyId: number | undefined): Promise<Answer> {
    const { reservation } = booking;
    const answer = served.json as Json;
    const reported = answer.usage && typeof answer.usage === 'object' ? (answer.usage as Json) : undefined;
    const { usage, source } = billedUsage(reservation, reported, call.request.prompt.text, answerText(answer));
    const body = JSON.stringify({ ...answer, usage: wireUsage(reported, usage, reservation) });
    const headers = { 'content-type': 'application/json; charset=utf-8', ...routingHeaders(booking, served, answer.model) };
    await this.settle(reservation, {
      requestId: call.requestId,
      providerId: served.candidate.providerId,
      model: booking.model.id,
      usage,
      usageSource: source,
      stream: false,
      idempotency: idempotencyId === undefined ? undefined : { id: idempotencyId, statusCode: 200, headers, body },
    });
    return { status: 200, headers: { ...headers, ...call.headers }, body };
  }

  private stream(call: ChatCall, booking: Booking, served: Served): Answer {
    const { config } = this.deps;
    const { reservation } = booking;
    const promptText = call.request.prompt.text;
    const limits = { idleTimeoutMs: config.streamIdleTimeoutMs, maxDurationMs: config.maxStreamMs };
    const finish = async (outcome: StreamOutcome): Promise<Json[]> => {
      if (outcome.error) served.lease.failed();
      else served.lease.succeeded(served.latencyMs);
      served.lease.release();
      const { usage, source } = billedUsage(reservation, outcome.usage, promptText, outcome.deliveredText);
      await this.settle(reservation, { requestId: call.requestId, providerId: served.candidate.providerId, model: booking.model.id, usage, usageSource: source, stream: true });
      const events: Json[] = [];
      if (!outcome.usage) {
        const { id, created, model } = outcome.identity;
        events.push({
          id: id ?? `chatcmpl-${call.requestId}`,
          object: 'chat.completion.chunk',
          created: created ?? Math.floor(Date.now() / 1000),
          model: model ?? served.candidate.routedModel,
          choices: [],
          usage: wireUsage(undefined, usage, reservation),
        });
      }
      if (outcome.error) events.push(envelope(streamError(outcome, limits)));
      return events;
    };
    const body = relayStream(served.stream!, limits, {
      usage: (reported, deliveredText) => wireUsage(reported, billedUsage(reservation, reported, promptText, deliveredText).usage, reservation),
      finish,
    });
    return {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        ...routingHeaders(booking, served, undefined),
        ...call.headers,
      },
      body,
    };
  }
}
