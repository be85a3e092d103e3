import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { heartbeats, providers } from '../db/schema.js';
import { endpointUrlProblem } from './addressPolicy.js';
import { principalFromKey, type Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { publish } from './events.js';
import { changeProviderStatus, type Provider } from './providers.js';
import { parseInput } from './validate.js';
import { verdictAfterGpuReport } from './verification.js';
import { heartbeatById, heartbeatByKey } from './heartbeatBatches.js';
import { DEGRADED_AFTER_RESTARTS } from './heartbeatStatement.js';
import { providerCapacity, type CapacityReport } from './daemon.js';

const num = (min: number, max: number) => z.number().min(min).max(max).nullish();
const str = (max: number) => z.string().max(max).nullish();

/** The daemon sends about 36 keys; the ones the gateway stores are checked, the rest pass untouched. */
const gpuStatusSchema = z.looseObject({
  gpu_name: str(200),
  gpu_vram_mib: num(0, 10_000_000),
  vram_mb: num(0, 10_000_000),
  free_vram_mib: num(0, 10_000_000),
  driver_version: str(64),
  gpu_util_pct: num(0, 100),
  temp_c: num(-40, 150),
  power_w: num(0, 2000),
  daemon_version: str(32),
  python_version: str(64),
  os_info: str(200),
  gpu_count: z.number().int().min(1).max(64).nullish(),
  all_gpus: z.array(z.unknown()).nullish(),
  compute_capability: str(32),
  cuda_version: str(32),
  container_restart_count: z.number().int().min(0).max(2_147_483_647).nullish(),
});

const gpuInfoSchema = z.looseObject({
  gpu_name: str(200),
  vram_mb: num(0, 10_000_000),
  driver_version: str(64),
  cuda_version: str(32),
  compute_capability: str(32),
});

export const heartbeatInput = z.looseObject({
  gpu_status: z
    .union([z.string().transform((status) => ({ status })), gpuStatusSchema], { error: 'gpu_status must be an object' })
    .nullish(),
  gpu_info: gpuInfoSchema.nullish(),
  provider_ip: str(64),
  provider_hostname: str(255),
  peer_id: str(200),
  cached_models: z.array(z.string().max(512)).max(1000).nullish(),
  vllm_models: z.array(z.string().max(512)).max(1000).nullish(),
  vllm_endpoint_url: z.string().max(2048).nullish(),
  wg_mesh_ip: str(64),
  container_restart_count: z.number().int().min(0).max(2_147_483_647).nullish(),
  model_cache: z
    .looseObject({ used_mb: num(0, 2e9), cache_mb: num(0, 2e9), total_mb: num(0, 2e9), capacity_mb: num(0, 2e9), used_pct: num(0, 100), pct_used: num(0, 100) })
    .nullish(),
  resource_spec: z.union([z.string().max(4096), z.record(z.string(), z.unknown())]).nullish(),
});

/** The heartbeat answer: the original API's fields, plus `is_paused`, the one field the daemon reads. */
export interface HeartbeatAck {
  success: true;
  message: 'Heartbeat received';
  timestamp: string;
  needs_update: boolean;
  latest_version: string;
  update_available: boolean;
  min_version: string;
  approval_status: string;
  approved: boolean;
  is_paused: boolean;
  preload_model: { model_name: string; status: string } | null;
}

/** Numeric comparison of dotted versions; missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

const COMPUTE_KEYWORDS: Array<[string, string]> = [
  ['train', 'training'],
  ['render', 'rendering'],
  ['infer', 'inference'],
  ['llm', 'inference'],
  ['serve', 'inference'],
];
function computeTypesFrom(spec: string): string[] | undefined {
  const text = spec.toLowerCase();
  const found = [...new Set(COMPUTE_KEYWORDS.filter(([k]) => text.includes(k)).map(([, t]) => t))];
  return found.length ? found : undefined;
}

export { DEGRADED_AFTER_RESTARTS };

/** Online unless paused or suspended (kept as they are), or degraded after many container restarts. */
function statusAfterHeartbeat(p: Provider, restarts: number): string {
  if (p.status === 'suspended') return 'suspended';
  if (p.isPaused) return 'paused';
  return restarts > DEGRADED_AFTER_RESTARTS ? 'degraded' : 'online';
}

/**
 * What one heartbeat reports, read from its body alone. `null` means "not reported": the provider's stored
 * value stands (both write paths apply the same rule: SQL `coalesce`, or `??` under the lock).
 */
export interface HeartbeatReport {
  gpuStatus: Record<string, unknown>;
  gpuName: string | null;
  vramMib: number | null;
  vramMb: number | null;
  driver: string | null;
  gpuCount: number | null;
  gpuCountReported: number | null;
  computeCapability: string | null;
  cudaVersion: string | null;
  daemonVersion: string | null;
  restarts: number;
  cachedModels: string[] | null;
  resourceSpec: string | null;
  computeTypes: string[] | null;
  cacheUsedMb: number;
  cacheTotalMb: number;
  cacheUsedPct: number;
  history: {
    gpuUtilPct: number | null;
    gpuTempC: number | null;
    gpuPowerW: number | null;
    gpuVramFreeMib: number | null;
    gpuCount: number;
  };
}

export function reportOf(body: z.output<typeof heartbeatInput>): HeartbeatReport {
  const gpu = (body.gpu_status ?? {}) as z.infer<typeof gpuStatusSchema>;
  const info = body.gpu_info ?? {};
  const vramMib = info.vram_mb ?? gpu.gpu_vram_mib ?? null;
  const cache = body.model_cache ?? {};
  const resourceSpec = body.resource_spec == null ? null : typeof body.resource_spec === 'string' ? body.resource_spec : JSON.stringify(body.resource_spec);
  return {
    gpuStatus: body.gpu_status ?? {},
    gpuName: info.gpu_name || gpu.gpu_name || null,
    vramMib: vramMib != null ? Math.round(vramMib) : null,
    vramMb: gpu.vram_mb != null ? Math.round(gpu.vram_mb) : vramMib != null ? Math.round(vramMib) : null,
    driver: info.driver_version || gpu.driver_version || null,
    gpuCount: gpu.gpu_count ?? null,
    gpuCountReported: gpu.all_gpus?.length ?? gpu.gpu_count ?? null,
    computeCapability: info.compute_capability ?? gpu.compute_capability ?? null,
    cudaVersion: info.cuda_version ?? gpu.cuda_version ?? null,
    daemonVersion: gpu.daemon_version ?? null,
    restarts: body.container_restart_count ?? gpu.container_restart_count ?? 0,
    cachedModels: body.cached_models ?? null,
    resourceSpec,
    computeTypes: (resourceSpec && computeTypesFrom(resourceSpec)) || null,
    cacheUsedMb: Math.round(cache.used_mb ?? cache.cache_mb ?? 0),
    cacheTotalMb: Math.round(cache.total_mb ?? cache.capacity_mb ?? 0),
    cacheUsedPct: cache.used_pct ?? cache.pct_used ?? 0,
    history: {
      gpuUtilPct: gpu.gpu_util_pct ?? null,
      gpuTempC: gpu.temp_c ?? null,
      gpuPowerW: gpu.power_w ?? null,
      gpuVramFreeMib: gpu.free_vram_mib != null ? Math.round(gpu.free_vram_mib) : null,
      gpuCount: gpu.gpu_count ?? gpu.all_gpus?.length ?? 1,
    },
  };
}

/** The state of the provider a heartbeat answer is built from, whichever path wrote it. */
export interface HeartbeatOutcome {
  approvalStatus: string;
  /** Before this heartbeat: a pause is the provider's own decision, the heartbeat only reports it. */
  isPaused: boolean;
  modelPreloadStatus: string;
  modelPreloadModel: string | null;
  /** The provider's queue and free GPU slots, as the heartbeat answer reports them. */
  capacity: CapacityReport;
}

export function heartbeatAck(ctx: DomainContext, outcome: HeartbeatOutcome, daemonVersion: string | null, now: Date): HeartbeatAck {
  const latest = ctx.config.daemonLatestVersion;
  const outdated = !daemonVersion || compareVersions(daemonVersion, latest) < 0;
  return {
    success: true,
    message: 'Heartbeat received',
    timestamp: now.toISOString(),
    needs_update: outdated,
    latest_version: latest,
    update_available: outdated,
    min_version: ctx.config.daemonMinVersion,
    approval_status: outcome.approvalStatus,
    approved: outcome.approvalStatus === 'approved',
    is_paused: outcome.isPaused,
    preload_model:
      outcome.modelPreloadStatus === 'downloading' && outcome.modelPreloadModel
        ? { model_name: outcome.modelPreloadModel, status: 'downloading' }
        : null,
  };
}

/**
 * Records a provider heartbeat (docs/decisions.md#heartbeat). The usual heartbeat, from an approved provider
 * reporting the GPU it already has, is one statement (src/domain/heartbeatStatement.ts); anything else (a
 * new GPU, which may void a verification verdict, or a provider that may not heartbeat) takes the locked
 * path below, which also says why a heartbeat is refused.
 */
export async function recordHeartbeat(ctx: DomainContext, principal: Principal, input: unknown): Promise<RecordedHeartbeat> {
  if (principal.kind !== 'provider' || principal.deleted) throw new ForbiddenError('Provider access required');
  const { body, report } = readHeartbeat(ctx, input);
  const now = ctx.now();
  const { outcome } = await heartbeatById(ctx.store, principal.providerId, body, report, now);
  return answer(ctx, principal.providerId, body, report, now, outcome);
}

/**
 * The same heartbeat, authenticated by the provider's key in the statement that records it (REST: the
 * daemon's heartbeat is the busiest request, and the key lookup would be a round trip of its own).
 * `accept` is the face's credential check: it throws the face's refusal for anything but a live provider's
 * key, and runs before any other error is reported, so a bad key is refused as such whatever the body.
 */
export async function recordHeartbeatByKey(
  ctx: DomainContext,
  key: string,
  input: unknown,
  accept: (principal: Principal | undefined) => void,
): Promise<RecordedHeartbeat> {
  let read: ReturnType<typeof readHeartbeat>;
  try {
    read = readHeartbeat(ctx, input);
  } catch (err) {
    accept(await principalFromKey(ctx.store.db, key, ctx.now()));
    throw err;
  }
  const now = ctx.now();
  const { principal, outcome } = await heartbeatByKey(ctx.store, key, read.body, read.report, now);
  accept(principal);
  if (principal?.kind !== 'provider') throw new ForbiddenError('Provider access required');
  return answer(ctx, principal.providerId, read.body, read.report, now, outcome);
}

export interface RecordedHeartbeat {
  ack: HeartbeatAck;
  capacity: CapacityReport;
}

function readHeartbeat(ctx: DomainContext, input: unknown) {
  const body = parseInput(heartbeatInput, input);
  if (body.vllm_endpoint_url) {
    const problem = endpointUrlProblem(body.vllm_endpoint_url, ctx.config.allowPrivateEndpoints);
    if (problem) throw ValidationError.field('vllm_endpoint_url', problem);
  }
  return { body, report: reportOf(body) };
}

/** The answer, after the one statement wrote (outcome) or, when it could not, after the locked path. */
async function answer(
  ctx: DomainContext,
  providerId: number,
  body: z.output<typeof heartbeatInput>,
  report: HeartbeatReport,
  now: Date,
  written: HeartbeatOutcome | undefined,
): Promise<RecordedHeartbeat> {
  const outcome = written ?? (await heartbeatUnderLock(ctx, providerId, body, report, now));
  return { ack: heartbeatAck(ctx, outcome, report.daemonVersion, now), capacity: outcome.capacity };
}

/** The heartbeat in one transaction holding the provider's row lock. */
async function heartbeatUnderLock(
  ctx: DomainContext,
  providerId: number,
  body: z.output<typeof heartbeatInput>,
  report: HeartbeatReport,
  now: Date,
): Promise<HeartbeatOutcome> {
  return ctx.store.db.transaction(async (tx) => {
    const [before] = await tx.select().from(providers).where(eq(providers.id, providerId)).for('update');
    if (!before || before.deletedAt) throw new NotFoundError('Provider');
    if (before.approvalStatus !== 'approved') throw new ForbiddenError('Provider is not approved yet');
    const cachedModels = report.cachedModels ?? before.cachedModels;
    const preloadReady =
      before.modelPreloadStatus === 'downloading' &&
      before.modelPreloadModel != null &&
      cachedModels.some((m) => m.toLowerCase() === before.modelPreloadModel!.toLowerCase());
    const after = await changeProviderStatus(
      tx,
      before,
      {
        status: statusAfterHeartbeat(before, report.restarts),
        lastHeartbeat: now,
        gpuStatus: report.gpuStatus,
        providerIp: body.provider_ip ?? null,
        providerHostname: body.provider_hostname ?? null,
        p2pPeerId: body.peer_id ?? before.p2pPeerId,
        gpuNameDetected: report.gpuName ?? before.gpuNameDetected,
        gpuModel: report.gpuName ?? before.gpuModel,
        gpuVramMib: report.vramMib ?? before.gpuVramMib,
        vramMb: report.vramMb ?? before.vramMb,
        gpuDriver: report.driver ?? before.gpuDriver,
        gpuCount: report.gpuCount ?? before.gpuCount,
        gpuCountReported: report.gpuCountReported ?? before.gpuCountReported,
        gpuComputeCapability: report.computeCapability ?? before.gpuComputeCapability,
        gpuCudaVersion: report.cudaVersion ?? before.gpuCudaVersion,
        cachedModels,
        vllmModels: body.vllm_models ?? null,
        vllmEndpointUrl: body.vllm_endpoint_url ?? before.vllmEndpointUrl,
        wgMeshIp: body.wg_mesh_ip ?? before.wgMeshIp,
        containerRestartCount: report.restarts,
        modelCacheDiskMb: report.cacheUsedMb,
        modelCacheDiskTotalMb: report.cacheTotalMb,
        modelCacheDiskUsedPct: report.cacheUsedPct,
        gpuProfileSource: 'daemon',
        gpuProfileUpdatedAt: now,
        daemonVersion: report.daemonVersion ?? before.daemonVersion,
        resourceSpec: report.resourceSpec ?? before.resourceSpec,
        supportedComputeTypes: report.computeTypes ?? before.supportedComputeTypes,
        ...(preloadReady ? { modelPreloadStatus: 'ready', modelPreloadUpdatedAt: now } : {}),
        // The only verification write a heartbeat makes: a verdict about another GPU lapses.
        ...verdictAfterGpuReport(before, { gpuName: report.gpuName, vramMib: [report.vramMib, report.vramMb] }),
      },
      now,
    );
    await tx.insert(heartbeats).values({
      providerId: before.id,
      receivedAt: now,
      providerIp: body.provider_ip ?? null,
      providerHostname: body.provider_hostname ?? null,
      gpuVramTotalMib: report.vramMib,
      daemonVersion: report.daemonVersion,
      gpuStatus: report.gpuStatus,
      cachedModels: report.cachedModels,
      ...report.history,
    });
    await publish(tx, { type: 'provider.heartbeat', providerId: before.id, at: now.toISOString() });
    return { ...after, isPaused: before.isPaused, capacity: await providerCapacity(tx, before.id, now) };
  });
}

export function heartbeatModule(ctx: DomainContext) {
  return {
    /** A heartbeat and the capacity report the daemon gets back (REST). */
    heartbeatWithCapacity: (principal: Principal, input: unknown) => recordHeartbeat(ctx, principal, input),
    /** The REST heartbeat: the key is checked by the statement that records it; see recordHeartbeatByKey. */
    heartbeatByKey: (key: string, input: unknown, accept: (principal: Principal | undefined) => void) =>
      recordHeartbeatByKey(ctx, key, input, accept),
    heartbeat: async (principal: Principal, input: unknown): Promise<HeartbeatAck> => (await recordHeartbeat(ctx, principal, input)).ack,
  };
}
