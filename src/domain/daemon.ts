import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client.js';
import { daemonEvents, jobs, providers } from '../db/schema.js';
import { builtOnce } from '../db/statement-cache.js';
import { requireProvider } from './access.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { NotFoundError } from './errors.js';
import { parseInput } from './validate.js';

/**
 * What the provider daemon reports besides heartbeats (POST /providers/daemon-event, /readiness): lifecycle events
 * (start, crashes, bandwidth probes) and its readiness checks; plus the capacity figures its heartbeat gets.
 */

export const DAEMON_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
/** The daemon's bandwidth probe alone sends about 100 KB of details. */
const MAX_EVENT_DETAILS = 1_000_000;

export const daemonEventInput = z.object({
  event_type: z.string().min(1).max(80),
  severity: z.enum(DAEMON_SEVERITIES).nullish(),
  daemon_version: z.string().max(32).nullish(),
  timestamp: z
    .string()
    .max(40)
    .refine((v) => !Number.isNaN(Date.parse(v)), 'Must be a date-time')
    .nullish(),
  hostname: z.string().max(255).nullish(),
  os_info: z.string().max(200).nullish(),
  python_version: z.string().max(32).nullish(),
  details: z.union([z.string().max(MAX_EVENT_DETAILS), z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
  job_id: z.string().max(80).nullish(),
});

export const readinessInput = z.object({
  checks: z.record(z.string(), z.unknown(), { error: 'checks must be an object' }).nullish(),
  daemon_version: z.string().max(32).nullish(),
});

/** A provider is ready when CUDA and PyTorch work and it has at least 4 GB of VRAM. */
const MIN_READY_VRAM_GB = 4;

export interface CapacityReport {
  providerId: number;
  queueDepthByModel: Record<string, number>;
  activeInferenceJobs: number;
  availableGpuSlots: number;
  estimatedWaitSeconds: number;
  generatedAt: Date;
}

/** Every heartbeat answer carries the capacity report: its query is built once per database handle. */
const capacityRows = builtOnce((ex: Executor) =>
  ex
    .select({ gpuCount: providers.gpuCount, model: jobs.model, status: jobs.status, n: sql<number>`count(${jobs.id})::int` })
    .from(providers)
    .leftJoin(jobs, and(eq(jobs.providerId, providers.id), inArray(jobs.status, ['queued', 'pending', 'assigned', 'pulling', 'running'])))
    .where(eq(providers.id, sql.placeholder('providerId')))
    .groupBy(providers.gpuCount, jobs.model, jobs.status)
    .prepare('provider_capacity'),
);

/** Rough wait per job ahead, as the original estimated it. */
const SECONDS_PER_QUEUED_JOB = 60;

export async function providerCapacity(ex: Executor, providerId: number, now: Date): Promise<CapacityReport> {
  const rows = await capacityRows(ex).execute({ providerId });
  if (!rows.length) throw new NotFoundError('Provider');
  return capacityFrom(providerId, rows[0].gpuCount, rows, now);
}

/** Unfinished jobs of one provider, counted by model and status. */
export interface CapacityRow {
  model: string | null;
  status: string | null;
  n: number | string;
}

/** The capacity report from a provider's GPU count and its unfinished jobs by model and status. */
export function capacityFrom(providerId: number, gpuCount: number, rows: CapacityRow[], now: Date): CapacityReport {
  const queueDepthByModel: Record<string, number> = {};
  let active = 0;
  let waiting = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (!n) continue;
    if (r.status === 'running') active += n;
    else {
      waiting += n;
      const model = r.model ?? 'unspecified';
      queueDepthByModel[model] = (queueDepthByModel[model] ?? 0) + n;
    }
  }
  return {
    providerId,
    queueDepthByModel,
    activeInferenceJobs: active,
    availableGpuSlots: Math.max(0, gpuCount - active),
    estimatedWaitSeconds: waiting * SECONDS_PER_QUEUED_JOB,
    generatedAt: now,
  };
}

export function daemonModule(ctx: DomainContext) {
  const db = () => ctx.store.db;

  return {
    async recordEvent(principal: Principal, input: unknown): Promise<{ eventType: string; providerId: number }> {
      const { providerId } = requireProvider(principal);
      const data = parseInput(daemonEventInput, input, ['event_type']);
      const details = data.details == null ? null : typeof data.details === 'string' ? data.details : JSON.stringify(data.details);
      await db()
        .insert(daemonEvents)
        .values({
          providerId,
          eventType: data.event_type,
          severity: data.severity ?? 'info',
          daemonVersion: data.daemon_version ?? null,
          jobId: data.job_id ?? null,
          hostname: data.hostname ?? null,
          details,
          eventTimestamp: data.timestamp ? new Date(data.timestamp) : ctx.now(),
          receivedAt: ctx.now(),
        });
      return { eventType: data.event_type, providerId };
    },

    /** Records the daemon's self-checks; the provider is `ready` or `failed`. */
    async readiness(principal: Principal, input: unknown): Promise<{ readinessStatus: 'ready' | 'failed'; checks: Record<string, unknown> }> {
      const { providerId } = requireProvider(principal);
      const data = parseInput(readinessInput, input);
      const checks = data.checks ?? {};
      const vram = checks.vram_gb;
      const ready = checks.cuda === true && checks.pytorch === true && typeof vram === 'number' && vram >= MIN_READY_VRAM_GB && vram <= 1024;
      const readinessStatus = ready ? 'ready' : 'failed';
      const [row] = await db()
        .update(providers)
        .set({
          readinessStatus,
          readinessDetails: checks,
          ...(data.daemon_version ? { daemonVersion: data.daemon_version } : {}),
          updatedAt: ctx.now(),
        })
        .where(eq(providers.id, providerId))
        .returning({ id: providers.id });
      if (!row) throw new NotFoundError('Provider');
      return { readinessStatus, checks };
    },

    /** The provider's own work in flight and free GPU slots, for its heartbeat answer (one statement). */
  };
}

export type Daemon = ReturnType<typeof daemonModule>;
