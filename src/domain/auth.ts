import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, count, eq, gte, isNull, or, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client.js';
import { builtOnce } from '../db/statement-cache.js';
import { apiKeys, providers, renters } from '../db/schema.js';
import { recordAdminAction } from './audit.js';
import { RateLimitedError } from './errors.js';

/** What a renter sub-key may be allowed to do; a master key may do all of it and manage the account. */
export const RENTER_SCOPES = ['inference', 'jobs', 'read', 'billing'] as const;
export type RenterScope = (typeof RENTER_SCOPES)[number];

/** Who is asking. Adapters build it from credentials; the domain decides what it may do. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'admin' }
  | RenterPrincipal
  | { kind: 'provider'; providerId: number; approvalStatus: string; status: string; deleted: boolean };

/**
 * A renter, as one of its keys identifies it. `scopes` is present only for a sub-key and limits what the
 * key may do (see access.ts); `expiresAt` is when such a key stops working, if ever.
 */
export interface RenterPrincipal {
  kind: 'renter';
  renterId: number;
  status: string;
  scopes?: readonly RenterScope[];
  expiresAt?: Date;
}

export type AccountKind = 'renter' | 'provider';
export const ANONYMOUS: Principal = { kind: 'anonymous' };
export const ADMIN: Principal = { kind: 'admin' };

/** Mints a key in the original API's format (docs/decisions.md#key-storage); it is shown once and stored only as a hash. */
export function mintKey(kind: AccountKind): string {
  return `dc1-${kind}-${randomBytes(16).toString('hex')}`;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Display prefix kept next to the hash, e.g. `dc1-renter-1a2b…`. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, Math.min(key.length, key.lastIndexOf('-') + 5))}…`;
}

/** Mints a renter sub-key (`dc1-sk-` and 40 hex, the original's format); shown once, stored as a hash. */
export function mintSubKey(): string {
  return `dc1-sk-${randomBytes(20).toString('hex')}`;
}

/** The account kind a key's prefix claims (`dc1-` and `dcp-` both accepted; `-sk-` is a renter sub-key), or undefined. */
export function keyKindFromPrefix(key: string): AccountKind | undefined {
  const m = /^(?:dc1|dcp)-(renter|provider|sk)-/.exec(key);
  if (!m) return undefined;
  return m[1] === 'sk' ? 'renter' : (m[1] as AccountKind);
}

/** The admin token's digest, kept: hashed once, not on every request that presents a credential. */
let adminDigest: { token: string; digest: Buffer } | undefined;

export function adminTokenMatches(candidate: string, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  if (adminDigest?.token !== adminToken) adminDigest = { token: adminToken, digest: createHash('sha256').update(adminToken).digest() };
  const a = createHash('sha256').update(candidate).digest();
  // Hash first so the comparison is constant-time whatever the lengths.
  return timingSafeEqual(a, adminDigest.digest) && candidate.length === adminToken.length;
}

export async function insertKey(
  ex: Executor,
  owner: { renterId: number } | { providerId: number },
  origin: 'registration' | 'self_rotation' | 'admin_rotation',
): Promise<string> {
  const kind: AccountKind = 'renterId' in owner ? 'renter' : 'provider';
  const key = mintKey(kind);
  await ex.insert(apiKeys).values({
    keyHash: hashKey(key),
    prefix: keyPrefix(key),
    ownerType: kind,
    renterId: 'renterId' in owner ? owner.renterId : null,
    providerId: 'providerId' in owner ? owner.providerId : null,
    origin,
  });
  return key;
}

/** What the key lookup reads of a key's owner (from api_keys joined to renters and providers); see KeyOwnerRow. */
export const KEY_OWNER_COLUMNS = {
  ownerType: apiKeys.ownerType,
  renterId: apiKeys.renterId,
  providerId: apiKeys.providerId,
  renterStatus: renters.status,
  providerStatus: providers.status,
  approvalStatus: providers.approvalStatus,
  providerDeletedAt: providers.deletedAt,
  scopes: apiKeys.scopes,
  expiresAt: apiKeys.expiresAt,
};

/** A live key: the one whose hash is placeholder `keyHash`, not revoked and not expired at placeholder `now`. */
export const LIVE_KEY = and(
  eq(apiKeys.keyHash, sql.placeholder('keyHash')),
  isNull(apiKeys.revokedAt),
  // Checked in the lookup itself, so an expired key is refused from its first second on, by every face.
  or(isNull(apiKeys.expiresAt), sql`${apiKeys.expiresAt} > ${sql.placeholder('now')}::timestamptz`),
);

/** The key lookup every authenticated request starts with, built once per database handle. */
const keyOwner = builtOnce((ex: Executor) =>
  ex
    .select(KEY_OWNER_COLUMNS)
    .from(apiKeys)
    .leftJoin(renters, eq(renters.id, apiKeys.renterId))
    .leftJoin(providers, eq(providers.id, apiKeys.providerId))
    .where(LIVE_KEY)
    .limit(1)
    .prepare('key_owner'),
);

/**
 * The key lookup (KEY_OWNER_COLUMNS where LIVE_KEY) as raw text, for statements whose text is built once
 * with positional parameters and that check the key in the round trip that does the work: `keyHash` and `at`
 * are the SQL expressions for the key's hash and the time it must not have expired by; KEY_OWNER_SQL takes
 * them as $1 and $2 (keyLookup's two values). Columns named as KeyOwnerRow's.
 */
export const keyOwnerSql = (keyHash: string, at: string) => `
  select k.owner_type as "ownerType", k.renter_id as "renterId", k.provider_id as "providerId", r.status as "renterStatus",
         p.status as "providerStatus", p.approval_status as "approvalStatus", p.deleted_at as "providerDeletedAt",
         k.scopes, k.expires_at as "expiresAt"
    from api_keys k
    left join renters r on r.id = k.renter_id
    left join providers p on p.id = k.provider_id
   where k.key_hash = ${keyHash} and k.revoked_at is null and (k.expires_at is null or k.expires_at > ${at})
   limit 1`;
export const KEY_OWNER_SQL = keyOwnerSql('$1::text', '$2::timestamptz');

/** A live key's owner as the key lookup reads it (columns named as in src/domain/heartbeatStatement.ts too). */
export interface KeyOwnerRow {
  ownerType: string;
  renterId: number | null;
  providerId: number | null;
  renterStatus: string | null;
  providerStatus: string | null;
  approvalStatus: string | null;
  providerDeletedAt: unknown;
  scopes: string[] | null;
  expiresAt: Date | string | null;
}

/** The principal behind a live key's owner row. */
export function principalFromOwner(row: KeyOwnerRow): Principal | undefined {
  if (row.ownerType === 'renter' && row.renterId != null) {
    const renter: RenterPrincipal = { kind: 'renter', renterId: row.renterId, status: row.renterStatus ?? 'deleted' };
    if (row.scopes) renter.scopes = row.scopes as RenterScope[];
    if (row.expiresAt) renter.expiresAt = row.expiresAt instanceof Date ? row.expiresAt : new Date(row.expiresAt);
    return renter;
  }
  if (row.ownerType === 'provider' && row.providerId != null)
    return {
      kind: 'provider',
      providerId: row.providerId,
      approvalStatus: row.approvalStatus ?? 'pending',
      status: row.providerStatus ?? 'deleted',
      deleted: row.providerDeletedAt != null,
    };
  return undefined;
}

/** Keys longer than this are never issued: refused without a lookup. */
export const MAX_API_KEY_LENGTH = 128;

/** The key lookup's parameters, or undefined for a key that cannot be live (empty, or longer than any issued). */
export function keyLookup(key: string, now: Date): { keyHash: string; now: string } | undefined {
  if (!key || key.length > MAX_API_KEY_LENGTH) return undefined;
  return { keyHash: hashKey(key), now: now.toISOString() };
}

/** Resolves an API key to its owner, or undefined when no live key matches (unknown, revoked or expired at `now`). */
export async function principalFromKey(ex: Executor, key: string, now: Date): Promise<Principal | undefined> {
  const lookup = keyLookup(key, now);
  if (!lookup) return undefined;
  const rows = await keyOwner(ex).execute(lookup);
  return rows[0] && principalFromOwner(rows[0]);
}

/** Self-service rotations allowed per account per 24 h; admin rotations are not limited. */
export const SELF_ROTATIONS_PER_DAY = 3;

/**
 * Replaces an account's key: the old ones stop working at once. The caller must hold the account row's
 * lock, so concurrent rotations count against the daily limit one after another. A renter's sub-keys
 * survive its own rotation (they are revoked one by one, and rotating the master key must not break every
 * app holding a scoped key); an admin rotation is the response to a compromised account and revokes them too.
 */
export async function rotateAccountKey(tx: Tx, owner: { renterId: number } | { providerId: number }, byAdmin: boolean, now: Date): Promise<string> {
  const kind: AccountKind = 'renterId' in owner ? 'renter' : 'provider';
  const ownerColumn = 'renterId' in owner ? apiKeys.renterId : apiKeys.providerId;
  const id = 'renterId' in owner ? owner.renterId : owner.providerId;
  if (!byAdmin) {
    const since = new Date(now.getTime() - 24 * 3600_000);
    const [{ n }] = await tx
      .select({ n: count() })
      .from(apiKeys)
      .where(and(eq(ownerColumn, id), eq(apiKeys.origin, 'self_rotation'), gte(apiKeys.createdAt, since)));
    if (n >= SELF_ROTATIONS_PER_DAY) throw new RateLimitedError(24 * 3600, `Key rotation limit reached (${SELF_ROTATIONS_PER_DAY} per 24 hours)`);
  }
  const replaced = byAdmin ? undefined : isNull(apiKeys.scopes);
  await tx.update(apiKeys).set({ revokedAt: now }).where(and(eq(ownerColumn, id), isNull(apiKeys.revokedAt), replaced));
  const apiKey = await insertKey(tx, owner, byAdmin ? 'admin_rotation' : 'self_rotation');
  if (byAdmin) await recordAdminAction(tx, `${kind}.rotate_key`, { type: kind, id });
  return apiKey;
}
