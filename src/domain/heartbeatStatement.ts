import type { z } from 'zod';
import type { Store } from '../db/client.js';
import { hashKey, MAX_API_KEY_LENGTH, principalFromOwner, type KeyOwnerRow, type Principal } from './auth.js';
import { capacityFrom, type CapacityRow } from './daemon.js';
import { EVENTS_CHANNEL } from './events.js';
import type { HeartbeatOutcome, HeartbeatReport, heartbeatInput } from './heartbeat.js';

/*
 * The usual heartbeat as one statement, with no explicit transaction: it finds the key's owner, locks the
 * provider row, updates it (reported values over stored ones, the status rule and the model-preload rule in
 * SQL, the same rules as the locked path in heartbeat.ts), appends the history row, queues the events and
 * reads the capacity report the daemon gets back. The row is locked for one round trip and the commit
 * follows at once.
 *
 * It writes only for an approved, undeleted provider whose GPU is the one it already reported (and, with a
 * standing verification verdict, the card and memory that verdict was judged on); for anything else it
 * answers the key's owner alone, and the caller refuses the key or takes the locked path, which judges a
 * new GPU against the verdict and says why a heartbeat is refused.
 *
 * The events are the ones `publish` sends (same channel, same JSON): `provider.status_changed` when the
 * status or pause flag moved, then `provider.heartbeat`.
 *
 * The text is built once, here, with positional parameters: this is the busiest statement of the gateway,
 * and building it per request (about fifty parameters) cost more than running it. Two openings share the
 * rest: by key hash (REST: the credential is checked in the same round trip) and by provider id (GraphQL,
 * whose context has resolved the principal already).
 */

/** Containers restarted more often than this make a provider `degraded` (here: the SQL text needs it at load). */
export const DEGRADED_AFTER_RESTARTS = 10;

/** $1 is the key hash; $2 the time keys must not have expired by. */
const OWNER_BY_KEY = `
  select k.owner_type, k.renter_id, k.provider_id, r.status as renter_status, p.status as provider_status,
         p.approval_status, p.deleted_at as provider_deleted_at, k.scopes, k.expires_at
    from api_keys k
    left join renters r on r.id = k.renter_id
    left join providers p on p.id = k.provider_id
   where k.key_hash = $1::text and k.revoked_at is null and (k.expires_at is null or k.expires_at > $2::timestamptz)
   limit 1`;

/** $1 is the provider id; $2 is unused but typed, so both openings take the same parameters. */
const OWNER_BY_ID = `
  select 'provider'::text as owner_type, null::int as renter_id, p.id as provider_id, null::text as renter_status,
         p.status as provider_status, p.approval_status, p.deleted_at as provider_deleted_at, null::jsonb as scopes,
         null::timestamptz as expires_at
    from providers p
   where p.id = $1::int and $2::timestamptz is not null`;

const heartbeatSql = (owner: string) => `
  with owner as (${owner}),
  before as (
    select id, status, is_paused,
           model_preload_status = 'downloading' and model_preload_model is not null and exists (
             select 1 from jsonb_array_elements_text(coalesce($3::jsonb, cached_models)) m
              where lower(m) = lower(model_preload_model)) as preload_ready
      from providers
     where id = (select provider_id from owner where owner_type = 'provider')
       and deleted_at is null and approval_status = 'approved'
       and gpu_name_detected is not distinct from coalesce($4::text, gpu_name_detected)
       and (verification_status not in ('verified', 'suspect') or verified_gpu is null
            or (verified_gpu = coalesce($4::text, gpu_name_detected)
                and gpu_vram_mib is not distinct from coalesce($5::int, gpu_vram_mib)
                and vram_mb is not distinct from coalesce($6::int, vram_mb)))
     for update),
  updated as (
    update providers p set
      status = case when p.status = 'suspended' then 'suspended' when p.is_paused then 'paused'
                    when $7::int > ${DEGRADED_AFTER_RESTARTS} then 'degraded' else 'online' end,
      last_heartbeat = $2::timestamptz,
      gpu_status = $8::jsonb,
      provider_ip = $9::text,
      provider_hostname = $10::text,
      p2p_peer_id = coalesce($11::text, p.p2p_peer_id),
      gpu_name_detected = coalesce($4::text, p.gpu_name_detected),
      gpu_model = coalesce($4::text, p.gpu_model),
      gpu_vram_mib = coalesce($5::int, p.gpu_vram_mib),
      vram_mb = coalesce($6::int, p.vram_mb),
      gpu_driver = coalesce($12::text, p.gpu_driver),
      gpu_count = coalesce($13::int, p.gpu_count),
      gpu_count_reported = coalesce($14::int, p.gpu_count_reported),
      gpu_compute_capability = coalesce($15::text, p.gpu_compute_capability),
      gpu_cuda_version = coalesce($16::text, p.gpu_cuda_version),
      cached_models = coalesce($3::jsonb, p.cached_models),
      vllm_models = $17::jsonb,
      vllm_endpoint_url = coalesce($18::text, p.vllm_endpoint_url),
      wg_mesh_ip = coalesce($19::text, p.wg_mesh_ip),
      container_restart_count = $7::int,
      model_cache_disk_mb = $20::int,
      model_cache_disk_total_mb = $21::int,
      model_cache_disk_used_pct = $22::float8,
      gpu_profile_source = 'daemon',
      gpu_profile_updated_at = $2::timestamptz,
      daemon_version = coalesce($23::text, p.daemon_version),
      resource_spec = coalesce($24::text, p.resource_spec),
      supported_compute_types = coalesce($25::jsonb, p.supported_compute_types),
      model_preload_status = case when b.preload_ready then 'ready' else p.model_preload_status end,
      model_preload_updated_at = case when b.preload_ready then $2::timestamptz else p.model_preload_updated_at end,
      updated_at = $2::timestamptz
    from before b
    where p.id = b.id
    returning p.id, p.status, p.is_paused, p.approval_status, p.model_preload_status, p.model_preload_model, p.gpu_count,
              b.status as was_status, b.is_paused as was_paused),
  history as (
    insert into heartbeats (provider_id, received_at, provider_ip, provider_hostname, gpu_util_pct, gpu_temp_c, gpu_power_w,
                            gpu_vram_free_mib, gpu_vram_total_mib, daemon_version, gpu_count, gpu_status, cached_models)
    select id, $2::timestamptz, $9::text, $10::text, $26::float8, $27::float8, $28::float8,
           $29::int, $5::int, $23::text, $30::int, $8::jsonb, $3::jsonb
      from updated),
  events as (
    select 1 as n, pg_notify($31::text, json_build_object('type', 'provider.status_changed', 'providerId', id, 'status', status,
             'fromStatus', was_status, 'isPaused', is_paused, 'at', $32::text)::text)
      from updated where status <> was_status or is_paused <> was_paused
    union all
    select 2, pg_notify($31::text, json_build_object('type', 'provider.heartbeat', 'providerId', id, 'at', $32::text)::text)
      from updated)
  select o.owner_type as "ownerType", o.renter_id as "renterId", o.provider_id as "providerId", o.renter_status as "renterStatus",
         o.provider_status as "providerStatus", o.approval_status as "approvalStatus", o.provider_deleted_at as "providerDeletedAt",
         o.scopes, o.expires_at as "expiresAt",
         u.id is not null as written, u.approval_status as written_approval_status, u.was_paused, u.model_preload_status,
         u.model_preload_model, u.gpu_count,
         (select count(*) from events) as notified,
         case when u.id is not null then (select coalesce(json_agg(c), '[]') from (
            select model, status, count(*)::int as n from jobs
             where provider_id = u.id and status in ('queued', 'pending', 'assigned', 'pulling', 'running')
             group by model, status) c) end as capacity
    from owner o left join updated u on true`;

const BY_KEY = heartbeatSql(OWNER_BY_KEY);
const BY_ID = heartbeatSql(OWNER_BY_ID);

interface HeartbeatRow extends KeyOwnerRow {
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

const json = (value: unknown) => (value == null ? null : JSON.stringify(value));

/** The heartbeat of the provider owning `key` (REST), in one statement. */
export function heartbeatByKey(store: Store, key: string, body: z.output<typeof heartbeatInput>, r: HeartbeatReport, now: Date): Promise<OneStatementHeartbeat> {
  if (!key || key.length > MAX_API_KEY_LENGTH) return Promise.resolve({ principal: undefined });
  return runHeartbeat(store, BY_KEY, hashKey(key), body, r, now);
}

/** The heartbeat of an already authenticated provider (GraphQL), in one statement. */
export function heartbeatById(store: Store, providerId: number, body: z.output<typeof heartbeatInput>, r: HeartbeatReport, now: Date): Promise<OneStatementHeartbeat> {
  return runHeartbeat(store, BY_ID, providerId, body, r, now);
}

async function runHeartbeat(store: Store, text: string, owner: string | number, body: z.output<typeof heartbeatInput>, r: HeartbeatReport, now: Date): Promise<OneStatementHeartbeat> {
  const at = now.toISOString();
  const cached = json(r.cachedModels);
  const gpuStatus = json(r.gpuStatus);
  const h = r.history;
  const [row] = await store.prepared<HeartbeatRow>(text, [
    owner, at, cached, r.gpuName, r.vramMib, r.vramMb, r.restarts, gpuStatus, body.provider_ip ?? null,
    body.provider_hostname ?? null, body.peer_id ?? null, r.driver, r.gpuCount, r.gpuCountReported, r.computeCapability,
    r.cudaVersion, json(body.vllm_models), body.vllm_endpoint_url ?? null, body.wg_mesh_ip ?? null, r.cacheUsedMb,
    r.cacheTotalMb, r.cacheUsedPct, r.daemonVersion, r.resourceSpec, json(r.computeTypes), h.gpuUtilPct, h.gpuTempC,
    h.gpuPowerW, h.gpuVramFreeMib, h.gpuCount, EVENTS_CHANNEL, at,
  ]);
  if (!row) return { principal: undefined };
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
