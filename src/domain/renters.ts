import { and, count, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { renters } from '../db/schema.js';
import { requireAdmin, requireRenter, targetRenterId } from './access.js';
import { recordAdminAction } from './audit.js';
import { insertKey, rotateAccountKey, type Principal } from './auth.js';
import { creditRenter, debitRenter } from './billing.js';
import type { DomainContext } from './context.js';
import { ConflictError, DisabledError, NotFoundError, isUniqueViolation } from './errors.js';
import { parseInput } from './validate.js';

export type Renter = typeof renters.$inferSelect;

export const registerRenterInput = z.object({
  name: z.string().trim().min(2).max(120),
  email: z.email().max(254),
  organization: z.string().max(160).nullish(),
  use_case: z.string().max(120).nullish(),
  useCase: z.string().max(120).nullish(),
  phone: z.string().max(40).nullish(),
});
export type RegisterRenterInput = z.input<typeof registerRenterInput>;

export const topupInput = z
  .strictObject({
    amount_halala: z.number().int().min(1).max(100_000).optional(),
    amount_sar: z
      .number()
      .min(0.01)
      .max(1000)
      .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'At most 2 decimal places (whole halala)')
      .optional(),
  })
  .refine((v) => v.amount_halala != null || v.amount_sar != null, 'Provide amount_halala (int) or amount_sar (float)');
export const balanceAdjustmentInput = z.object({
  amount_halala: z
    .number()
    .int()
    .refine((v) => v !== 0, 'Must not be zero')
    .refine((v) => Math.abs(v) <= 100_000_000, 'Too big: expected magnitude to be <=100000000'),
  reason: z.string().max(500).nullish(),
});


export function rentersModule(ctx: DomainContext) {
  const { db } = ctx.store;

  async function load(renterId: number): Promise<Renter> {
    const [row] = await db.select().from(renters).where(eq(renters.id, renterId));
    if (!row) throw new NotFoundError('Renter');
    return row;
  }

  async function setStatus(principal: Principal, renterId: number, status: 'active' | 'suspended') {
    requireAdmin(principal);
    return db.transaction(async (tx) => {
      const [row] = await tx
        .update(renters)
        .set({ status, updatedAt: ctx.now() })
        .where(and(eq(renters.id, renterId), isNull(renters.deletedAt)))
        .returning();
      if (!row) throw new NotFoundError('Renter');
      await recordAdminAction(tx, status === 'suspended' ? 'renter.suspend' : 'renter.unsuspend', { type: 'renter', id: renterId });
      return row;
    });
  }

  return {
    /** Creates an active renter with a fresh key and the starter credit, all in one transaction. */
    async register(input: unknown): Promise<{ renter: Renter; apiKey: string }> {
      const data = parseInput(registerRenterInput, input, ['name', 'email']);
      try {
        return await db.transaction(async (tx) => {
          const [renter] = await tx
            .insert(renters)
            .values({
              name: data.name,
              email: data.email.toLowerCase(),
              organization: data.organization ?? null,
              useCase: data.use_case ?? data.useCase ?? null,
              phone: data.phone ?? null,
            })
            .returning();
          const apiKey = await insertKey(tx, { renterId: renter.id }, 'registration');
          const credit = ctx.config.starterCreditHalala;
          if (credit > 0) renter.balanceHalala = await creditRenter(tx, renter.id, credit, 'starter_credit');
          return { renter, apiKey };
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('A renter with this email already exists');
        throw err;
      }
    },

    /** The caller's own renter row (its balance: a `read` or `billing` key), or any renter for an admin. */
    async get(principal: Principal, renterId?: number): Promise<Renter> {
      return load(targetRenterId(principal, renterId, ['read', 'billing']));
    },

    /**
     * Replaces the renter's key; the old one stops working at once. Renters may rotate their own key
     * three times a day; admins any renter's, without limit.
     */
    async rotateKey(principal: Principal, renterId?: number): Promise<{ renter: Renter; apiKey: string }> {
      const id = targetRenterId(principal, renterId, 'master');
      const byAdmin = principal.kind === 'admin';
      return db.transaction(async (tx) => {
        // Locked so concurrent rotations count against the daily limit one after another.
        const [renter] = await tx.select().from(renters).where(eq(renters.id, id)).for('update');
        if (!renter) throw new NotFoundError('Renter');
        const apiKey = await rotateAccountKey(tx, { renterId: id }, byAdmin, ctx.now());
        return { renter, apiKey };
      });
    },

    suspend: (principal: Principal, renterId: number) => setStatus(principal, renterId, 'suspended'),
    unsuspend: (principal: Principal, renterId: number) => setStatus(principal, renterId, 'active'),

    /** Admin credit (positive) or debit (negative) through the ledger; a debit never takes the balance below zero. */
    async adjustBalance(principal: Principal, renterId: number, input: unknown): Promise<{ renter: Renter; amountHalala: number }> {
      requireAdmin(principal);
      const data = parseInput(balanceAdjustmentInput, input, ['amount_halala']);
      await load(renterId);
      await db.transaction(async (tx) => {
        const note = data.reason ?? undefined;
        if (data.amount_halala > 0) await creditRenter(tx, renterId, data.amount_halala, 'admin_credit', note);
        else await debitRenter(tx, renterId, -data.amount_halala, 'admin_debit', note);
        await recordAdminAction(tx, 'renter.balance_adjust', { type: 'renter', id: renterId }, { amount_halala: data.amount_halala, reason: note ?? null });
      });
      return { renter: await load(renterId), amountHalala: data.amount_halala };
    },

    /** Sandbox top-up: free credit, only where the profile allows it. */
    async topup(principal: Principal, input: unknown): Promise<{ renter: Renter; amountHalala: number }> {
      const renter = requireRenter(principal, { key: 'billing' });
      if (!ctx.config.allowSandboxTopup) throw new DisabledError('Sandbox top-up is disabled on this deployment');
      const data = parseInput(topupInput, input);
      const amount = data.amount_halala ?? Math.round((data.amount_sar ?? 0) * 100);
      await db.transaction((tx) => creditRenter(tx, renter.renterId, amount, 'sandbox_topup'));
      return { renter: await load(renter.renterId), amountHalala: amount };
    },
  };
}
