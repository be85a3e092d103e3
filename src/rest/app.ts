import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from '../cors.js';
import { asDomainError } from '../domain/availability.js';
import type { Gateway } from '../gateway.js';
import { requestIdOfContext } from '../observability/requestId.js';
import { adminRoutes } from './admin.js';
import { deprecationHeaders } from './credentials.js';
import { distributionRoutes } from './distribution.js';
import { healthRoutes } from './health.js';
import { HttpError, inputGate, renderHttpError, sendDomainError, sendError } from './http.js';
import { jobRoutes } from './jobs.js';
import { openApiJson } from './openapi.js';
import { providerRoutes } from './providers.js';
import { rateLimits } from './ratelimit.js';
import { renterRoutes } from './renters.js';
import { verificationRoutes } from './verification.js';

/**
 * The legacy REST face, mounted at /api and /api/dc1 by src/server.ts (which strips the prefix, so paths
 * here are relative). Every answer is JSON, errors included: clients parse every answer as JSON.
 */
export function createRestApp(gateway: Gateway): Hono {
  const app = new Hono();
  app.use('*', securityHeaders, cors(gateway.config.rest), deprecationHeaders, rateLimits(gateway));
  app.use('*', inputGate(gateway.config.maxJsonDepth));
  app.route('/renters', renterRoutes(gateway));
  app.route('/providers', providerRoutes(gateway));
  app.route('/', distributionRoutes(gateway));
  app.route('/jobs', jobRoutes(gateway));
  app.route('/admin', adminRoutes(gateway));
  app.route('/verification', verificationRoutes(gateway));
  app.route('/health', healthRoutes(gateway));
  // The document is built once every route is mounted (below), never while answering a request.
  let docs = '';
  app.get('/docs', (c) => c.body(docs, 200, { 'Content-Type': 'application/json' }));
  app.notFound((c) => notFoundOrWrongMethod(app, c));
  app.onError((err, c) => {
    if (err instanceof HttpError) return renderHttpError(c, err);
    const domainError = asDomainError(err);
    if (domainError) return sendDomainError(c, domainError);
    gateway.logger.error({ err, requestId: requestIdOfContext(c), method: c.req.method, path: c.req.path }, 'REST handler failed');
    return sendError(c, 500, 'Internal server error');
  });
  docs = openApiJson(app);
  return app;
}

// ---------------------------------------------------------------------------------------------------------
// 404 / 405

/** Hono path pattern -> RegExp (`:name`, `:name{re}`, `*`). */
function patternOf(path: string): RegExp {
  let re = '';
  for (const part of path.split(/(:\w+(?:\{[^}]+\})?\??|\*)/)) {
    if (part === '*') re += '.*';
    else if (part.startsWith(':')) {
      const custom = /\{([^}]+)\}/.exec(part)?.[1];
      re += `(${custom ?? '[^/]+'})`;
    } else re += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}/?$`);
}

/** A known path with another method is a 405 (with Allow); anything else a 404, both as JSON. */
function notFoundOrWrongMethod(app: Hono, c: Context): Response {
  const allowed = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    if (patternOf(route.path).test(c.req.path)) allowed.add(route.method);
  }
  if (allowed.size) {
    if (allowed.has('GET')) allowed.add('HEAD');
    c.header('Allow', [...allowed, 'OPTIONS'].join(', '));
    return sendError(c, 405, `Method ${c.req.method} not allowed on ${c.req.path}`, { allowed_methods: [...allowed] });
  }
  return sendError(c, 404, `Not found: ${c.req.method} ${c.req.path}`);
}

// ---------------------------------------------------------------------------------------------------------
// Security headers (docs/decisions.md#cors); CORS is src/cors.ts, shared with GraphQL

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'X-XSS-Protection': '1; mode=block',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Origin-Agent-Cluster': '?1',
};

const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
};

