import { ADMIN, adminTokenMatches, principalFromKey, type Principal } from './auth.js';
import type { DomainContext } from './context.js';

/**
 * The domain facade the three faces call. Each area lives in its own module; functions take the
 * principal (who is asking) and plain inputs, return plain data, and throw DomainError subclasses.
 */
export function createDomain(ctx: DomainContext) {
  return {
    ctx,
    async init(): Promise<void> {},
    async stop(): Promise<void> {},
    /** Resolves a credential (admin token or API key) to a principal; undefined when nothing matches. */
    async principal(credential: string): Promise<Principal | undefined> {
      if (adminTokenMatches(credential, ctx.config.adminToken)) return ADMIN;
      return principalFromKey(ctx.store.db, credential);
    },
  };
}

export type Domain = ReturnType<typeof createDomain>;
