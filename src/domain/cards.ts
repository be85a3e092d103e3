import { jobs, providers } from '../db/schema.js';
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

/** What a job list can read in its own statement besides the jobs: each job's provider card, its renter. */
export interface JobRelations {
  providers?: boolean;
  renters?: boolean;
}

/** A job of a list, with the relations it was read with (`provider` is null for a job placed on none). */
export type ListedJob = JobCard & { provider?: ProviderCard | null; renter?: RenterRow };
