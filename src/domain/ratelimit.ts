import { and, eq, sql } from 'drizzle-orm';
import type { RateLimitSetting } from '../config.js';
import { rateLimitBuckets } from '../db/schema.js';
import { hashKey } from './auth.js';
import type { DomainContext } from './context.js';
import { RateLimitedError } from './errors.js';

/**
 * Fixed-window request counters in the rate_limit_buckets table, so every gateway instance on the same
 * database counts against the same limits. One atomic upsert per request; the sweeps prune expired windows.
 *
 * The named budgets below are shared by the faces: a sign-up through GraphQL spends the same `register`
 * budget as one through REST, because both count against the same bucket (`<limiter>:<subject>`).
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

interface Budget {
  rule: RateLimitRule;
  /** What a refused client is told. */
  message: string;
}

const DEFAULT_MESSAGE = 'Rate limit exceeded';

/** The legacy REST contract's budgets (docs/decisions.md#rate-limits), plus failed credential checks (which the original did not limit). */
const RATE_LIMITS = {
  general: { rule: { limit: 300, windowSeconds: 60 }, message: 'Rate limit exceeded.' },
  /** Per credential, on the account and job families. */
  tiered: { rule: { limit: 1000, windowSeconds: 60 }, message: DEFAULT_MESSAGE },
  tiered_anonymous: { rule: { limit: 200, windowSeconds: 900 }, message: DEFAULT_MESSAGE },
  /** Renter and provider sign-ups together, per client address. */
  register: { rule: { limit: 5, windowSeconds: 3600 }, message: DEFAULT_MESSAGE },
  heartbeat: { rule: { limit: 30, windowSeconds: 60 }, message: DEFAULT_MESSAGE },
  submit: { rule: { limit: 20, windowSeconds: 60 }, message: DEFAULT_MESSAGE },
  /** Per caller and job retried. */
  retry: { rule: { limit: 3, windowSeconds: 60 }, message: DEFAULT_MESSAGE },
  topup: { rule: { limit: 10, windowSeconds: 60 }, message: 'Too many top-up requests. Slow down.' },
  export: { rule: { limit: 1, windowSeconds: 86_400 }, message: DEFAULT_MESSAGE },
  erasure: { rule: { limit: 1, windowSeconds: 86_400 }, message: DEFAULT_MESSAGE },
  marketplace: { rule: { limit: 60, windowSeconds: 60 }, message: DEFAULT_MESSAGE },
  public: { rule: { limit: 60, windowSeconds: 60 }, message: DEFAULT_MESSAGE },
  admin: { rule: { limit: 30, windowSeconds: 60 }, message: DEFAULT_MESSAGE },
  /** Credentials that matched nothing, per client address: guessing keys stops here. */
  credential_failures: { rule: { limit: 20, windowSeconds: 900 }, message: 'Too many failed authentication attempts. Try again later.' },
} satisfies Record<string, Budget>;

export type LimiterName = keyof typeof RATE_LIMITS;

/** A client address as a bucket subject. */
export const ipSubject = (address: string) => `ip:${address}`;
/** A credential as a bucket subject: hashed, so the table never holds a usable key. */
export const credentialSubject = (credential: string) => `key:${hashKey(credential).slice(0, 32)}`;

export interface LimitedRequest {
  limiter: LimiterName;
  subject: string;
}

export interface CountedRequest extends LimitedRequest {
  rule: RateLimitRule;
  result: RateLimitResult;
}

export interface RateLimitVerdict {
  counted: CountedRequest[];
  /** The first budget the request exceeded, with the error to answer. */
  refused?: CountedRequest & { error: RateLimitedError };
}

const isLimiterName = (name: string): name is LimiterName => Object.hasOwn(RATE_LIMITS, name);

/** The budgets with DCP_REST_RATE_LIMITS applied; that setting names the shared budgets, whichever face spends them. */
function budgetsWithOverrides(overrides: Record<string, RateLimitRule>): Record<LimiterName, Budget> {
  const budgets: Record<LimiterName, Budget> = { ...RATE_LIMITS };
  const unknown: string[] = [];
  for (const [name, rule] of Object.entries(overrides)) {
    if (isLimiterName(name)) budgets[name] = { ...budgets[name], rule };
    else unknown.push(name);
  }
  if (unknown.length)
    throw new Error(`Invalid configuration: DCP_REST_RATE_LIMITS names unknown limiters: ${unknown.join(', ')} (known: ${Object.keys(RATE_LIMITS).join(', ')})`);
  return budgets;
}

export function createRateLimits(ctx: DomainContext) {
  const budgets = budgetsWithOverrides(ctx.config.rest.rateLimitOverrides);
  const enabled = ctx.config.rateLimits;
  const windowOf = (now: Date, rule: RateLimitRule) => {
    const windowMs = rule.windowSeconds * 1000;
    const start = Math.floor(now.getTime() / windowMs) * windowMs;
    return { windowStart: new Date(start), expiresAt: new Date(start + windowMs) };
  };
  const secondsLeft = (now: Date, expiresAt: Date) => Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));

  /**
   * Counts one request against each bucket (one statement for all of them) and says, per bucket and in
   * the same order, whether it is within its limit. Bucket keys must be distinct.
   */
  async function hit(buckets: Array<{ key: string; rule: RateLimitRule }>): Promise<RateLimitResult[]> {
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
        resetSeconds: secondsLeft(now, windows[i].expiresAt),
        hits,
      };
    });
  }

  /** Counts a request against the named budgets (one statement) and says which one, if any, it exceeds. */
  async function count(requests: LimitedRequest[]): Promise<RateLimitVerdict> {
    if (!enabled) return { counted: [] };
    const rules = requests.map((r) => budgets[r.limiter].rule);
    const results = await hit(requests.map((r, i) => ({ key: `${r.limiter}:${r.subject}`, rule: rules[i] })));
    const counted = requests.map((r, i) => ({ ...r, rule: rules[i], result: results[i] }));
    const refused = counted.find((c) => !c.result.allowed);
    if (!refused) return { counted };
    return { counted, refused: { ...refused, error: new RateLimitedError(refused.result.resetSeconds, budgets[refused.limiter].message) } };
  }

  return {
    /** False when DCP_RATE_LIMITS=off: nothing is counted or refused. */
    enabled,
    hit,
    count,

    /** Counts one request against one budget; throws RateLimited when it is exceeded. */
    async enforce(limiter: LimiterName, subject: string): Promise<void> {
      const { refused } = await count([{ limiter, subject }]);
      if (refused) throw refused.error;
    },

    /** Whether a budget is already spent, without counting against it (e.g. before checking a credential). */
    async exhausted(limiter: LimiterName, subject: string): Promise<RateLimitedError | undefined> {
      if (!enabled) return undefined;
      const now = ctx.now();
      const { rule } = budgets[limiter];
      const { windowStart, expiresAt } = windowOf(now, rule);
      const [row] = await ctx.store.db
        .select({ hits: rateLimitBuckets.hits })
        .from(rateLimitBuckets)
        .where(and(eq(rateLimitBuckets.bucketKey, `${limiter}:${subject}`), eq(rateLimitBuckets.windowStart, windowStart)));
      if (!row || row.hits < rule.limit) return undefined;
      return new RateLimitedError(secondsLeft(now, expiresAt), budgets[limiter].message);
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
