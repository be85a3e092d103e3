import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { credentialSubject, ipSubject, type CountedRequest, type LimitedRequest, type LimiterName } from '../domain/ratelimit.js';
import type { Gateway } from '../gateway.js';
import { HttpError, renderHttpError } from './http.js';

/**
 * The REST rate limits (docs/decisions.md#rate-limits), each request counted once per limiter (the original applied
 * the register and heartbeat limiters twice). The budgets and their counters live in the domain
 * (src/domain/ratelimit.ts), shared with GraphQL and with every instance on the same store; this file
 * only says which budgets a REST request spends and on whose behalf. Off entirely when config.rateLimits
 * is false.
 */

interface Limiter {
  name: LimiterName;
  /** Whether the limiter applies to this request (path relative to the REST mount). */
  applies(method: string, path: string): boolean;
  /** The subject this request counts against, or undefined to skip it. */
  subject(c: Context, path: string): string | undefined;
}

const firstOf = (...values: Array<string | undefined>) => values.find((v) => typeof v === 'string' && v.trim() !== '')?.trim();
const bearer = (c: Context) => /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];

function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not served by the Node adapter (e.g. app.request() in a unit test).
    return 'unknown';
  }
}

const byIp = (c: Context) => ipSubject(clientIp(c));
/** The credential if one is present, else the client address. */
const byCredentialOrIp = (credential: string | undefined, c: Context) => (credential ? credentialSubject(credential) : byIp(c));

function credentialOf(c: Context): string | undefined {
  const renterSide = firstOf(c.req.header('x-renter-key'), c.req.query('renter_key'), c.req.query('key'), bearer(c));
  const providerSide = firstOf(c.req.header('x-provider-key'), c.req.query('provider_key'));
  return renterSide ?? providerSide;
}

const under = (...prefixes: string[]) => (_m: string, p: string) => prefixes.some((x) => p === x || p.startsWith(`${x}/`));
const exactly = (method: string, ...paths: string[]) => (m: string, p: string) => m === method && paths.includes(p);

const LIMITERS: Limiter[] = [
  { name: 'general', applies: () => true, subject: byIp },
  {
    // With a credential: per credential; the daemon's Bearer header counts as one.
    name: 'tiered',
    applies: under('/providers', '/jobs', '/renters'),
    subject: (c) => {
      const credential = credentialOf(c);
      return credential ? credentialSubject(credential) : undefined;
    },
  },
  {
    name: 'tiered_anonymous',
    applies: under('/providers', '/jobs', '/renters'),
    subject: (c) => (credentialOf(c) ? undefined : byIp(c)),
  },
  // One budget shared by renter and provider sign-ups, counted once per request.
  { name: 'register', applies: exactly('POST', '/renters/register', '/providers/register'), subject: byIp },
  {
    name: 'heartbeat',
    applies: exactly('POST', '/providers/heartbeat'),
    subject: (c) => byCredentialOrIp(firstOf(c.req.header('x-provider-key'), c.req.query('provider_key'), c.req.query('key'), bearer(c)), c),
  },
  {
    name: 'submit',
    applies: exactly('POST', '/jobs/submit'),
    subject: (c) => byCredentialOrIp(firstOf(c.req.header('x-renter-key'), c.req.query('renter_key'), bearer(c)), c),
  },
  {
    name: 'retry',
    applies: (m, p) => m === 'POST' && /^\/jobs\/[^/]+\/retry$/.test(p),
    subject: (c, p) => `${byCredentialOrIp(firstOf(c.req.header('x-renter-key'), c.req.query('renter_key'), c.req.query('key')), c)}:job:${p.split('/')[2]}`,
  },
  { name: 'topup', applies: exactly('POST', '/renters/topup'), subject: byIp },
  {
    name: 'export',
    applies: exactly('GET', '/renters/me/export', '/renters/me/data-export'),
    subject: (c) => byCredentialOrIp(firstOf(c.req.header('x-renter-key'), c.req.query('key')), c),
  },
  {
    name: 'erasure',
    applies: exactly('DELETE', '/renters/me'),
    subject: (c) => byCredentialOrIp(firstOf(c.req.header('x-renter-key'), c.req.query('key')), c),
  },
  {
    name: 'marketplace',
    applies: exactly('GET', '/providers/marketplace'),
    subject: (c) => byCredentialOrIp(firstOf(c.req.header('x-provider-key'), c.req.header('x-renter-key'), c.req.query('key')), c),
  },
  { name: 'public', applies: exactly('GET', '/providers/public'), subject: byIp },
  {
    name: 'admin',
    applies: under('/admin'),
    subject: (c) => byCredentialOrIp(firstOf(c.req.header('x-admin-token'), bearer(c)), c),
  },
];

function setHeaders(c: Context, { result, rule }: CountedRequest): void {
  c.header('RateLimit-Policy', `${result.limit};w=${rule.windowSeconds}`);
  c.header('RateLimit-Limit', String(result.limit));
  c.header('RateLimit-Remaining', String(result.remaining));
  c.header('RateLimit-Reset', String(result.resetSeconds));
}

/** Counts the request against every limiter that applies (one statement) and refuses it with 429 when one is exceeded. */
export function rateLimits(gateway: Gateway): MiddlewareHandler {
  return async (c, next) => {
    if (!gateway.config.rateLimits || c.req.method === 'OPTIONS') return next();
    // server.ts mounts this app with the /api or /api/dc1 prefix stripped: both count alike.
    const path = c.req.path;
    const requests = LIMITERS.flatMap((l): LimitedRequest[] => {
      if (!l.applies(c.req.method, path)) return [];
      const subject = l.subject(c, path);
      return subject ? [{ limiter: l.name, subject }] : [];
    });
    const { counted, refused } = await gateway.domain.rateLimits.count(requests);
    if (refused) {
      setHeaders(c, refused);
      const seconds = refused.error.retryAfterSeconds;
      const body = { error: refused.error.message, retryAfterSeconds: seconds, retryAfterMs: seconds * 1000 };
      return renderHttpError(c, new HttpError(429, body, { 'Retry-After': String(seconds) }));
    }
    // Report the tightest limit, as a client would want to pace itself by it.
    const tightest = counted.reduce<CountedRequest | undefined>((best, x) => (!best || x.result.remaining < best.result.remaining ? x : best), undefined);
    if (tightest) setHeaders(c, tightest);
    await next();
  };
}
