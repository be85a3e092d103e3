import type { z } from 'zod';
import type { Store } from '../db/client.js';
import { keyOwnerSql, principalFromOwner, type KeyOwnerRow, type Principal } from './auth.js';
import { capacityFrom, type CapacityRow } from './daemon.js';
import { EVENTS_CHANNEL } from './events.js';
import type { HeartbeatOutcome, HeartbeatReport, heartbeatInput } from './heartbeat.js';

/*
 * The usual heartbeat, in one statement with no explicit transaction, and for as many heartbeats as arrive
 * together (src/domain/heartbeatBatches.ts sends them as one batch: group commit). For each heartbeat it finds
 * the key's owner (or takes the provider GraphQL has already authenticated), locks the provider row, updates
 * it (reported values over stored ones, the status rule and the model-preload rule in SQL, the same rules as
 * the locked path in heartbeat.ts), appends the history row, queues the events and reads the capacity report
 * the daemon gets back. Rows are locked in provider id order, so batches on several instances never deadlock.
 *
 * It writes only for an approved, undeleted provider whose GPU is the one it already reported (and, with a
 * standing verification verdict, the card and memory that verdict was judged on); for anything else it
 * answers the key's owner alone, and the caller refuses the key or takes the locked path, which judges a
 * new GPU against the verdict and says why a heartbeat is refused.
 *
 * Several heartbeats of one provider in a batch (a daemon retrying, or two processes on one key): the latest
 * report is written to the provider row and every one of them gets its history row and the same answer, if
 * it reports the same GPU as the latest; one that reports another GPU is answered "not written" and takes the
 * locked path on its own.
 *
 * The events are the ones `publish` sends (same channel, same JSON), once per provider per batch:
 * `provider.status_changed` when the status or pause flag moved, then `provider.heartbeat`.
 *
 * The batch travels as one JSON parameter (one row per heartbeat, `n` its place), so the text is built once
 * and prepared once per connection, whatever the batch size.
 */

/** Containers restarted more often than this make a provider `degraded` (here: the SQL text needs it at load). */
export const DEGRADED_AFTER_RESTARTS = 10;

/** One heartbeat of a batch, as the statement reads it (`jsonb_to_recordset` below names the same fields). */
export interface HeartbeatItem {
  /** The REST credential's hash, or the provider GraphQL authenticated (exactly one is set). */
  key_hash: string | null;
  provider: number | null;
  at: string;
  cached: string[] | null;
  gpu_name: string | null;
  vram_mib: number | null;
  vram_mb: number | null;
  restarts: number;
  gpu_status: unknown;
  provider_ip: string | null;
  provider_hostname: string | null;
  peer_id: string | null;
  driver: string | null;
  gpu_count: number | null;
  gpu_count_reported: number | null;
  compute_capability: string | null;
  cuda_version: string | null;
  vllm_models: unknown;
  vllm_endpoint_url: string | null;
  wg_mesh_ip: string | null;
  cache_used_mb: number;
  cache_total_mb: number;
  cache_used_pct: number;
  daemon_version: string | null;
  resource_spec: string | null;
  compute_types: string[] | null;
  gpu_util_pct: number | null;
  gpu_temp_c: number | null;
  gpu_power_w: number | null;
  gpu_vram_free_mib: number | null;
  history_gpu_count: number;
}

const INPUT_COLUMNS = `n int, key_hash text, provider int, at timestamptz, at_text text, cached jsonb, gpu_name text,
    vram_mib int, vram_mb int, restarts int, gpu_status jsonb, provider_ip text, provider_hostname text, peer_id text,
    driver text, gpu_count int, gpu_count_reported int, compute_capability text, cuda_version text, vllm_models jsonb,
    vllm_endpoint_url text, wg_mesh_ip text, cache_used_mb int, cache_total_mb int, cache_used_pct float8,
    daemon_version text, resource_spec text, compute_types jsonb, gpu_util_pct float8, gpu_temp_c float8,
    gpu_power_w float8, gpu_vram_free_mib int, history_gpu_count int`;

/** $1 is the batch (a JSON array of HeartbeatItem, `at_text` added), $2 the events channel. */
const HEARTBEAT_BATCH_SQL = `
  with input as (select * from jsonb_to_recordset($1::jsonb) as i(${INPUT_COLUMNS})),
  owner as (
    select i.n, k.* from input i join lateral (${keyOwnerSql('i.key_hash', 'i.at')}) k on true
     where i.key_hash is not null
    union all
    select i.n, 'provider', null, p.id, null, p.status, p.approval_status, p.deleted_at, null, null
      from input i join providers p on p.id = i.provider
     where i.key_hash is null),
  chosen as (
    select distinct on (o."providerId") o."providerId" as provider_id, i.*
      from owner o join input i on i.n = o.n
     where o."ownerType" = 'provider'
     order by o."providerId", i.n desc),
  before as (
    select p.id, p.status, p.is_paused, c.n,
           p.model_preload_status = 'downloading' and p.model_preload_model is not null and exists (
             select 1 from jsonb_array_elements_text(coalesce(c.cached, p.cached_models)) m
              where lower(m) = lower(p.model_preload_model)) as preload_ready
      from providers p join chosen c on c.provider_id = p.id
     where p.deleted_at is null and p.approval_status = 'approved'
       and p.gpu_name_detected is not distinct from coalesce(c.gpu_name, p.gpu_name_detected)
       and (p.verification_status not in ('verified', 'suspect') or p.verified_gpu is null
            or (p.verified_gpu = coalesce(c.gpu_name, p.gpu_name_detected)
                and p.gpu_vram_mib is not distinct from coalesce(c.vram_mib, p.gpu_vram_mib)
                and p.vram_mb is not distinct from coalesce(c.vram_mb, p.vram_mb)))
     order by p.id
     for update of p),
  updated as (
    update providers p set
      status = case when p.status = 'suspended' then 'suspended' when p.is_paused then 'paused'
                    when c.restarts > ${DEGRADED_AFTER_RESTARTS} then 'degraded' else 'online' end,
      last_heartbeat = c.at,
      gpu_status = c.gpu_status,
      provider_ip = c.provider_ip,
      provider_hostname = c.provider_hostname,
      p2p_peer_id = coalesce(c.peer_id, p.p2p_peer_id),
      gpu_name_detected = coalesce(c.gpu_name, p.gpu_name_detected),
      gpu_model = coalesce(c.gpu_name, p.gpu_model),
      gpu_vram_mib = coalesce(c.vram_mib, p.gpu_vram_mib),
      vram_mb = coalesce(c.vram_mb, p.vram_mb),
      gpu_driver = coalesce(c.driver, p.gpu_driver),
      gpu_count = coalesce(c.gpu_count, p.gpu_count),
      gpu_count_reported = coalesce(c.gpu_count_reported, p.gpu_count_reported),
      gpu_compute_capability = coalesce(c.compute_capability, p.gpu_compute_capability),
      gpu_cuda_version = coalesce(c.cuda_version, p.gpu_cuda_version),
      cached_models = coalesce(c.cached, p.cached_models),
      vllm_models = c.vllm_models,
      vllm_endpoint_url = coalesce(c.vllm_endpoint_url, p.vllm_endpoint_url),
      wg_mesh_ip = coalesce(c.wg_mesh_ip, p.wg_mesh_ip),
      container_restart_count = c.restarts,
      model_cache_disk_mb = c.cache_used_mb,
      model_cache_disk_total_mb = c.cache_total_mb,
      model_cache_disk_used_pct = c.cache_used_pct,
      gpu_profile_source = 'daemon',
      gpu_profile_updated_at = c.at,
      daemon_version = coalesce(c.daemon_version, p.daemon_version),
      resource_spec = coalesce(c.resource_spec, p.resource_spec),
      supported_compute_types = coalesce(c.compute_types, p.supported_compute_types),
      model_preload_status = case when b.preload_ready then 'ready' else p.model_preload_status end,
      model_preload_updated_at = case when b.preload_ready then c.at else p.model_preload_updated_at end,
      updated_at = c.at
    from before b join chosen c on c.n = b.n
    where p.id = b.id
    returning p.id, p.status, p.is_paused, p.approval_status, p.model_preload_status, p.model_preload_model, p.gpu_count,
              b.status as was_status, b.is_paused as was_paused, c.at_text),
  written as (
    select o.n, u.id
      from owner o join input i on i.n = o.n join chosen c on c.provider_id = o."providerId" join updated u on u.id = o."providerId"
     where o."ownerType" = 'provider' and i.gpu_name is not distinct from c.gpu_name
       and i.vram_mib is not distinct from c.vram_mib and i.vram_mb is not distinct from c.vram_mb),
  history as (
    insert into heartbeats (provider_id, received_at, provider_ip, provider_hostname, gpu_util_pct, gpu_temp_c, gpu_power_w,
                            gpu_vram_free_mib, gpu_vram_total_mib, daemon_version, gpu_count, gpu_status, cached_models)
    select w.id, i.at, i.provider_ip, i.provider_hostname, i.gpu_util_pct, i.gpu_temp_c, i.gpu_power_w,
           i.gpu_vram_free_mib, i.vram_mib, i.daemon_version, i.history_gpu_count, i.gpu_status, i.cached
      from written w join input i on i.n = w.n
     order by i.n),
  events as (
    select 1 as n, pg_notify($2::text, json_build_object('type', 'provider.status_changed', 'providerId', id, 'status', status,
             'fromStatus', was_status, 'isPaused', is_paused, 'at', at_text)::text)
      from updated where status <> was_status or is_paused <> was_paused
    union all
    select 2, pg_notify($2::text, json_build_object('type', 'provider.heartbeat', 'providerId', id, 'at', at_text)::text)
      from updated),
  capacity as (
    select u.id, (select coalesce(json_agg(c), '[]') from (
              select model, status, count(*)::int as n from jobs
               where provider_id = u.id and status in ('queued', 'pending', 'assigned', 'pulling', 'running')
               group by model, status) c) as capacity
      from updated u)
  select o.*, w.n is not null as written, u.approval_status as written_approval_status, u.was_paused, u.model_preload_status,
         u.model_preload_model, u.gpu_count, cap.capacity,
         (select count(*) from events) as notified
    from owner o left join written w on w.n = o.n left join updated u on u.id = w.id left join capacity cap on cap.id = w.id`;

interface HeartbeatRow extends KeyOwnerRow {
  n: number;
  written: boolean;
  written_approval_status: string;
  was_paused: boolean;
  model_preload_status: string;
  model_preload_model: string | null;
  gpu_count: number;
  capacity: CapacityRow[] | string | null;
}

/** What the statement found: the key's owner (undefined: no live key), and the outcome when it wrote. */
export interface OneStatementHeartbeat {
  principal: Principal | undefined;
  outcome?: HeartbeatOutcome;
}

/** One heartbeat as the batch statement takes it. */
export function itemOf(owner: Pick<HeartbeatItem, 'key_hash' | 'provider'>, body: z.output<typeof heartbeatInput>, r: HeartbeatReport, now: Date): HeartbeatItem {
  const h = r.history;
  return {
    ...owner, at: now.toISOString(), cached: r.cachedModels, gpu_name: r.gpuName, vram_mib: r.vramMib, vram_mb: r.vramMb,
    restarts: r.restarts, gpu_status: r.gpuStatus, provider_ip: body.provider_ip ?? null, provider_hostname: body.provider_hostname ?? null,
    peer_id: body.peer_id ?? null, driver: r.driver, gpu_count: r.gpuCount, gpu_count_reported: r.gpuCountReported,
    compute_capability: r.computeCapability, cuda_version: r.cudaVersion, vllm_models: body.vllm_models ?? null,
    vllm_endpoint_url: body.vllm_endpoint_url ?? null, wg_mesh_ip: body.wg_mesh_ip ?? null, cache_used_mb: r.cacheUsedMb,
    cache_total_mb: r.cacheTotalMb, cache_used_pct: r.cacheUsedPct, daemon_version: r.daemonVersion, resource_spec: r.resourceSpec,
    compute_types: r.computeTypes, gpu_util_pct: h.gpuUtilPct, gpu_temp_c: h.gpuTempC, gpu_power_w: h.gpuPowerW,
    gpu_vram_free_mib: h.gpuVramFreeMib, history_gpu_count: h.gpuCount,
  };
}

/**
 * Runs one batch and answers each item by its place: no row means no live
 * key (or, by id, no provider).
 */
export async function runHeartbeatBatch(store: Store, items: HeartbeatItem[], nows: Date[]): Promise<OneStatementHeartbeat[]> {
  // `at_text` is the ISO text the events carry, as `publish` writes it; `at` the same instant for SQL.
  const rows = await store.prepared<HeartbeatRow>(HEARTBEAT_BATCH_SQL, [JSON.stringify(items.map((i, n) => ({ ...i, n, at_text: i.at }))), EVENTS_CHANNEL]);
  const answers: OneStatementHeartbeat[] = items.map(() => ({ principal: undefined }));
  for (const row of rows) answers[Number(row.n)] = answerOf(row, nows[Number(row.n)]);
  return answers;
}

function answerOf(row: HeartbeatRow, now: Date): OneStatementHeartbeat {
  const principal = principalFromOwner(row);
  if (!row.written || principal?.kind !== 'provider') return { principal };
  // json_agg arrives parsed from postgres.js and as text from PGlite's raw results.
  const capacity = typeof row.capacity === 'string' ? (JSON.parse(row.capacity) as CapacityRow[]) : (row.capacity ?? []);
  return {
    principal,
    outcome: {
      approvalStatus: row.written_approval_status,
      isPaused: row.was_paused,
      modelPreloadStatus: row.model_preload_status,
      modelPreloadModel: row.model_preload_model,
      capacity: capacityFrom(principal.providerId, Number(row.gpu_count), capacity, now),
    },
  };
}
