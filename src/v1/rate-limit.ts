import { hashKey } from '../domain/auth.js';
import type { Gateway } from '../gateway.js';
import { V1Error } from './envelope.js';

/**
 * Per-credential limits on chat completions (docs/decisions.md#v1-billing): one fixed 60 s window for JSON requests
 * and a tighter one for streams, counted in the shared rate_limit_buckets table so every instance
 * enforces the same budget. It runs before authentication, so guessing keys is limited too.
 */

const WINDOW_SECONDS = 60;

/** Counts the request; returns the RateLimit-* headers to send, or throws the 429 envelope. */
export async function checkRateLimit(gateway: Gateway, clientAddress: () => string, credential: string | undefined, stream: boolean): Promise<Record<string, string>> {
  if (!gateway.config.rateLimits) return {};
  const { rateLimitPerMinute, streamRateLimitPerMinute } = gateway.config.v1;
  const limit = stream ? streamRateLimitPerMinute : rateLimitPerMinute;
  // Keys are hashed: the buckets table must not become a second place raw credentials live.
  const who = credential ? `key:${hashKey(credential).slice(0, 32)}` : `ip:${clientAddress()}`;
  const [hit] = await gateway.domain.rateLimits.hit([{ key: `v1:${stream ? 'stream' : 'json'}:${who}`, rule: { limit, windowSeconds: WINDOW_SECONDS } }]);
  const headers = {
    'RateLimit-Policy': `${limit};w=${WINDOW_SECONDS}`,
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(hit.remaining),
    'RateLimit-Reset': String(hit.resetSeconds),
  };
  if (hit.allowed) return headers;
  const seconds = hit.resetSeconds;
  throw new V1Error(
    429,
    'rate_limit_error',
    'rate_limit_exceeded',
    `Rate limit exceeded. Retry after ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
    { param: null, retry_after_seconds: seconds, retry_after_ms: seconds * 1000 },
    { ...headers, 'Retry-After': String(seconds) },
  );
}
