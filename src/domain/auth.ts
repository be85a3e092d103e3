import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, count, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client.js';
import { builtOnce } from '../db/statement-cache.js';
import { apiKeys, providers, renters } from '../db/schema.js';
import { recordAdminAction } from './audit.js';
import { RateLimitedError } from './errors.js';

/** Who is asking. Adapters build it from credentials; the domain decides what it may do. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'admin' }
  | { kind: 'renter'; renterId: number; status: string }
  | { kind: 'provider'; providerId: number; approvalStatus: string; status: string; deleted: boolean };

export type AccountKind = 'renter' | 'provider';
export const ANONYMOUS: Principal = { kind: 'anonymous' };
export const ADMIN: Principal = { kind: 'admin' };

/** Mints a key in the seed's format; it is shown once and stored only as a hash. */
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

/** The account kind a key's prefix claims (`dc1-` and `dcp-` both accepted), or undefined. */
export function keyKindFromPrefix(key: string): AccountKind | undefined {
  const m = /^(?:dc1|dcp)-(renter|provider)-/.exec(key);
  return m ? (m[1] as AccountKind) : undefined;
}

export function adminTokenMatches(candidate: string, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(adminToken).digest();
  // Hash first so the comparison is constant-time whatever the lengths.
  return timingSafeEqual(a, b) && candidate.length === adminToken.length;
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

/** The key lookup every authenticated request starts with, built once per database handle. */
const keyOwner = builtOnce((ex: Executor) =>
  ex
    .select({
      ownerType: apiKeys.ownerType,
      renterId: apiKeys.renterId,
      providerId: apiKeys.providerId,
      renterStatus: renters.status,
      providerStatus: providers.status,
      approvalStatus: providers.approvalStatus,
      providerDeletedAt: providers.deletedAt,
    })
    .from(apiKeys)
    .leftJoin(renters, eq(renters.id, apiKeys.renterId))
    .leftJoin(providers, eq(providers.id, apiKeys.providerId))
    .where(and(eq(apiKeys.keyHash, sql.placeholder('keyHash')), isNull(apiKeys.revokedAt)))
    .limit(1)
    .prepare('key_owner'),
);

/** Resolves an API key to its owner, or undefined when no live key matches. */
export async function principalFromKey(ex: Executor, key: string): Promise<Principal | undefined> {
  if (!key || key.length > 128) return undefined;
  const rows = await keyOwner(ex).execute({ keyHash: hashKey(key) });
  const row = rows[0];
  if (!row) return undefined;
  if (row.ownerType === 'renter' && row.renterId != null)
    return { kind: 'renter', renterId: row.renterId, status: row.renterStatus ?? 'deleted' };
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

/** Self-service rotations allowed per account per 24 h; admin rotations are not limited. */
export const SELF_ROTATIONS_PER_DAY = 3;

/**
 * Replaces an account's key: the old ones stop working at once. The caller must hold the account row's
 * lock, so concurrent rotations count against the daily limit one after another.
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
  await tx.update(apiKeys).set({ revokedAt: now }).where(and(eq(ownerColumn, id), isNull(apiKeys.revokedAt)));
  const apiKey = await insertKey(tx, owner, byAdmin ? 'admin_rotation' : 'self_rotation');
  if (byAdmin) await recordAdminAction(tx, `${kind}.rotate_key`, { type: kind, id });
  return apiKey;
}
