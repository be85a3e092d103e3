import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { rowsOf, type Db } from '../db/client.js';
import { capacityFrom, type CapacityRow } from './daemon.js';
import { EVENTS_CHANNEL, type DomainEvent } from './events.js';
import { DEGRADED_AFTER_RESTARTS, type HeartbeatOutcome, type HeartbeatReport, type heartbeatInput } from './heartbeat.js';

const json = (value: unknown) => (value == null ? null : JSON.stringify(value));

/**
 * The usual heartbeat as one statement, with no explicit transaction: it locks the provider row, updates it
 * (reported values over stored ones, the status rule and the model-preload rule in SQL, the same rules as
 * the locked path in heartbeat.ts), appends the history row and queues the events, so the row is locked
 * for one round trip instead of four and the commit follows at once.
 *
 * It applies only to an approved, undeleted provider whose GPU is the one it already reported (and, with a
 * standing verification verdict, the card and memory that verdict was judged on); for anything else it writes nothing and
 * answers undefined, and the caller takes the locked path, which judges a new GPU against the verdict and
 * says why a heartbeat is refused.
 *
 * The events are the ones `publish` sends (same channel, same JSON): `provider.status_changed` when the
 * status or pause flag moved, then `provider.heartbeat`. The capacity report the daemon gets back is read
 * in the same statement.
 */
export async function heartbeatInOneStatement(
  db: Db,
  providerId: number,
  body: z.output<typeof heartbeatInput>,
  r: HeartbeatReport,
  now: Date,
): Promise<HeartbeatOutcome | undefined> {
  const at = now.toISOString();
  const heartbeatEvent = JSON.stringify({ type: 'provider.heartbeat', providerId, at } satisfies DomainEvent);
  const cached = json(r.cachedModels);
  const [row] = rowsOf<{
    approval_status: string;
    was_paused: boolean;
    model_preload_status: string;
    model_preload_model: string | null;
    gpu_count: number;
    capacity: CapacityRow[] | string;
  }>(
    await db.execute(sql`
      with before as (
        select id, status, is_paused,
               model_preload_status = 'downloading' and model_preload_model is not null and exists (
                 select 1 from jsonb_array_elements_text(coalesce(${cached}::jsonb, cached_models)) m
                  where lower(m) = lower(model_preload_model)) as preload_ready
          from providers
         where id = ${providerId} and deleted_at is null and approval_status = 'approved'
           and gpu_name_detected is not distinct from coalesce(${r.gpuName}::text, gpu_name_detected)
           and (verification_status not in ('verified', 'suspect') or verified_gpu is null
                or (verified_gpu = coalesce(${r.gpuName}::text, gpu_name_detected)
                    and gpu_vram_mib is not distinct from coalesce(${r.vramMib}::int, gpu_vram_mib)
                    and vram_mb is not distinct from coalesce(${r.vramMb}::int, vram_mb)))
         for update),
      updated as (
        update providers p set
          status = case when p.status = 'suspended' then 'suspended' when p.is_paused then 'paused'
                        when ${r.restarts}::int > ${DEGRADED_AFTER_RESTARTS} then 'degraded' else 'online' end,
          last_heartbeat = ${at}::timestamptz,
          gpu_status = ${json(r.gpuStatus)}::jsonb,
          provider_ip = ${body.provider_ip ?? null}::text,
          provider_hostname = ${body.provider_hostname ?? null}::text,
          p2p_peer_id = coalesce(${body.peer_id ?? null}::text, p.p2p_peer_id),
          gpu_name_detected = coalesce(${r.gpuName}::text, p.gpu_name_detected),
          gpu_model = coalesce(${r.gpuName}::text, p.gpu_model),
          gpu_vram_mib = coalesce(${r.vramMib}::int, p.gpu_vram_mib),
          vram_mb = coalesce(${r.vramMb}::int, p.vram_mb),
          gpu_driver = coalesce(${r.driver}::text, p.gpu_driver),
          gpu_count = coalesce(${r.gpuCount}::int, p.gpu_count),
          gpu_count_reported = coalesce(${r.gpuCountReported}::int, p.gpu_count_reported),
          gpu_compute_capability = coalesce(${r.computeCapability}::text, p.gpu_compute_capability),
          gpu_cuda_version = coalesce(${r.cudaVersion}::text, p.gpu_cuda_version),
          cached_models = coalesce(${cached}::jsonb, p.cached_models),
          vllm_models = ${json(body.vllm_models)}::jsonb,
          vllm_endpoint_url = coalesce(${body.vllm_endpoint_url ?? null}::text, p.vllm_endpoint_url),
          wg_mesh_ip = coalesce(${body.wg_mesh_ip ?? null}::text, p.wg_mesh_ip),
          container_restart_count = ${r.restarts}::int,
          model_cache_disk_mb = ${r.cacheUsedMb}::int,
          model_cache_disk_total_mb = ${r.cacheTotalMb}::int,
          model_cache_disk_used_pct = ${r.cacheUsedPct}::float8,
          gpu_profile_source = 'daemon',
          gpu_profile_updated_at = ${at}::timestamptz,
          daemon_version = coalesce(${r.daemonVersion}::text, p.daemon_version),
          resource_spec = coalesce(${r.resourceSpec}::text, p.resource_spec),
          supported_compute_types = coalesce(${json(r.computeTypes)}::jsonb, p.supported_compute_types),
          model_preload_status = case when b.preload_ready then 'ready' else p.model_preload_status end,
          model_preload_updated_at = case when b.preload_ready then ${at}::timestamptz else p.model_preload_updated_at end,
          updated_at = ${at}::timestamptz
        from before b
        where p.id = b.id
        returning p.id, p.status, p.is_paused, p.approval_status, p.model_preload_status, p.model_preload_model, p.gpu_count,
                  b.status as was_status, b.is_paused as was_paused),
      history as (
        insert into heartbeats (provider_id, received_at, provider_ip, provider_hostname, gpu_util_pct, gpu_temp_c, gpu_power_w,
                                gpu_vram_free_mib, gpu_vram_total_mib, daemon_version, gpu_count, gpu_status, cached_models)
        select id, ${at}::timestamptz, ${body.provider_ip ?? null}::text, ${body.provider_hostname ?? null}::text,
               ${r.history.gpuUtilPct}::float8, ${r.history.gpuTempC}::float8, ${r.history.gpuPowerW}::float8,
               ${r.history.gpuVramFreeMib}::int, ${r.vramMib}::int, ${r.daemonVersion}::text, ${r.history.gpuCount}::int,
               ${json(r.gpuStatus)}::jsonb, ${cached}::jsonb
          from updated),
      events as (
        select 1 as n, pg_notify(${EVENTS_CHANNEL}, json_build_object('type', 'provider.status_changed', 'providerId', id, 'status', status,
                 'fromStatus', was_status, 'isPaused', is_paused, 'at', ${at}::text)::text)
          from updated where status <> was_status or is_paused <> was_paused
        union all
        select 2, pg_notify(${EVENTS_CHANNEL}, ${heartbeatEvent}) from updated)
      select approval_status, was_paused, model_preload_status, model_preload_model, gpu_count,
             (select count(*) from events) as notified,
             (select coalesce(json_agg(c), '[]') from (
                select model, status, count(*)::int as n from jobs
                 where provider_id = ${providerId} and status in ('queued', 'pending', 'assigned', 'pulling', 'running')
                 group by model, status) c) as capacity
        from updated`),
  );
  if (!row) return undefined;
  // json_agg arrives parsed from postgres.js and as text from PGlite's raw results.
  const capacity = typeof row.capacity === 'string' ? (JSON.parse(row.capacity) as CapacityRow[]) : row.capacity;
  return {
    approvalStatus: row.approval_status,
    isPaused: row.was_paused,
    modelPreloadStatus: row.model_preload_status,
    modelPreloadModel: row.model_preload_model,
    capacity: capacityFrom(providerId, Number(row.gpu_count), capacity, now),
  };
}
