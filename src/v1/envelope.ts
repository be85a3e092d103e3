import { asDomainError } from '../domain/availability.js';
import {
  ConflictError,
  ForbiddenError,
  InsufficientBalanceError,
  MissingScopeError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '../domain/errors.js';
import { ModelNotServedError } from '../domain/inference.js';
import type { Answer } from './exchange.js';

/**
 * The canonical /v1 error envelope (docs/decisions.md#v1-errors): every error on a /v1 path, whatever raised it,
 * leaves as `{"error":{message,type,code,status,retryable,...}}`.
 */
export class V1Error extends Error {
  readonly retryable: boolean;
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    /** Extra fields inside `error` (param, details, amounts, alternatives, ...). */
    readonly fields: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
    retryable?: boolean,
  ) {
    super(message);
    this.retryable = retryable ?? [429, 502, 503, 504].includes(status);
  }
}

export const invalidRequest = (code: string, message: string, param?: string) =>
  new V1Error(400, 'invalid_request_error', code, message, param === undefined ? {} : { param });

/** `requestId`, when the request has one, is added as `request_id` beside `error` (the X-Request-Id header's value). */
export function envelope(err: V1Error, requestId?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    error: { message: err.message.slice(0, 500), type: err.type, code: err.code, status: err.status, retryable: err.retryable, ...err.fields },
  };
  // The 429 carries its retry hints at both levels (docs/decisions.md#v1-errors); clients read either.
  for (const name of ['retry_after_seconds', 'retry_after_ms'])
    if (err.fields[name] !== undefined) body[name] = err.fields[name];
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

export function errorAnswer(err: V1Error, headers: Record<string, string> = {}, requestId?: string): Answer {
  return {
    status: err.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers, ...err.headers },
    body: JSON.stringify(envelope(err, requestId)),
  };
}

export function errorResponse(err: V1Error, headers: Record<string, string> = {}, requestId?: string): Response {
  const answer = errorAnswer(err, headers, requestId);
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** Maps a domain error (a database outage included) to its /v1 envelope; anything unexpected becomes a masked 500. */
export function toV1Error(thrown: unknown): V1Error {
  if (thrown instanceof V1Error) return thrown;
  const err = asDomainError(thrown);
  if (!err) return new V1Error(500, 'server_error', 'internal_error', 'Internal server error', {}, {}, false);
  if (err instanceof ServiceUnavailableError)
    return new V1Error(503, 'server_error', 'service_unavailable', err.message, { retry_after_seconds: err.retryAfterSeconds }, { 'Retry-After': String(err.retryAfterSeconds) });
  if (err instanceof InsufficientBalanceError)
    return new V1Error(
      402,
      'billing_error',
      'billing_insufficient_balance',
      `Insufficient balance: this request needs up to ${err.requiredHalala} halala, ${err.availableHalala} available`,
      err.details,
    );
  if (err instanceof ModelNotServedError)
    return new V1Error(503, 'model_unavailable', 'model_not_served', err.message, { param: 'model', alternatives: err.alternatives });
  if (err instanceof NotFoundError && err.entity === 'Model') return new V1Error(404, 'invalid_request_error', 'model_not_found', err.message, { param: 'model' });
  if (err instanceof NotFoundError) return new V1Error(404, 'invalid_request_error', 'not_found', err.message);
  if (err instanceof ValidationError)
    return new V1Error(400, 'invalid_request_error', 'invalid_request_field', err.fields[0]?.message ?? err.message, { param: err.fields[0]?.field ?? null });
  if (err instanceof ConflictError) return new V1Error(409, 'invalid_request_error', 'idempotency_key_reused', err.message, { param: 'Idempotency-Key' });
  if (err instanceof UnauthorizedError) return new V1Error(401, 'authentication_error', 'authentication_invalid_key', err.message);
  if (err instanceof ForbiddenError) return new V1Error(403, 'authentication_error', 'authentication_forbidden', err.message);
  if (err instanceof MissingScopeError)
    return new V1Error(403, 'authentication_error', 'authentication_scope_missing', err.message, { required_scopes: err.requiredScopes });
  return new V1Error(400, 'invalid_request_error', err.code.toLowerCase(), err.message);
}
