import type { Principal } from './auth.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';

/** Guards shared by every domain area: they narrow the principal or throw a typed error. */
export function requireAdmin(principal: Principal): void {
  if (principal.kind !== 'admin') throw new ForbiddenError('Admin access required');
}

export function requireRenter(principal: Principal, opts: { active?: boolean } = { active: true }) {
  if (principal.kind === 'anonymous') throw new UnauthorizedError('Renter API key required');
  if (principal.kind !== 'renter') throw new ForbiddenError('Renter access required');
  if (opts.active !== false && principal.status !== 'active') throw new ForbiddenError('Renter account is not active');
  return principal;
}

export function requireProvider(principal: Principal, opts: { approved?: boolean } = {}) {
  if (principal.kind === 'anonymous') throw new UnauthorizedError('Provider API key required');
  if (principal.kind !== 'provider' || principal.deleted) throw new ForbiddenError('Provider access required');
  if (opts.approved && principal.approvalStatus !== 'approved') throw new ForbiddenError('Provider is not approved yet');
  return principal;
}

/** The renter id an action targets: the caller itself, or any renter when an admin names one. */
export function targetRenterId(principal: Principal, renterId?: number): number {
  if (principal.kind === 'admin') {
    if (renterId == null) throw new ForbiddenError('Admin must name a renter');
    return renterId;
  }
  const renter = requireRenter(principal, { active: false });
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
