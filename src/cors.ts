import type { MiddlewareHandler } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RestConfig } from './config.js';

/**
 * The one browser-origin allowlist, for the REST face, GraphQL over HTTP and the graphql-ws handshake
 * (docs/decisions.md#cors): the dcp.sa hosts, DCP_CORS_ORIGINS and FRONTEND_URL, the project's Vercel
 * previews, and loopback origins outside production. GraphQL used to reflect any origin with
 * credentials; one list means one decision about which sites may call the gateway from a browser.
 */

const BUILT_IN_ORIGINS = ['https://dcp.sa', 'https://www.dcp.sa', 'https://app.dcp.sa', 'https://api.dcp.sa'];
const VERCEL_PREVIEW = /^https:\/\/(dc1-platform|dcp|dcp-platform)(-[a-z0-9-]+)?\.vercel\.app$/;
const LOOPBACK = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Renter-Key, X-Provider-Key, X-Admin-Token, X-DC1-Signature, X-DCP-Event, X-Paperclip-Run-Id';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
/** Response headers a page on an allowed origin may read: the request id it quotes when reporting a problem, and the rate-limit budget. */
const EXPOSED_HEADERS = 'X-Request-Id, RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After';

export function originAllowed(origin: string, config: RestConfig): boolean {
  return (
    BUILT_IN_ORIGINS.includes(origin) ||
    config.corsOrigins.includes(origin) ||
    VERCEL_PREVIEW.test(origin) ||
    (config.allowLoopbackCors && LOOPBACK.test(origin))
  );
}

type Headers = Record<string, string>;

/** What the policy says about one request, for either adapter to apply. */
interface CorsDecision {
  /** For every answer to an allowed origin (empty otherwise: the browser then blocks the response). */
  headers: Headers;
  /** A preflight the policy answers itself: 204 with the allowed methods and headers, or 403 for another origin. */
  preflight?: { status: 204 | 403; headers: Headers };
}

const REFUSED_ORIGIN = { error: 'Origin not allowed by CORS' };

function corsDecision(config: RestConfig, origin: string | undefined, method: string, requestedMethod: string | undefined): CorsDecision {
  const allowed = origin !== undefined && originAllowed(origin, config);
  const headers: Headers = allowed
    ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': EXPOSED_HEADERS }
    : {};
  if (method !== 'OPTIONS' || requestedMethod === undefined) return { headers };
  if (!allowed) return { headers, preflight: { status: 403, headers: {} } };
  return {
    headers,
    preflight: { status: 204, headers: { 'Access-Control-Allow-Methods': ALLOWED_METHODS, 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Max-Age': '86400' } },
  };
}

/**
 * Credentialed CORS for the allowed origins. A disallowed origin gets no CORS headers (the browser then
 * blocks the response) and its preflight a 403 JSON, instead of the original's 500 HTML. The headers are
 * set on the answer once it exists, so they also reach answers a face builds itself (errors).
 */
export function cors(config: RestConfig): MiddlewareHandler {
  return async (c, next) => {
    const decision = corsDecision(config, c.req.header('origin'), c.req.method, c.req.header('access-control-request-method'));
    const decorate = (response: Response) => {
      const headers = response.headers;
      // The answer depends on Origin whether or not it is allowed: a shared cache must key on it.
      if (!/\borigin\b/i.test(headers.get('vary') ?? '')) headers.append('Vary', 'Origin');
      for (const [name, value] of Object.entries(decision.headers)) headers.set(name, value);
      return response;
    };
    const { preflight } = decision;
    if (preflight) {
      for (const [name, value] of Object.entries(preflight.headers)) c.header(name, value);
      return decorate(preflight.status === 403 ? c.json(REFUSED_ORIGIN, 403) : c.body(null, 204));
    }
    await next();
    decorate(c.res);
  };
}

/**
 * The same policy for a request answered outside Hono (/graphql goes straight from Node to Yoga): sets the
 * CORS headers on the Node response before the face writes it, and answers a preflight itself (true).
 */
export function answerCorsOnNode(config: RestConfig, request: IncomingMessage, response: ServerResponse): boolean {
  const decision = corsDecision(config, request.headers.origin, request.method ?? 'GET', request.headers['access-control-request-method']);
  response.setHeader('Vary', 'Origin');
  for (const [name, value] of Object.entries(decision.headers)) response.setHeader(name, value);
  const { preflight } = decision;
  if (!preflight) return false;
  const body = preflight.status === 403 ? JSON.stringify(REFUSED_ORIGIN) : '';
  const type: Headers = body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {};
  response.writeHead(preflight.status, { ...preflight.headers, ...type }).end(body);
  return true;
}
