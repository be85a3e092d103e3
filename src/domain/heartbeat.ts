import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { heartbeats, providers } from '../db/schema.js';
import { endpointUrlProblem } from './addressPolicy.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { publish } from './events.js';
import { changeProviderStatus, type Provider } from './providers.js';
import { parseInput } from './validate.js';
import { verdictAfterGpuReport } from './verification.js';

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

/** The heartbeat answer: the seed's fields, plus `is_paused`, the one field the daemon reads. */
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

/** Online unless paused or suspended (kept as they are), or degraded after many container restarts. */
function statusAfterHeartbeat(p: Provider, restarts: number): string {
  if (p.status === 'suspended') return 'suspended';
  if (p.isPaused) return 'paused';
  return restarts > 10 ? 'degraded' : 'online';
}

export function heartbeatModule(ctx: DomainContext) {
  const { db } = ctx.store;

  return {
    /** Records a provider heartbeat (rest-contract §11.1), in one transaction. */
    async heartbeat(principal: Principal, input: unknown): Promise<HeartbeatAck> {
      if (principal.kind !== 'provider' || principal.deleted) throw new ForbiddenError('Provider access required');
      const body = parseInput(heartbeatInput, input);
      if (body.vllm_endpoint_url) {
        const problem = endpointUrlProblem(body.vllm_endpoint_url, ctx.config.allowPrivateEndpoints);
        if (problem) throw ValidationError.field('vllm_endpoint_url', problem);
      }
      const now = ctx.now();
      return db.transaction(async (tx) => {
        const [before] = await tx.select().from(providers).where(eq(providers.id, principal.providerId)).for('update');
        if (!before || before.deletedAt) throw new NotFoundError('Provider');
        if (before.approvalStatus !== 'approved') throw new ForbiddenError('Provider is not approved yet');

        const gpu = (body.gpu_status ?? {}) as z.infer<typeof gpuStatusSchema>;
        const info = body.gpu_info ?? {};
        const gpuName = info.gpu_name || gpu.gpu_name || null;
        const vramMib = info.vram_mb ?? gpu.gpu_vram_mib ?? null;
        const restarts = body.container_restart_count ?? gpu.container_restart_count ?? 0;
        const cache = body.model_cache ?? {};
        const cachedModels = body.cached_models ?? before.cachedModels;
        const preloadReady =
          before.modelPreloadStatus === 'downloading' &&
          before.modelPreloadModel != null &&
          cachedModels.some((m) => m.toLowerCase() === before.modelPreloadModel!.toLowerCase());
        const resourceSpec = body.resource_spec == null ? undefined : typeof body.resource_spec === 'string' ? body.resource_spec : JSON.stringify(body.resource_spec);

        const after = await changeProviderStatus(
          tx,
          before,
          {
            status: statusAfterHeartbeat(before, restarts),
            lastHeartbeat: now,
            gpuStatus: body.gpu_status ?? {},
            providerIp: body.provider_ip ?? null,
            providerHostname: body.provider_hostname ?? null,
            p2pPeerId: body.peer_id ?? before.p2pPeerId,
            gpuNameDetected: gpuName ?? before.gpuNameDetected,
            gpuModel: gpuName ?? before.gpuModel,
            gpuVramMib: vramMib != null ? Math.round(vramMib) : before.gpuVramMib,
            vramMb: gpu.vram_mb != null ? Math.round(gpu.vram_mb) : vramMib != null ? Math.round(vramMib) : before.vramMb,
            gpuDriver: info.driver_version || gpu.driver_version || before.gpuDriver,
            gpuCount: gpu.gpu_count ?? before.gpuCount,
            gpuCountReported: gpu.all_gpus?.length ?? gpu.gpu_count ?? before.gpuCountReported,
            gpuComputeCapability: info.compute_capability ?? gpu.compute_capability ?? before.gpuComputeCapability,
            gpuCudaVersion: info.cuda_version ?? gpu.cuda_version ?? before.gpuCudaVersion,
            cachedModels,
            vllmModels: body.vllm_models ?? null,
            vllmEndpointUrl: body.vllm_endpoint_url ?? before.vllmEndpointUrl,
            wgMeshIp: body.wg_mesh_ip ?? before.wgMeshIp,
            containerRestartCount: restarts,
            modelCacheDiskMb: Math.round(cache.used_mb ?? cache.cache_mb ?? 0),
            modelCacheDiskTotalMb: Math.round(cache.total_mb ?? cache.capacity_mb ?? 0),
            modelCacheDiskUsedPct: cache.used_pct ?? cache.pct_used ?? 0,
            gpuProfileSource: 'daemon',
            gpuProfileUpdatedAt: now,
            daemonVersion: gpu.daemon_version ?? before.daemonVersion,
            resourceSpec: resourceSpec ?? before.resourceSpec,
            supportedComputeTypes: (resourceSpec && computeTypesFrom(resourceSpec)) || before.supportedComputeTypes,
            ...(preloadReady ? { modelPreloadStatus: 'ready', modelPreloadUpdatedAt: now } : {}),
            // The only verification write a heartbeat makes: a verdict about another GPU lapses.
            ...verdictAfterGpuReport(before, gpuName),
          },
          now,
        );

        await tx.insert(heartbeats).values({
          providerId: before.id,
          receivedAt: now,
          providerIp: body.provider_ip ?? null,
          providerHostname: body.provider_hostname ?? null,
          gpuUtilPct: gpu.gpu_util_pct ?? null,
          gpuTempC: gpu.temp_c ?? null,
          gpuPowerW: gpu.power_w ?? null,
          gpuVramFreeMib: gpu.free_vram_mib != null ? Math.round(gpu.free_vram_mib) : null,
          gpuVramTotalMib: vramMib != null ? Math.round(vramMib) : null,
          daemonVersion: gpu.daemon_version ?? null,
          gpuCount: gpu.gpu_count ?? gpu.all_gpus?.length ?? 1,
          gpuStatus: body.gpu_status ?? {},
          cachedModels: body.cached_models ?? null,
        });
        await publish(tx, { type: 'provider.heartbeat', providerId: before.id, at: now.toISOString() });

        const latest = ctx.config.daemonLatestVersion;
        const outdated = !gpu.daemon_version || compareVersions(gpu.daemon_version, latest) < 0;
        return {
          success: true,
          message: 'Heartbeat received',
          timestamp: now.toISOString(),
          needs_update: outdated,
          latest_version: latest,
          update_available: outdated,
          min_version: ctx.config.daemonMinVersion,
          approval_status: after.approvalStatus,
          approved: after.approvalStatus === 'approved',
          is_paused: before.isPaused,
          preload_model:
            after.modelPreloadStatus === 'downloading' && after.modelPreloadModel
              ? { model_name: after.modelPreloadModel, status: 'downloading' }
              : null,
        };
      });
    },
  };
}
