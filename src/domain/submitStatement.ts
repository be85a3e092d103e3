import { positional, rowsOf, type Store, type Tx } from '../db/client.js';
import { KEY_OWNER_SQL, keyLookup, principalFromOwner, type KeyOwnerRow, type Principal } from './auth.js';
import { account } from './billing.js';
import { EVENTS_CHANNEL, type DomainEvent } from './events.js';
import { GroupCommit, perStore } from './groupCommit.js';
import { PRICING_CLASS_RANK, type PricingClass } from './pricing.js';
import { QUEUE_POSITIONS_SQL, type QueuedRank } from './queueOrder.js';

/*
 * A submit's statements whose texts are built once, here, with positional parameters (building them with
 * drizzle per request cost the gateway more CPU than Postgres spends running them):
 * - the routing candidates, opened by the renter's key (REST: the key is checked in the same round trip) or
 *   not (the caller has resolved its principal already);
 * - queued jobs created with their money in one statement, with no explicit transaction, for every submit that
 *   arrives while earlier ones are in Postgres (group commit, groupCommit.ts): the guarded debits, the jobs,
 *   their holds, ledger entries, first lifecycle events and notifications (sent at commit), then, after the
 *   commit, their queue positions in one more statement. A queued job needs no lock (placeJob in submit.ts),
 *   so when every candidate is busy a submit is the routing statement and its share of its batch's two.
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

/** A new job's row and money, as the create statement writes them (the job's other columns take their defaults). */
export interface NewJobValues {
  /** `queued`, or `pending` on an idle provider (only under its submit lock, in a transaction). */
  status: 'queued' | 'pending';
  timeoutAt: Date | null;
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
  pricingClass: PricingClass;
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

/** One new job, as the statement reads it (`jsonb_to_recordset` below names the same fields). */
interface NewJobItem {
  n: number;
  status: string;
  timeout_at: string | null;
  renter_id: number;
  cost: number;
  counts: number;
  at: string;
  job_id: string;
  provider_id: number | null;
  job_type: string;
  model: string | null;
  template_id: string | null;
  retried_from_job_id: number | null;
  priority: number;
  pricing_class: string;
  prewarm_requested: boolean;
  duration_minutes: number;
  max_duration_seconds: number;
  task_spec: string;
  task_spec_hmac: string;
  container_spec: Record<string, unknown>;
  gpu_requirements: Record<string, unknown> | null;
  params: Record<string, unknown>;
  rate: number;
  gpu_rate_snapshot: unknown;
  checkpoint_enabled: boolean;
  renter_account: string;
  first_event_type: string;
  first_event_payload: Record<string, unknown> | null;
  balance_event: string;
  job_event_head: string;
  job_event_tail: string;
}

const NEW_JOB_COLUMNS = `n int, status text, timeout_at timestamptz, renter_id int, cost bigint, counts int, at timestamptz, job_id text, provider_id int, job_type text,
    model text, template_id text, retried_from_job_id int, priority int, pricing_class text, prewarm_requested boolean,
    duration_minutes float8, max_duration_seconds int, task_spec text, task_spec_hmac text, container_spec jsonb,
    gpu_requirements jsonb, params jsonb, rate float8, gpu_rate_snapshot jsonb, checkpoint_enabled boolean,
    renter_account text, first_event_type text, first_event_payload jsonb, balance_event text, job_event_head text,
    job_event_tail text`;

/**
 * New jobs created with their money, one per renter, in one statement ($1: the jobs as a JSON array of
 * NewJobItem, $2: the events channel): every submit's job is created here, a batch of queued ones with no
 * explicit transaction, or one job inside a submit's transaction. Per renter, the renters' rows locked in id
 * order (batches on several instances never deadlock), the guarded debit moves the quote from the balance into
 * held (concurrent submits can never overdraw: a balance that does not cover its quote writes nothing for that
 * job and returns no row for it), the job is counted (a retry is not) and inserted from its debited renter with
 * its hold, its `job_hold` ledger entry ('hold:' || id is account.hold(id)), its first lifecycle event and the
 * `renter.balance_changed` and `job.status_changed` notifications `publish` would send (at commit, balance
 * first, in batch order). The renter's row is locked for this one statement and the commit only.
 */
const CREATE_JOBS = `
  with input as (select * from jsonb_to_recordset($1::jsonb) as i(${NEW_JOB_COLUMNS})),
  locked as (
    select r.id, i.n from renters r join input i on i.renter_id = r.id
     where r.balance_halala >= i.cost
     order by r.id
     for update of r),
  debited as (
    update renters r set balance_halala = r.balance_halala - i.cost, held_halala = r.held_halala + i.cost,
           total_jobs = r.total_jobs + i.counts, updated_at = i.at
      from locked l join input i on i.n = l.n
     where r.id = l.id and r.balance_halala >= i.cost
    returning i.n),
  job as (
    insert into jobs (job_id, renter_id, provider_id, job_type, model, template_id, retried_from_job_id, status, priority,
                      pricing_class, prewarm_requested, submitted_at, updated_at, duration_minutes, max_duration_seconds,
                      timeout_at, task_spec, task_spec_hmac, container_spec, gpu_requirements, params, cost_halala,
                      rate_halala_per_second, gpu_rate_snapshot, workspace_volume_name, checkpoint_enabled)
    select i.job_id, i.renter_id, i.provider_id, i.job_type, i.model, i.template_id, i.retried_from_job_id, i.status, i.priority,
           i.pricing_class, i.prewarm_requested, i.at, i.at, i.duration_minutes, i.max_duration_seconds, i.timeout_at, i.task_spec,
           i.task_spec_hmac, i.container_spec, i.gpu_requirements, i.params, i.cost, i.rate, i.gpu_rate_snapshot,
           'dcp-job-' || i.job_id, i.checkpoint_enabled
      from debited d join input i on i.n = d.n
     order by i.n
    returning id, job_id, container_spec, gpu_requirements),
  created as (
    select i.*, j.id, j.container_spec as stored_container_spec, j.gpu_requirements as stored_gpu_requirements
      from job j join input i on i.job_id = j.job_id),
  hold as (
    insert into holds (job_id, renter_id, amount_halala) select id, renter_id, cost from created),
  entry as (
    insert into ledger_entries (kind, amount_halala, from_account, to_account, renter_id, job_id)
    select 'job_hold', cost, renter_account, 'hold:' || id, renter_id, id from created where cost > 0),
  first_event as (
    insert into job_events (job_id, sequence_no, event_type, status, from_status, source, message, payload, occurred_at)
    select id, 1, first_event_type, status, null, 'renter', null, first_event_payload, at from created),
  notified as (
    select pg_notify($2::text, e.payload) from (
      select n, 1 as k, balance_event as payload from created
      union all
      select n, 2, job_event_head || id || job_event_tail from created
      order by n, k) e)
  select n, id, stored_container_spec as "containerSpec", stored_gpu_requirements as "gpuRequirements",
         (select count(*) from notified) as notified
    from created`;

export interface CreatedJob {
  id: number;
  /** As stored (jsonb orders keys its own way; answers show the stored form). */
  containerSpec: Record<string, unknown>;
  gpuRequirements: Record<string, unknown> | null;
}

export interface QueuedJob extends CreatedJob {
  /** 1 + the work ranked ahead of it in its queue, counted after its batch committed (undefined: not counted). */
  queuePosition?: number;
}

interface CreatedRow {
  n: number;
  id: number;
  containerSpec: unknown;
  gpuRequirements: unknown;
}

/** jsonb arrives parsed from postgres.js and may arrive as text elsewhere. */
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * The `job.status_changed` payload `publish` would send, split around the job's id, which only the
 * statement knows: typed here, so it cannot drift from what subscribers parse.
 */
function jobEventAround(v: NewJobValues, at: string): [string, string] {
  const event = {
    type: 'job.status_changed',
    jobId: 0,
    jobKey: v.jobId,
    renterId: v.renterId,
    providerId: v.providerId,
    status: v.status,
    fromStatus: null,
    progressPhase: null,
    sequenceNo: 1,
    at,
  } satisfies DomainEvent;
  const [head, tail] = JSON.stringify(event).split('"jobId":0');
  return [`${head}"jobId":`, tail];
}

function newJobItem(v: NewJobValues, n: number): NewJobItem {
  const at = v.at.toISOString();
  const [jobEventHead, jobEventTail] = jobEventAround(v, at);
  return {
    n, status: v.status, timeout_at: v.timeoutAt?.toISOString() ?? null, renter_id: v.renterId, cost: v.costHalala, counts: v.countsAsNewJob ? 1 : 0, at, job_id: v.jobId, provider_id: v.providerId,
    job_type: v.jobType, model: v.model, template_id: v.templateId, retried_from_job_id: v.retriedFromJobId, priority: v.priority,
    pricing_class: v.pricingClass, prewarm_requested: v.prewarmRequested, duration_minutes: v.durationMinutes,
    max_duration_seconds: v.maxDurationSeconds, task_spec: v.taskSpec, task_spec_hmac: v.taskSpecHmac, container_spec: v.containerSpec,
    gpu_requirements: v.gpuRequirements, params: v.params, rate: v.rateHalalaPerSecond, gpu_rate_snapshot: v.gpuRateSnapshot,
    checkpoint_enabled: v.checkpointEnabled, renter_account: account.renter(v.renterId), first_event_type: v.firstEvent.eventType,
    first_event_payload: v.firstEvent.payload ?? null,
    balance_event: JSON.stringify({ type: 'renter.balance_changed', renterId: v.renterId, at } satisfies DomainEvent),
    job_event_head: jobEventHead, job_event_tail: jobEventTail,
  };
}

const createdOf = (r: CreatedRow): CreatedJob => ({ id: Number(r.id), containerSpec: parsed(r.containerSpec), gpuRequirements: parsed(r.gpuRequirements) });

/** Creates one job with its money inside the caller's transaction; undefined (nothing written) when the balance does not cover it. */
export async function createJobIn(tx: Tx, v: NewJobValues): Promise<CreatedJob | undefined> {
  const [row] = rowsOf<CreatedRow>(await tx.execute(positional(CREATE_JOBS, [JSON.stringify([newJobItem(v, 0)]), EVENTS_CHANNEL])));
  return row && createdOf(row);
}

/**
 * Writes a batch of queued jobs (one per renter) and then counts each one's queue position: after the commit,
 * so it sees the work committed meanwhile, in one statement for the batch (countAhead). Answers by place;
 * undefined: the renter's balance did not cover the quote, and nothing was written for that job.
 */
export async function runQueuedBatch(store: Store, batch: NewJobValues[]): Promise<(QueuedJob | undefined)[]> {
  const rows = await store.prepared<CreatedRow>(CREATE_JOBS, [
    JSON.stringify(batch.map(newJobItem)),
    EVENTS_CHANNEL,
  ]);
  const answers: (QueuedJob | undefined)[] = batch.map(() => undefined);
  if (!rows.length) return answers;
  const ranks: QueuedRank[] = rows.map((r) => {
    const v = batch[Number(r.n)];
    return { n: Number(r.n), id: Number(r.id), provider_id: v.providerId, rank: PRICING_CLASS_RANK[v.pricingClass], priority: v.priority, submitted_at: v.at.toISOString() };
  });
  const aheadOf = await countAhead(store, ranks);
  for (const r of rows) {
    const n = Number(r.n);
    const ahead = aheadOf.get(n);
    answers[n] = { ...createdOf(r), queuePosition: ahead === undefined ? undefined : ahead + 1 };
  }
  return answers;
}

/**
 * The work ahead of each job of a committed batch, by place. The jobs are written by then: should the count
 * fail, the batch must not be written again (GroupCommit retries a batch that throws), so the positions are
 * left uncounted and each submit counts its own.
 */
async function countAhead(store: Store, ranks: QueuedRank[]): Promise<Map<number, number>> {
  try {
    const positions = await store.prepared<{ n: number; ahead: number }>(QUEUE_POSITIONS_SQL, [JSON.stringify(ranks)]);
    return new Map(positions.map((p) => [Number(p.n), Number(p.ahead)]));
  } catch {
    return new Map();
  }
}

/** A batch takes one job per renter: the statement debits each renter once. */
function oneJobPerRenter(): (v: NewJobValues) => boolean {
  const renters = new Set<number>();
  return (v) => !renters.has(v.renterId) && Boolean(renters.add(v.renterId));
}

/**
 * The store's batches of queued submits (group commit, groupCommit.ts): submits that arrive while earlier
 * ones are in Postgres go together, so a busy marketplace pays one commit for many submits.
 */
const queuedBatches = perStore(
  (store: Store) => new GroupCommit<NewJobValues, QueuedJob | undefined>((batch) => runQueuedBatch(store, batch), { inFlight: 2, maxBatch: 50, joinsBatch: oneJobPerRenter }),
);

/** Creates a queued job with its hold (in the next batch); undefined (nothing written) when the balance does not cover it. */
export function createQueuedJob(store: Store, v: NewJobValues): Promise<QueuedJob | undefined> {
  return queuedBatches(store).add(v);
}
