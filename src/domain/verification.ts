import { randomBytes } from 'node:crypto';
import { and, desc, eq, getTableColumns, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor, Tx } from '../db/client.js';
import { builtOnce } from '../db/statement-cache.js';
import { providers, verificationRuns } from '../db/schema.js';
import { requireAdmin, requireProvider } from './access.js';
import { recordAdminAction } from './audit.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { ConflictError, ForbiddenError, isUniqueViolation, NotFoundError, RuleViolationError, UnauthorizedError } from './errors.js';
import { matchGpu, sameGpu, VRAM_TOLERANCE } from './gpuReference.js';
import { benchmarkResultInput, judgeResult } from './verificationJudge.js';
import { parseInput } from './validate.js';

/**
 * GPU verification (docs/gpu-verification.md): challenges issued by an admin or asked for by the daemon,
 * one open at a time per provider and only for a limited time; results judged against the challenge's
 * nonce, the GPU the heartbeats report and the GPU reference table; a verdict that stands until the
 * provider is judged again (or, for a pass, until its heartbeats report another GPU).
 */

type Provider = typeof providers.$inferSelect;
export type VerificationRun = typeof verificationRuns.$inferSelect;

/** The standing verdict on a provider; `unverified` when none applies. */
export const VERIFICATION_STATUSES = ['unverified', 'verified', 'suspect', 'failed'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
/** A run as callers see it: a pending run past its deadline is expired, whether or not it was marked so yet. */
export type RunState = 'pending' | 'completed' | 'expired';

/** The daemon's benchmark: fixed work, so every honest run of one card lands in the same range. */
export const MATRIX_SIZE = 4096;
export const ITERATIONS = 5;
export const HISTORY_LIMIT = 10;
const runColumns = getTableColumns(verificationRuns);

export const challengeInput = z.object({
  provider_id: z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: 'Must be a provider id' }).int('Must be a provider id').positive('Must be a provider id').max(2_147_483_647),
  ),
});

export const submitResultInput = z.object({
  challenge_id: z.string().min(1).max(64),
  result: benchmarkResultInput,
});

export function runState(run: VerificationRun, now: Date): RunState {
  if (run.status === 'pending' && run.expiresAt <= now) return 'expired';
  return run.status as RunState;
}

/** The provider's open challenge, if any: the daemon asks every poll, so the statement is built once. */
const openRunQuery = builtOnce((ex: Executor) =>
  ex
    .select()
    .from(verificationRuns)
    .where(
      and(
        eq(verificationRuns.providerId, sql.placeholder('providerId')),
        eq(verificationRuns.status, 'pending'),
        gt(verificationRuns.expiresAt, sql`${sql.placeholder('now')}::timestamptz`),
      ),
    )
    .limit(1)
    .prepare('verification_open_run'),
);

async function openRun(ex: Executor, providerId: number, now: Date): Promise<VerificationRun | undefined> {
  const [run] = await openRunQuery(ex).execute({ providerId, now: now.toISOString() });
  return run;
}

async function lockProvider(tx: Tx, providerId: number): Promise<Provider> {
  const [row] = await tx.select().from(providers).where(eq(providers.id, providerId)).for('update');
  if (!row || row.deletedAt) throw new NotFoundError('Provider');
  return row;
}

/** Marks the provider's lapsed challenges expired, freeing its one open slot. */
async function expireLapsed(tx: Tx, providerId: number, now: Date): Promise<void> {
  await tx
    .update(verificationRuns)
    .set({ status: 'expired' })
    .where(and(eq(verificationRuns.providerId, providerId), eq(verificationRuns.status, 'pending'), lte(verificationRuns.expiresAt, now)));
}

async function insertChallenge(ctx: DomainContext, tx: Tx, providerId: number, origin: 'admin' | 'auto', now: Date): Promise<VerificationRun> {
  try {
    const [run] = await tx
      .insert(verificationRuns)
      .values({
        providerId,
        challengeId: `vrf-${now.getTime()}-${randomBytes(4).toString('hex')}`,
        nonce: randomBytes(16).toString('hex'),
        matrixSize: MATRIX_SIZE,
        iterations: ITERATIONS,
        origin,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + ctx.config.verification.challengeTtlSeconds * 1000),
      })
      .returning();
    return run;
  } catch (err) {
    // The provider row lock serialises issuers; the index is the last line of defence for one open challenge.
    if (isUniqueViolation(err)) throw new ConflictError('Provider already has an open verification challenge');
    throw err;
  }
}

/** An admin asks a provider to prove its GPU. Refused while one challenge is still open. */
export async function issueChallenge(ctx: DomainContext, principal: Principal, input: unknown): Promise<VerificationRun> {
  requireAdmin(principal);
  const { provider_id: providerId } = parseInput(challengeInput, input, ['provider_id']);
  const now = ctx.now();
  return ctx.store.db.transaction(async (tx) => {
    await lockProvider(tx, providerId);
    await expireLapsed(tx, providerId, now);
    const open = await openRun(tx, providerId, now);
    if (open)
      throw new ConflictError('Provider already has an open verification challenge', {
        challenge_id: open.challengeId,
        expires_at: open.expiresAt.toISOString(),
      });
    const run = await insertChallenge(ctx, tx, providerId, 'admin', now);
    await recordAdminAction(tx, 'provider.verification_challenge', { type: 'provider', id: providerId }, { challenge_id: run.challengeId });
    return run;
  });
}

export interface AutoChallenge {
  provider: Provider;
  /** The challenge to answer: the open one, or a new one; undefined when the standing verdict holds. */
  run?: VerificationRun;
  /** When a suspect or failed provider may ask again. */
  retryAt?: Date;
}

/** When the provider's standing verdict lets the daemon ask for a new challenge; null: never on its own. */
function retryTime(ctx: DomainContext, p: Provider): Date | null {
  if (p.verificationStatus === 'unverified' || !p.verificationJudgedAt) return new Date(0);
  if (p.verificationStatus === 'verified') return null;
  return new Date(p.verificationJudgedAt.getTime() + ctx.config.verification.retryHours * 3_600_000);
}

/**
 * The daemon's start-up call: the open challenge if there is one (a restarted daemon picks it up again),
 * else a new one when no verdict applies or a suspect/failed verdict is old enough to be retried.
 */
export async function autoChallenge(ctx: DomainContext, principal: Principal): Promise<AutoChallenge> {
  const { providerId } = requireProvider(principal);
  const now = ctx.now();
  return ctx.store.db.transaction(async (tx) => {
    const provider = await lockProvider(tx, providerId);
    await expireLapsed(tx, providerId, now);
    const open = await openRun(tx, providerId, now);
    if (open) return { provider, run: open };
    const retryAt = retryTime(ctx, provider);
    if (!retryAt || retryAt > now) return { provider, retryAt: retryAt ?? undefined };
    return { provider, run: await insertChallenge(ctx, tx, providerId, 'auto', now) };
  });
}

/** The daemon's poll: the provider's open challenge, if any. */
export async function pendingChallenge(ctx: DomainContext, principal: Principal): Promise<VerificationRun | undefined> {
  const { providerId } = requireProvider(principal);
  return openRun(ctx.store.db, providerId, ctx.now());
}

export interface Submission {
  run: VerificationRun;
  /** The challenge had already been answered: `run` carries the first answer's verdict. */
  alreadySubmitted: boolean;
  provider: Provider;
}

/**
 * Judges the daemon's answer to one of its challenges and makes the verdict the provider's standing one.
 * An expired challenge is refused without a verdict; a second answer changes nothing.
 */
export async function submitResult(ctx: DomainContext, principal: Principal, input: unknown): Promise<Submission> {
  const { providerId } = requireProvider(principal);
  const data = parseInput(submitResultInput, input, ['challenge_id', 'result']);
  const now = ctx.now();
  return ctx.store.db.transaction(async (tx) => {
    // Provider first, then the run: the order every verification write takes, so none can deadlock.
    const provider = await lockProvider(tx, providerId);
    const [run] = await tx
      .select()
      .from(verificationRuns)
      .where(and(eq(verificationRuns.challengeId, data.challenge_id), eq(verificationRuns.providerId, providerId)))
      .for('update');
    if (!run) throw new NotFoundError('Verification challenge', 'Verification challenge not found');
    if (run.status === 'completed') return { run, alreadySubmitted: true, provider };
    if (runState(run, now) === 'expired')
      throw new RuleViolationError('CHALLENGE_EXPIRED', 'Verification challenge expired', {
        challenge_id: run.challengeId,
        expired_at: run.expiresAt.toISOString(),
      });

    const judgement = judgeResult(run, data.result, provider.gpuNameDetected);
    const [judged] = await tx
      .update(verificationRuns)
      .set({
        status: 'completed',
        completedAt: now,
        result: data.result,
        verdict: judgement.verdict,
        score: judgement.score,
        flags: judgement.flags,
        matchedGpu: judgement.matchedGpu?.name ?? null,
      })
      .where(eq(verificationRuns.id, run.id))
      .returning();
    const [after] = await tx
      .update(providers)
      .set({
        verificationStatus: judgement.verdict,
        verificationScore: judgement.score,
        verificationJudgedAt: now,
        verifiedGpu: judgement.judgedGpu,
        updatedAt: now,
      })
      .where(eq(providers.id, providerId))
      .returning();
    return { run: judged, alreadySubmitted: false, provider: after };
  });
}

export interface VerificationReport {
  provider: Provider;
  /** Newest first, at most HISTORY_LIMIT. */
  history: VerificationRun[];
}

/** A provider's verdict and recent runs (flags included): for the provider itself and admins. */
export async function verificationReport(ctx: DomainContext, principal: Principal, providerId: number): Promise<VerificationReport> {
  if (principal.kind === 'anonymous') throw new UnauthorizedError('Admin token or the provider’s API key required');
  if (principal.kind !== 'admin' && !(principal.kind === 'provider' && principal.providerId === providerId)) throw new ForbiddenError('Forbidden');
  const [provider] = await ctx.store.db.select().from(providers).where(and(eq(providers.id, providerId), isNull(providers.deletedAt)));
  if (!provider) throw new NotFoundError('Provider');
  const [history] = await runsByProviderIds(ctx, [providerId], HISTORY_LIMIT);
  return { provider, history };
}

/** Verified marketplace providers, best score first, then reputation. Public: it shows no flags. */
export async function leaderboard(ctx: DomainContext, limit: number): Promise<Provider[]> {
  return ctx.store.db
    .select()
    .from(providers)
    .where(and(eq(providers.verificationStatus, 'verified'), eq(providers.approvalStatus, 'approved'), isNull(providers.deletedAt)))
    .orderBy(desc(providers.verificationScore), desc(providers.reputationScore), providers.id)
    .limit(limit);
}

/** Each provider's latest `limit` runs, newest first, in one statement (a batch loader). */
export async function runsByProviderIds(ctx: DomainContext, providerIds: readonly number[], limit: number): Promise<VerificationRun[][]> {
  const { db } = ctx.store;
  const ranked = db
    .select({
      ...runColumns,
      rank: sql<number>`row_number() over (partition by ${verificationRuns.providerId} order by ${verificationRuns.requestedAt} desc, ${verificationRuns.id} desc)`.as('rank'),
    })
    .from(verificationRuns)
    .where(inArray(verificationRuns.providerId, [...providerIds]))
    .as('ranked');
  const rows = await db.select().from(ranked).where(sql`${ranked.rank} <= ${limit}`).orderBy(ranked.providerId, ranked.rank);
  const byProvider = new Map<number, VerificationRun[]>(providerIds.map((id) => [id, []]));
  for (const { rank: _rank, ...run } of rows) byProvider.get(run.providerId)?.push(run);
  return providerIds.map((id) => byProvider.get(id) ?? []);
}

/**
 * What a heartbeat's GPU report does to the standing verdict: a verified or suspect verdict about another GPU,
 * or about a card with other memory than the one now reported (routing trusts a verified host's memory), no
 * longer applies, so the provider is unverified until it is judged on what it reports now. A failed verdict
 * stands: a host does not clear a failure by reporting another card.
 */
export function verdictAfterGpuReport(before: Provider, report: { gpuName: string | null; vramMib: (number | null)[] }): Partial<Provider> {
  const standing = before.verificationStatus as VerificationStatus;
  if (!before.verifiedGpu || (standing !== 'verified' && standing !== 'suspect')) return {};
  const lapsed = { verificationStatus: 'unverified', verificationScore: null };
  if (report.gpuName && !sameGpu(before.verifiedGpu, report.gpuName)) return lapsed;
  const card = matchGpu(before.verifiedGpu);
  const offCard = (mib: number | null) => card !== undefined && mib != null && Math.abs(mib - card.vramMib) > card.vramMib * VRAM_TOLERANCE;
  return report.vramMib.some(offCard) ? lapsed : {};
}
