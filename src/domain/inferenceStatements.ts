import type { Store } from '../db/client.js';
import { account } from './billing.js';
import { EVENTS_CHANNEL, type DomainEvent } from './events.js';
import { GroupCommit, perStore } from './groupCommit.js';

/*
 * The two money statements of every /v1 completion, texts built once with positional parameters and run
 * through `store.prepared` (building them with drizzle's `sql` template per request cost the gateway more CPU
 * than Postgres spends running them): the reservation before dispatch and the settlement after the answer.
 * Each is one statement with no explicit transaction, so each is atomic on its own; each selects only what
 * its caller reads.
 *
 * Both set `synchronous_commit = off` for themselves (`ASYNC_COMMIT_SQL`): the commit does not wait for the WAL to
 * reach the disk. A flush costs a millisecond or more, on the answer's path for a reservation, and a renter's
 * next request would queue behind it on the balance row. A database crash can lose the last fraction of a
 * second of commits, and only a suffix in commit order (any later flushed commit makes every earlier one
 * durable): a lost reservation takes its debit with it; a lost settlement or release leaves its reservation
 * held, for the sweep to give back. No money is created or lost and nothing is charged twice; what is lost is
 * the charge (and the provider's earning) for completions served in that last fraction of a second.
 */
export const ASYNC_COMMIT_SQL = `set_config('synchronous_commit', 'off', true)`;

export const reservationAccount = (id: string) => `inference:${id}`;

export const balanceChanged = (renterId: number, at: Date) =>
  JSON.stringify({ type: 'renter.balance_changed', renterId, at: at.toISOString() } satisfies DomainEvent);

/**
 * Checks the caller's key and status and which candidates still qualify, and only if both hold moves the
 * amount into a new reservation, guarded so concurrent requests can never take the balance below zero.
 * $1 key hash, $2 now, $3 renter id, $4 candidates (JSON: id, url, model), $5 online since, $6 amount,
 * $7 reservation id, $8 the renter's account, $9 the reservation's account.
 */
const RESERVE_SQL = `
  with caller as (
    select 1 from api_keys k join renters r on r.id = k.renter_id
     where k.key_hash = $1 and k.revoked_at is null and (k.expires_at is null or k.expires_at > $2::timestamptz)
       and r.id = $3::int and r.status = 'active'),
  eligible as (
    select p.id from providers p
      join jsonb_to_recordset($4::jsonb) as c(id int, url text, model text) on c.id = p.id
     where p.vllm_endpoint_url = c.url and p.cached_models @> jsonb_build_array(c.model)
       and p.status in ('online', 'degraded') and p.approval_status = 'approved' and not p.is_paused
       and p.deleted_at is null and p.last_heartbeat >= $5::timestamptz),
  debited as (
    update renters set balance_halala = balance_halala - $6::bigint, updated_at = $2::timestamptz
     where id = $3::int and status = 'active' and balance_halala >= $6::bigint
       and exists (select 1 from caller) and exists (select 1 from eligible)
    returning id),
  reservation as (
    insert into inference_reservations (id, renter_id, amount_halala, created_at)
    select $7::uuid, id, $6::bigint, $2::timestamptz from debited),
  entry as (
    insert into ledger_entries (kind, amount_halala, from_account, to_account, renter_id, note)
    select 'inference_reserve', $6::bigint, $8::text, $9::text, id, 'v1 reservation'
      from debited)
  select exists (select 1 from debited) as reserved,
         exists (select 1 from caller) as authorized,
         (select string_agg(id::text, ',') from eligible) as eligible,
         (select balance_halala from renters where id = $3::int) as balance,
         ${ASYNC_COMMIT_SQL} as commit_mode`;

export interface ReserveInput {
  keyHash: string;
  renterId: number;
  reservationId: string;
  amountHalala: number;
  candidates: Array<{ providerId: number; endpointUrl: string; routedModel: string }>;
  now: Date;
  onlineSince: Date;
}

export interface ReserveRow {
  reserved: boolean;
  authorized: boolean;
  /** The ids of the candidates that still qualify, comma-separated. */
  eligible: string | null;
  balance: number | string | null;
}

export async function runReserve(store: Store, r: ReserveInput): Promise<ReserveRow> {
  const wanted = JSON.stringify(r.candidates.map((c) => ({ id: c.providerId, url: c.endpointUrl, model: c.routedModel })));
  const [row] = await store.prepared<ReserveRow>(RESERVE_SQL, [
    r.keyHash,
    r.now.toISOString(),
    r.renterId,
    wanted,
    r.onlineSince.toISOString(),
    r.amountHalala,
    r.reservationId,
    account.renter(r.renterId),
    reservationAccount(r.reservationId),
  ]);
  return row;
}

/**
 * Pays a completion out of its reservation, if it is still held: the renter gets back what the reservation
 * held beyond the cost, the provider earns its share, the platform the rest, and the usage record (and the
 * stored answer for Idempotency-Key replays) goes in alongside; the balance change is announced at commit.
 * $1 reservation id, $2 now, $3 refund, $4 cost, $5 provider id, $6 provider's share, $7 platform's share,
 * $8 the reservation's account, $9 the provider's account, $10 the platform's account, $11 the renter's
 * account, $12 renter id, $13 request id, $14 model, $15 prompt tokens, $16 completion tokens, $17 stream,
 * $18 usage source, $19-$22 the stored answer (idempotency key id, status, headers, body; null without one),
 * $23 the event.
 */
const SETTLE_SQL = `
  with claimed as (
    update inference_reservations set state = 'settled', resolved_at = $2::timestamptz
     where id = $1::uuid and state = 'held'
    returning renter_id),
  renter as (
    update renters set balance_halala = balance_halala + $3::bigint, total_spent_halala = total_spent_halala + $4::bigint,
           updated_at = $2::timestamptz
     where id in (select renter_id from claimed)),
  provider as (
    update providers set earnings_halala = earnings_halala + $6::bigint, total_earned_halala = total_earned_halala + $6::bigint
     where id = $5::int and exists (select 1 from claimed)),
  entries as (
    insert into ledger_entries (kind, amount_halala, from_account, to_account, renter_id, provider_id, note)
    select e.kind, e.amount, $8::text, e.to_account, $12::int, $5::int, $13::text
      from claimed, (values ('inference_earning', $6::bigint, $9::text),
                            ('inference_fee', $7::bigint, $10::text),
                            ('inference_refund', $3::bigint, $11::text))
           as e(kind, amount, to_account)
     where e.amount > 0),
  recorded as (
    insert into inference_usage (request_id, renter_id, provider_id, model, prompt_tokens, completion_tokens, cost_halala,
                                 provider_earned_halala, stream, usage_source, created_at)
    select $13::text, renter_id, $5::int, $14::text, $15::int, $16::int, $4::bigint, $6::bigint, $17::boolean, $18::text, $2::timestamptz
      from claimed),
  answer as (
    update idempotency_keys set state = 'completed', status_code = $20::int, response_headers = $21::jsonb, response_body = $22::text
     where id = $19::bigint)
  select exists (select 1 from claimed) as settled,
         (select pg_notify('${EVENTS_CHANNEL}', $23) from claimed) as notified,
         ${ASYNC_COMMIT_SQL} as commit_mode`;

/**
 * Pays completions out of their reservations, those still held, in one statement for as many as arrive
 * together (group commit, groupCommit.ts): a settlement cannot fail for lack of balance (it only gives back),
 * so settlements of any renters can share a statement. Per completion: the renter gets back what the
 * reservation held beyond the cost, the provider earns its share, the platform the rest, the ledger entries and
 * the usage record go in, the stored answer for Idempotency-Key replays too, and the balance change is
 * announced at commit. Each renter and provider row is updated once, with the sums of its settlements, locked
 * in id order first (renters, then providers: two batches in flight never deadlock on them); a reservation already
 * released or settled is left alone and answered "not settled".
 * $1 the batch: a JSON array of SettleItem (`n` its place).
 */
const SETTLE_BATCH_SQL = `
  with input as (
    select * from jsonb_to_recordset($1::jsonb) as i(n int, reservation uuid, renter int, provider int, cost bigint, refund bigint,
      provider_share bigint, platform_share bigint, request_id text, model text, prompt_tokens int, completion_tokens int,
      stream boolean, usage_source text, answer_id bigint, answer_status int, answer_headers jsonb, answer_body text,
      at timestamptz, event text, pool text, renter_account text, provider_account text)),
  claimed as (
    update inference_reservations r set state = 'settled', resolved_at = i.at
      from input i
     where r.id = i.reservation and r.state = 'held'
    returning i.n),
  mine as (select i.* from input i join claimed c on c.n = i.n),
  locked as (
    select r.id from renters r where r.id in (select renter from mine) order by r.id for update),
  renter as (
    update renters set balance_halala = balance_halala + s.refund, total_spent_halala = total_spent_halala + s.cost, updated_at = s.at
      from (select renter, sum(refund) as refund, sum(cost) as cost, max(at) as at from mine group by renter) s
      join locked l on l.id = s.renter
     where renters.id = s.renter),
  locked_providers as (
    select p.id from providers p where p.id in (select provider from mine) order by p.id for update),
  provider as (
    update providers set earnings_halala = earnings_halala + s.share, total_earned_halala = total_earned_halala + s.share
      from (select provider, sum(provider_share) as share from mine group by provider) s
      join locked_providers l on l.id = s.provider
     where providers.id = s.provider),
  entries as (
    insert into ledger_entries (kind, amount_halala, from_account, to_account, renter_id, provider_id, note)
    select e.kind, e.amount, m.pool, e.to_account, m.renter, m.provider, m.request_id
      from mine m
      cross join lateral (values ('inference_earning', m.provider_share, m.provider_account),
                                 ('inference_fee', m.platform_share, '${account.platform}'),
                                 ('inference_refund', m.refund, m.renter_account))
           as e(kind, amount, to_account)
     where e.amount > 0),
  recorded as (
    insert into inference_usage (request_id, renter_id, provider_id, model, prompt_tokens, completion_tokens, cost_halala,
                                 provider_earned_halala, stream, usage_source, created_at)
    select request_id, renter, provider, model, prompt_tokens, completion_tokens, cost, provider_share, stream, usage_source, at
      from mine),
  answer as (
    update idempotency_keys k set state = 'completed', status_code = i.answer_status, response_headers = i.answer_headers,
           response_body = i.answer_body
      from input i
     where k.id = i.answer_id)
  select i.n, exists (select 1 from claimed c where c.n = i.n) as settled,
         (select count(pg_notify('${EVENTS_CHANNEL}', m.event)) from mine m) as notified,
         ${ASYNC_COMMIT_SQL} as commit_mode
    from input i`;

export interface SettleInput {
  reservationId: string;
  renterId: number;
  providerId: number;
  costHalala: number;
  refundHalala: number;
  providerHalala: number;
  platformHalala: number;
  requestId: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  stream: boolean;
  usageSource: string;
  answer?: { id: number; statusCode: number; headers: Record<string, string>; body: string };
  now: Date;
}

/** One settlement as the batch statement reads it (`jsonb_to_recordset` above names the same fields). */
function settleItem(s: SettleInput, n: number) {
  const { answer } = s;
  return {
    n,
    reservation: s.reservationId,
    renter: s.renterId,
    provider: s.providerId,
    cost: s.costHalala,
    refund: s.refundHalala,
    provider_share: s.providerHalala,
    platform_share: s.platformHalala,
    request_id: s.requestId,
    model: s.model,
    prompt_tokens: s.promptTokens,
    completion_tokens: s.completionTokens,
    stream: s.stream,
    usage_source: s.usageSource,
    answer_id: answer?.id ?? null,
    answer_status: answer?.statusCode ?? null,
    answer_headers: answer?.headers ?? null,
    answer_body: answer?.body ?? null,
    at: s.now.toISOString(),
    event: balanceChanged(s.renterId, s.now),
    pool: reservationAccount(s.reservationId),
    renter_account: account.renter(s.renterId),
    provider_account: account.provider(s.providerId),
  };
}

const DEADLOCK_DETECTED = '40P01';

/**
 * One settlement alone (nothing else was waiting): a lighter statement than a batch of one. It takes its renter
 * and provider rows in no fixed order, so a batch or another writer may deadlock with it: Postgres then rolls
 * it back whole, and it is simply tried again (at most twice more; its guard makes a retry safe).
 */
async function runSettleOne(store: Store, s: SettleInput): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await settleOne(store, s);
    } catch (err) {
      if (attempt >= 2 || (err as { code?: unknown }).code !== DEADLOCK_DETECTED) throw err;
    }
  }
}

async function settleOne(store: Store, s: SettleInput): Promise<boolean> {
  const { answer } = s;
  const [row] = await store.prepared<{ settled: boolean }>(SETTLE_SQL, [
    s.reservationId,
    s.now.toISOString(),
    s.refundHalala,
    s.costHalala,
    s.providerId,
    s.providerHalala,
    s.platformHalala,
    reservationAccount(s.reservationId),
    account.provider(s.providerId),
    account.platform,
    account.renter(s.renterId),
    s.renterId,
    s.requestId,
    s.model,
    s.promptTokens,
    s.completionTokens,
    s.stream,
    s.usageSource,
    answer?.id ?? null,
    answer?.statusCode ?? null,
    answer ? JSON.stringify(answer.headers) : null,
    answer?.body ?? null,
    balanceChanged(s.renterId, s.now),
  ]);
  return row?.settled === true;
}

/** Settles a batch; answers, by place, whether each reservation was still held and is now settled. */
async function runSettleBatch(store: Store, batch: SettleInput[]): Promise<boolean[]> {
  if (batch.length === 1) return [await runSettleOne(store, batch[0])];
  const rows = await store.prepared<{ n: number; settled: boolean }>(SETTLE_BATCH_SQL, [JSON.stringify(batch.map(settleItem))]);
  const settled = new Map(rows.map((row) => [Number(row.n), row.settled === true]));
  return batch.map((_, n) => settled.get(n) === true);
}

/**
 * The store's settlement batches (one queue per database handle, so per gateway instance): two statements in
 * flight, at most 50 settlements each. A settlement that finds nothing waiting goes at once, alone, in the
 * one-settlement statement (about 0.1 ms less Postgres time than the batch text with one row); batches form
 * only under load, when they save a round trip and a commit per settlement.
 */
const settlementBatches = perStore((store: Store) => new GroupCommit<SettleInput, boolean>((batch) => runSettleBatch(store, batch), { inFlight: 2, maxBatch: 50 }));

/** True when the reservation was still held and is now settled; resolves once its batch has committed. */
export function runSettle(store: Store, s: SettleInput): Promise<boolean> {
  return settlementBatches(store).add(s);
}
