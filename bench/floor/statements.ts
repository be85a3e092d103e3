/**
 * The floor's SQL: for each path the same durable work the gateway does, on the gateway's own tables, in
 * one statement (so one round trip and one implicit transaction, committed with the server's durable
 * settings; nothing here turns synchronous_commit off). Each statement is data-modifying CTEs ending in a
 * SELECT that sends the NOTIFYs, so the notifications leave only if the writes commit, as the gateway's do.
 *
 * The floor's NOTIFYs go to their own channel with the gateway's payloads: Postgres does the same work for
 * them (queue entry, waking the database's listening backends), but the gateway process, listening on its
 * channel beside the floor, is not handed the floor's events to parse while the floor is being measured.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const FLOOR_CHANNEL = 'dcp_floor_events';
/** The floor's stand-in for the gateway's price list: one rate per minute (halala). */
const RATE_HALALA_PER_MINUTE = 15;
const HMAC_SECRET = randomBytes(32).toString('hex');
const DEFAULT_MAX_DURATION_SECONDS = 3600;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Heartbeat: the key-hash lookup, the provider row rewritten with the daemon's report (the columns the
 * gateway's heartbeat writes), one heartbeat history row, one NOTIFY. No row when the key is unknown or
 * revoked or the provider is not approved.
 */
export const HEARTBEAT_SQL = `
with me as (
  select provider_id from api_keys
  where key_hash = $1::text and owner_type = 'provider' and revoked_at is null and (expires_at is null or expires_at > now())
), p as (
  update providers set
    status = case when status = 'suspended' then 'suspended' when is_paused then 'paused' when $15::int > 10 then 'degraded' else 'online' end,
    last_heartbeat = now(),
    gpu_status = $2::jsonb,
    provider_ip = $3::text,
    provider_hostname = $4::text,
    p2p_peer_id = coalesce($5::text, p2p_peer_id),
    gpu_name_detected = coalesce($6::text, gpu_name_detected),
    gpu_model = coalesce($6::text, gpu_model),
    gpu_vram_mib = coalesce($7::int, gpu_vram_mib),
    vram_mb = coalesce($25::int, $7::int, vram_mb),
    gpu_driver = coalesce($8::text, gpu_driver),
    gpu_count = coalesce($9::int, gpu_count),
    gpu_count_reported = coalesce($10::int, gpu_count_reported),
    gpu_compute_capability = coalesce($11::text, gpu_compute_capability),
    gpu_cuda_version = coalesce($12::text, gpu_cuda_version),
    cached_models = coalesce($13::jsonb, cached_models),
    vllm_models = $14::jsonb,
    container_restart_count = $15::int,
    model_cache_disk_mb = $16::int,
    model_cache_disk_total_mb = $17::int,
    model_cache_disk_used_pct = $18::float8,
    gpu_profile_source = 'daemon',
    gpu_profile_updated_at = now(),
    daemon_version = coalesce($19::text, daemon_version),
    resource_spec = coalesce($20::text, resource_spec),
    updated_at = now()
  where id = (select provider_id from me) and approval_status = 'approved' and deleted_at is null
  returning id, approval_status, is_paused
), h as (
  insert into heartbeats (provider_id, received_at, provider_ip, provider_hostname, gpu_util_pct, gpu_temp_c, gpu_power_w,
    gpu_vram_free_mib, gpu_vram_total_mib, daemon_version, gpu_count, gpu_status, cached_models)
  select id, now(), $3::text, $4::text, $21::float8, $22::float8, $23::float8, $24::int, $7::int, $19::text, coalesce($9::int, 1), $2::jsonb, $13::jsonb
  from p
)
select p.id, p.approval_status, p.is_paused, now() as at,
  pg_notify($26::text, json_build_object('type', 'provider.heartbeat', 'providerId', p.id, 'at', now())::text) as notified
from p`;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const int = (v: unknown): number | null => (num(v) == null ? null : Math.round(v as number));
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string | null => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? JSON.stringify(v) : null);

/** The heartbeat statement's parameters from the daemon's body (the fields the gateway stores). */
export function heartbeatParams(key: string, body: Json): unknown[] {
  const gpu = obj(body.gpu_status);
  const info = obj(body.gpu_info);
  const cache = obj(body.model_cache);
  const vram = num(info.vram_mb) ?? num(gpu.gpu_vram_mib);
  const spec = body.resource_spec == null ? null : typeof body.resource_spec === 'string' ? body.resource_spec : JSON.stringify(body.resource_spec);
  return [
    hashKey(key),
    JSON.stringify(body.gpu_status ?? {}),
    str(body.provider_ip),
    str(body.provider_hostname),
    str(body.peer_id),
    str(info.gpu_name) ?? str(gpu.gpu_name),
    vram == null ? null : Math.round(vram),
    str(info.driver_version) ?? str(gpu.driver_version),
    int(gpu.gpu_count),
    Array.isArray(gpu.all_gpus) ? gpu.all_gpus.length : int(gpu.gpu_count),
    str(info.compute_capability) ?? str(gpu.compute_capability),
    str(info.cuda_version) ?? str(gpu.cuda_version),
    strings(body.cached_models),
    strings(body.vllm_models),
    int(body.container_restart_count) ?? int(gpu.container_restart_count) ?? 0,
    int(cache.used_mb) ?? 0,
    int(cache.total_mb) ?? 0,
    num(cache.used_pct) ?? 0,
    str(gpu.daemon_version),
    spec,
    num(gpu.gpu_util_pct),
    num(gpu.temp_c),
    num(gpu.power_w),
    int(gpu.free_vram_mib),
    int(gpu.vram_mb),
    FLOOR_CHANNEL,
  ];
}

/**
 * Submit: the key lookup, the renter's balance moved into held in one guarded UPDATE (no overdraft, as the
 * gateway's), the job row, its hold, the ledger entry, its first lifecycle event, and the two NOTIFYs the
 * gateway sends (balance changed, job status). One row always: `renter_id` null for an unknown key,
 * `job_id` null when the balance does not cover the quote.
 */
export const SUBMIT_SQL = `
with me as (
  select renter_id from api_keys
  where key_hash = $1::text and owner_type = 'renter' and revoked_at is null and (expires_at is null or expires_at > now())
), r as (
  update renters set balance_halala = balance_halala - $2::bigint, held_halala = held_halala + $2::bigint,
    total_jobs = total_jobs + 1, updated_at = now()
  where id = (select renter_id from me) and status = 'active' and balance_halala >= $2::bigint
  returning id
), j as (
  insert into jobs (job_id, renter_id, job_type, model, status, priority, submitted_at, updated_at, duration_minutes,
    max_duration_seconds, task_spec, task_spec_hmac, container_spec, params, cost_halala, rate_halala_per_second, workspace_volume_name)
  select $3::text, id, $4::text, $5::text, 'queued', $6::int, now(), now(), $7::float8, $8::int, $9::text, $10::text, $11::jsonb,
    $12::jsonb, $2::bigint, $13::float8, 'dcp-job-' || $3::text
  from r
  returning id, renter_id, submitted_at
), h as (
  insert into holds (job_id, renter_id, amount_halala) select id, renter_id, $2::bigint from j
), l as (
  insert into ledger_entries (kind, amount_halala, from_account, to_account, renter_id, job_id)
  select 'job_hold', $2::bigint, 'renter:' || renter_id, 'hold:' || id, renter_id, id from j
), e as (
  insert into job_events (job_id, sequence_no, event_type, status, source, occurred_at)
  select id, 1, 'job.submitted', 'queued', 'renter', submitted_at from j
)
select me.renter_id, j.id as job_row_id, j.submitted_at,
  case when j.id is not null then
    pg_notify($14::text, json_build_object('type', 'renter.balance_changed', 'renterId', j.renter_id, 'at', now())::text) end as balance_notified,
  case when j.id is not null then
    pg_notify($14::text, json_build_object('type', 'job.status_changed', 'jobId', j.id, 'jobKey', $3::text, 'renterId', j.renter_id,
      'providerId', null, 'status', 'queued', 'fromStatus', null, 'progressPhase', null, 'sequenceNo', 1, 'at', now())::text) end as job_notified
from (select 1) as one left join me on true left join j on true`;

export interface SubmitInput {
  jobId: string;
  costHalala: number;
  params: unknown[];
}

/** The submit statement's parameters, or a message naming the bad field. */
export function submitParams(key: string, body: Json): SubmitInput | { error: string; field: string } {
  const jobType = str(body.job_type);
  const minutes = num(body.duration_minutes);
  if (!jobType || jobType.length > 64) return { error: 'job_type is required', field: 'job_type' };
  if (minutes == null || minutes <= 0 || minutes > 1440) return { error: 'duration_minutes must be a number in (0, 1440]', field: 'duration_minutes' };
  const priority = int(body.priority) ?? 2;
  const params = obj(body.params);
  const taskSpec = JSON.stringify({ job_type: jobType, params });
  const jobId = `job-${Date.now()}-${randomBytes(4).toString('hex').slice(0, 6)}`;
  const costHalala = Math.ceil(RATE_HALALA_PER_MINUTE * minutes);
  return {
    jobId,
    costHalala,
    params: [
      hashKey(key),
      costHalala,
      jobId,
      jobType,
      str(params.model) ?? str(body.model),
      priority,
      minutes,
      int(body.max_duration_seconds) ?? DEFAULT_MAX_DURATION_SECONDS,
      taskSpec,
      createHmac('sha256', HMAC_SECRET).update(taskSpec).digest('hex'),
      JSON.stringify({ compute_type: 'inference', image: 'dcp/llm-inference:latest' }),
      JSON.stringify(params),
      RATE_HALALA_PER_MINUTE / 60,
      FLOOR_CHANNEL,
    ],
  };
}
