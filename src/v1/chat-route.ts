import { isDatabaseUnavailable } from '../domain/availability.js';
import { fieldName, findInputProblem, findParameterProblem } from '../domain/inputGate.js';
import type { Gateway } from '../gateway.js';
import { requestIdFrom } from '../observability/requestId.js';
import type { ChatCompletions } from './chat.js';
import { parseChatRequest } from './chat-request.js';
import { credentialFrom, type RenterCaller, type RenterKeys } from './credentials.js';
import { errorAnswer, invalidRequest, toV1Error, V1Error } from './envelope.js';
import type { Answer, ChatExchange } from './exchange.js';
import { checkRateLimit } from './rate-limit.js';
import { UpstreamFailure } from './upstream.js';

/**
 * POST /v1/chat/completions from the request's bytes to its answer, whichever face it came through
 * (src/v1/exchange.ts): body (413 beyond the limit), input gate, rate limit, key, validation, then the
 * completion itself (src/v1/chat.ts). Every error leaves in the /v1 envelope.
 */

const refusedField = (param: string, message: string) => invalidRequest('invalid_request_field', `${param}: ${message}`, param);

/**
 * The body as JSON, refused whole when it is malformed and field by field when the input gate finds
 * what no request may carry (docs/input-limits.md): answered before any key, balance or provider is looked at.
 */
export function parseJson(text: string, maxDepth: number): unknown {
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new V1Error(400, 'invalid_request_error', 'invalid_json', `Malformed JSON body: ${(err as Error).message}`);
  }
  const problem = findInputProblem(body, maxDepth);
  if (problem) throw refusedField(fieldName(problem.path, 'bracket'), problem.message);
  return body;
}

/** The query string's parameters, when any may be encoded (only then can one carry what the gate refuses). */
export function refuseQuery(url: string, pathParams: Array<[string, string]> = []): void {
  const query = url.indexOf('?');
  const problem = findParameterProblem(pathParams) ?? (url.includes('%') && query >= 0 ? findParameterProblem(new URLSearchParams(url.slice(query + 1))) : undefined);
  if (problem) throw refusedField(problem.field, problem.message);
}

/** The answer to a failed request, logged when it is the gateway's own fault. */
export function failure(gateway: Gateway, err: unknown, headers: Record<string, string>, requestId: string): Answer {
  // Nobody is left to read the answer; say so without logging an error.
  if (err instanceof UpstreamFailure) return errorAnswer(new V1Error(499, 'invalid_request_error', 'client_closed_request', err.message), headers, requestId);
  const v1 = toV1Error(err);
  // An outage is reported once by the event bus, not per request; client errors are in the access log.
  if (v1.status >= 500 && !(err instanceof V1Error) && !isDatabaseUnavailable(err)) gateway.logger.error({ err, requestId }, 'v1 request failed');
  return errorAnswer(v1, headers, requestId);
}

export function chatRoute(gateway: Gateway, chat: ChatCompletions, keys: RenterKeys): (exchange: ChatExchange) => Promise<Answer> {
  const { config } = gateway;
  return async (exchange) => {
    const requestId = exchange.record?.id ?? requestIdFrom(exchange.header('x-request-id'));
    const headers: Record<string, string> = { 'x-request-id': requestId };
    const credential = credentialFrom(exchange.header, exchange.url);
    let caller: RenterCaller | undefined;
    try {
      const rawBody = await exchange.body(config.v1.maxBodyBytes);
      refuseQuery(exchange.url);
      const body = parseJson(rawBody, config.maxJsonDepth);
      const stream = typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
      Object.assign(headers, await checkRateLimit(gateway, exchange.clientAddress, credential, stream));
      caller = await keys.authenticate(credential);
      if (exchange.record) exchange.record.principal = caller.principal.kind;
      const request = parseChatRequest(body);
      return await chat.handle({
        caller,
        recheckCaller: () => keys.authenticate(credential, true),
        request,
        requestId,
        idempotencyKey: exchange.header('idempotency-key'),
        rawBody,
        headers,
        signal: exchange.signal,
      });
    } catch (err) {
      return failure(gateway, await keys.confirm(credential, caller, err), headers, requestId);
    }
  };
}
