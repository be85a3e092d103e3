import { and, count, desc, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { apiKeys, renters } from '../db/schema.js';
import { requireRenter } from './access.js';
import { hashKey, keyPrefix, mintSubKey, RENTER_SCOPES, type Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { NotFoundError, RuleViolationError, ValidationError } from './errors.js';
import { apiKeyColumns, type ApiKeyInfo } from './queries.js';
import { parseInput } from './validate.js';

/**
 * Renter sub-keys: keys a renter mints with its master key for one purpose (an inference-only key for an
 * app, a read-only key for a dashboard), each with scopes and an optional expiry. They live in `api_keys`
 * next to the master keys, stored only as hashes; `scopes` being set is what makes a key a sub-key. What
 * each scope allows is enforced by the guards in access.ts, on every face.
 */

/** Live sub-keys a renter may hold at once (revoked and expired ones do not count: they can never work again). */
export const MAX_LIVE_SUB_KEYS = 20;
/** Most sub-keys one listing returns: every live one first, then the newest dead ones. */
export const MAX_LISTED_SUB_KEYS = 100;
export const MAX_LABEL_LENGTH = 80;

const SCOPE_LIST = RENTER_SCOPES.join(', ');

export const createSubKeyInput = z.object({
  label: z.string().trim().min(1, 'label must not be blank').max(MAX_LABEL_LENGTH, `label must be at most ${MAX_LABEL_LENGTH} characters`).nullish(),
  scopes: z
    .array(z.enum(RENTER_SCOPES, { message: `Invalid scope. Valid values: ${SCOPE_LIST}` }), { message: `scopes must be an array of: ${SCOPE_LIST}` })
    .min(1, `At least one scope is required. Valid values: ${SCOPE_LIST}`)
    .optional(),
  // An expiry that cannot be read is refused: taking it as "never expires" would hand out a permanent key.
  expires_at: z.iso
    .datetime({ offset: true, message: 'expires_at must be an ISO-8601 timestamp with a time zone, e.g. 2026-06-01T00:00:00Z' })
    .nullish(),
});

/** A sub-key just created: its record, and the key itself, which is never shown again. */
export interface CreatedSubKey {
  subKey: ApiKeyInfo;
  key: string;
}

export type ApiKeyState = 'active' | 'expired' | 'revoked';

/** Where a key stands at `now` (master keys never expire); a revoked key reads as revoked even once past its expiry. */
export function apiKeyState(key: Pick<ApiKeyInfo, 'revokedAt' | 'expiresAt'>, now: Date): ApiKeyState {
  if (key.revokedAt) return 'revoked';
  return key.expiresAt && key.expiresAt <= now ? 'expired' : 'active';
}

const isSubKey = isNotNull(apiKeys.scopes);
const isLive = (now: Date) => and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)));

/** The caller's sub-keys, live ones first, then newest first; never a secret or a hash. Master key only. */
export async function listSubKeys(ctx: DomainContext, principal: Principal): Promise<ApiKeyInfo[]> {
  const { renterId } = requireRenter(principal, { key: 'master' });
  return ctx.store.db
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.renterId, renterId), isSubKey))
    .orderBy(sql`${isLive(ctx.now())} desc`, desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(MAX_LISTED_SUB_KEYS);
}

/**
 * Mints a sub-key for the caller (master key only). Scopes default to `inference` alone, the narrowest
 * useful key and the original service's default; the order given is kept, duplicates dropped.
 */
export async function createSubKey(ctx: DomainContext, principal: Principal, input: unknown): Promise<CreatedSubKey> {
  const { renterId } = requireRenter(principal, { key: 'master' });
  const data = parseInput(createSubKeyInput, input);
  const now = ctx.now();
  const expiresAt = data.expires_at == null ? null : new Date(data.expires_at);
  if (expiresAt && expiresAt <= now) throw ValidationError.field('expires_at', 'expires_at must be in the future');
  const scopes = [...new Set(data.scopes ?? ['inference'])];
  return ctx.store.db.transaction(async (tx) => {
    // The renter row is locked so concurrent creations count against the limit one after another.
    await tx.select({ id: renters.id }).from(renters).where(eq(renters.id, renterId)).for('update');
    const [{ live }] = await tx
      .select({ live: count() })
      .from(apiKeys)
      .where(and(eq(apiKeys.renterId, renterId), isSubKey, isLive(now)));
    if (live >= MAX_LIVE_SUB_KEYS)
      throw new RuleViolationError('SUB_KEY_LIMIT', `Maximum ${MAX_LIVE_SUB_KEYS} active sub-keys per account`, { limit: MAX_LIVE_SUB_KEYS });
    const key = mintSubKey();
    const [subKey] = await tx
      .insert(apiKeys)
      .values({
        keyHash: hashKey(key),
        prefix: keyPrefix(key),
        ownerType: 'renter',
        renterId,
        origin: 'sub_key',
        label: data.label ?? null,
        scopes,
        expiresAt,
        createdAt: now,
      })
      .returning(apiKeyColumns);
    return { subKey, key };
  });
}

/** Revokes one of the caller's sub-keys for good (master key only); it stops working at once. */
export async function revokeSubKey(ctx: DomainContext, principal: Principal, keyId: number | string): Promise<ApiKeyInfo> {
  const { renterId } = requireRenter(principal, { key: 'master' });
  const id = typeof keyId === 'number' ? keyId : /^\d{1,10}$/.test(keyId) ? Number(keyId) : NaN;
  // An id that cannot be a key's (a UUID from the original service, a typo) is simply not found.
  const notFound = new NotFoundError('Key', 'Key not found or already revoked');
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) throw notFound;
  const [revoked] = await ctx.store.db
    .update(apiKeys)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.renterId, renterId), isSubKey, isNull(apiKeys.revokedAt)))
    .returning(apiKeyColumns);
  if (!revoked) throw notFound;
  return revoked;
}
