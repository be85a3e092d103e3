import { sql } from 'drizzle-orm';
import type { RateLimitSetting } from '../config.js';
import { rateLimitBuckets } from '../db/schema.js';
import type { DomainContext } from './context.js';

/**
 * Fixed-window request counters in the rate_limit_buckets table, so every gateway instance on the same
 * database counts against the same limits. One atomic upsert per request; the sweeps prune expired windows.
 */

export type RateLimitRule = RateLimitSetting;

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Requests left in this window after this one (0 when refused). */
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  hits: number;
}

export function createRateLimits(ctx: DomainContext) {
  const windowOf = (now: Date, rule: RateLimitRule) => {
    const windowMs = rule.windowSeconds * 1000;
    const start = Math.floor(now.getTime() / windowMs) * windowMs;
    return { windowStart: new Date(start), expiresAt: new Date(start + windowMs) };
  };

  return {
    /**
     * Counts one request against each bucket (one statement for all of them) and says, per bucket and in
     * the same order, whether it is within its limit. Bucket keys must be distinct.
     */
    async hit(buckets: Array<{ key: string; rule: RateLimitRule }>): Promise<RateLimitResult[]> {
      if (!buckets.length) return [];
      const now = ctx.now();
      const windows = buckets.map((b) => windowOf(now, b.rule));
      const rows = await ctx.store.db
        .insert(rateLimitBuckets)
        .values(buckets.map((b, i) => ({ bucketKey: b.key, hits: 1, ...windows[i] })))
        .onConflictDoUpdate({
          target: [rateLimitBuckets.bucketKey, rateLimitBuckets.windowStart],
          set: { hits: sql`${rateLimitBuckets.hits} + 1` },
        })
        .returning({ key: rateLimitBuckets.bucketKey, hits: rateLimitBuckets.hits });
      const hitsByKey = new Map(rows.map((r) => [r.key, r.hits]));
      return buckets.map((b, i) => {
        const hits = hitsByKey.get(b.key) ?? 1;
        return {
          allowed: hits <= b.rule.limit,
          limit: b.rule.limit,
          remaining: Math.max(0, b.rule.limit - hits),
          resetSeconds: Math.max(1, Math.ceil((windows[i].expiresAt.getTime() - now.getTime()) / 1000)),
          hits,
        };
      });
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
