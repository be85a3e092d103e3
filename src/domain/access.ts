import type { Principal, RenterScope } from './auth.js';
import { ForbiddenError, MissingScopeError, UnauthorizedError } from './errors.js';

/** Guards shared by every domain area: they narrow the principal or throw a typed error. */
export function requireAdmin(principal: Principal): void {
  if (principal.kind !== 'admin') throw new ForbiddenError('Admin access required');
}

/**
 * What a renter action needs from the key: one of these scopes, or `'master'` (the account's own key).
 * Master keys pass every scope; sub-keys only those they carry.
 */
export type KeyRequirement = RenterScope | readonly RenterScope[] | 'master';

export interface RenterRequirement {
  /** Default true: refuse a suspended or deleted renter. */
  active?: boolean;
  /** Default `'master'`: an action nobody mapped to a scope is closed to sub-keys rather than open to them. */
  key?: KeyRequirement;
}

export function requireRenter(principal: Principal, opts: RenterRequirement = {}) {
  if (principal.kind === 'anonymous') throw new UnauthorizedError('Renter API key required');
  if (principal.kind !== 'renter') throw new ForbiddenError('Renter access required');
  if (opts.active !== false && principal.status !== 'active') throw new ForbiddenError('Renter account is not active');
  requireKey(principal, opts.key ?? 'master');
  return principal;
}

/** Whether a renter's key carries one of `scopes`. A master key does; other principals are not limited by scopes. */
export function hasScope(principal: Principal, ...scopes: RenterScope[]): boolean {
  if (principal.kind !== 'renter' || !principal.scopes) return true;
  const granted = principal.scopes;
  return scopes.some((scope) => granted.includes(scope));
}

/** Refuses a renter sub-key without one of `scopes` (403 naming them); anyone else passes to their own guards. */
export function requireScope(principal: Principal, ...scopes: RenterScope[]): void {
  if (!hasScope(principal, ...scopes)) throw new MissingScopeError(scopes);
}

/** Whether the principal is a renter using its master key, not a sub-key. */
export function isMasterKey(principal: Principal): boolean {
  return principal.kind === 'renter' && !principal.scopes;
}

function requireKey(principal: Principal, requirement: KeyRequirement): void {
  if (requirement === 'master') {
    if (principal.kind === 'renter' && principal.scopes)
      throw new ForbiddenError("This action needs the account's master API key; sub-keys cannot perform it");
    return;
  }
  requireScope(principal, ...(typeof requirement === 'string' ? [requirement] : requirement));
}

export function requireProvider(principal: Principal, opts: { approved?: boolean } = {}) {
  if (principal.kind === 'anonymous') throw new UnauthorizedError('Provider API key required');
  if (principal.kind !== 'provider' || principal.deleted) throw new ForbiddenError('Provider access required');
  if (opts.approved && principal.approvalStatus !== 'approved') throw new ForbiddenError('Provider is not approved yet');
  return principal;
}

/** The renter id an action targets: the caller itself (its key meeting `key`), or any renter when an admin names one. */
export function targetRenterId(principal: Principal, renterId: number | undefined, key: KeyRequirement): number {
  if (principal.kind === 'admin') {
    if (renterId == null) throw new ForbiddenError('Admin must name a renter');
    return renterId;
  }
  const renter = requireRenter(principal, { active: false, key });
  if (renterId != null && renterId !== renter.renterId) throw new ForbiddenError('Forbidden');
  return renter.renterId;
}

export function targetProviderId(principal: Principal, providerId?: number): number {
  if (principal.kind === 'admin') {
    if (providerId == null) throw new ForbiddenError('Admin must name a provider');
    return providerId;
  }
  const provider = requireProvider(principal);
  if (providerId != null && providerId !== provider.providerId) throw new ForbiddenError('Forbidden');
  return provider.providerId;
}
