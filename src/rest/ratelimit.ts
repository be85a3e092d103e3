import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimitSetting } from '../config.js';
import { hashKey } from '../domain/auth.js';
import type { RateLimitResult } from '../domain/ratelimit.js';
import type { Gateway } from '../gateway.js';
import { HttpError, renderHttpError } from './http.js';

/**
 * The REST rate limits of rest-contract §2.5, each request counted once per limiter (the original applied
 * the register and heartbeat limiters twice). Counters live in the database, so every instance on the
 * same store shares them. Off entirely when config.rateLimits is false.
 */

interface Limiter {
  name: string;
  rule: RateLimitSetting;
  /** Whether the limiter applies to this request (path relative to the REST mount). */
  applies(method: string, path: string): boolean;
  /** The bucket this request counts against, or undefined to skip it. */
  key(c: Context, path: string): string | undefined;
  message: string;
}

const firstOf = (...values: Array<string | undefined>) => values.find((v) => typeof v === 'string' && v.trim() !== '')?.trim();
const bearer = (c: Context) => /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
/** Credentials are counted by hash so the table never holds a usable key. */
const hashed = (credential: string) => hashKey(credential).slice(0, 32);
const DEFAULT_MESSAGE = 'Rate limit exceeded';

function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not served by the Node adapter (e.g. app.request() in a unit test).
    return 'unknown';
  }
}

function credentialOf(c: Context): string | undefined {
  const renterSide = firstOf(c.req.header('x-renter-key'), c.req.query('renter_key'), c.req.query('key'), bearer(c));
  const providerSide = firstOf(c.req.header('x-provider-key'), c.req.query('provider_key'));
  return renterSide ?? providerSide;
}

const under = (...prefixes: string[]) => (_m: string, p: string) => prefixes.some((x) => p === x || p.startsWith(`${x}/`));
const exactly = (method: string, ...paths: string[]) => (m: string, p: string) => m === method && paths.includes(p);

const LIMITERS: Limiter[] = [
  { name: 'general', rule: { limit: 300, windowSeconds: 60 }, applies: () => true, key: (c) => `ip:${clientIp(c)}`, message: 'Rate limit exceeded.' },
  {
    // With a credential: per credential; the daemon's Bearer header counts as one.
    name: 'tiered',
    rule: { limit: 1000, windowSeconds: 60 },
    applies: under('/providers', '/jobs', '/renters'),
    key: (c) => {
      const credential = credentialOf(c);
      return credential ? `key:${hashed(credential)}` : undefined;
    },
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'tiered_anonymous',
    rule: { limit: 200, windowSeconds: 900 },
    applies: under('/providers', '/jobs', '/renters'),
    key: (c) => (credentialOf(c) ? undefined : `ip:${clientIp(c)}`),
    message: DEFAULT_MESSAGE,
  },
  {
    // One bucket shared by renter and provider sign-ups, counted once per request.
    name: 'register',
    rule: { limit: 5, windowSeconds: 3600 },
    applies: exactly('POST', '/renters/register', '/providers/register'),
    key: (c) => `ip:${clientIp(c)}`,
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'heartbeat',
    rule: { limit: 30, windowSeconds: 60 },
    applies: exactly('POST', '/providers/heartbeat'),
    key: (c) => {
      const credential = firstOf(c.req.header('x-provider-key'), c.req.query('provider_key'), c.req.query('key'), bearer(c));
      return credential ? `key:${hashed(credential)}` : `ip:${clientIp(c)}`;
    },
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'submit',
    rule: { limit: 20, windowSeconds: 60 },
    applies: exactly('POST', '/jobs/submit'),
    key: (c) => {
      const credential = firstOf(c.req.header('x-renter-key'), c.req.query('renter_key'), bearer(c));
      return credential ? `key:${hashed(credential)}` : `ip:${clientIp(c)}`;
    },
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'retry',
    rule: { limit: 3, windowSeconds: 60 },
    applies: (m, p) => m === 'POST' && /^\/jobs\/[^/]+\/retry$/.test(p),
    key: (c, p) => {
      const credential = firstOf(c.req.header('x-renter-key'), c.req.query('renter_key'), c.req.query('key'));
      const who = credential ? hashed(credential) : clientIp(c);
      return `${who}:job:${p.split('/')[2]}`;
    },
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'topup',
    rule: { limit: 10, windowSeconds: 60 },
    applies: exactly('POST', '/renters/topup'),
    key: (c) => `ip:${clientIp(c)}`,
    message: 'Too many top-up requests. Slow down.',
  },
  {
    name: 'export',
    rule: { limit: 1, windowSeconds: 86_400 },
    applies: exactly('GET', '/renters/me/export', '/renters/me/data-export'),
    key: (c) => {
      const credential = firstOf(c.req.header('x-renter-key'), c.req.query('key'));
      return credential ? `key:${hashed(credential)}` : `ip:${clientIp(c)}`;
    },
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'erasure',
    rule: { limit: 1, windowSeconds: 86_400 },
    applies: exactly('DELETE', '/renters/me'),
    key: (c) => {
      const credential = firstOf(c.req.header('x-renter-key'), c.req.query('key'));
      return credential ? `key:${hashed(credential)}` : `ip:${clientIp(c)}`;
    },
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'marketplace',
    rule: { limit: 60, windowSeconds: 60 },
    applies: exactly('GET', '/providers/marketplace'),
    key: (c) => {
      const credential = firstOf(c.req.header('x-provider-key'), c.req.header('x-renter-key'), c.req.query('key'));
      return credential ? `key:${hashed(credential)}` : `ip:${clientIp(c)}`;
    },
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'public',
    rule: { limit: 60, windowSeconds: 60 },
    applies: exactly('GET', '/providers/public'),
    key: (c) => `ip:${clientIp(c)}`,
    message: DEFAULT_MESSAGE,
  },
  {
    name: 'admin',
    rule: { limit: 30, windowSeconds: 60 },
    applies: under('/admin'),
    key: (c) => {
      const token = firstOf(c.req.header('x-admin-token'), bearer(c));
      return token ? `admin:${hashed(token)}` : `admin:ip:${clientIp(c)}`;
    },
    message: DEFAULT_MESSAGE,
  },
];

function setHeaders(c: Context, result: RateLimitResult, windowSeconds: number): void {
  c.header('RateLimit-Policy', `${result.limit};w=${windowSeconds}`);
  c.header('RateLimit-Limit', String(result.limit));
  c.header('RateLimit-Remaining', String(result.remaining));
  c.header('RateLimit-Reset', String(result.resetSeconds));
}

/** Counts the request against every limiter that applies (one statement) and refuses it with 429 when one is exceeded. */
export function rateLimits(gateway: Gateway): MiddlewareHandler {
  const overrides = gateway.config.rest.rateLimitOverrides;
  const unknown = Object.keys(overrides).filter((name) => !LIMITERS.some((l) => l.name === name));
  if (unknown.length)
    throw new Error(`Invalid configuration: DCP_REST_RATE_LIMITS names unknown limiters: ${unknown.join(', ')} (known: ${LIMITERS.map((l) => l.name).join(', ')})`);
  const limiters = LIMITERS.map((l) => ({ ...l, rule: overrides[l.name] ?? l.rule }));
  return async (c, next) => {
    if (!gateway.config.rateLimits || c.req.method === 'OPTIONS') return next();
    // server.ts mounts this app with the /api or /api/dc1 prefix stripped: both count alike.
    const path = c.req.path;
    const counted = limiters.flatMap((l) => {
      if (!l.applies(c.req.method, path)) return [];
      const key = l.key(c, path);
      return key ? [{ limiter: l, key: `rest:${l.name}:${key}` }] : [];
    });
    const results = await gateway.domain.rateLimits.hit(counted.map((x) => ({ key: x.key, rule: x.limiter.rule })));
    const refused = results.findIndex((r) => !r.allowed);
    if (refused >= 0) {
      const { limiter } = counted[refused];
      const result = results[refused];
      setHeaders(c, result, limiter.rule.windowSeconds);
      const seconds = result.resetSeconds;
      const body = { error: limiter.message, retryAfterSeconds: seconds, retryAfterMs: seconds * 1000 };
      return renderHttpError(c, new HttpError(429, body, { 'Retry-After': String(seconds) }));
    }
    // Report the tightest limit, as a client would want to pace itself by it.
    const tightest = results.reduce<number>((best, r, i) => (best < 0 || r.remaining < results[best].remaining ? i : best), -1);
    if (tightest >= 0) setHeaders(c, results[tightest], counted[tightest].limiter.rule.windowSeconds);
    await next();
  };
}
