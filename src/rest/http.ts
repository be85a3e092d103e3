import { IncomingMessage } from 'node:http';
import type { Context, Handler, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { asDomainError } from '../domain/availability.js';
import { DomainError, RateLimitedError, ServiceUnavailableError } from '../domain/errors.js';
import { DEFAULT_MAX_JSON_DEPTH, fieldName, findInputProblem, findParameterProblem } from '../domain/inputGate.js';
import { noteRoute, withRequestId } from '../observability/requestId.js';
import { readNodeBody, readWebBody, type BodyErrors } from '../http-body.js';

/**
 * Shared HTTP plumbing of the REST face: JSON bodies with size limits, JSON errors, and the mapping of
 * domain errors to the wire (every error is JSON with an `error` message), overridable per route because the contract
 * fixes a status and message per endpoint.
 */

export type JsonObject = Record<string, unknown>;

/** express.json's global limit in the original service. */
const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
/** POST /providers/job-result carries whole job outputs. */
export const LARGE_BODY_LIMIT = 10 * 1024 * 1024;

/** An HTTP answer thrown from anywhere inside a handler; rendered as JSON by `handle` and the app's onError. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: JsonObject,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
  }
}

/** `{"error": message, ...extra}` as an HttpError, ready to throw. */
export function httpError(status: ContentfulStatusCode, message: string, extra: JsonObject = {}): HttpError {
  return new HttpError(status, { error: message, ...extra });
}

// Every error body also carries `request_id`, the id in the X-Request-Id header (docs/observability.md).

export function sendError(c: Context, status: ContentfulStatusCode, message: string, extra: JsonObject = {}): Response {
  return c.json(withRequestId(c, { error: message, ...extra }), status);
}

export function renderHttpError(c: Context, err: HttpError): Response {
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  return c.json(withRequestId(c, err.body), err.status);
}

// ---------------------------------------------------------------------------------------------------------
// Bodies

interface BodyState {
  limit: number;
  /** Deepest JSON nesting a body may have (set by `inputGate`). */
  maxDepth: number;
  parsed?: Promise<JsonObject>;
}
/** Per-request body state, keyed by the raw Request so credentials and handlers share one parse. */
const bodies = new WeakMap<Request, BodyState>();

function stateOf(c: Context): BodyState {
  let state = bodies.get(c.req.raw);
  if (!state) {
    state = { limit: DEFAULT_BODY_LIMIT, maxDepth: DEFAULT_MAX_JSON_DEPTH };
    bodies.set(c.req.raw, state);
  }
  return state;
}

/** The unread rest of the body stays on the socket, so the connection cannot serve another request. */
const tooLarge = (limit: number) => new HttpError(413, { error: 'Request body too large', limit_bytes: limit }, { Connection: 'close' });

/** Sets the body limit for the routes below it and refuses a declared over-size body before reading it. */
export function bodyLimit(bytes: number): MiddlewareHandler {
  return async (c, next) => {
    stateOf(c).limit = bytes;
    const declared = Number(c.req.header('content-length'));
    if (Number.isFinite(declared) && declared > bytes) return renderHttpError(c, tooLarge(bytes));
    await next();
  };
}

/**
 * The body as text, at most `limit` bytes. Through the node listener it is read straight from Node's
 * IncomingMessage: asking the web Request for its body stream would make @hono/node-server build a full
 * Request with web streams and an AbortController for every POST, a measurable part of a heartbeat's CPU.
 * A Request handed to `app.fetch` directly (tests) is read as a web stream.
 */
function readLimited(c: Context, limit: number): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming instanceof IncomingMessage && !c.req.raw.bodyUsed) return readNodeBody(incoming, limit, BODY_ERRORS);
  return readWebBody(c.req.raw, limit, BODY_ERRORS);
}

/** REST's refusals while reading a body. */
const BODY_ERRORS: BodyErrors = { tooLarge, gone: () => new Error('Client connection closed before the request body ended') };

function parseText(text: string, contentType: string, maxDepth: number): JsonObject {
  const body = parseFields(text, contentType);
  const problem = findInputProblem(body, maxDepth);
  if (problem) throw invalidInput(fieldName(problem.path), problem.message);
  return body;
}

function parseFields(text: string, contentType: string): JsonObject {
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  // An empty body under a JSON content type is an empty object (the SDKs' bodiless POST /cancel).
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw httpError(400, 'Malformed JSON body');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw httpError(400, 'Request body must be a JSON object');
  }
  return value as JsonObject;
}

/**
 * The request body as a JSON object: `{}` for GET/HEAD, an empty body, or a content type that carries no
 * fields; 400 for malformed JSON or for a value the input gate refuses (a NUL character, an unpaired
 * surrogate, nesting past the limit; docs/input-limits.md), 413 beyond the route's limit. Parsed once
 * per request.
 */
export function readJsonBody(c: Context): Promise<JsonObject> {
  const state = stateOf(c);
  if (!state.parsed) {
    const method = c.req.method;
    const contentType = (c.req.header('content-type') ?? 'application/json').toLowerCase();
    const carriesFields = contentType.includes('json') || contentType.includes('x-www-form-urlencoded');
    state.parsed =
      method === 'GET' || method === 'HEAD' || !carriesFields
        ? Promise.resolve({})
        : readLimited(c, state.limit).then((text) => parseText(text, contentType, state.maxDepth));
  }
  return state.parsed;
}

// ---------------------------------------------------------------------------------------------------------
// Domain errors

export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: JsonObject;
  headers?: Record<string, string>;
}

/** Per-route replacement for one domain error code: a fixed status/message, or a function of the error. */
export type ErrorOverride =
  | { status?: ContentfulStatusCode; message?: string; extra?: JsonObject }
  | ((err: DomainError) => ErrorAnswer | undefined);
/** Keyed by DomainError `code` (NOT_FOUND, VALIDATION, ILLEGAL_TRANSITION, ...). */
export type ErrorOverrides = Partial<Record<string, ErrorOverride>>;

const DEFAULT_STATUS: Record<string, ContentfulStatusCode> = {
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  MISSING_SCOPE: 403,
  VALIDATION: 400,
  MISSING_FIELDS: 400,
  INSUFFICIENT_BALANCE: 402,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  RATE_LIMITED: 429,
  DISABLED: 403,
  SERVICE_UNAVAILABLE: 503,
};

/** Context fields a code exposes on the wire; MISSING_FIELDS is fully described by its message. */
function contextFields(err: DomainError): JsonObject {
  switch (err.code) {
    case 'VALIDATION':
      return { fields: err.details.fields };
    case 'INSUFFICIENT_BALANCE': {
      const shortfall = Number(err.details.shortfall_halala);
      return {
        balance_halala: err.details.available_halala,
        ...err.details,
        message: `Top up at least ${Math.ceil(shortfall / 100)} SAR to submit this job. POST /api/renters/topup`,
      };
    }
    case 'ILLEGAL_TRANSITION':
      return { current_status: err.details.current_status };
    case 'RATE_LIMITED':
    case 'SERVICE_UNAVAILABLE': {
      const seconds = Number(err.details.retry_after_seconds);
      return { retryAfterSeconds: seconds, retryAfterMs: seconds * 1000 };
    }
    case 'NOT_FOUND':
    case 'MISSING_FIELDS':
      return {};
    default:
      return { ...err.details };
  }
}

/** The default wire answer for a domain error, with a route's override applied when it has one. */
function domainErrorAnswer(err: DomainError, overrides: ErrorOverrides = {}): ErrorAnswer {
  const override = overrides[err.code];
  if (typeof override === 'function') {
    const answer = override(err);
    if (answer) return answer;
  }
  const fixed = typeof override === 'object' ? override : {};
  const answer: ErrorAnswer = {
    status: fixed.status ?? DEFAULT_STATUS[err.code] ?? 400,
    body: { error: fixed.message ?? err.message, ...contextFields(err), ...fixed.extra },
  };
  if (err instanceof RateLimitedError || err instanceof ServiceUnavailableError) answer.headers = { 'Retry-After': String(err.retryAfterSeconds) };
  return answer;
}

/**
 * For endpoints whose contract names the problem in `error` itself (e.g. "Invalid run_mode"): the first
 * field problem's message becomes the error, and `fields` is still listed.
 */
export const FIELD_MESSAGE_AS_ERROR: ErrorOverrides = {
  VALIDATION: (err) => {
    const fields = err.details.fields as Array<{ field: string; message: string }>;
    return { status: 400, body: { error: fields[0]?.message ?? err.message, fields } };
  },
};

export function sendDomainError(c: Context, err: DomainError, overrides?: ErrorOverrides): Response {
  const answer = domainErrorAnswer(err, overrides);
  for (const [name, value] of Object.entries(answer.headers ?? {})) c.header(name, value);
  return c.json(withRequestId(c, answer.body), answer.status);
}

/**
 * Wraps a route handler: HttpErrors render as thrown, DomainErrors (a database outage included, as a 503)
 * through the route's overrides. Anything else propagates to the app's onError, which masks it as a 500.
 * A body goes through the input gate first, read or not by the handler, so no route acts on a request
 * whose body is refused.
 */
export function handle(fn: (c: Context) => Promise<Response> | Response, errors: ErrorOverrides = {}): Handler {
  return async (c) => {
    try {
      await readJsonBody(c);
      return await fn(c);
    } catch (err) {
      if (err instanceof HttpError) return renderHttpError(c, err);
      const domainError = asDomainError(err);
      if (domainError) return sendDomainError(c, domainError, errors);
      throw err;
    }
  };
}

// ---------------------------------------------------------------------------------------------------------
// Small input helpers shared by the routes

/** A query parameter as an integer within [min, max], `fallback` when absent; 400 naming it otherwise. */
export function queryInt(c: Context, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw httpError(400, 'Validation failed', { fields: [{ field: name, message: `must be an integer between ${min} and ${max}` }] });
  }
  return value;
}

/** A path parameter of the matched route (always present when the route matched). */
export function pathParam(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined) throw new Error(`Route has no :${name} parameter`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// The input gate (docs/input-limits.md)

/** The REST face's answer to input the gate refuses: the contract's field-level 400. */
function invalidInput(field: string, message: string): HttpError {
  return httpError(400, 'Validation failed', { fields: [{ field, message }] });
}

/** A path segment decoded as Hono decodes it: whole when it can be, else only its ASCII escapes. */
function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(/%([0-7][0-9a-f])/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** The first path parameter or query parameter the gate refuses, named as the route names it. */
function requestTargetProblem(c: Context): { field: string; message: string } | undefined {
  // Node's parser refuses control characters in a request line: only a percent-escape can carry a NUL.
  if (!c.req.url.includes('%')) return undefined;
  const url = new URL(c.req.url);
  // The matched route's pattern names the segments; an unmatched path is named as a whole.
  const pattern = routePath(c, -1).split('/');
  const segments = url.pathname.split('/').map((raw, i): [string, string] => [/^:(\w+)/.exec(pattern[i] ?? '')?.[1] ?? 'path', decodeSegment(raw)]);
  return findParameterProblem(segments) ?? findParameterProblem(url.searchParams);
}

/**
 * Refuses a request whose path or query parameters hold what no route may store (400 naming the
 * parameter), before any handler reads them, and sets the nesting limit its body is read with.
 */
export function inputGate(maxDepth: number): MiddlewareHandler {
  return async (c, next) => {
    stateOf(c).maxDepth = maxDepth;
    noteRoute(c);
    const problem = requestTargetProblem(c);
    if (problem) return renderHttpError(c, invalidInput(problem.field, problem.message));
    await next();
  };
}
