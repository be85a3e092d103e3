import type { Store } from '../db/client.js';
import { KEY_OWNER_SQL, keyLookup, principalFromOwner, type KeyOwnerRow, type Principal } from './auth.js';
import { account } from './billing.js';
import { EVENTS_CHANNEL, type DomainEvent } from './events.js';

/*
 * A submit's statements whose texts are built once, here, with positional parameters (building them with
 * drizzle per request cost the gateway more CPU than Postgres spends running them):
 * - the routing candidates, opened by the renter's key (REST: the key is checked in the same round trip) or
 *   not (the caller has resolved its principal already);
 * - a queued job created with its money in one statement, with no explicit transaction: the guarded debit,
 *   the job, its hold, the ledger entry, the first lifecycle event and the two notifications (sent at
 *   commit). A queued job needs no lock (placeJob in submit.ts), so when every candidate is busy a submit
 *   is these two statements and the count of its queue position.
 */

/** Auto-routing looks at this many candidates: enough to get past the ones concurrent submits are taking. */
export const ROUTING_CANDIDATES = 20;

export interface RoutingCandidate {
  id: number;
  gpuModel: string | null;
  busy: boolean;
  /** When the provider was last given a job (null: never): busy providers take queued work in turn. */
  lastPlacedAt?: string | Date | null;
}

/** What auto-routing asks of a provider besides being online, approved and unpaused. */
export interface RoutingFilter {
  /** Heartbeats newer than this count as online. */
  onlineSince: Date;
  minVramMib: number;
  computeType: string;
  /** A GPU type, letters and digits upper-cased, matched within the provider's GPU model. */
  gpuType?: string;
  verifiedOnly: boolean;
}

/**
 * The online, approved, unpaused providers that fit (VRAM, GPU type, compute type, verification when asked
 * for), best first: idle ones, then by reputation and heartbeat freshness; each with when it was last given
 * work, one step down jobs_provider_idx, for the candidates only. Parameters from `$first`.
 */
const candidatesSql = (first: number) => {
  const [since, vram, compute, gpuType, verified] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return `
    select c.id, c.gpu_model as "gpuModel", c.busy, c.reputation_score, c.last_heartbeat,
           (select max(placed.submitted_at) from jobs placed where placed.provider_id = c.id) as "lastPlacedAt"
      from (
        select p.id, p.gpu_model, p.reputation_score, p.last_heartbeat,
               exists (select 1 from jobs busy_jobs where busy_jobs.provider_id = p.id
                         and busy_jobs.status in ('pending', 'assigned', 'pulling', 'running')) as busy
          from providers p
         where p.approval_status = 'approved' and p.is_paused = false and p.deleted_at is null
           and p.status in ('online', 'degraded') and p.last_heartbeat >= ${since}::timestamptz
           and greatest(p.gpu_vram_mib, coalesce(p.vram_mb, 0)) >= ${vram}::float8
           and p.supported_compute_types @> ${compute}::jsonb
           and (${gpuType}::text is null or upper(regexp_replace(coalesce(p.gpu_model, ''), '[^a-zA-Z0-9]', '', 'g')) like ${gpuType}::text)
           and (not ${verified}::boolean or p.verification_status = 'verified')
         order by busy, p.reputation_score desc, p.last_heartbeat desc, p.id
         limit ${ROUTING_CANDIDATES}) c`;
};
const BEST_FIRST = `order by c.busy, c.reputation_score desc, c.last_heartbeat desc, c.id`;

const CANDIDATES = `${candidatesSql(1)} ${BEST_FIRST}`;
/** The key's owner ($1 key hash, $2 now) and, for a renter's key, one row per candidate (none: nulls). */
const CANDIDATES_BY_KEY = `
  with owner as (${KEY_OWNER_SQL})
  select o.*, c.id, c."gpuModel", c.busy, c."lastPlacedAt"
    from owner o left join (${candidatesSql(3)}) c on o."ownerType" = 'renter'
  ${BEST_FIRST}`;

const filterParams = (f: RoutingFilter) => [
  f.onlineSince.toISOString(),
  f.minVramMib,
  JSON.stringify([f.computeType]),
  f.gpuType ? `%${f.gpuType}%` : null,
  f.verifiedOnly,
];

type CandidateRow = Omit<RoutingCandidate, 'id'> & { id: number | null };
const candidateOf = (r: CandidateRow): RoutingCandidate => ({ id: Number(r.id), gpuModel: r.gpuModel, busy: r.busy, lastPlacedAt: r.lastPlacedAt });

export async function routingCandidates(store: Store, filter: RoutingFilter): Promise<RoutingCandidate[]> {
  return (await store.prepared<CandidateRow>(CANDIDATES, filterParams(filter))).map(candidateOf);
}

/** The renter behind `key` (undefined: no live key) and its routing candidates, in one round trip. */
export async function routingCandidatesByKey(
  store: Store,
  key: string,
  filter: RoutingFilter,
  now: Date,
): Promise<{ principal: Principal | undefined; candidates: RoutingCandidate[] }> {
  const lookup = keyLookup(key, now);
  if (!lookup) return { principal: undefined, candidates: [] };
  const rows = await store.prepared<KeyOwnerRow & CandidateRow>(CANDIDATES_BY_KEY, [lookup.keyHash, lookup.now, ...filterParams(filter)]);
  if (!rows.length) return { principal: undefined, candidates: [] };
  return { principal: principalFromOwner(rows[0]), candidates: rows.filter((r) => r.id != null).map(candidateOf) };
}

/** A queued job's row and money, as createQueuedJob writes them (the job's other columns take their defaults). */
export interface QueuedJobValues {
  renterId: number;
  /** The quote: what the hold takes from the balance. */
  costHalala: number;
  countsAsNewJob: boolean;
  at: Date;
  jobId: string;
  /** The provider whose queue it joins; null: the unassigned queue. */
  providerId: number | null;
  jobType: string;
  model: string | null;
  templateId: string | null;
  retriedFromJobId: number | null;
  priority: number;
  pricingClass: string;
  prewarmRequested: boolean;
  durationMinutes: number;
  maxDurationSeconds: number;
  taskSpec: string;
  taskSpecHmac: string;
  containerSpec: Record<string, unknown>;
  gpuRequirements: Record<string, unknown> | null;
  params: Record<string, unknown>;
  rateHalalaPerSecond: number;
  gpuRateSnapshot: unknown;
  checkpointEnabled: boolean;
  firstEvent: { eventType: string; payload?: Record<string, unknown> };
}

/**
 * The money part is openHoldForNewJob's (billing.ts), with the job inserted from the debited row: a balance
 * that does not cover the quote writes nothing and returns no row. 'hold:' || id is account.hold(id).
 */
const CREATE_QUEUED = `
  with debited as (
    update renters set balance_halala = balance_halala - $2::bigint, held_halala = held_halala + $2::bigint,
           total_jobs = total_jobs + $3::int, updated_at = $4::timestamptz
     where id = $1::int and balance_halala >= $2::bigint
    returning id),
  job as (
    insert into jobs (job_id, renter_id, provider_id, job_type, model, template_id, retried_from_job_id, status, priority,
                      pricing_class, prewarm_requested, submitted_at, updated_at, duration_minutes, max_duration_seconds,
                      timeout_at, task_spec, task_spec_hmac, container_spec, gpu_requirements, params, cost_halala,
                      rate_halala_per_second, gpu_rate_snapshot, workspace_volume_name, checkpoint_enabled)
    select $5::text, id, $6::int, $7::text, $8::text, $9::text, $10::int, 'queued', $11::int, $12::text, $13::boolean,
           $4::timestamptz, $4::timestamptz, $14::float8, $15::int, null, $16::text, $17::text, $18::jsonb, $19::jsonb,
           $20::jsonb, $2::bigint, $21::float8, $22::jsonb, 'dcp-job-' || $5::text, $23::boolean
      from debited
    returning id, container_spec, gpu_requirements),
  hold as (
    insert into holds (job_id, renter_id, amount_halala) select id, $1::int, $2::bigint from job),
  entry as (
    insert into ledger_entries (kind, amount_halala, from_account, to_account, renter_id, job_id)
    select 'job_hold', $2::bigint, $24::text, 'hold:' || id, $1::int, id from job where $2::bigint > 0),
  first_event as (
    insert into job_events (job_id, sequence_no, event_type, status, from_status, source, message, payload, occurred_at)
    select id, 1, $25::text, 'queued', null, 'renter', null, $26::jsonb, $4::timestamptz from job),
  notified as (
    select 1 as n, pg_notify($27::text, $28::text) from job
    union all
    select 2, pg_notify($27::text, $29::text || job.id || $30::text) from job)
  select job.id, job.container_spec as "containerSpec", job.gpu_requirements as "gpuRequirements",
         (select count(*) from notified) as notified
    from job`;

export interface QueuedJob {
  id: number;
  /** As stored (jsonb orders keys its own way; answers show the stored form). */
  containerSpec: Record<string, unknown>;
  gpuRequirements: Record<string, unknown> | null;
}

/** jsonb arrives parsed from postgres.js and may arrive as text elsewhere. */
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * The `job.status_changed` payload `publish` would send, split around the job's id, which only the
 * statement knows: typed here, so it cannot drift from what subscribers parse.
 */
function jobEventAround(v: QueuedJobValues, at: string): [string, string] {
  const event = {
    type: 'job.status_changed',
    jobId: 0,
    jobKey: v.jobId,
    renterId: v.renterId,
    providerId: v.providerId,
    status: 'queued',
    fromStatus: null,
    progressPhase: null,
    sequenceNo: 1,
    at,
  } satisfies DomainEvent;
  const [head, tail] = JSON.stringify(event).split('"jobId":0');
  return [`${head}"jobId":`, tail];
}

/** Creates a queued job with its hold in one statement; undefined (nothing written) when the balance does not cover it. */
export async function createQueuedJob(store: Store, v: QueuedJobValues): Promise<QueuedJob | undefined> {
  const at = v.at.toISOString();
  const balanceEvent = JSON.stringify({ type: 'renter.balance_changed', renterId: v.renterId, at } satisfies DomainEvent);
  const [eventHead, eventTail] = jobEventAround(v, at);
  const [row] = await store.prepared<{ id: number; containerSpec: unknown; gpuRequirements: unknown }>(CREATE_QUEUED, [
    v.renterId, v.costHalala, v.countsAsNewJob ? 1 : 0, at, v.jobId, v.providerId, v.jobType, v.model, v.templateId,
    v.retriedFromJobId, v.priority, v.pricingClass, v.prewarmRequested, v.durationMinutes, v.maxDurationSeconds, v.taskSpec,
    v.taskSpecHmac, JSON.stringify(v.containerSpec), v.gpuRequirements == null ? null : JSON.stringify(v.gpuRequirements),
    JSON.stringify(v.params), v.rateHalalaPerSecond, JSON.stringify(v.gpuRateSnapshot), v.checkpointEnabled,
    account.renter(v.renterId), v.firstEvent.eventType, v.firstEvent.payload ? JSON.stringify(v.firstEvent.payload) : null,
    EVENTS_CHANNEL, balanceEvent, eventHead, eventTail,
  ]);
  if (!row) return undefined;
  return {
    id: Number(row.id),
    containerSpec: parsed(row.containerSpec),
    gpuRequirements: parsed(row.gpuRequirements),
  };
}
