import { and, count, eq, gte, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { apiKeys, providers } from '../db/schema.js';
import { requireAdmin, requireProvider, targetProviderId } from './access.js';
import { recordAdminAction } from './audit.js';
import { insertKey, rotateAccountKey, type Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { ConflictError, NotFoundError, RateLimitedError , isUniqueViolation } from './errors.js';
import { publish } from './events.js';
import { parseInput } from './validate.js';

export type Provider = typeof providers.$inferSelect;

const OS_ALIASES: Record<string, string> = {
  windows: 'windows', 'windows 10': 'windows', 'windows 11': 'windows', 'windows 10/11': 'windows', win: 'windows', win10: 'windows', win11: 'windows',
  mac: 'mac', macos: 'mac', 'mac os': 'mac', 'mac os x': 'mac', osx: 'mac', darwin: 'darwin',
};
/** Maps the installer's OS names to the canonical names the original stored (linux, windows, mac, ...); undefined when unknown. */
export function canonicalOs(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (OS_ALIASES[v]) return OS_ALIASES[v];
  if (v.includes('linux') || v.startsWith('ubuntu')) return 'linux';
  return undefined;
}

export const registerProviderInput = z.object({
  name: z.string().trim().min(2).max(100),
  email: z.email().max(254),
  gpu_model: z.string().min(1).max(120),
  os: z.string().min(1).max(40).refine((v) => canonicalOs(v) !== undefined, 'Invalid OS value'),
  phone: z.string().max(40).nullish(),
  location: z.string().max(200).nullish(),
  location_country: z.string().max(200).nullish(),
  resource_spec: z.union([z.string().max(4096), z.record(z.string(), z.unknown())]).nullish(),
});

const numeric = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v),
    z.number({ error: message }).min(min, message).max(max, message),
  );
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time of day as HH:MM');

export const preferencesInput = z.object({
  run_mode: z.enum(['always-on', 'manual', 'scheduled'], { error: 'Invalid run_mode' }).optional(),
  scheduled_start: clock.optional(),
  scheduled_end: clock.optional(),
  gpu_usage_cap_pct: numeric(0, 100, 'gpu_usage_cap_pct must be 0-100').optional(),
  vram_reserve_gb: numeric(0, 16, 'vram_reserve_gb must be 0-16').optional(),
  temp_limit_c: numeric(50, 100, 'temp_limit_c must be 50-100').optional(),
});

/** Writes the provider's new status and announces it when it changed. */
export async function changeProviderStatus(tx: Tx, before: Provider, patch: Partial<typeof providers.$inferInsert>, at: Date): Promise<Provider> {
  const [after] = await tx.update(providers).set({ ...patch, updatedAt: at }).where(eq(providers.id, before.id)).returning();
  if (after.status !== before.status || after.isPaused !== before.isPaused) {
    await publish(tx, {
      type: 'provider.status_changed',
      providerId: after.id,
      status: after.status,
      fromStatus: before.status,
      isPaused: after.isPaused,
      at: at.toISOString(),
    });
  }
  return after;
}

export function providersModule(ctx: DomainContext) {
  const { db } = ctx.store;

  async function lockProvider(tx: Tx, providerId: number): Promise<Provider> {
    const [row] = await tx.select().from(providers).where(eq(providers.id, providerId)).for('update');
    if (!row || row.deletedAt) throw new NotFoundError('Provider');
    return row;
  }

  /** An admin decision on a provider, with its audit row, in one transaction. */
  async function decide(
    principal: Principal,
    providerId: number,
    action: string,
    patch: (p: Provider, now: Date) => Partial<typeof providers.$inferInsert>,
    details: Record<string, unknown> = {},
  ): Promise<Provider> {
    requireAdmin(principal);
    return db.transaction(async (tx) => {
      const before = await lockProvider(tx, providerId);
      const after = await changeProviderStatus(tx, before, patch(before, ctx.now()), ctx.now());
      await recordAdminAction(tx, action, { type: 'provider', id: providerId }, details);
      return after;
    });
  }

  return {
    async register(input: unknown): Promise<{ provider: Provider; apiKey: string }> {
      const data = parseInput(registerProviderInput, input, ['name', 'email', 'gpu_model', 'os']);
      const autoApprove = ctx.config.autoApproveProviders;
      const resourceSpec = data.resource_spec == null ? null : typeof data.resource_spec === 'string' ? data.resource_spec : JSON.stringify(data.resource_spec);
      try {
        return await db.transaction(async (tx) => {
          const [provider] = await tx
            .insert(providers)
            .values({
              name: data.name,
              email: data.email.toLowerCase(),
              gpuModel: data.gpu_model,
              os: canonicalOs(data.os),
              location: data.location ?? data.location_country ?? null,
              resourceSpec,
              approvalStatus: autoApprove ? 'approved' : 'pending',
              approvedAt: autoApprove ? ctx.now() : null,
            })
            .returning();
          const apiKey = await insertKey(tx, { providerId: provider.id }, 'registration');
          return { provider, apiKey };
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('A provider with this email already exists');
        throw err;
      }
    },

    async get(principal: Principal, providerId?: number): Promise<Provider> {
      const id = targetProviderId(principal, providerId);
      const [row] = await db.select().from(providers).where(eq(providers.id, id));
      if (!row) throw new NotFoundError('Provider');
      return row;
    },

    approve: (principal: Principal, providerId: number) =>
      decide(principal, providerId, 'provider.approve', (_p, now) => ({ approvalStatus: 'approved', approvedAt: now, rejectedReason: null })),
    reject: (principal: Principal, providerId: number, reason?: string | null) =>
      decide(principal, providerId, 'provider.reject', () => ({ approvalStatus: 'rejected', approvedAt: null, rejectedReason: reason ?? null }), {
        reason: reason ?? null,
      }),
    suspend: (principal: Principal, providerId: number, reason?: string | null) =>
      decide(principal, providerId, 'provider.suspend', (_p, now) => ({ status: 'suspended', suspendedAt: now }), { reason: reason ?? null }),
    /** Back to service; the provider counts as online again only once it heartbeats. */
    unsuspend: (principal: Principal, providerId: number) =>
      decide(principal, providerId, 'provider.unsuspend', (p) => ({ status: p.isPaused ? 'paused' : 'offline', suspendedAt: null })),

    async rotateKey(principal: Principal, providerId?: number): Promise<{ provider: Provider; apiKey: string }> {
      const id = targetProviderId(principal, providerId);
      const byAdmin = principal.kind === 'admin';
      return db.transaction(async (tx) => {
        const provider = await lockProvider(tx, id);
        const apiKey = await rotateAccountKey(tx, { providerId: id }, byAdmin, ctx.now());
        return { provider, apiKey };
      });
    },

    /** Stops new work reaching the provider; running jobs finish. */
    async pause(principal: Principal): Promise<Provider> {
      const { providerId } = requireProvider(principal);
      return db.transaction(async (tx) => {
        const before = await lockProvider(tx, providerId);
        const status = before.status === 'suspended' ? 'suspended' : 'paused';
        return changeProviderStatus(tx, before, { status, isPaused: true }, ctx.now());
      });
    },

    async resume(principal: Principal): Promise<Provider> {
      const { providerId } = requireProvider(principal);
      return db.transaction(async (tx) => {
        const before = await lockProvider(tx, providerId);
        const fresh = before.lastHeartbeat && ctx.now().getTime() - before.lastHeartbeat.getTime() < ctx.config.providerOfflineSeconds * 1000;
        const status = before.status === 'suspended' ? 'suspended' : fresh ? 'online' : 'offline';
        return changeProviderStatus(tx, before, { status, isPaused: false }, ctx.now());
      });
    },

    async setPreferences(principal: Principal, input: unknown): Promise<Provider> {
      const { providerId } = requireProvider(principal);
      const data = parseInput(preferencesInput, input);
      const [row] = await db
        .update(providers)
        .set({
          runMode: data.run_mode,
          scheduledStart: data.scheduled_start,
          scheduledEnd: data.scheduled_end,
          gpuUsageCapPct: data.gpu_usage_cap_pct,
          vramReserveGb: data.vram_reserve_gb,
          tempLimitC: data.temp_limit_c,
          updatedAt: ctx.now(),
        })
        .where(eq(providers.id, providerId))
        .returning();
      if (!row) throw new NotFoundError('Provider');
      return row;
    },
  };
}
