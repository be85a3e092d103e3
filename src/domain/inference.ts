import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { idempotencyKeys, inferenceReservations, models, providers } from '../db/schema.js';
import { endpointUrlProblem } from './addressPolicy.js';
import { requireRenter } from './access.js';
import type { Principal } from './auth.js';
import { account } from './billing.js';
import type { DomainContext } from './context.js';
import { ConflictError, DomainError, InsufficientBalanceError, NotFoundError, UnauthorizedError, ValidationError } from './errors.js';
import { EVENTS_CHANNEL } from './events.js';
import { ASYNC_COMMIT_SQL, balanceChanged, reservationAccount, runReserve, runSettle } from './inferenceStatements.js';
import { splitEarnings } from './pricing.js';

/**
 * The OpenAI-compatible inference marketplace: which providers may serve a model, what a completion
 * costs, and the money around it. A request reserves its worst-case cost before dispatch (so a burst
 * can never overspend a balance, and nothing is ever charged beyond it) and settles the actual cost
 * afterwards, in one statement with its ledger entries, the provider's earning and the usage record.
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

/** What a request's prompt is made of, as far as its size goes. */
export interface Prompt {
  /** The messages' text (roles, content, tool calls) and the tool definitions. */
  text: string;
  messageCount: number;
  hasTools: boolean;
}

/**
 * Chat-template tokens a provider adds around the text: a fixed part (begin-of-text, a default system
 * preamble, the assistant turn's header), a part per message (turn markers and role), and the
 * instructions templates wrap tool definitions in. Generous on purpose: the reservation is the ceiling
 * of what a provider can be paid, so it must not fall short of an honest count.
 */
const TEMPLATE_TOKENS = { fixed: 64, perMessage: 16, tools: 512 };
/** Token counts are stored in 32-bit integer columns. */
const MAX_TOKENS = 2_147_483_647;

/**
 * An upper bound on a prompt's tokens: byte-level tokenizers never make more tokens than the text
 * has bytes (byte-fallback ones add at most a prefix token), plus the chat template around it.
 */
function promptTokenBound(prompt: Prompt): number {
  const template = TEMPLATE_TOKENS.fixed + TEMPLATE_TOKENS.perMessage * prompt.messageCount + (prompt.hasTools ? TEMPLATE_TOKENS.tools : 0);
  return Buffer.byteLength(prompt.text) + template;
}

/** The usage a request can be billed for: each side at most what its reservation allowed for. */
export function billableUsage(reservation: Quote, reported: TokenUsage): TokenUsage {
  return {
    promptTokens: Math.min(reported.promptTokens, reservation.promptTokens),
    completionTokens: Math.min(reported.completionTokens, reservation.completionTokens),
  };
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

/** A request's worst case: the most prompt and completion tokens it can be billed for, and their cost. */
export interface Quote {
  price: TokenPrice;
  promptTokens: number;
  completionTokens: number;
  amountHalala: number;
}

/** A quote moved out of the renter's balance, until the request settles or is released. */
export interface Reservation extends Quote {
  id: string;
  renterId: number;
}

/** A renter as one of its API keys identifies it; the key is checked again when money is reserved. */
export interface InferenceCaller {
  renterId: number;
  keyHash: string;
}

/** Who may ask for completions: an active renter whose key (master, or a sub-key with `inference`) allows it. */
export function inferenceCaller(principal: Principal, keyHash: string): InferenceCaller {
  const { renterId } = requireRenter(principal, { key: 'inference' });
  return { renterId, keyHash };
}

/** What a completion request asks for, as far as routing and its price go. */
export interface InferenceAsk {
  model: string;
  /** The completion-token cap per choice the request sets, if any. */
  maxTokens: number | undefined;
  choices: number;
  prompt: Prompt;
}

/** A reserved request: its model, the providers still eligible (in the caller's order) and its reservation. */
export interface Booking {
  model: ModelInfo;
  candidates: Candidate[];
  reservation: Reservation;
}

export interface Settlement {
  costHalala: number;
  providerEarnedHalala: number;
}

export interface CompletionRecord {
  requestId: string;
  providerId: number;
  model: string;
  /** Token counts as reported or estimated; billing caps them at the reservation's bounds. */
  usage: TokenUsage;
  usageSource: 'provider' | 'estimated';
  stream: boolean;
  /** Stores the answer for Idempotency-Key replays in the same statement as the charge. */
  idempotency?: { id: number; statusCode: number; headers: Record<string, string>; body: string };
}

export type IdempotencyClaim =
  | { kind: 'owner'; id: number }
  | { kind: 'replay'; statusCode: number; headers: Record<string, string>; body: string };

type ProviderRow = { id: number; endpointUrl: string | null; cachedModels: string[]; lastHeartbeat: Date | null };
type ModelRow = typeof models.$inferSelect;

/** The registry and the routable providers as last read; see `routingSnapshot`. */
interface RoutingSnapshot {
  registry: ModelRow[];
  providers: ProviderRow[];
}

const IDEMPOTENCY_POLL_MS = 25;
/**
 * How long a routing snapshot serves requests. Provider status changes also drop it (by event), and
 * every reservation re-checks its candidates in the database, so staleness can only delay a change of
 * price or a newly available provider by this long, never route to a provider that stopped qualifying.
 */
const ROUTING_SNAPSHOT_TTL_MS = 2_000;
/** Settlements running behind answers already sent; beyond this, answers wait for their settlement. */
const MAX_PENDING_SETTLEMENTS = 1_000;
/** Stale reservations given back per sweep pass; the next pass takes the rest. */
const STALE_BATCH = 500;
/** Slack beyond the longest request before a reservation counts as abandoned (clock skew, slow settlements). */
const STALE_MARGIN_MS = 10 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each /v1 money statement commits without waiting for the WAL flush (see inferenceStatements.ts). */
const ASYNC_COMMIT = sql.raw(ASYNC_COMMIT_SQL);

/** A reservation older than this belongs to no live request: retries before a stream, then the longest stream. */
export function staleReservationMs(config: DomainContext['config']): number {
  const { maxAttempts, upstreamTimeoutMs, maxStreamMs } = config.v1;
  return maxAttempts * upstreamTimeoutMs + maxStreamMs + STALE_MARGIN_MS;
}

function priceOf(row: { priceInHalalaPerM: number; priceOutHalalaPerM: number } | undefined): TokenPrice {
  if (!row || row.priceInHalalaPerM <= 0 || row.priceOutHalalaPerM <= 0) return DEFAULT_TOKEN_PRICE;
  return { inHalalaPerM: row.priceInHalalaPerM, outHalalaPerM: row.priceOutHalalaPerM };
}

function registryInfo(row: ModelRow): ModelInfo {
  return { id: row.modelId, displayName: row.displayName, family: row.family, contextLength: row.contextLength, minVramGb: row.minVramGb, price: priceOf(row) };
}

function reportedInfo(id: string): ModelInfo {
  const family = id.slice(id.lastIndexOf('/') + 1).split(/[:\-_.]/)[0].toLowerCase() || null;
  return { id, displayName: id, family, contextLength: 4096, minVramGb: 0, price: DEFAULT_TOKEN_PRICE };
}

/** The provider's own spelling of the model (vLLM ids are case-sensitive), if it serves it. */
function servedAs(provider: ProviderRow, key: string): string | undefined {
  return (provider.cachedModels ?? []).find((m) => typeof m === 'string' && modelKey(m) === key);
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

/** The worst case of an ask on a model; refused when a bound would not fit the usage record. */
function quoteFor(model: ModelInfo, ask: InferenceAsk): Quote {
  const promptTokens = promptTokenBound(ask.prompt);
  const completionTokens = (ask.maxTokens ?? model.contextLength) * ask.choices;
  if (promptTokens > MAX_TOKENS) throw ValidationError.field('messages', 'messages: the prompt is too large');
  if (completionTokens > MAX_TOKENS) throw ValidationError.field('n', `n: ${ask.choices} completions of up to ${completionTokens / ask.choices} tokens are too many`);
  const amountHalala = tokenCost(model.price, { promptTokens, completionTokens });
  return { price: model.price, promptTokens, completionTokens, amountHalala };
}

/**
 * Gives back a reservation in full, if it is still held: the guarded update of its row lets exactly one
 * resolution through, whatever races it (a settlement, another sweep). One statement, so atomic.
 */
async function releaseReservation(ctx: DomainContext, reservation: { id: string; renterId: number }, note: string): Promise<boolean> {
  const now = ctx.now();
  // Raw statements take timestamps as ISO text: the drivers only convert Dates for typed columns.
  const at = now.toISOString();
  const rows = rowsOf<{ released: number | string }>(
    await ctx.store.db.execute(sql`
      with claimed as (
        update inference_reservations set state = 'released', resolved_at = ${at}::timestamptz
         where id = ${reservation.id} and state = 'held'
        returning renter_id, amount_halala),
      refunded as (
        update renters set balance_halala = balance_halala + claimed.amount_halala, updated_at = ${at}::timestamptz
          from claimed where renters.id = claimed.renter_id),
      entry as (
        insert into ledger_entries (kind, amount_halala, from_account, to_account, renter_id, note)
        select 'inference_refund', amount_halala, ${reservationAccount(reservation.id)}, ${account.renter(reservation.renterId)}, renter_id, ${note}
          from claimed where amount_halala > 0)
      select (select count(*) from claimed) as released,
             (select pg_notify(${EVENTS_CHANNEL}, ${balanceChanged(reservation.renterId, now)}) from claimed) as notified,
             ${ASYNC_COMMIT} as commit_mode`),
  );
  return Number(rows[0]?.released ?? 0) > 0;
}

/**
 * Gives back reservations left open by an instance that died mid-request (or between answering and
 * settling). Only those older than `olderThanMs` are touched, which must exceed the longest request.
 */
export async function releaseStaleReservations(ctx: DomainContext, olderThanMs = staleReservationMs(ctx.config)): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - olderThanMs);
  const open = await ctx.store.db
    .select({ id: inferenceReservations.id, renterId: inferenceReservations.renterId })
    .from(inferenceReservations)
    .where(and(eq(inferenceReservations.state, 'held'), lte(inferenceReservations.createdAt, cutoff)))
    .orderBy(inferenceReservations.createdAt)
    .limit(STALE_BATCH);
  let released = 0;
  for (const reservation of open) if (await releaseReservation(ctx, reservation, 'v1 stale reservation')) released++;
  return released;
}

export function inferenceModule(ctx: DomainContext) {
  const { db } = ctx.store;
  const pendingSettlements = new Set<Promise<unknown>>();
  let routing: { value: Promise<RoutingSnapshot>; loadedAt: number; generation: number } | undefined;
  let routingGeneration = 0;

  const onlineSince = () => new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);

  /** Approved, not paused, suspended or deleted, heartbeating, with an endpoint the address policy allows. */
  async function routableProviders(): Promise<ProviderRow[]> {
    const rows = await db
      .select({ id: providers.id, endpointUrl: providers.vllmEndpointUrl, cachedModels: providers.cachedModels, lastHeartbeat: providers.lastHeartbeat })
      .from(providers)
      .where(
        and(
          inArray(providers.status, ['online', 'degraded']),
          eq(providers.approvalStatus, 'approved'),
          eq(providers.isPaused, false),
          isNull(providers.deletedAt),
          isNotNull(providers.vllmEndpointUrl),
          gte(providers.lastHeartbeat, onlineSince()),
        ),
      )
      .orderBy(providers.id);
    return rows.filter((p) => p.endpointUrl && !endpointUrlProblem(p.endpointUrl, ctx.config.allowPrivateEndpoints));
  }

  async function activeModels(): Promise<ModelRow[]> {
    return db.select().from(models).where(eq(models.isActive, true)).orderBy(models.displayName, models.modelId);
  }

  async function loadRouting(): Promise<RoutingSnapshot> {
    const [registry, routable] = await Promise.all([activeModels(), routableProviders()]);
    return { registry, providers: routable };
  }

  /**
   * The registry and routable providers: read fresh, or the snapshot of the last ROUTING_SNAPSHOT_TTL_MS
   * unless a provider status change dropped it. A read that started before a drop is not kept.
   */
  function routingSnapshot(fresh: boolean): Promise<RoutingSnapshot> {
    const now = performance.now();
    if (!fresh && routing && routing.generation === routingGeneration && now - routing.loadedAt < ROUTING_SNAPSHOT_TTL_MS) return routing.value;
    const value = loadRouting();
    const entry = { value, loadedAt: now, generation: routingGeneration };
    routing = entry;
    value.catch(() => {
      if (routing === entry) routing = undefined;
    });
    return value;
  }

  /** Online now, by the snapshot's heartbeat times (a snapshot outlives none of them by much). */
  function onlineIn(snapshot: RoutingSnapshot): ProviderRow[] {
    const since = onlineSince();
    return snapshot.providers.filter((p) => p.lastHeartbeat != null && p.lastHeartbeat >= since);
  }

  async function reportedByAnyProvider(key: string): Promise<string | undefined> {
    const rows = await db.select({ cachedModels: providers.cachedModels }).from(providers).where(isNull(providers.deletedAt));
    for (const row of rows) {
      const match = (row.cachedModels ?? []).find((m) => typeof m === 'string' && modelKey(m) === key);
      if (match) return match;
    }
    return undefined;
  }

  /**
   * The model a request names (registry first, else what some provider reports) and who can serve it;
   * a completion cap beyond a registered model's context length is refused.
   */
  async function planFrom(snapshot: RoutingSnapshot, requested: string, maxTokens: number | undefined): Promise<RoutePlan> {
    const key = modelKey(requested);
    const online = onlineIn(snapshot);
    const row = snapshot.registry.find((m) => m.modelId === requested) ?? snapshot.registry.find((m) => modelKey(m.modelId) === key);
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
  }

  /**
   * The plan for an ask and its candidates in the caller's order. A refusal based on a cached snapshot
   * (unknown model, nobody serving, everyone busy) is not trusted: undefined, so the caller asks afresh.
   */
  async function orderedPlan(fresh: boolean, ask: InferenceAsk, order: (candidates: Candidate[]) => Candidate[]) {
    try {
      const plan = await planFrom(await routingSnapshot(fresh), ask.model, ask.maxTokens);
      return { model: plan.model, ordered: order(plan.candidates) };
    } catch (err) {
      if (fresh || err instanceof ValidationError) throw err;
      return undefined;
    }
  }

  /**
   * One statement: checks the caller's key and status and which candidates still qualify, and only if
   * both hold moves the quote into a new reservation, guarded so concurrent requests can never take the
   * balance below zero.
   */
  async function reserveFor(caller: InferenceCaller, quote: Quote, candidates: Candidate[]): Promise<{ reservation?: Reservation; eligible: Set<number> }> {
    const reservation: Reservation = { ...quote, id: randomUUID(), renterId: caller.renterId };
    const row = await runReserve(ctx.store, {
      keyHash: caller.keyHash,
      renterId: caller.renterId,
      reservationId: reservation.id,
      amountHalala: quote.amountHalala,
      candidates,
      now: ctx.now(),
      onlineSince: onlineSince(),
    });
    if (!row.authorized) throw new UnauthorizedError('Invalid or inactive API key');
    const eligible = new Set((row.eligible ?? '').split(',').filter(Boolean).map(Number));
    if (row.reserved) return { reservation, eligible };
    if (eligible.size) throw new InsufficientBalanceError(quote.amountHalala, Number(row.balance ?? 0));
    return { eligible };
  }

  /**
   * Pays a completion out of its reservation, if it is still held, in one statement: the renter gets
   * back what the reservation held beyond the cost, the provider earns 75 %, the platform the rest, and
   * the usage record (and the stored answer for Idempotency-Key replays) goes in alongside.
   */
  async function settle(reservation: Reservation, completion: CompletionRecord): Promise<Settlement | undefined> {
    const usage = billableUsage(reservation, completion.usage);
    const costHalala = Math.min(tokenCost(reservation.price, usage), reservation.amountHalala);
    const { providerHalala, platformHalala } = splitEarnings(costHalala);
    const settled = await runSettle(ctx.store, {
      reservationId: reservation.id,
      renterId: reservation.renterId,
      providerId: completion.providerId,
      costHalala,
      refundHalala: reservation.amountHalala - costHalala,
      providerHalala,
      platformHalala,
      requestId: completion.requestId,
      model: completion.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      stream: completion.stream,
      usageSource: completion.usageSource,
      answer: completion.idempotency,
      now: ctx.now(),
    });
    return settled ? { costHalala, providerEarnedHalala: providerHalala } : undefined;
  }

  return {
    /** Drops the routing snapshot (a provider's status changed). */
    invalidateRouting(): void {
      routingGeneration += 1;
      routing = undefined;
    },

    /**
     * Chooses the model and providers for an ask and reserves its worst-case cost (402 when the balance
     * cannot cover it). `order` ranks the candidates (the caller's live health data) and may refuse
     * them all. A snapshot that no longer matches the database (unknown model, nobody serving, no
     * candidate still qualifying) is not trusted: the ask is planned again from a fresh read.
     */
    async book(caller: InferenceCaller, ask: InferenceAsk, order: (candidates: Candidate[]) => Candidate[]): Promise<Booking> {
      let modelId = ask.model;
      for (const fresh of [false, true]) {
        const plan = await orderedPlan(fresh, ask, order);
        if (!plan) continue;
        modelId = plan.model.id;
        const { reservation, eligible } = await reserveFor(caller, quoteFor(plan.model, ask), plan.ordered);
        if (reservation) return { model: plan.model, candidates: plan.ordered.filter((c) => eligible.has(c.providerId)), reservation };
      }
      // Even the candidates of a fresh read stopped qualifying before the reservation.
      throw new ModelNotServedError(modelId, alternativesTo(modelKey(ask.model), onlineIn(await routingSnapshot(true))));
    },

    /** The registry merged with what online providers report, each with its live provider count. */
    async listModels(): Promise<ModelListing[]> {
      const snapshot = await loadRouting();
      const listings = new Map<string, ModelListing>();
      for (const row of snapshot.registry) {
        const k = modelKey(row.modelId);
        if (!listings.has(k)) listings.set(k, { ...registryInfo(row), providerCount: 0 });
      }
      for (const provider of snapshot.providers) {
        const keys = new Set((provider.cachedModels ?? []).filter((m) => typeof m === 'string').map((m) => [modelKey(m), m] as const));
        for (const [k, m] of new Map(keys)) {
          const listing = listings.get(k) ?? { ...reportedInfo(m), providerCount: 0 };
          listing.providerCount += 1;
          listings.set(k, listing);
        }
      }
      return [...listings.values()];
    },

    settle,

    /**
     * Settles without keeping the answer waiting: the charge is taken after it leaves. Should the
     * process die first, the reservation stays held and the stale-reservation sweep gives it back.
     * Resolves at once, unless too many settlements are behind (then once this one is done);
     * `onFailure` hears of an error, or of a reservation no longer held. `drain()` waits for them all.
     */
    async settleAfterAnswer(reservation: Reservation, completion: CompletionRecord, onFailure: (err: unknown) => void): Promise<void> {
      const settling = settle(reservation, completion).then((settled) => {
        if (!settled) throw new ConflictError(`Reservation ${reservation.id} was already resolved; completion ${completion.requestId} went unbilled`);
      });
      const tracked = settling.catch(onFailure).finally(() => pendingSettlements.delete(tracked));
      pendingSettlements.add(tracked);
      // Past the limit the database is not keeping up: hold answers back rather than pile up work.
      if (pendingSettlements.size > MAX_PENDING_SETTLEMENTS) await tracked;
    },

    /** Waits for the settlements still running (shutdown, tests). */
    async drain(): Promise<void> {
      while (pendingSettlements.size) await Promise.all(pendingSettlements);
    },

    /** Gives a reservation back in full (nothing was served). */
    async release(reservation: Reservation): Promise<void> {
      await releaseReservation(ctx, reservation, 'v1 release');
    },

    releaseStaleReservations: (olderThanMs?: number) => releaseStaleReservations(ctx, olderThanMs),

    /**
     * Claims an Idempotency-Key for this renter. The first request owns it; a retry after it finished
     * gets the stored answer; a concurrent duplicate waits for the first to finish (or give up).
     */
    async claimIdempotencyKey(caller: InferenceCaller, key: string, requestHash: string): Promise<IdempotencyClaim> {
      const { renterId } = caller;
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
