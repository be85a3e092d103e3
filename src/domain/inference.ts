import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { rowsOf, type Executor, type Tx } from '../db/client.js';
import { idempotencyKeys, inferenceUsage, ledgerEntries, models, providers, renters } from '../db/schema.js';
import { requireRenter } from './access.js';
import type { Principal } from './auth.js';
import { endpointUrlProblem } from './addressPolicy.js';
import { account } from './billing.js';
import type { DomainContext } from './context.js';
import { ConflictError, DomainError, InsufficientBalanceError, NotFoundError, ValidationError } from './errors.js';
import { publish } from './events.js';
import { splitEarnings } from './pricing.js';

/**
 * The OpenAI-compatible inference marketplace: which providers may serve a model, what a completion
 * costs, and the money around it. A request reserves its worst-case cost before dispatch (so a burst
 * can never overspend a balance) and settles the actual cost afterwards, in one transaction with its
 * ledger entries, the provider's earning and the usage record.
 */

/** Halala per 1M input / output tokens. */
export interface TokenPrice {
  inHalalaPerM: number;
  outHalalaPerM: number;
}

/** Applies to models without a registry price (or with a zero one): usage is never free. */
export const DEFAULT_TOKEN_PRICE: TokenPrice = { inHalalaPerM: 30, outHalalaPerM: 60 };

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Each side is rounded up separately, so any non-zero side costs at least one halala. */
export function tokenCostParts(price: TokenPrice, usage: TokenUsage): { promptHalala: number; completionHalala: number } {
  return {
    promptHalala: Math.ceil((usage.promptTokens * price.inHalalaPerM) / 1e6),
    completionHalala: Math.ceil((usage.completionTokens * price.outHalalaPerM) / 1e6),
  };
}

export function tokenCost(price: TokenPrice, usage: TokenUsage): number {
  const { promptHalala, completionHalala } = tokenCostParts(price, usage);
  return promptHalala + completionHalala;
}

/** Token count estimated from text when a provider reports none (about four characters a token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * An upper bound on a prompt's tokens for the reservation: a byte-level tokenizer never makes more
 * tokens than bytes, and real ones average well under half of that.
 */
function promptTokenBound(text: string): number {
  return Math.ceil(Buffer.byteLength(text) / 2);
}

const QUANTISATION_WORDS = /(gptq|awq|gguf|int4|int8|fp16|bf16|fp8|q[2-8](k[msl]?)?(_?[01])?)$/;

/**
 * The form model ids are compared in: case, organisation prefix, separators and a trailing
 * quantisation tag removed, so `Qwen/Qwen3-8B`, `qwen3:8b` and `qwen3-8b-awq` are one model.
 */
export function modelKey(id: string): string {
  const bare = id.toLowerCase().slice(id.lastIndexOf('/') + 1);
  const compact = bare.replace(/[\s:_\-.]/g, '');
  const stripped = compact.replace(QUANTISATION_WORDS, '');
  return stripped.length >= 3 ? stripped : compact;
}

export interface ModelInfo {
  id: string;
  displayName: string;
  family: string | null;
  contextLength: number;
  minVramGb: number;
  price: TokenPrice;
}

export interface ModelListing extends ModelInfo {
  providerCount: number;
}

/** A provider able to serve the requested model right now, with the model id it knows it by. */
export interface Candidate {
  providerId: number;
  endpointUrl: string;
  routedModel: string;
}

export interface RoutePlan {
  model: ModelInfo;
  candidates: Candidate[];
}

export interface Alternative {
  model: string;
  reason: 'same_family' | 'available';
  provider_count: number;
}

/** The model exists, but no eligible provider serves it at the moment. */
export class ModelNotServedError extends DomainError {
  readonly code = 'MODEL_NOT_SERVED';
  constructor(
    readonly model: string,
    readonly alternatives: Alternative[],
  ) {
    super(`No provider is serving ${model} right now`, { alternatives });
  }
}

export interface Reservation {
  id: string;
  renterId: number;
  amountHalala: number;
}

export interface Settlement {
  costHalala: number;
  providerEarnedHalala: number;
}

export interface CompletionRecord {
  requestId: string;
  providerId: number;
  model: string;
  price: TokenPrice;
  usage: TokenUsage;
  usageSource: 'provider' | 'estimated';
  stream: boolean;
  /** Stores the answer for Idempotency-Key replays in the same transaction as the charge. */
  idempotency?: { id: number; statusCode: number; headers: Record<string, string>; body: string };
}

export type IdempotencyClaim =
  | { kind: 'owner'; id: number }
  | { kind: 'replay'; statusCode: number; headers: Record<string, string>; body: string };

type ProviderRow = { id: number; endpointUrl: string | null; cachedModels: string[] };

const reservationAccount = (id: string) => `inference:${id}`;
const IDEMPOTENCY_POLL_MS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function inferenceModule(ctx: DomainContext) {
  const { db } = ctx.store;

  function priceOf(row: { priceInHalalaPerM: number; priceOutHalalaPerM: number } | undefined): TokenPrice {
    if (!row || row.priceInHalalaPerM <= 0 || row.priceOutHalalaPerM <= 0) return DEFAULT_TOKEN_PRICE;
    return { inHalalaPerM: row.priceInHalalaPerM, outHalalaPerM: row.priceOutHalalaPerM };
  }

  function registryInfo(row: typeof models.$inferSelect): ModelInfo {
    return {
      id: row.modelId,
      displayName: row.displayName,
      family: row.family,
      contextLength: row.contextLength,
      minVramGb: row.minVramGb,
      price: priceOf(row),
    };
  }

  function reportedInfo(id: string): ModelInfo {
    const family = id.slice(id.lastIndexOf('/') + 1).split(/[:\-_.]/)[0].toLowerCase() || null;
    return { id, displayName: id, family, contextLength: 4096, minVramGb: 0, price: DEFAULT_TOKEN_PRICE };
  }

  /** Online (fresh heartbeat), approved, not paused, suspended or deleted, with an endpoint the policy allows. */
  async function onlineProviders(): Promise<ProviderRow[]> {
    const since = new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);
    const rows = await db
      .select({ id: providers.id, endpointUrl: providers.vllmEndpointUrl, cachedModels: providers.cachedModels })
      .from(providers)
      .where(
        and(
          inArray(providers.status, ['online', 'degraded']),
          eq(providers.approvalStatus, 'approved'),
          eq(providers.isPaused, false),
          isNull(providers.deletedAt),
          isNotNull(providers.vllmEndpointUrl),
          gte(providers.lastHeartbeat, since),
        ),
      )
      .orderBy(providers.id);
    return rows.filter((p) => p.endpointUrl && !endpointUrlProblem(p.endpointUrl, ctx.config.allowPrivateEndpoints));
  }

  /** The provider's own spelling of the model (vLLM ids are case-sensitive), if it serves it. */
  function servedAs(provider: ProviderRow, key: string): string | undefined {
    return (provider.cachedModels ?? []).find((m) => typeof m === 'string' && modelKey(m) === key);
  }

  async function activeModels() {
    return db.select().from(models).where(eq(models.isActive, true)).orderBy(models.displayName, models.modelId);
  }

  async function reportedByAnyProvider(key: string): Promise<string | undefined> {
    const rows = await db.select({ cachedModels: providers.cachedModels }).from(providers).where(isNull(providers.deletedAt));
    for (const row of rows) {
      const match = (row.cachedModels ?? []).find((m) => typeof m === 'string' && modelKey(m) === key);
      if (match) return match;
    }
    return undefined;
  }

  function alternativesTo(key: string, online: ProviderRow[]): Alternative[] {
    const counts = new Map<string, { model: string; count: number }>();
    for (const provider of online) {
      for (const m of new Set((provider.cachedModels ?? []).filter((x) => typeof x === 'string'))) {
        const k = modelKey(m);
        const entry = counts.get(k) ?? { model: m, count: 0 };
        entry.count += 1;
        counts.set(k, entry);
      }
    }
    const family = (k: string) => k.replace(/\d.*$/, '');
    return [...counts.entries()]
      .map(([k, { model, count }]) => ({
        model,
        reason: (family(k) === family(key) ? 'same_family' : 'available') as Alternative['reason'],
        provider_count: count,
      }))
      .sort((a, b) => Number(b.reason === 'same_family') - Number(a.reason === 'same_family') || b.provider_count - a.provider_count || a.model.localeCompare(b.model))
      .slice(0, 5);
  }

  interface Movement {
    kind: string;
    amountHalala: number;
    from: string;
    to: string;
  }

  /** Ledger movements of one request, in one statement; amounts of zero are not recorded. */
  async function record(tx: Tx, movements: Movement[], ids: { renterId: number; providerId: number | null }, note: string) {
    const rows = movements
      .filter((m) => m.amountHalala > 0)
      .map((m) => ({ kind: m.kind, amountHalala: m.amountHalala, fromAccount: m.from, toAccount: m.to, renterId: ids.renterId, providerId: ids.providerId, note }));
    if (rows.length) await tx.insert(ledgerEntries).values(rows);
  }

  /** Locks the renter row and reads its balance and what the reservation still holds, in one round trip. */
  async function lockWithReservation(tx: Tx, reservation: Reservation): Promise<{ balance: number; held: number }> {
    const pool = reservationAccount(reservation.id);
    const [row] = await tx
      .select({
        balance: renters.balanceHalala,
        held: sql<string>`(select coalesce(sum(case when to_account = ${pool} then amount_halala else -amount_halala end), 0)
                             from ledger_entries where to_account = ${pool} or from_account = ${pool})`,
      })
      .from(renters)
      .where(eq(renters.id, reservation.renterId))
      .for('update');
    if (!row) throw new NotFoundError('Renter');
    return { balance: row.balance, held: Number(row.held) };
  }

  /**
   * Runs a reservation write whose commit does not wait for Postgres to flush it to disk (half the
   * gateway's latency otherwise). Losing one in a database crash is harmless: its debit is lost with
   * it, and the settlement then charges from the balance, guarded, as it does for any excess; and the
   * settlement's own (flushed) commit makes every earlier reservation durable. Embedded PGlite has no
   * flush to skip.
   */
  async function withoutDiskFlush<T>(write: (ex: Executor) => Promise<T>): Promise<T> {
    if (ctx.store.kind !== 'postgres') return write(db);
    return db.transaction(async (tx) => {
      await tx.execute(sql`set local synchronous_commit to off`);
      return write(tx);
    });
  }

  /**
   * Pays `costHalala` out of a reservation: what it holds first, then the renter's balance for any
   * excess (never below zero), the provider's 75 % and the platform's rest, and the remainder back to
   * the renter. The renter row is locked first, so a settlement and a stale-reservation release can
   * never both pay out the same reservation. `alongside` adds the caller's writes for the same
   * settlement; all writes are independent, so they go out together (postgres.js pipelines them).
   */
  async function payOut(
    tx: Tx,
    reservation: Reservation,
    costHalala: number,
    providerId: number | null,
    note: string,
    alongside: (s: Settlement) => Array<PromiseLike<unknown>> = () => [],
  ): Promise<Settlement> {
    const renterId = reservation.renterId;
    const pool = reservationAccount(reservation.id);
    const { balance, held } = await lockWithReservation(tx, reservation);
    const extra = Math.min(Math.max(0, costHalala - held), balance);
    const charged = Math.min(costHalala, held + extra);
    const { providerHalala, platformHalala } = providerId == null ? { providerHalala: 0, platformHalala: charged } : splitEarnings(charged);
    const refund = held + extra - charged;
    const settlement = { costHalala: charged, providerEarnedHalala: providerHalala };
    const writes: Array<PromiseLike<unknown>> = [
      tx
        .update(renters)
        .set({
          balanceHalala: sql`${renters.balanceHalala} + ${refund - extra}`,
          totalSpentHalala: sql`${renters.totalSpentHalala} + ${charged}`,
          updatedAt: ctx.now(),
        })
        .where(eq(renters.id, renterId)),
      record(
        tx,
        [
          { kind: 'inference_reserve', amountHalala: extra, from: account.renter(renterId), to: pool },
          { kind: 'inference_earning', amountHalala: providerHalala, from: pool, to: account.provider(providerId ?? 0) },
          { kind: 'inference_fee', amountHalala: platformHalala, from: pool, to: account.platform },
          { kind: 'inference_refund', amountHalala: refund, from: pool, to: account.renter(renterId) },
        ],
        { renterId, providerId },
        note,
      ),
      ...alongside(settlement),
    ];
    if (providerId != null && providerHalala > 0)
      writes.push(
        tx
          .update(providers)
          .set({
            earningsHalala: sql`${providers.earningsHalala} + ${providerHalala}`,
            totalEarnedHalala: sql`${providers.totalEarnedHalala} + ${providerHalala}`,
          })
          .where(eq(providers.id, providerId)),
      );
    if (refund !== extra) writes.push(publish(tx, { type: 'renter.balance_changed', renterId, at: ctx.now().toISOString() }));
    await Promise.all(writes);
    return settlement;
  }

  return {
    /**
     * The model a request names (registry first, else what some provider reports) and who can serve it
     * now; a completion cap beyond a registered model's context length is refused.
     */
    async plan(requested: string, maxTokens?: number): Promise<RoutePlan> {
      const key = modelKey(requested);
      const [registry, online] = await Promise.all([activeModels(), onlineProviders()]);
      const row = registry.find((m) => m.modelId === requested) ?? registry.find((m) => modelKey(m.modelId) === key);
      const candidates = online.flatMap((p) => {
        const routedModel = servedAs(p, key);
        return routedModel ? [{ providerId: p.id, endpointUrl: p.endpointUrl as string, routedModel }] : [];
      });
      const reported = row ? undefined : (candidates[0]?.routedModel ?? (await reportedByAnyProvider(key)));
      if (!row && !reported) throw new NotFoundError('Model', `The model '${requested}' does not exist`);
      const model = row ? registryInfo(row) : reportedInfo(reported as string);
      if (row && maxTokens !== undefined && maxTokens > model.contextLength)
        throw ValidationError.field('max_tokens', `max_tokens: must be at most ${model.contextLength}, the context length of ${model.id}`);
      if (!candidates.length) throw new ModelNotServedError(model.id, alternativesTo(key, online));
      return { model, candidates };
    },

    /** The registry merged with what online providers report, each with its live provider count. */
    async listModels(): Promise<ModelListing[]> {
      const [registry, online] = await Promise.all([activeModels(), onlineProviders()]);
      const listings = new Map<string, ModelListing>();
      for (const row of registry) {
        const k = modelKey(row.modelId);
        if (!listings.has(k)) listings.set(k, { ...registryInfo(row), providerCount: 0 });
      }
      for (const provider of online) {
        const keys = new Set((provider.cachedModels ?? []).filter((m) => typeof m === 'string').map((m) => [modelKey(m), m] as const));
        for (const [k, m] of new Map(keys)) {
          const listing = listings.get(k) ?? { ...reportedInfo(m), providerCount: 0 };
          listing.providerCount += 1;
          listings.set(k, listing);
        }
      }
      return [...listings.values()];
    },

    /** The worst-case cost of a request: its prompt bound and the completion tokens it allows. */
    reservationFor(price: TokenPrice, promptText: string, maxCompletionTokens: number): number {
      return tokenCost(price, { promptTokens: promptTokenBound(promptText), completionTokens: maxCompletionTokens });
    },

    /**
     * Moves the worst-case cost out of the renter's balance into the request's reservation, or refuses
     * (402). One statement debits guardedly and writes the ledger entry, so concurrent requests can
     * never take the balance below zero. No event: the settlement moments later announces the balance
     * that stays.
     */
    async reserve(principal: Principal, amountHalala: number): Promise<Reservation> {
      const { renterId } = requireRenter(principal);
      const reservation = { id: randomUUID(), renterId, amountHalala };
      const reserve = (ex: Executor) =>
        ex.execute(sql`
          with debited as (
            update renters set balance_halala = balance_halala - ${amountHalala}, updated_at = now()
             where id = ${renterId} and balance_halala >= ${amountHalala}
            returning id)
          insert into ledger_entries (kind, amount_halala, from_account, to_account, renter_id, note)
          select 'inference_reserve', ${amountHalala}, ${account.renter(renterId)}, ${reservationAccount(reservation.id)}, id, 'v1 reservation'
            from debited
          returning id`);
      const reserved = rowsOf(await withoutDiskFlush(reserve));
      if (!reserved.length) {
        const [current] = await db.select({ balance: renters.balanceHalala }).from(renters).where(eq(renters.id, renterId));
        throw new InsufficientBalanceError(amountHalala, current?.balance ?? 0);
      }
      return reservation;
    },

    /** Charges a served completion and records it (and its replayable answer), all in one transaction. */
    async settle(reservation: Reservation, completion: CompletionRecord): Promise<Settlement> {
      const cost = tokenCost(completion.price, completion.usage);
      return db.transaction((tx) =>
        payOut(tx, reservation, cost, completion.providerId, completion.requestId, (settlement) => {
          const usage = tx.insert(inferenceUsage).values({
            requestId: completion.requestId,
            renterId: reservation.renterId,
            providerId: completion.providerId,
            model: completion.model,
            promptTokens: completion.usage.promptTokens,
            completionTokens: completion.usage.completionTokens,
            costHalala: settlement.costHalala,
            providerEarnedHalala: settlement.providerEarnedHalala,
            stream: completion.stream,
            usageSource: completion.usageSource,
            createdAt: ctx.now(),
          });
          if (!completion.idempotency) return [usage];
          const { id, statusCode, headers, body } = completion.idempotency;
          return [usage, tx.update(idempotencyKeys).set({ state: 'completed', statusCode, responseHeaders: headers, responseBody: body }).where(eq(idempotencyKeys.id, id))];
        }),
      );
    },

    /** Gives a reservation back in full (nothing was served). */
    async release(reservation: Reservation): Promise<void> {
      await db.transaction((tx) => payOut(tx, reservation, 0, null, 'v1 release'));
    },

    /**
     * Refunds reservations left open by an instance that died mid-request. Only reservations older than
     * `olderThanMs` are touched, which must exceed the longest request (streams included).
     */
    async releaseStaleReservations(olderThanMs = 3600_000): Promise<number> {
      const cutoffMs = ctx.now().getTime() - olderThanMs;
      // Reservations resolve within one request; a week back is far more than any sweep gap.
      const horizon = new Date(cutoffMs - 7 * 24 * 3600_000).toISOString();
      const cutoff = new Date(cutoffMs).toISOString();
      const open = rowsOf<{ pool: string; renter_id: number }>(
        await db.execute(sql`
          select pool, min(renter_id) as renter_id from (
            select to_account as pool, amount_halala as amount, renter_id from ledger_entries
             where to_account like 'inference:%' and created_at >= ${horizon}::timestamptz
            union all
            select from_account, -amount_halala, renter_id from ledger_entries
             where from_account like 'inference:%' and created_at >= ${horizon}::timestamptz
          ) movements
          group by pool
          having sum(amount) > 0 and pool in (
            select to_account from ledger_entries
             where kind = 'inference_reserve' and created_at >= ${horizon}::timestamptz and created_at < ${cutoff}::timestamptz)`),
      );
      for (const { pool, renter_id } of open) {
        const reservation = { id: pool.slice('inference:'.length), renterId: Number(renter_id), amountHalala: 0 };
        await db.transaction((tx) => payOut(tx, reservation, 0, null, 'v1 stale reservation'));
      }
      return open.length;
    },

    /**
     * Claims an Idempotency-Key for this renter. The first request owns it; a retry after it finished
     * gets the stored answer; a concurrent duplicate waits for the first to finish (or give up).
     */
    async claimIdempotencyKey(principal: Principal, key: string, requestHash: string): Promise<IdempotencyClaim> {
      const { renterId } = requireRenter(principal);
      for (;;) {
        const now = ctx.now();
        const [inserted] = await db
          .insert(idempotencyKeys)
          .values({ renterId, key, requestHash, createdAt: now, expiresAt: new Date(now.getTime() + ctx.config.v1.idempotencyTtlMs) })
          .onConflictDoNothing()
          .returning({ id: idempotencyKeys.id });
        if (inserted) return { kind: 'owner', id: inserted.id };
        const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.renterId, renterId), eq(idempotencyKeys.key, key)));
        if (!row) continue;
        if (row.expiresAt <= now) {
          await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.id, row.id), lt(idempotencyKeys.expiresAt, new Date(now.getTime() + 1))));
          continue;
        }
        if (row.requestHash !== requestHash) throw new ConflictError('This Idempotency-Key was already used with a different request body');
        if (row.state === 'completed')
          return { kind: 'replay', statusCode: row.statusCode ?? 200, headers: (row.responseHeaders ?? {}) as Record<string, string>, body: row.responseBody ?? '' };
        await sleep(IDEMPOTENCY_POLL_MS);
      }
    },

    /** The owner failed: forget the key so a retry can try again. */
    async abandonIdempotencyKey(id: number): Promise<void> {
      await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.id, id), eq(idempotencyKeys.state, 'in_progress')));
    },

  };
}

export type InferenceModule = ReturnType<typeof inferenceModule>;
