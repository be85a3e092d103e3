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

/**
 * Credentialed CORS for the allowed origins. A disallowed origin gets no CORS headers (the browser then
 * blocks the response) and its preflight a 403 JSON, instead of the original's 500 HTML. The headers are
 * set on the answer once it exists, so they also reach answers a face builds itself (Yoga's, errors).
 */
export function cors(config: RestConfig): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && originAllowed(origin, config);
    const decorate = (response: Response) => {
      const headers = response.headers;
      // The answer depends on Origin whether or not it is allowed: a shared cache must key on it.
      if (!/\borigin\b/i.test(headers.get('vary') ?? '')) headers.append('Vary', 'Origin');
      if (allowed) {
        headers.set('Access-Control-Allow-Origin', origin);
        headers.set('Access-Control-Allow-Credentials', 'true');
        headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      }
      return response;
    };
    const preflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    if (preflight && !allowed) return decorate(c.json({ error: 'Origin not allowed by CORS' }, 403));
    if (preflight) {
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '86400');
      return decorate(c.body(null, 204));
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
  const origin = request.headers.origin;
  const allowed = origin !== undefined && originAllowed(origin, config);
  response.setHeader('Vary', 'Origin');
  if (allowed) {
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    response.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }
  if (request.method !== 'OPTIONS' || request.headers['access-control-request-method'] === undefined) return false;
  if (!allowed) {
    const body = JSON.stringify({ error: 'Origin not allowed by CORS' });
    response.writeHead(403, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    return true;
  }
  response
    .writeHead(204, { 'Access-Control-Allow-Methods': ALLOWED_METHODS, 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Max-Age': '86400' })
    .end();
  return true;
}
