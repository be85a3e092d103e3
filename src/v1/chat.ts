import { createHash } from 'node:crypto';
import {
  estimateTokens,
  type IdempotencyClaim,
  type Reservation,
  type RoutePlan,
  type TokenPrice,
  type TokenUsage,
} from '../domain/inference.js';
import type { Gateway } from '../gateway.js';
import type { ChatRequest } from './chat-request.js';
import type { RenterPrincipal } from './credentials.js';
import { envelope, invalidRequest, V1Error } from './envelope.js';
import { usagePricing } from './pricing.js';
import { dispatch, type DispatchDeps, type Served } from './proxy.js';
import { relayStream, type StreamOutcome } from './stream.js';

/**
 * POST /v1/chat/completions after authentication and validation: idempotent replay, routing, the
 * balance reservation, dispatch, and settlement of what was actually served.
 */

type Json = Record<string, unknown>;

export interface ChatDeps extends DispatchDeps {
  gateway: Gateway;
}

export interface ChatCall {
  principal: RenterPrincipal;
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

/** The provider's token counts where it gave them, estimates from the text where it did not. */
function usageOf(reported: Json | undefined, promptText: string, completionText: string): { usage: TokenUsage; source: 'provider' | 'estimated' } {
  const prompt = count(reported?.prompt_tokens);
  const completion = count(reported?.completion_tokens);
  return {
    usage: { promptTokens: prompt ?? estimateTokens(promptText), completionTokens: completion ?? estimateTokens(completionText) },
    source: prompt !== undefined && completion !== undefined ? 'provider' : 'estimated',
  };
}

function wireUsage(reported: Json | undefined, usage: TokenUsage, price: TokenPrice): Json {
  return {
    ...reported,
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    pricing: usagePricing(price, usage),
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

function routingHeaders(plan: RoutePlan, served: Served, routedModel: unknown): Record<string, string> {
  return {
    'x-dcp-provider-id': String(served.candidate.providerId),
    'x-dcp-requested-model-id': plan.model.id,
    'x-dcp-routed-model-id': typeof routedModel === 'string' && routedModel ? routedModel : served.candidate.routedModel,
  };
}

function streamError(outcome: StreamOutcome, idleTimeoutMs: number): V1Error {
  return outcome.error === 'stalled'
    ? new V1Error(504, 'timeout_error', 'upstream_timeout', `Provider stream stalled for more than ${idleTimeoutMs} ms`)
    : new V1Error(502, 'upstream_error', 'stream_interrupted', 'Provider stream broke off midway');
}

export class ChatCompletions {
  constructor(private readonly deps: ChatDeps) {}

  private get inference() {
    return this.deps.gateway.domain.inference;
  }

  async handle(call: ChatCall): Promise<Response> {
    const claim = await this.claim(call);
    if (claim?.kind === 'replay')
      return new Response(claim.body, { status: claim.statusCode, headers: { ...claim.headers, ...call.headers, 'Idempotent-Replayed': 'true' } });
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
    return this.inference.claimIdempotencyKey(call.principal, key, hash);
  }

  private async serve(call: ChatCall, idempotencyId: number | undefined): Promise<Response> {
    const { request } = call;
    const plan = await this.inference.plan(request.model, request.maxTokens);
    const ordered = this.deps.router.order(plan.candidates);
    const completionCap = (request.maxTokens ?? plan.model.contextLength) * request.choices;
    const reservation = await this.inference.reserve(call.principal, this.inference.reservationFor(plan.model.price, request.promptText, completionCap));
    let served: Served;
    try {
      served = await dispatch(this.deps, request, ordered, call.signal);
    } catch (err) {
      await this.inference.release(reservation);
      throw err;
    }
    if (served.stream) return this.stream(call, plan, served, reservation);
    return this.json(call, plan, served, reservation, idempotencyId);
  }

  private async json(call: ChatCall, plan: RoutePlan, served: Served, reservation: Reservation, idempotencyId: number | undefined): Promise<Response> {
    const answer = served.json as Json;
    const reported = answer.usage && typeof answer.usage === 'object' ? (answer.usage as Json) : undefined;
    const { usage, source } = usageOf(reported, call.request.promptText, answerText(answer));
    const body = JSON.stringify({ ...answer, usage: wireUsage(reported, usage, plan.model.price) });
    const headers = { 'content-type': 'application/json; charset=utf-8', ...routingHeaders(plan, served, answer.model) };
    await this.inference.settle(reservation, {
      requestId: call.requestId,
      providerId: served.candidate.providerId,
      model: plan.model.id,
      price: plan.model.price,
      usage,
      usageSource: source,
      stream: false,
      idempotency: idempotencyId === undefined ? undefined : { id: idempotencyId, statusCode: 200, headers, body },
    });
    return new Response(body, { status: 200, headers: { ...headers, ...call.headers } });
  }

  private stream(call: ChatCall, plan: RoutePlan, served: Served, reservation: Reservation): Response {
    const { config, gateway } = this.deps;
    const price = plan.model.price;
    const finish = async (outcome: StreamOutcome): Promise<Json[]> => {
      if (outcome.error) served.lease.failed();
      else served.lease.succeeded(served.latencyMs);
      served.lease.release();
      const { usage, source } = usageOf(outcome.usage, call.request.promptText, outcome.deliveredText);
      await this.inference
        .settle(reservation, { requestId: call.requestId, providerId: served.candidate.providerId, model: plan.model.id, price, usage, usageSource: source, stream: true })
        .catch((err) => gateway.logger.error({ err, requestId: call.requestId }, 'v1 stream settlement failed'));
      const events: Json[] = [];
      if (!outcome.usage) {
        const { id, created, model } = outcome.identity;
        events.push({
          id: id ?? `chatcmpl-${call.requestId}`,
          object: 'chat.completion.chunk',
          created: created ?? Math.floor(Date.now() / 1000),
          model: model ?? served.candidate.routedModel,
          choices: [],
          usage: wireUsage(undefined, usage, price),
        });
      }
      if (outcome.error) events.push(envelope(streamError(outcome, config.streamIdleTimeoutMs)));
      return events;
    };
    const body = relayStream(served.stream!, config.streamIdleTimeoutMs, {
      pricing: (reported) => usagePricing(price, usageOf(reported, call.request.promptText, '').usage),
      finish,
    });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        ...routingHeaders(plan, served, undefined),
        ...call.headers,
      },
    });
  }
}
