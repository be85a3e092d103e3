import { ADMIN, adminTokenMatches, principalFromKey, type Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { heartbeatModule } from './heartbeat.js';
import { jobsModule } from './jobs.js';
import { jobViewsModule } from './jobViews.js';
import { providersModule } from './providers.js';
import { rentersModule } from './renters.js';
import { sweepsModule } from './sweeps.js';
import { inferenceModule } from './inference.js';
import { modelsModule, seedDefaultModels } from './models.js';
import { queriesModule } from './queries.js';
import { createRateLimits } from './ratelimit.js';
import { adminModule } from './admin.js';
import { daemonModule } from './daemon.js';
import { marketplaceModule } from './marketplace.js';
import { overviewsModule } from './overviews.js';
import { privacyModule } from './privacy.js';
import { statsModule } from './stats.js';
import { createSubKey, listSubKeys, revokeSubKey } from './subKeys.js';

/**
 * The domain facade the three faces call. Each area lives in its own module; functions take the
 * principal (who is asking) and plain inputs, return plain data, and throw DomainError subclasses.
 */
export function createDomain(ctx: DomainContext) {
  const sweeps = sweepsModule(ctx);
  const inference = inferenceModule(ctx);
  return {
    ctx,
    renters: rentersModule(ctx),
    subKeys: {
      list: (principal: Principal) => listSubKeys(ctx, principal),
      create: (principal: Principal, input: unknown) => createSubKey(ctx, principal, input),
      revoke: (principal: Principal, keyId: number | string) => revokeSubKey(ctx, principal, keyId),
    },
    providers: { ...providersModule(ctx), ...heartbeatModule(ctx) },
    jobs: jobsModule(ctx),
    jobViews: jobViewsModule(ctx),
    sweeps,
    queries: queriesModule(ctx),
    stats: statsModule(ctx),
    models: modelsModule(ctx),
    rateLimits: createRateLimits(ctx),
    overviews: overviewsModule(ctx),
    marketplace: marketplaceModule(ctx),
    daemon: daemonModule(ctx),
    privacy: privacyModule(ctx),
    admin: adminModule(ctx),
    inference,
    async init(): Promise<void> {
      await seedDefaultModels(ctx.store.db);
    },
    async stop(): Promise<void> {
      await sweeps.stop();
      // /v1 answers already sent are charged just after; let those charges land before the store closes.
      await inference.drain();
    },
    /** Resolves a credential (admin token or API key) to a principal; undefined when nothing matches. */
    async principal(credential: string): Promise<Principal | undefined> {
      if (adminTokenMatches(credential, ctx.config.adminToken)) return ADMIN;
      return principalFromKey(ctx.store.db, credential, ctx.now());
    },
  };
}

export type Domain = ReturnType<typeof createDomain>;
