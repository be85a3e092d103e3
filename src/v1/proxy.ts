import type { V1Config } from '../config.js';
import type { Candidate } from '../domain/inference.js';
import type { ChatRequest } from './chat-request.js';
import { V1Error } from './envelope.js';
import type { Metrics } from '../observability/metrics.js';
import type { Lease, ProviderRouter } from './routing.js';
import { chatCompletionsUrl, UpstreamFailure, type UpstreamClient, type UpstreamResponse } from './upstream.js';

/**
 * Dispatch with failover before the first byte (docs/decisions.md#v1-requests): up to `maxAttempts` (three)
 * providers in turn; timeouts, connection errors, 5xx and unusable answers move on to the next one,
 * while a provider's 4xx caused by the request itself (context too long, bad parameter) goes straight
 * back to the client.
 */

/** Provider statuses that blame the request, not the provider: returned to the client, never retried. */
const CLIENT_CAUSED = new Set([400, 413, 422]);

type Json = Record<string, unknown>;

export interface Served {
  candidate: Candidate;
  /** The provider's JSON answer (non-stream requests). */
  json?: Json;
  /** The provider's committed SSE response (stream requests); the caller owns the lease until it ends. */
  stream?: UpstreamResponse;
  lease: Lease;
  latencyMs: number;
}

interface Attempt {
  providerId: number;
  failure: UpstreamFailure;
}

export interface DispatchDeps {
  config: V1Config;
  router: ProviderRouter;
  client: UpstreamClient;
  /** Per-provider attempt durations and outcomes (/metrics). */
  metrics?: Metrics;
}

function upstreamPayload(request: ChatRequest, routedModel: string): string {
  const body: Json = { ...request.body, model: routedModel };
  // Ask for the provider's own token counts so a stream is billed on them rather than on an estimate.
  if (request.stream && body.stream_options === undefined) body.stream_options = { include_usage: true };
  return JSON.stringify(body);
}

/** The provider's explanation of a 4xx, in the envelope, with its status. */
function rejectedByProvider(status: number, text: string): V1Error {
  let message = text.slice(0, 500) || `Provider rejected the request (HTTP ${status})`;
  let code = 'upstream_invalid_request';
  try {
    const parsed = JSON.parse(text) as Json;
    const err = (typeof parsed.error === 'object' && parsed.error ? parsed.error : parsed) as Json;
    if (typeof err.message === 'string') message = err.message;
    else if (typeof parsed.error === 'string') message = parsed.error;
    if (typeof err.code === 'string' && /^[a-z0-9_]{1,64}$/.test(err.code)) code = err.code;
  } catch {
    // Not JSON: the raw text is the message.
  }
  return new V1Error(status, 'invalid_request_error', code, message, { provider_status: status });
}

/** The provider's chat URL; an endpoint that is not a URL is the provider's failure, like one that does not answer. */
function providerUrl(candidate: Candidate): URL {
  try {
    return chatCompletionsUrl(candidate.endpointUrl);
  } catch {
    throw new UpstreamFailure('connection', 'provider endpoint is not a valid URL');
  }
}

async function attempt(deps: DispatchDeps, payload: string, request: ChatRequest, candidate: Candidate, lease: Lease, signal: AbortSignal): Promise<Served> {
  const started = performance.now();
  const res = await deps.client.post(providerUrl(candidate), payload, {
    timeoutMs: deps.config.upstreamTimeoutMs,
    signal,
    accept: request.stream ? 'text/event-stream' : 'application/json',
  });
  const latencyMs = performance.now() - started;
  if (CLIENT_CAUSED.has(res.status)) {
    const rejection = rejectedByProvider(res.status, await deps.client.readAll(res));
    // The provider did its job: it judged the request.
    lease.succeeded(latencyMs);
    throw rejection;
  }
  if (res.status < 200 || res.status >= 300) {
    deps.client.drain(res);
    throw new UpstreamFailure('connection', `provider answered HTTP ${res.status}`);
  }
  if (request.stream) {
    if (!res.contentType.includes('text/event-stream')) {
      deps.client.drain(res);
      throw new UpstreamFailure('invalid_response', `provider answered ${res.contentType || 'no content type'} to a stream request`);
    }
    res.clearDeadline();
    return { candidate, stream: res, lease, latencyMs };
  }
  const json = parseCompletion(await deps.client.readAll(res));
  return { candidate, json, lease, latencyMs };
}

function parseCompletion(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UpstreamFailure('invalid_response', 'provider answered with a body that is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as Json).choices))
    throw new UpstreamFailure('invalid_response', 'provider answered without choices');
  return parsed as Json;
}

function exhausted(attempts: Attempt[]): V1Error {
  const primary = attempts[0].failure;
  const details = { attempts: attempts.map((a) => ({ provider_id: a.providerId, error: a.failure.message })) };
  const message = `Provider failover exhausted after initial error: ${primary.message}`;
  return primary.reason === 'timeout'
    ? new V1Error(504, 'timeout_error', 'upstream_timeout', message, { details })
    : new V1Error(503, 'upstream_error', 'provider_unavailable', message, { details });
}

/**
 * Tries the ordered candidates until one answers. A stream is returned as soon as its headers arrive
 * (nothing has reached the client yet, so earlier failures were invisible to it). Only a failure of the
 * provider (no connection, a timeout, a 5xx, an unusable answer) counts against its circuit breaker:
 * the payload is built before a provider slot is taken, and an error of the gateway's own passes
 * through without blaming anyone, so no request can open the breaker that every renter shares.
 */
export async function dispatch(deps: DispatchDeps, request: ChatRequest, ordered: Candidate[], signal: AbortSignal): Promise<Served> {
  const attempts: Attempt[] = [];
  for (const candidate of ordered) {
    if (attempts.length === deps.config.maxAttempts) break;
    const payload = upstreamPayload(request, candidate.routedModel);
    const lease = deps.router.acquire(candidate.providerId);
    if (!lease) continue;
    const started = performance.now();
    try {
      const served = await attempt(deps, payload, request, candidate, lease, signal);
      deps.metrics?.upstream(candidate.providerId, 'ok', served.latencyMs / 1000);
      if (!served.stream) {
        lease.succeeded(served.latencyMs);
        lease.release();
      }
      return served;
    } catch (err) {
      const outcome = err instanceof UpstreamFailure ? err.reason : err instanceof V1Error ? 'rejected' : undefined;
      if (outcome) deps.metrics?.upstream(candidate.providerId, outcome, (performance.now() - started) / 1000);
      if (err instanceof UpstreamFailure && err.reason !== 'client_gone') lease.failed();
      lease.release();
      if (!(err instanceof UpstreamFailure) || err.reason === 'client_gone') throw err;
      attempts.push({ providerId: candidate.providerId, failure: err });
    }
  }
  if (!attempts.length) throw new V1Error(503, 'server_error', 'all_providers_busy', 'Every provider serving this model is busy; retry shortly', {}, { 'Retry-After': '5' });
  throw exhausted(attempts);
}
