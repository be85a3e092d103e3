import { and, eq, gte, sql } from 'drizzle-orm';
import { rowsOf, type Executor, type Tx } from '../db/client.js';
import { holds, jobs, ledgerEntries, providers, renters } from '../db/schema.js';
import { InsufficientBalanceError, NotFoundError } from './errors.js';
import { publish } from './events.js';
import { splitEarnings } from './pricing.js';

/**
 * Money moves only here, inside the caller's transaction, as ledger entries, and in the one statement that
 * creates a job with its hold (src/domain/submitStatement.ts). Cached balance columns (renters.balance_halala /
 * held_halala, providers.earnings_halala) change in the same statement set, so they always equal the ledger sums.
 */
export const account = {
  renter: (id: number) => `renter:${id}`,
  hold: (jobId: number) => `hold:${jobId}`,
  provider: (id: number) => `provider:${id}`,
  platform: 'platform',
  external: 'external',
};

interface Movement {
  kind: string;
  amountHalala: number;
  from: string;
  to: string;
  renterId?: number | null;
  providerId?: number | null;
  jobId?: number | null;
  note?: string | null;
}

async function record(ex: Executor, movements: Movement[]): Promise<void> {
  const rows = movements
    .filter((m) => m.amountHalala > 0)
    .map((m) => ({
      kind: m.kind,
      amountHalala: m.amountHalala,
      fromAccount: m.from,
      toAccount: m.to,
      renterId: m.renterId ?? null,
      providerId: m.providerId ?? null,
      jobId: m.jobId ?? null,
      note: m.note ?? null,
    }));
  if (rows.length) await ex.insert(ledgerEntries).values(rows);
}

const now = () => new Date();

/** Money entering a renter's wallet (starter credit, sandbox top-up, admin credit). */
export async function creditRenter(tx: Tx, renterId: number, amountHalala: number, kind: string, note?: string): Promise<number> {
  const [row] = await tx
    .update(renters)
    .set({ balanceHalala: sql`${renters.balanceHalala} + ${amountHalala}`, updatedAt: now() })
    .where(eq(renters.id, renterId))
    .returning({ balance: renters.balanceHalala });
  if (!row) throw new NotFoundError('Renter');
  await record(tx, [{ kind, amountHalala, from: account.external, to: account.renter(renterId), renterId, note }]);
  await publish(tx, { type: 'renter.balance_changed', renterId, at: now().toISOString() });
  return row.balance;
}

/** Money leaving a renter's wallet for outside (admin debit, v1 usage); never below zero. */
export async function debitRenter(tx: Tx, renterId: number, amountHalala: number, kind: string, note?: string): Promise<number> {
  const [row] = await tx
    .update(renters)
    .set({ balanceHalala: sql`${renters.balanceHalala} - ${amountHalala}`, updatedAt: now() })
    .where(and(eq(renters.id, renterId), gte(renters.balanceHalala, amountHalala)))
    .returning({ balance: renters.balanceHalala });
  if (!row) throw new InsufficientBalanceError(amountHalala, await availableBalance(tx, renterId));
  await record(tx, [{ kind, amountHalala, from: account.renter(renterId), to: account.external, renterId, note }]);
  await publish(tx, { type: 'renter.balance_changed', renterId, at: now().toISOString() });
  return row.balance;
}

export async function availableBalance(ex: Executor, renterId: number): Promise<number> {
  const [row] = await ex.select({ balance: renters.balanceHalala }).from(renters).where(eq(renters.id, renterId));
  if (!row) throw new NotFoundError('Renter');
  return row.balance;
}

/** Marks the job's hold resolved; only the first caller gets it, so a hold is paid out or refunded once. */
async function claimHold(tx: Tx, jobId: number, status: 'settled' | 'released') {
  const [hold] = await tx
    .update(holds)
    .set({ status, resolvedAt: now() })
    .where(and(eq(holds.jobId, jobId), eq(holds.status, 'held')))
    .returning();
  return hold;
}

export interface Settlement {
  actualHalala: number;
  providerHalala: number;
  platformHalala: number;
  refundedHalala: number;
}

/** Pays a completed job out of its hold: provider 75 %, platform the rest, remainder back to the renter. */
export async function settleHold(tx: Tx, jobId: number, providerId: number | null, actualHalala: number): Promise<Settlement | undefined> {
  const hold = await claimHold(tx, jobId, 'settled');
  if (!hold) return undefined;
  const actual = Math.min(actualHalala, hold.amountHalala);
  // A job with no provider (completed by an admin before any claim) pays the platform only.
  const { providerHalala, platformHalala } = providerId == null ? { providerHalala: 0, platformHalala: actual } : splitEarnings(actual);
  const refundedHalala = hold.amountHalala - actual;
  const renterId = hold.renterId;
  await tx
    .update(renters)
    .set({
      balanceHalala: sql`${renters.balanceHalala} + ${refundedHalala}`,
      heldHalala: sql`${renters.heldHalala} - ${hold.amountHalala}`,
      totalSpentHalala: sql`${renters.totalSpentHalala} + ${actual}`,
      updatedAt: now(),
    })
    .where(eq(renters.id, renterId));
  if (providerId != null) {
    await tx
      .update(providers)
      .set({
        earningsHalala: sql`${providers.earningsHalala} + ${providerHalala}`,
        totalEarnedHalala: sql`${providers.totalEarnedHalala} + ${providerHalala}`,
        totalJobs: sql`${providers.totalJobs} + 1`,
      })
      .where(eq(providers.id, providerId));
  }
  const from = account.hold(jobId);
  await record(tx, [
    { kind: 'provider_earning', amountHalala: providerHalala, from, to: account.provider(providerId ?? 0), renterId, providerId, jobId },
    { kind: 'platform_fee', amountHalala: platformHalala, from, to: account.platform, renterId, providerId, jobId },
    { kind: 'hold_refund', amountHalala: refundedHalala, from, to: account.renter(renterId), renterId, jobId },
  ]);
  await tx
    .update(jobs)
    .set({ actualCostHalala: actual, providerEarnedHalala: providerHalala, dc1FeeHalala: platformHalala })
    .where(eq(jobs.id, jobId));
  await publish(tx, { type: 'renter.balance_changed', renterId, at: now().toISOString() });
  return { actualHalala: actual, providerHalala, platformHalala, refundedHalala };
}

/** Returns the whole hold to the renter (failure, cancellation, timeout); a no-op if already resolved. */
export async function releaseHold(tx: Tx, jobId: number): Promise<number | undefined> {
  const hold = await claimHold(tx, jobId, 'released');
  if (!hold) return undefined;
  await tx
    .update(renters)
    .set({
      balanceHalala: sql`${renters.balanceHalala} + ${hold.amountHalala}`,
      heldHalala: sql`${renters.heldHalala} - ${hold.amountHalala}`,
      updatedAt: now(),
    })
    .where(eq(renters.id, hold.renterId));
  await record(tx, [
    { kind: 'hold_release', amountHalala: hold.amountHalala, from: account.hold(jobId), to: account.renter(hold.renterId), renterId: hold.renterId, jobId },
  ]);
  await tx.update(jobs).set({ refundedAt: now() }).where(eq(jobs.id, jobId));
  await publish(tx, { type: 'renter.balance_changed', renterId: hold.renterId, at: now().toISOString() });
  return hold.amountHalala;
}

/** An account's balance as the ledger says: what it received minus what it sent. */
export async function ledgerBalance(ex: Executor, accountName: string): Promise<number> {
  const result = await ex.execute<{ balance: string | number | null }>(sql`
    select coalesce((select sum(amount_halala) from ledger_entries where to_account = ${accountName}), 0)
         - coalesce((select sum(amount_halala) from ledger_entries where from_account = ${accountName}), 0) as balance`);
  return Number(rowsOf<{ balance: string | number | null }>(result)[0]?.balance ?? 0);
}
