import { getTableColumns } from 'drizzle-orm';
import { jobs, providers, renters } from '../db/schema.js';
import type { JobRow, ProviderRow, RenterRow } from './queries.js';

/** Narrow rows for the hot list paths: what a list shows, and what it reads only when asked. */

/**
 * A job as lists show it: every column but the ones that hold what the job runs (task spec, container spec,
 * GPU requirements, params), which are set at submit, are most of a row's bytes (the task spec alone is
 * kilobytes) and are read by `jobDetailsByIds` only for the jobs whose answer needs them.
 */
export const jobCardColumns = {
  id: jobs.id,
  jobId: jobs.jobId,
  renterId: jobs.renterId,
  providerId: jobs.providerId,
  retriedFromJobId: jobs.retriedFromJobId,
  jobType: jobs.jobType,
  model: jobs.model,
  status: jobs.status,
  progressPhase: jobs.progressPhase,
  priority: jobs.priority,
  pricingClass: jobs.pricingClass,
  retryCount: jobs.retryCount,
  maxRetries: jobs.maxRetries,
  error: jobs.error,
  result: jobs.result,
  submittedAt: jobs.submittedAt,
  assignedAt: jobs.assignedAt,
  startedAt: jobs.startedAt,
  completedAt: jobs.completedAt,
  updatedAt: jobs.updatedAt,
  timeoutAt: jobs.timeoutAt,
  refundedAt: jobs.refundedAt,
  durationMinutes: jobs.durationMinutes,
  maxDurationSeconds: jobs.maxDurationSeconds,
  taskSpecHmac: jobs.taskSpecHmac,
  costHalala: jobs.costHalala,
  actualCostHalala: jobs.actualCostHalala,
  providerEarnedHalala: jobs.providerEarnedHalala,
  gpuSecondsUsed: jobs.gpuSecondsUsed,
  checkpointEnabled: jobs.checkpointEnabled,
  endpointUrl: jobs.endpointUrl,
};
export type JobCard = Pick<JobRow, keyof typeof jobCardColumns>;

export const jobDetailColumns = { id: jobs.id, taskSpec: jobs.taskSpec, containerSpec: jobs.containerSpec, gpuRequirements: jobs.gpuRequirements, params: jobs.params };
/** What a job card leaves out. */
export type JobDetails = Pick<JobRow, keyof typeof jobDetailColumns>;

/**
 * A provider as the marketplace shows it, and what decides whether it is shown: a third of the columns,
 * without the telemetry (the last GPU report, readiness, model cache). The private side is read as a full row.
 */
export const providerCardColumns = {
  id: providers.id,
  name: providers.name,
  gpuModel: providers.gpuModel,
  gpuCount: providers.gpuCount,
  gpuVramMib: providers.gpuVramMib,
  os: providers.os,
  location: providers.location,
  status: providers.status,
  approvalStatus: providers.approvalStatus,
  isPaused: providers.isPaused,
  lastHeartbeat: providers.lastHeartbeat,
  cachedModels: providers.cachedModels,
  supportedComputeTypes: providers.supportedComputeTypes,
  pricePerMinHalala: providers.pricePerMinHalala,
  uptimePercent: providers.uptimePercent,
  reputationScore: providers.reputationScore,
  totalJobs: providers.totalJobs,
  verificationStatus: providers.verificationStatus,
  verificationScore: providers.verificationScore,
  verifiedGpu: providers.verifiedGpu,
  verificationJudgedAt: providers.verificationJudgedAt,
  createdAt: providers.createdAt,
  deletedAt: providers.deletedAt,
};
export type ProviderCard = Pick<ProviderRow, keyof typeof providerCardColumns>;

export type JobCardColumn = keyof typeof jobCardColumns;
export type ProviderCardColumn = keyof typeof providerCardColumns;
export type RenterColumn = keyof RenterRow;

/**
 * What a job list reads in its one statement: which columns of its jobs, and of each job's provider card and
 * renter when the answer shows them (`true`: all of them). A list reads only what its answer shows: decoding
 * every column of three cards was a third of a GraphQL list request.
 */
export interface JobSelection {
  /** Job columns besides those every list reads (its id, whose job it is); the whole card when absent. */
  jobs?: readonly JobCardColumn[];
  providers?: boolean | readonly ProviderCardColumn[];
  renters?: boolean | readonly RenterColumn[];
}

/**
 * A job of a list, with the relations it was read with (`provider` is null for a job placed on none). It holds
 * the columns its selection named, and always `id`, `renterId` and `providerId` (whose job it is, for the
 * access rules and the relations); a related card always holds its `id`.
 */
export type ListedJob = JobCard & { provider?: ProviderCard | null; renter?: RenterRow };

const JOB_ALWAYS: readonly JobCardColumn[] = ['id', 'renterId', 'providerId'];
const renterColumns = getTableColumns(renters);

/** `names` of `all` (and `always`), in `all`'s order, and the text naming them; every column when `names` is true or absent. */
function pick<T extends Record<string, unknown>>(all: T, always: readonly (keyof T)[], names: boolean | readonly (keyof T)[] | undefined) {
  if (names === undefined || names === true) return { key: '*', columns: all };
  const wanted = new Set<keyof T>([...always, ...(names === false ? [] : names)]);
  const picked = Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name))) as Partial<T>;
  return { key: Object.keys(picked).join(','), columns: picked };
}

function listColumns(selection: JobSelection) {
  const jobs = pick(jobCardColumns, JOB_ALWAYS, selection.jobs);
  const providers = selection.providers ? pick(providerCardColumns, ['id'], selection.providers) : undefined;
  const renters = selection.renters ? pick(renterColumns, ['id'], selection.renters) : undefined;
  return {
    /** Names the columns, for the statement cache. */
    key: `${jobs.key}|${providers ? `p:${providers.key}` : ''}|${renters ? `r:${renters.key}` : ''}`,
    jobs: jobs.columns,
    providers: providers?.columns,
    renters: renters?.columns,
  };
}
export type JobListColumns = ReturnType<typeof listColumns>;

/**
 * Column sets per database handle. Clients choose their selections, so their column sets are countless: past
 * MAX_COLUMN_SETS a new one reads whole cards, and the statements stay as few as the other shapes allow.
 */
export const MAX_COLUMN_SETS = 128;
const columnSets = new WeakMap<object, Set<string>>();
/** Worked out once per selection object: the GraphQL face keeps one per parsed document. */
const columnsOf = new WeakMap<JobSelection, JobListColumns>();

/** What a job list on `handle` reads for `selection`. */
export function jobListColumns(handle: object, selection: JobSelection): JobListColumns {
  let columns = columnsOf.get(selection);
  if (!columns) columnsOf.set(selection, (columns = listColumns(selection)));
  let seen = columnSets.get(handle);
  if (!seen) columnSets.set(handle, (seen = new Set()));
  if (seen.has(columns.key)) return columns;
  if (seen.size >= MAX_COLUMN_SETS) return listColumns({ providers: Boolean(selection.providers), renters: Boolean(selection.renters) });
  seen.add(columns.key);
  return columns;
}
