/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** An admin credit or debit. */
export type AdjustRenterBalanceInput = {
  /** Non-zero; negative debits, never below a zero balance. */
  amountHalala: number;
  /** Kept in the audit log. */
  reason?: string | null | undefined;
  /** The renter’s global id. */
  renterId: string | number;
};

/** How an API key came to exist. */
export type ApiKeyOrigin =
  /** An admin rotated the account’s key. */
  | 'ADMIN_ROTATION'
  /** Issued when the account signed up. */
  | 'REGISTRATION'
  /** The account rotated its own key. */
  | 'SELF_ROTATION'
  /** A scoped renter sub-key minted with the master key. */
  | 'SUB_KEY';

/** Whether an API key is accepted now. */
export type ApiKeyStatus =
  /** Accepted. */
  | 'ACTIVE'
  /** A sub-key past its `expiresAt`: refused. */
  | 'EXPIRED'
  /** Revoked or replaced by a rotation: refused. */
  | 'REVOKED';

/** Log lines of a claimed job. */
export type AppendJobLogsInput = {
  /** The claimed job, by global `id` or string `jobId`. */
  job: JobRef;
  /** The lines, in order; numbered after those already stored. */
  lines: Array<JobLogLineInput>;
};

/** Whether an admin let the provider onto the marketplace. */
export type ApprovalStatus =
  /** On the marketplace: it may heartbeat and take work. */
  | 'APPROVED'
  /** Waiting for an admin (unless auto-approval is on). */
  | 'PENDING'
  /** Refused by an admin; `rejectedReason` says why. */
  | 'REJECTED';

/** The provider to act on. */
export type ApproveProviderInput = {
  /** The provider’s global id. */
  providerId: string | number;
};

/** What `cancelJob` stops. */
export type CancelJobInput = {
  /** The job to cancel. */
  job: JobRef;
};

/** How a claimed job starts. */
export type ClaimMode =
  /** The daemon reports progress before running (ASSIGNED). */
  | 'ASSIGN'
  /** The daemon starts the job at once (RUNNING). */
  | 'RUN';

/** How the claimed job starts. */
export type ClaimNextJobInput = {
  /** RUN when omitted. */
  mode?: ClaimMode | null | undefined;
};

/** The end of a claimed job, with its result. */
export type CompleteJobInput = {
  /** Metered time (provider or admin); otherwise wall-clock time since start. */
  gpuSecondsUsed?: number | null | undefined;
  /** The job to complete, by global `id` or string `jobId`. */
  job: JobRef;
  /** A string or a JSON object or array; `Job.result` answers it back the same way. */
  result?: unknown;
};

/** A new renter sub-key. */
export type CreateRenterKeyInput = {
  /** In the future; omit for a key that never expires. */
  expiresAt?: string | null | undefined;
  /** 1 to 80 characters. */
  label?: string | null | undefined;
  /** At least one; INFERENCE alone when omitted. */
  scopes?: Array<RenterKeyScope> | null | undefined;
};

/** Who caused a job event. */
export type EventSource =
  /** An admin. */
  | 'ADMIN'
  /** The provider running it. */
  | 'PROVIDER'
  /** The job’s renter. */
  | 'RENTER'
  /** The gateway’s placement of work. */
  | 'SCHEDULER'
  /** A background sweep (timeouts, offline providers, queue expiry). */
  | 'SWEEP';

/** The failure of a claimed job. */
export type FailJobInput = {
  /** Why it failed. */
  error?: string | null | undefined;
  /** The claimed job, by global `id` or string `jobId`. */
  job: JobRef;
};

/** How much a verification flag weighs. */
export type FlagSeverity =
  /** Fails the run. */
  | 'CRITICAL'
  /** Leaves the run suspect. */
  | 'WARNING';

/** The daemon’s report. JSON fields keep the daemon’s own snake_case keys. */
export type HeartbeatInput = {
  /** Models cached on the machine. */
  cachedModels?: Array<string> | null | undefined;
  /** How often its worker container restarted. */
  containerRestartCount?: number | null | undefined;
  /** The daemon’s version, e.g. `4.1.0`: `needsUpdate` compares it with the latest. */
  daemonVersion?: string | null | undefined;
  /** Static facts about the GPU (`gpu_name`, `vram_mb`, `driver_version`, …). */
  gpuInfo?: unknown;
  /** The daemon’s GPU report (`gpu_name`, `gpu_vram_mib`, `temp_c`, …). */
  gpuStatus?: unknown;
  /** Model cache usage (`used_mb`, `total_mb`, `used_pct`). */
  modelCache?: unknown;
  /** The daemon’s peer id on the mesh, when it has one. */
  peerId?: string | null | undefined;
  /** The machine’s host name. */
  providerHostname?: string | null | undefined;
  /** The machine’s address as the daemon sees it. */
  providerIp?: string | null | undefined;
  /** A description of the machine: a string or an object. */
  resourceSpec?: unknown;
  /** Its inference endpoint (a public address unless the deployment allows private ones). */
  vllmEndpointUrl?: string | null | undefined;
  /** Models its vLLM server serves. */
  vllmModels?: Array<string> | null | undefined;
  /** Its WireGuard mesh address. */
  wgMeshIp?: string | null | undefined;
};

/** The provider to challenge. */
export type IssueVerificationChallengeInput = {
  /** The provider’s global id. */
  providerId: string | number;
};

/** What happened to a job at one step of its lifecycle. */
export type JobEventType =
  /** It was cancelled and its hold was released. */
  | 'JOB_CANCELLED'
  /** It finished and was settled. */
  | 'JOB_COMPLETED'
  /** Its inference endpoint answers (vLLM serve jobs). */
  | 'JOB_ENDPOINT_READY'
  /** It failed and its hold was released. */
  | 'JOB_FAILED'
  /** Its daemon reported a new progress phase. */
  | 'JOB_PHASE_CHANGED'
  /** A new job was submitted from it. */
  | 'JOB_RETRIED'
  /** It went back to the queue for another attempt. */
  | 'JOB_RETRY_SCHEDULED'
  /** Its status changed (claimed, started, returned to the queue, ...). */
  | 'JOB_STATUS_CHANGED'
  /** The renter submitted it and its quote was held. */
  | 'JOB_SUBMITTED';

/** The filters of the REST job lists, combined with AND. Each list field matches any of its values. */
export type JobFilter = {
  /** Any of these job types. */
  jobType?: Array<JobType> | null | undefined;
  /** The global id of the provider it is placed on. */
  providerId?: string | number | null | undefined;
  /** The global id of its renter (admins). */
  renterId?: string | number | null | undefined;
  /** Part of the string `jobId`, case-insensitive (at most 200 characters). */
  search?: string | null | undefined;
  /** Any of these statuses. */
  status?: Array<JobStatus> | null | undefined;
  /** Inclusive. */
  submittedAfter?: string | null | undefined;
  /** Exclusive. */
  submittedBefore?: string | null | undefined;
};

/** One log line. */
export type JobLogLineInput = {
  /** INFO when omitted. */
  level?: LogLevel | null | undefined;
  /** When the daemon logged it; now when omitted. */
  loggedAt?: string | null | undefined;
  /** The text of the line. */
  message: string;
};

/** The order of a list. Cursors belong to one order: a cursor used with another direction is refused. */
export type JobOrder = {
  /** ASC: oldest first; DESC: newest first. */
  direction: OrderDirection;
  /** The key to order by. */
  field: JobOrderField;
};

/** What JobOrder can be ordered by: indexed keys only, ties broken by id. */
export type JobOrderField =
  /** When it was submitted (the default, newest first). */
  | 'SUBMITTED_AT';

/** What a running job’s daemon reports it is doing. */
export type JobPhase =
  /** Downloading model weights. */
  | 'DOWNLOADING_MODEL'
  /** Preparing the result. */
  | 'FORMATTING'
  /** Doing the work itself. */
  | 'GENERATING'
  /** Installing dependencies. */
  | 'INSTALLING_DEPS'
  /** Loading the model onto the GPU. */
  | 'LOADING_MODEL'
  /** Fetching the container image. */
  | 'PULLING';

/** One job, by its global `id` or by its string `jobId` (exactly one). */
export type JobRef =
  {   /** The job’s global id. */
  id: string | number; jobId?: never; }
  |  { id?: never;   /** The job’s string id, `job-<ms>-<6 chars>`. */
  jobId: string; };

/** Where a job is in its lifecycle. COMPLETED, FAILED and CANCELLED are final. */
export type JobStatus =
  /** Claimed by its provider, which has not started it yet (it reports progress first). */
  | 'ASSIGNED'
  /** Stopped by its renter or an admin before finishing; the whole hold went back to the renter. */
  | 'CANCELLED'
  /** Finished with a result and settled: the renter paid the metered cost, the rest of the hold came back. */
  | 'COMPLETED'
  /** Ended without a result (reported by the provider, or timed out); the whole hold went back to the renter. */
  | 'FAILED'
  /** Placed on a chosen provider, waiting for that provider’s daemon to claim it. */
  | 'PENDING'
  /** The provider is fetching the container image or model before running. */
  | 'PULLING'
  /** Waiting for any suitable provider (none was chosen at submit); claimed by the first one that asks. */
  | 'QUEUED'
  /** Running on its provider; billed from here. */
  | 'RUNNING';

/** What kind of work a job is; it sets the task spec and, without a chosen provider, the rate. */
export type JobType =
  /** A GPU benchmark. */
  | 'BENCHMARK'
  /** Any allowed container image running the given script. */
  | 'CUSTOM_CONTAINER'
  /** Image generation with a diffusion model. */
  | 'IMAGE_GENERATION'
  /** Text generation with a language model (the REST alias `llm-inference` is the same type). */
  | 'LLM_INFERENCE'
  /** A retrieval-augmented generation pipeline. */
  | 'RAG_PIPELINE'
  /** A rendering script in a container image. */
  | 'RENDERING'
  /** A training script in a container image. */
  | 'TRAINING'
  /** A vLLM server exposing an OpenAI-compatible endpoint for the job’s duration. */
  | 'VLLM_SERVE';

/** The severity of a job log line. */
export type LogLevel =
  /** A failure that ends the job. */
  | 'CRITICAL'
  /** Diagnostic detail. */
  | 'DEBUG'
  /** A failure of a step. */
  | 'ERROR'
  /** Normal progress. */
  | 'INFO'
  /** Something unexpected that did not stop the job (input may also say `WARNING`). */
  | 'WARN'
  /** Same as WARN; kept as the daemon sent it. */
  | 'WARNING';

/** A provider machine’s operating system, as registration normalised it. */
export type OperatingSystem =
  /** Darwin (reported as such by the installer). */
  | 'DARWIN'
  /** Linux (any distribution). */
  | 'LINUX'
  /** macOS. */
  | 'MAC'
  /** Windows. */
  | 'WINDOWS';

/** The direction of a list’s order. */
export type OrderDirection =
  /** Oldest (smallest) first. */
  | 'ASC'
  /** Newest (largest) first. */
  | 'DESC';

/** How urgently a job is dispatched and what it costs. */
export type PricingClass =
  /** Dispatched last; quote × 0.9. */
  | 'ECONOMY'
  /** Dispatched first; quote × 1.2. */
  | 'PRIORITY'
  /** The default; quote × 1.0. */
  | 'STANDARD';

/** The filters of the REST provider lists, combined with AND. */
export type ProviderFilter = {
  /** Only admins see providers that are not approved. */
  approvalStatus?: ApprovalStatus | null | undefined;
  /** Exact GPU model, as the provider reports it. */
  gpuModel?: string | null | undefined;
  /** Only providers with a recent heartbeat. */
  onlineOnly?: boolean | null | undefined;
  /** Part of the name or GPU model (and, for admins, email), case-insensitive; at most 200 characters. */
  search?: string | null | undefined;
  /** Any of these statuses. */
  status?: Array<ProviderStatus> | null | undefined;
};

/** The order of a list. Cursors belong to one order: a cursor used with another direction is refused. */
export type ProviderOrder = {
  /** ASC: oldest first; DESC: newest first. */
  direction: OrderDirection;
  /** The key to order by. */
  field: ProviderOrderField;
};

/** What ProviderOrder can be ordered by: indexed keys only, ties broken by id. */
export type ProviderOrderField =
  /** When it signed up (the default, newest first). */
  | 'CREATED_AT';

/** A provider’s connectivity as the gateway last saw it. */
export type ProviderStatus =
  /** Heartbeats arrive but report a problem (e.g. container restarts); it takes no new work. */
  | 'DEGRADED'
  /** No heartbeat within the offline threshold; its running jobs went back to the queue. */
  | 'OFFLINE'
  /** Heartbeats arrive; it can take work. */
  | 'ONLINE'
  /** Its owner paused it: it takes no new work, running jobs finish. */
  | 'PAUSED'
  /** Signed up; no heartbeat received yet. */
  | 'REGISTERED'
  /** Suspended by an admin. */
  | 'SUSPENDED';

/** A new provider account. */
export type RegisterProviderInput = {
  /** Its contact address; one account per address. */
  email: string;
  /** The GPU as the owner names it, e.g. `RTX 4090`. */
  gpuModel: string;
  /** Where the machine is, e.g. `Riyadh`. */
  location?: string | null | undefined;
  /** 2 to 100 characters. */
  name: string;
  /** linux, windows or mac; common spellings (e.g. "Ubuntu 22.04", "Windows 11") are accepted. */
  os: string;
  /** A contact number. */
  phone?: string | null | undefined;
  /** A string or an object describing the machine. */
  resourceSpec?: unknown;
};

/** A new renter account. */
export type RegisterRenterInput = {
  /** The contact address; one account per address. */
  email: string;
  /** A display name, 2 to 100 characters. */
  name: string;
  /** The renter’s organisation. */
  organization?: string | null | undefined;
  /** A contact number. */
  phone?: string | null | undefined;
  /** What it means to run, in its own words. */
  useCase?: string | null | undefined;
};

/** An admin decision about a provider. */
export type RejectProviderInput = {
  /** The provider’s global id. */
  providerId: string | number;
  /** Kept with the decision. */
  reason?: string | null | undefined;
};

/** The filters of the REST renter list, combined with AND. */
export type RenterFilter = {
  /** Part of the name, email or organization, case-insensitive; at most 200 characters. */
  search?: string | null | undefined;
  /** Only renters with this standing. */
  status?: RenterStatus | null | undefined;
};

/** What a renter sub-key may do. */
export type RenterKeyScope =
  /** Read the balance and top up. */
  | 'BILLING'
  /** /v1 completions. */
  | 'INFERENCE'
  /** Submit, cancel, retry and complete jobs. */
  | 'JOBS'
  /** Read jobs, logs, the profile and the balance. */
  | 'READ';

/** The order of a list. Cursors belong to one order: a cursor used with another direction is refused. */
export type RenterOrder = {
  /** ASC: oldest first; DESC: newest first. */
  direction: OrderDirection;
  /** The key to order by. */
  field: RenterOrderField;
};

/** What RenterOrder can be ordered by: indexed keys only, ties broken by id. */
export type RenterOrderField =
  /** When it signed up (the default, newest first). */
  | 'CREATED_AT';

/** A renter account’s standing. */
export type RenterStatus =
  /** May use every API. */
  | 'ACTIVE'
  /** Erased at its owner’s request; kept only as accounting requires. */
  | 'DELETED'
  /** Suspended by an admin: its keys are refused. */
  | 'SUSPENDED';

/** A progress report of a claimed job. */
export type ReportJobProgressInput = {
  /** The claimed job, by global `id` or string `jobId`. */
  job: JobRef;
  /** What the daemon is doing now. */
  phase: JobPhase;
};

/** What `retryJob` runs again. */
export type RetryJobInput = {
  /** The failed or cancelled job to run again. */
  job: JobRef;
};

/** The sub-key to revoke. */
export type RevokeRenterKeyInput = {
  /** The sub-key’s global id. */
  apiKeyId: string | number;
};

/** Whose key `rotateProviderKey` replaces. */
export type RotateProviderKeyInput = {
  /** Admins: the provider whose key to rotate. Providers omit it (their own). */
  providerId?: string | number | null | undefined;
};

/** Whose key `rotateRenterKey` replaces. */
export type RotateRenterKeyInput = {
  /** Admins: the renter whose key to rotate. Renters omit it (their own, master key only). */
  renterId?: string | number | null | undefined;
};

/** When a provider lets its GPU be used. */
export type RunMode =
  /** Whenever it is online. */
  | 'ALWAYS_ON'
  /** Only when its owner starts it. */
  | 'MANUAL'
  /** Between `scheduledStart` and `scheduledEnd` each day. */
  | 'SCHEDULED';

/** Only the fields given change. */
export type SetProviderPreferencesInput = {
  /** 0..100 */
  gpuUsageCapPct?: number | null | undefined;
  /** When it lets its GPU be used. */
  runMode?: RunMode | null | undefined;
  /** HH:MM */
  scheduledEnd?: string | null | undefined;
  /** HH:MM */
  scheduledStart?: string | null | undefined;
  /** 50..100 */
  tempLimitC?: number | null | undefined;
  /** 0..16 */
  vramReserveGb?: number | null | undefined;
};

/** JSON fields keep the REST API’s snake_case keys. */
export type SubmitJobInput = {
  /** `{ image_type, ... }` */
  containerSpec?: unknown;
  /** Booked time; the quote is for this long. */
  durationMinutes: number;
  /** Environment variables for the container (`{ NAME: value }`). */
  envVars?: unknown;
  /** `{ min_vram_gb, gpu_type, verified_only }`; `verified_only: true` routes only to verified providers. */
  gpuRequirements?: unknown;
  /** What kind of work it is. */
  jobType: JobType;
  /** Stop (FAILED) after running this long. */
  maxDurationSeconds?: number | null | undefined;
  /** The model to run, for job types that take one (else in `params`). */
  model?: string | null | undefined;
  /** The job type’s parameters (e.g. `{ model, prompt }`). */
  params?: unknown;
  /** Ask the provider to load the model before the job starts. */
  prewarmRequested?: boolean | null | undefined;
  /** STANDARD when omitted. */
  pricingClass?: PricingClass | null | undefined;
  /** 0..10, higher runs first. */
  priority?: number | null | undefined;
  /** Global id of the provider to run on; otherwise the best online one is chosen. */
  providerId?: string | number | null | undefined;
  /** A task spec to run as is, for job types that accept one. */
  taskSpec?: unknown;
  /** A job template to start from. */
  templateId?: string | null | undefined;
};

/** An admin decision about a provider. */
export type SuspendProviderInput = {
  /** The provider’s global id. */
  providerId: string | number;
  /** Kept with the decision. */
  reason?: string | null | undefined;
};

/** The renter to act on. */
export type SuspendRenterInput = {
  /** The renter’s global id. */
  renterId: string | number;
};

/** The amount to credit, in halala or in SAR (exactly one). */
export type TopUpInput =
  {   /** In halala (100 = 1 SAR). */
  amountHalala: number; amountSar?: never; }
  |  { amountHalala?: never;   /** In SAR, converted to halala. */
  amountSar: number; };

/** The provider to act on. */
export type UnsuspendProviderInput = {
  /** The provider’s global id. */
  providerId: string | number;
};

/** The renter to act on. */
export type UnsuspendRenterInput = {
  /** The renter’s global id. */
  renterId: string | number;
};

/** Why a mutation refused its input. Stable: clients may branch on it. */
export type UserErrorCode =
  /** The input collides with existing state, e.g. an email already registered or a challenge already open. */
  | 'CONFLICT'
  /** The feature is switched off on this deployment (e.g. sandbox top-up in production). */
  | 'FEATURE_DISABLED'
  /** The job’s current status does not allow this action: see `currentStatus`. */
  | 'ILLEGAL_TRANSITION'
  /** The renter’s balance cannot cover the amount: see `requiredHalala` and `availableHalala`. */
  | 'INSUFFICIENT_BALANCE'
  /** The input breaks a documented constraint (format, range, length); `field` names it. */
  | 'INVALID'
  /** A referenced object does not exist or is not visible to the caller; `field` names the reference when it is an input. */
  | 'NOT_FOUND'
  /** This action’s budget is spent for now: retry after `retryAfterSeconds`. */
  | 'RATE_LIMITED'
  /** A required input was absent or blank; `field` names it. */
  | 'REQUIRED'
  /** Well-formed input that breaks a business rule; `rule` names it (e.g. PROVIDER_NOT_ONLINE). */
  | 'RULE_VIOLATION';

/** Who started a verification challenge. */
export type VerificationOrigin =
  /** Issued by an admin. */
  | 'ADMIN'
  /** Asked for by the provider’s daemon. */
  | 'AUTO';

/** Where a verification challenge stands. */
export type VerificationRunState =
  /** Answered and judged. */
  | 'COMPLETED'
  /** Not answered in time. */
  | 'EXPIRED'
  /** Issued; the daemon has not answered yet. */
  | 'PENDING';

/** The standing verdict of GPU verification. Only VERIFIED is a pass. */
export type VerificationStatus =
  /** The benchmark contradicted the reported GPU. */
  | 'FAILED'
  /** The benchmark raised warnings. */
  | 'SUSPECT'
  /** No verdict applies (never verified, or the verdict lapsed). */
  | 'UNVERIFIED'
  /** The benchmark matched the reported GPU. */
  | 'VERIFIED';

/** The verdict of one answered challenge. */
export type VerificationVerdict =
  /** A critical flag was raised. */
  | 'FAILED'
  /** Only warnings were raised. */
  | 'SUSPECT'
  /** The figures match the GPU. */
  | 'VERIFIED';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me:
    | { __typename: 'Admin', dashboard: { totals: { totalJobs: number } } }
    | { __typename: 'Provider', id: string, approvalStatus: ApprovalStatus, account: { email: string } | null }
    | { __typename: 'Renter', id: string, email: string, balance: { availableHalala: number } }
   | null };

export type AdminDashboardQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminDashboardQuery = { adminDashboard: { totals: { totalProviders: number, onlineNow: number, offline: number, totalRenters: number, activeRenters: number, totalRenterBalanceHalala: number, totalJobs: number, completedJobs: number, failedJobs: number, activeJobs: number, totalRevenueHalala: number, totalPlatformFeesHalala: number, todayRevenueHalala: number, todayPlatformFeesHalala: number, todayJobs: number, timestamp: string }, gpuBreakdown: Array<{ gpuModel: string | null, count: number }>, recentSignups: Array<{ id: string, name: string, gpuModel: string | null, os: OperatingSystem | null, createdAt: string, account: { email: string } | null }>, recentHeartbeats: Array<{ id: string, name: string, gpuModel: string | null, lastHeartbeat: string | null, account: { providerIp: string | null, providerHostname: string | null, gpuStatus: unknown } | null }> } };

export type ModelsQueryVariables = Exact<{ [key: string]: never; }>;


export type ModelsQuery = { models: Array<{ id: string, modelId: string, displayName: string, family: string | null, contextLength: number, minVramGb: number, priceInHalalaPerM: number, priceOutHalalaPerM: number, isActive: boolean }> };

type UserErrorFields_ConflictError_Fragment = { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null };

type UserErrorFields_FeatureDisabledError_Fragment = { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null };

type UserErrorFields_IllegalTransitionError_Fragment = { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null };

type UserErrorFields_InputError_Fragment = { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null };

type UserErrorFields_InsufficientBalanceError_Fragment = { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null };

type UserErrorFields_NotFoundError_Fragment = { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null };

type UserErrorFields_RateLimitedError_Fragment = { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null };

type UserErrorFields_RuleViolationError_Fragment = { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null };

export type UserErrorFieldsFragment =
  | UserErrorFields_ConflictError_Fragment
  | UserErrorFields_FeatureDisabledError_Fragment
  | UserErrorFields_IllegalTransitionError_Fragment
  | UserErrorFields_InputError_Fragment
  | UserErrorFields_InsufficientBalanceError_Fragment
  | UserErrorFields_NotFoundError_Fragment
  | UserErrorFields_RateLimitedError_Fragment
  | UserErrorFields_RuleViolationError_Fragment
;

export type JobFieldsFragment = { id: string, databaseId: number, jobId: string, status: JobStatus, progressPhase: JobPhase | null, jobType: JobType, model: string | null, pricingClass: PricingClass, priority: number, durationMinutes: number, maxDurationSeconds: number, costHalala: number, actualCostHalala: number | null, providerEarnedHalala: number | null, gpuSecondsUsed: number | null, retryCount: number, error: string | null, result: unknown, containerSpec: unknown, submittedAt: string, startedAt: string | null, completedAt: string | null, refundedAt: string | null };

export type SubmitJobMutationVariables = Exact<{
  input: SubmitJobInput;
}>;


export type SubmitJobMutation = { submitJob: { queuePosition: number | null, job: { id: string, databaseId: number, jobId: string, status: JobStatus, progressPhase: JobPhase | null, jobType: JobType, model: string | null, pricingClass: PricingClass, priority: number, durationMinutes: number, maxDurationSeconds: number, costHalala: number, actualCostHalala: number | null, providerEarnedHalala: number | null, gpuSecondsUsed: number | null, retryCount: number, error: string | null, result: unknown, containerSpec: unknown, submittedAt: string, startedAt: string | null, completedAt: string | null, refundedAt: string | null, provider: { id: string } | null, renter: { id: string } | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type RetryJobMutationVariables = Exact<{
  input: RetryJobInput;
}>;


export type RetryJobMutation = { retryJob: { queuePosition: number | null, job: { id: string, jobId: string, status: JobStatus, retriedFrom: { id: string } | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type ClaimNextJobMutationVariables = Exact<{
  input?: ClaimNextJobInput | null | undefined;
}>;


export type ClaimNextJobMutation = { claimNextJob: { job: { id: string, jobId: string, status: JobStatus, provider: { id: string } | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type ReportJobProgressMutationVariables = Exact<{
  input: ReportJobProgressInput;
}>;


export type ReportJobProgressMutation = { reportJobProgress: { job: { id: string, status: JobStatus, progressPhase: JobPhase | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type AppendJobLogsMutationVariables = Exact<{
  input: AppendJobLogsInput;
}>;


export type AppendJobLogsMutation = { appendJobLogs: { linesWritten: number | null, firstLine: number | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type CompleteJobMutationVariables = Exact<{
  input: CompleteJobInput;
}>;


export type CompleteJobMutation = { completeJob: { job: { id: string, status: JobStatus, result: unknown, actualCostHalala: number | null } | null, settlement: { actualHalala: number, providerHalala: number, platformHalala: number, refundedHalala: number } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type FailJobMutationVariables = Exact<{
  input: FailJobInput;
}>;


export type FailJobMutation = { failJob: { refundedHalala: number | null, job: { id: string, status: JobStatus, error: string | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type CancelJobMutationVariables = Exact<{
  input: CancelJobInput;
}>;


export type CancelJobMutation = { cancelJob: { refundedHalala: number | null, job: { id: string, status: JobStatus } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type JobQueryVariables = Exact<{
  ref: JobRef;
  logLimit?: number | null | undefined;
  afterLine?: number | null | undefined;
}>;


export type JobQuery = { job: { id: string, databaseId: number, jobId: string, status: JobStatus, progressPhase: JobPhase | null, jobType: JobType, model: string | null, pricingClass: PricingClass, priority: number, durationMinutes: number, maxDurationSeconds: number, costHalala: number, actualCostHalala: number | null, providerEarnedHalala: number | null, gpuSecondsUsed: number | null, retryCount: number, error: string | null, result: unknown, containerSpec: unknown, submittedAt: string, startedAt: string | null, completedAt: string | null, refundedAt: string | null, renter: { id: string } | null, provider: { id: string, name: string } | null, events: Array<{ sequenceNo: number, eventType: JobEventType, status: JobStatus, fromStatus: JobStatus | null, source: EventSource, occurredAt: string }>, logs: Array<{ lineNo: number, level: LogLevel, message: string }> } | null };

export type JobAsProviderQueryVariables = Exact<{
  ref: JobRef;
}>;


export type JobAsProviderQuery = { job: { id: string, status: JobStatus, renter: { id: string } | null } | null };

export type JobsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  filter?: JobFilter | null | undefined;
  orderBy?: JobOrder | null | undefined;
}>;


export type JobsQuery = { jobs: { edges: Array<{ cursor: string, node: { id: string, jobId: string, status: JobStatus, jobType: JobType, submittedAt: string } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type JobsCountQueryVariables = Exact<{
  filter?: JobFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type JobsCountQuery = { jobs: { totalCount: number, edges: Array<{ node: { id: string } }> } };

export type JobsWithRelationsQueryVariables = Exact<{
  first: number;
}>;


export type JobsWithRelationsQuery = { jobs: { edges: Array<{ node: { id: string, provider: { id: string } | null, renter: { id: string } | null, events: Array<{ status: JobStatus }> } }> } };

export type JobsWithLogsQueryVariables = Exact<{
  first: number;
  logLimit?: number | null | undefined;
}>;


export type JobsWithLogsQuery = { jobs: { edges: Array<{ node: { id: string, retriedFrom: { id: string, jobId: string } | null, logs: Array<{ lineNo: number, message: string }> } }> } };

export type NodeQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeQuery = { node:
    | { __typename: 'ApiKey', prefix: string, id: string }
    | { __typename: 'Job', jobId: string, status: JobStatus, id: string }
    | { __typename: 'Model', modelId: string, id: string }
    | { __typename: 'Provider', name: string, id: string }
    | { __typename: 'Renter', email: string, id: string }
   | null };

export type NodesQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type NodesQuery = { nodes: Array<
    | { __typename: 'ApiKey', id: string }
    | { __typename: 'Job', id: string }
    | { __typename: 'Model', id: string }
    | { __typename: 'Provider', id: string }
    | { __typename: 'Renter', id: string }
   | null> };

export type ProviderPublicFieldsFragment = { id: string, databaseId: number, name: string, gpuModel: string | null, gpuCount: number, gpuVramMib: number, os: OperatingSystem | null, location: string | null, status: ProviderStatus, approvalStatus: ApprovalStatus, isPaused: boolean, isOnline: boolean, lastHeartbeat: string | null, cachedModels: Array<string>, supportedComputeTypes: Array<string>, pricePerMinHalala: number | null, uptimePercent: number, reputationScore: number, totalJobs: number, createdAt: string };

export type ProviderAccountFieldsFragment = { email: string, approvedAt: string | null, rejectedReason: string | null, earningsHalala: number, totalEarnedHalala: number, gpuStatus: unknown, providerIp: string | null, providerHostname: string | null, daemonVersion: string | null, preferences: { runMode: RunMode, scheduledStart: string, scheduledEnd: string, gpuUsageCapPct: number, vramReserveGb: number, tempLimitC: number }, apiKeys: Array<{ prefix: string, origin: ApiKeyOrigin, status: ApiKeyStatus }> };

export type RegisterProviderMutationVariables = Exact<{
  input: RegisterProviderInput;
}>;


export type RegisterProviderMutation = { registerProvider: { apiKey: string | null, provider: { id: string, databaseId: number, name: string, gpuModel: string | null, gpuCount: number, gpuVramMib: number, os: OperatingSystem | null, location: string | null, status: ProviderStatus, approvalStatus: ApprovalStatus, isPaused: boolean, isOnline: boolean, lastHeartbeat: string | null, cachedModels: Array<string>, supportedComputeTypes: Array<string>, pricePerMinHalala: number | null, uptimePercent: number, reputationScore: number, totalJobs: number, createdAt: string, account: { email: string } | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type RotateProviderKeyMutationVariables = Exact<{
  input?: RotateProviderKeyInput | null | undefined;
}>;


export type RotateProviderKeyMutation = { rotateProviderKey: { apiKey: string | null, provider: { id: string } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type ApproveProviderMutationVariables = Exact<{
  input: ApproveProviderInput;
}>;


export type ApproveProviderMutation = { approveProvider: { provider: { id: string, approvalStatus: ApprovalStatus, account: { approvedAt: string | null } | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type RejectProviderMutationVariables = Exact<{
  input: RejectProviderInput;
}>;


export type RejectProviderMutation = { rejectProvider: { provider: { id: string, approvalStatus: ApprovalStatus, account: { rejectedReason: string | null } | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type SuspendProviderMutationVariables = Exact<{
  input: SuspendProviderInput;
}>;


export type SuspendProviderMutation = { suspendProvider: { provider: { id: string, status: ProviderStatus } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type UnsuspendProviderMutationVariables = Exact<{
  input: UnsuspendProviderInput;
}>;


export type UnsuspendProviderMutation = { unsuspendProvider: { provider: { id: string, status: ProviderStatus } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type PauseProviderMutationVariables = Exact<{ [key: string]: never; }>;


export type PauseProviderMutation = { pauseProvider: { provider: { id: string, status: ProviderStatus, isPaused: boolean } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type ResumeProviderMutationVariables = Exact<{ [key: string]: never; }>;


export type ResumeProviderMutation = { resumeProvider: { provider: { id: string, status: ProviderStatus, isPaused: boolean } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type SetProviderPreferencesMutationVariables = Exact<{
  input: SetProviderPreferencesInput;
}>;


export type SetProviderPreferencesMutation = { setProviderPreferences: { provider: { id: string, account: { preferences: { runMode: RunMode, scheduledStart: string, scheduledEnd: string, gpuUsageCapPct: number, vramReserveGb: number, tempLimitC: number } } | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type HeartbeatMutationVariables = Exact<{
  input: HeartbeatInput;
}>;


export type HeartbeatMutation = { heartbeat: { ack: { timestamp: string, needsUpdate: boolean, updateAvailable: boolean, latestVersion: string, minVersion: string, approvalStatus: ApprovalStatus, approved: boolean, isPaused: boolean, preloadModel: { modelName: string, status: string } | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type ProviderPublicQueryVariables = Exact<{
  id: string | number;
}>;


export type ProviderPublicQuery = { provider: { id: string, databaseId: number, name: string, gpuModel: string | null, gpuCount: number, gpuVramMib: number, os: OperatingSystem | null, location: string | null, status: ProviderStatus, approvalStatus: ApprovalStatus, isPaused: boolean, isOnline: boolean, lastHeartbeat: string | null, cachedModels: Array<string>, supportedComputeTypes: Array<string>, pricePerMinHalala: number | null, uptimePercent: number, reputationScore: number, totalJobs: number, createdAt: string } | null };

export type ProviderPrivateQueryVariables = Exact<{
  id: string | number;
}>;


export type ProviderPrivateQuery = { provider: { id: string, databaseId: number, name: string, gpuModel: string | null, gpuCount: number, gpuVramMib: number, os: OperatingSystem | null, location: string | null, status: ProviderStatus, approvalStatus: ApprovalStatus, isPaused: boolean, isOnline: boolean, lastHeartbeat: string | null, cachedModels: Array<string>, supportedComputeTypes: Array<string>, pricePerMinHalala: number | null, uptimePercent: number, reputationScore: number, totalJobs: number, createdAt: string, account: { email: string, approvedAt: string | null, rejectedReason: string | null, earningsHalala: number, totalEarnedHalala: number, gpuStatus: unknown, providerIp: string | null, providerHostname: string | null, daemonVersion: string | null, preferences: { runMode: RunMode, scheduledStart: string, scheduledEnd: string, gpuUsageCapPct: number, vramReserveGb: number, tempLimitC: number }, apiKeys: Array<{ prefix: string, origin: ApiKeyOrigin, status: ApiKeyStatus }> } | null } | null };

export type ProvidersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ProviderFilter | null | undefined;
  orderBy?: ProviderOrder | null | undefined;
}>;


export type ProvidersQuery = { providers: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, name: string, gpuModel: string | null, approvalStatus: ApprovalStatus, isOnline: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ProvidersWithKeysQueryVariables = Exact<{
  first: number;
}>;


export type ProvidersWithKeysQuery = { providers: { edges: Array<{ node: { id: string, account: { apiKeys: Array<{ prefix: string, origin: ApiKeyOrigin, status: ApiKeyStatus }> } | null } }> } };

export type RenterFieldsFragment = { id: string, databaseId: number, name: string, email: string, organization: string | null, useCase: string | null, phone: string | null, status: RenterStatus, totalJobs: number, createdAt: string, balance: { availableHalala: number, heldHalala: number, totalSpentHalala: number } };

export type RegisterRenterMutationVariables = Exact<{
  input: RegisterRenterInput;
}>;


export type RegisterRenterMutation = { registerRenter: { apiKey: string | null, renter: { id: string, databaseId: number, name: string, email: string, organization: string | null, useCase: string | null, phone: string | null, status: RenterStatus, totalJobs: number, createdAt: string, balance: { availableHalala: number, heldHalala: number, totalSpentHalala: number } } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type RotateRenterKeyMutationVariables = Exact<{
  input?: RotateRenterKeyInput | null | undefined;
}>;


export type RotateRenterKeyMutation = { rotateRenterKey: { apiKey: string | null, renter: { id: string, apiKeys: Array<{ prefix: string, origin: ApiKeyOrigin, status: ApiKeyStatus }> | null } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type SuspendRenterMutationVariables = Exact<{
  input: SuspendRenterInput;
}>;


export type SuspendRenterMutation = { suspendRenter: { renter: { id: string, status: RenterStatus } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type UnsuspendRenterMutationVariables = Exact<{
  input: UnsuspendRenterInput;
}>;


export type UnsuspendRenterMutation = { unsuspendRenter: { renter: { id: string, status: RenterStatus } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type AdjustRenterBalanceMutationVariables = Exact<{
  input: AdjustRenterBalanceInput;
}>;


export type AdjustRenterBalanceMutation = { adjustRenterBalance: { amountHalala: number | null, renter: { id: string, balance: { availableHalala: number } } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type TopUpMutationVariables = Exact<{
  input: TopUpInput;
}>;


export type TopUpMutation = { topUp: { amountHalala: number | null, balance: { availableHalala: number } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type RenterQueryVariables = Exact<{
  id: string | number;
}>;


export type RenterQuery = { renter: { id: string, databaseId: number, name: string, email: string, organization: string | null, useCase: string | null, phone: string | null, status: RenterStatus, totalJobs: number, createdAt: string, apiKeys: Array<{ prefix: string, origin: ApiKeyOrigin, status: ApiKeyStatus, createdAt: string, revokedAt: string | null }> | null, balance: { availableHalala: number, heldHalala: number, totalSpentHalala: number } } | null };

export type RentersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: RenterFilter | null | undefined;
  orderBy?: RenterOrder | null | undefined;
}>;


export type RentersQuery = { renters: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, name: string, status: RenterStatus } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type RentersWithKeysQueryVariables = Exact<{
  first: number;
}>;


export type RentersWithKeysQuery = { renters: { edges: Array<{ node: { id: string, apiKeys: Array<{ prefix: string, status: ApiKeyStatus }> | null } }> } };

export type SubKeyFieldsFragment = { id: string, databaseId: number, prefix: string, origin: ApiKeyOrigin, label: string | null, scopes: Array<RenterKeyScope> | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, status: ApiKeyStatus };

export type CreateRenterKeyMutationVariables = Exact<{
  input: CreateRenterKeyInput;
}>;


export type CreateRenterKeyMutation = { createRenterKey: { key: string | null, apiKey: { id: string, databaseId: number, prefix: string, origin: ApiKeyOrigin, label: string | null, scopes: Array<RenterKeyScope> | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, status: ApiKeyStatus } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type RevokeRenterKeyMutationVariables = Exact<{
  input: RevokeRenterKeyInput;
}>;


export type RevokeRenterKeyMutation = { revokeRenterKey: { apiKey: { id: string, databaseId: number, prefix: string, origin: ApiKeyOrigin, label: string | null, scopes: Array<RenterKeyScope> | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, status: ApiKeyStatus } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type MySubKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type MySubKeysQuery = { mySubKeys: Array<{ id: string, databaseId: number, prefix: string, origin: ApiKeyOrigin, label: string | null, scopes: Array<RenterKeyScope> | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, status: ApiKeyStatus }> };

export type MyAccountWithKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type MyAccountWithKeysQuery = { me:
    | { __typename: 'Admin' }
    | { __typename: 'Provider' }
    | { __typename: 'Renter', id: string, name: string, balance: { availableHalala: number }, apiKeys: Array<{ id: string, databaseId: number, prefix: string, origin: ApiKeyOrigin, label: string | null, scopes: Array<RenterKeyScope> | null, expiresAt: string | null, createdAt: string, revokedAt: string | null, status: ApiKeyStatus }> | null }
   | null };

export type MyBalanceQueryVariables = Exact<{ [key: string]: never; }>;


export type MyBalanceQuery = { myBalance: { availableHalala: number, heldHalala: number } };

export type MyProfileQueryVariables = Exact<{ [key: string]: never; }>;


export type MyProfileQuery = { me:
    | { __typename: 'Admin' }
    | { __typename: 'Provider' }
    | { __typename: 'Renter', id: string, email: string }
   | null };

export type TopUpAsSubKeyMutationVariables = Exact<{
  input: TopUpInput;
}>;


export type TopUpAsSubKeyMutation = { topUp: { amountHalala: number | null, balance: { availableHalala: number } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type SubmitJobAsSubKeyMutationVariables = Exact<{
  input: SubmitJobInput;
}>;


export type SubmitJobAsSubKeyMutation = { submitJob: { job: { id: string, jobId: string, status: JobStatus } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type RotateRenterKeyAsSubKeyMutationVariables = Exact<{ [key: string]: never; }>;


export type RotateRenterKeyAsSubKeyMutation = { rotateRenterKey: { apiKey: string | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export type VerificationRunFieldsFragment = { challengeId: string, origin: VerificationOrigin, status: VerificationRunState, verdict: VerificationVerdict | null, score: number | null, matchedGpu: string | null, requestedAt: string, expiresAt: string, completedAt: string | null, flags: Array<{ type: string, severity: FlagSeverity, detail: string }> };

export type ProviderVerificationQueryVariables = Exact<{
  id: string | number;
  runs?: number;
}>;


export type ProviderVerificationQuery = { provider: { id: string, verificationStatus: VerificationStatus, verificationScore: number | null, verifiedGpu: string | null, verificationJudgedAt: string | null, account: { verificationRuns: Array<{ challengeId: string, origin: VerificationOrigin, status: VerificationRunState, verdict: VerificationVerdict | null, score: number | null, matchedGpu: string | null, requestedAt: string, expiresAt: string, completedAt: string | null, flags: Array<{ type: string, severity: FlagSeverity, detail: string }> }> } | null } | null };

export type ProviderVerificationStatusQueryVariables = Exact<{
  id: string | number;
}>;


export type ProviderVerificationStatusQuery = { provider: { id: string, verificationStatus: VerificationStatus, verifiedGpu: string | null } | null };

export type VerificationLeaderboardQueryVariables = Exact<{
  limit?: number;
}>;


export type VerificationLeaderboardQuery = { verificationLeaderboard: Array<{ id: string, name: string, verificationStatus: VerificationStatus, verificationScore: number | null, verifiedGpu: string | null }> };

export type GpuReferenceTableQueryVariables = Exact<{ [key: string]: never; }>;


export type GpuReferenceTableQuery = { gpuReferenceTable: Array<{ name: string, vramMib: number, fp32Tflops: number, computeCapability: string, expectedGflopsMin: number, expectedGflopsMax: number, failBelowGflops: number, failAboveGflops: number }> };

export type IssueVerificationChallengeMutationVariables = Exact<{
  input: IssueVerificationChallengeInput;
}>;


export type IssueVerificationChallengeMutation = { issueVerificationChallenge: { run: { challengeId: string, origin: VerificationOrigin, status: VerificationRunState, verdict: VerificationVerdict | null, score: number | null, matchedGpu: string | null, requestedAt: string, expiresAt: string, completedAt: string | null, flags: Array<{ type: string, severity: FlagSeverity, detail: string }> } | null, userErrors: Array<
      | { __typename: 'ConflictError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'FeatureDisabledError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'IllegalTransitionError', currentStatus: JobStatus, action: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InputError', code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'InsufficientBalanceError', requiredHalala: number, availableHalala: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'NotFoundError', entity: string, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RateLimitedError', retryAfterSeconds: number, code: UserErrorCode, message: string, field: string | null }
      | { __typename: 'RuleViolationError', rule: string, details: unknown, code: UserErrorCode, message: string, field: string | null }
    > } };

export const UserErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<UserErrorFieldsFragment, unknown>;
export const JobFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progressPhase"}},{"kind":"Field","name":{"kind":"Name","value":"jobType"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"pricingClass"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"durationMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"maxDurationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"costHalala"}},{"kind":"Field","name":{"kind":"Name","value":"actualCostHalala"}},{"kind":"Field","name":{"kind":"Name","value":"providerEarnedHalala"}},{"kind":"Field","name":{"kind":"Name","value":"gpuSecondsUsed"}},{"kind":"Field","name":{"kind":"Name","value":"retryCount"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"containerSpec"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refundedAt"}}]}}]} as unknown as DocumentNode<JobFieldsFragment, unknown>;
export const ProviderPublicFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderPublicFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"gpuVramMib"}},{"kind":"Field","name":{"kind":"Name","value":"os"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isPaused"}},{"kind":"Field","name":{"kind":"Name","value":"isOnline"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeat"}},{"kind":"Field","name":{"kind":"Name","value":"cachedModels"}},{"kind":"Field","name":{"kind":"Name","value":"supportedComputeTypes"}},{"kind":"Field","name":{"kind":"Name","value":"pricePerMinHalala"}},{"kind":"Field","name":{"kind":"Name","value":"uptimePercent"}},{"kind":"Field","name":{"kind":"Name","value":"reputationScore"}},{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<ProviderPublicFieldsFragment, unknown>;
export const ProviderAccountFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderAccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"approvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rejectedReason"}},{"kind":"Field","name":{"kind":"Name","value":"earningsHalala"}},{"kind":"Field","name":{"kind":"Name","value":"totalEarnedHalala"}},{"kind":"Field","name":{"kind":"Name","value":"gpuStatus"}},{"kind":"Field","name":{"kind":"Name","value":"providerIp"}},{"kind":"Field","name":{"kind":"Name","value":"providerHostname"}},{"kind":"Field","name":{"kind":"Name","value":"daemonVersion"}},{"kind":"Field","name":{"kind":"Name","value":"preferences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runMode"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledStart"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledEnd"}},{"kind":"Field","name":{"kind":"Name","value":"gpuUsageCapPct"}},{"kind":"Field","name":{"kind":"Name","value":"vramReserveGb"}},{"kind":"Field","name":{"kind":"Name","value":"tempLimitC"}}]}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ProviderAccountFieldsFragment, unknown>;
export const RenterFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RenterFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Renter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"organization"}},{"kind":"Field","name":{"kind":"Name","value":"useCase"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}},{"kind":"Field","name":{"kind":"Name","value":"heldHalala"}},{"kind":"Field","name":{"kind":"Name","value":"totalSpentHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<RenterFieldsFragment, unknown>;
export const SubKeyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SubKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]} as unknown as DocumentNode<SubKeyFieldsFragment, unknown>;
export const VerificationRunFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VerificationRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VerificationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challengeId"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"flags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matchedGpu"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]} as unknown as DocumentNode<VerificationRunFieldsFragment, unknown>;
export const MeDocument = {"__meta__":{"hash":"sha256:73274f3478f09b1986de7c08691fe99a940f1cd7ee83dab1bbf1c47f433c577b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Renter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Admin"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dashboard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const AdminDashboardDocument = {"__meta__":{"hash":"sha256:07f5880cef07091892d45469ae253853a11bc899f859e6ab7bf330a281e77767"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminDashboard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminDashboard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalProviders"}},{"kind":"Field","name":{"kind":"Name","value":"onlineNow"}},{"kind":"Field","name":{"kind":"Name","value":"offline"}},{"kind":"Field","name":{"kind":"Name","value":"totalRenters"}},{"kind":"Field","name":{"kind":"Name","value":"activeRenters"}},{"kind":"Field","name":{"kind":"Name","value":"totalRenterBalanceHalala"}},{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}},{"kind":"Field","name":{"kind":"Name","value":"completedJobs"}},{"kind":"Field","name":{"kind":"Name","value":"failedJobs"}},{"kind":"Field","name":{"kind":"Name","value":"activeJobs"}},{"kind":"Field","name":{"kind":"Name","value":"totalRevenueHalala"}},{"kind":"Field","name":{"kind":"Name","value":"totalPlatformFeesHalala"}},{"kind":"Field","name":{"kind":"Name","value":"todayRevenueHalala"}},{"kind":"Field","name":{"kind":"Name","value":"todayPlatformFeesHalala"}},{"kind":"Field","name":{"kind":"Name","value":"todayJobs"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpuBreakdown"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recentSignups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"os"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recentHeartbeats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeat"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providerIp"}},{"kind":"Field","name":{"kind":"Name","value":"providerHostname"}},{"kind":"Field","name":{"kind":"Name","value":"gpuStatus"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AdminDashboardQuery, AdminDashboardQueryVariables>;
export const ModelsDocument = {"__meta__":{"hash":"sha256:73942891637af128ff836c1abdcd2edbd16206d3d0755c1d6d2e2c3ff6c0f8f9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"modelId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"family"}},{"kind":"Field","name":{"kind":"Name","value":"contextLength"}},{"kind":"Field","name":{"kind":"Name","value":"minVramGb"}},{"kind":"Field","name":{"kind":"Name","value":"priceInHalalaPerM"}},{"kind":"Field","name":{"kind":"Name","value":"priceOutHalalaPerM"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}}]}}]}}]} as unknown as DocumentNode<ModelsQuery, ModelsQueryVariables>;
export const SubmitJobDocument = {"__meta__":{"hash":"sha256:86b0a2d58f9074a9b984cec00429fd452f5ad20a0e3ce29bcbf88d524d48e2e4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobFields"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progressPhase"}},{"kind":"Field","name":{"kind":"Name","value":"jobType"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"pricingClass"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"durationMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"maxDurationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"costHalala"}},{"kind":"Field","name":{"kind":"Name","value":"actualCostHalala"}},{"kind":"Field","name":{"kind":"Name","value":"providerEarnedHalala"}},{"kind":"Field","name":{"kind":"Name","value":"gpuSecondsUsed"}},{"kind":"Field","name":{"kind":"Name","value":"retryCount"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"containerSpec"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refundedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<SubmitJobMutation, SubmitJobMutationVariables>;
export const RetryJobDocument = {"__meta__":{"hash":"sha256:b1cbf95ed187c0cea504ea3593b8b97ac3067c4504830183d5e81e90197238cf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RetryJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetryJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"retriedFrom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<RetryJobMutation, RetryJobMutationVariables>;
export const ClaimNextJobDocument = {"__meta__":{"hash":"sha256:3ba12a5babdb6f9fa4f8d7617dfa1f549fb645c38aee3d108f38f1aae76684b6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClaimNextJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ClaimNextJobInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"claimNextJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<ClaimNextJobMutation, ClaimNextJobMutationVariables>;
export const ReportJobProgressDocument = {"__meta__":{"hash":"sha256:08f671b4aef9970b7de1b050dc09566501a5d28752a358d1786a08cf56da5778"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReportJobProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportJobProgressInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportJobProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progressPhase"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<ReportJobProgressMutation, ReportJobProgressMutationVariables>;
export const AppendJobLogsDocument = {"__meta__":{"hash":"sha256:cf326b2b7a156b9444481a8a64e57ea77713962bf40eb6cf7335240b60f2a99b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AppendJobLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AppendJobLogsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"appendJobLogs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"linesWritten"}},{"kind":"Field","name":{"kind":"Name","value":"firstLine"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<AppendJobLogsMutation, AppendJobLogsMutationVariables>;
export const CompleteJobDocument = {"__meta__":{"hash":"sha256:bae70e1c6c3f17c397a905499bfb2fd90a6bc0520da52bc58004e0faa0b6db9c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CompleteJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompleteJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"actualCostHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"settlement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actualHalala"}},{"kind":"Field","name":{"kind":"Name","value":"providerHalala"}},{"kind":"Field","name":{"kind":"Name","value":"platformHalala"}},{"kind":"Field","name":{"kind":"Name","value":"refundedHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<CompleteJobMutation, CompleteJobMutationVariables>;
export const FailJobDocument = {"__meta__":{"hash":"sha256:435cb928a9af9eea2dbd0305dc4869faf7d195a090f5f51033843ba37fec78c9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FailJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FailJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refundedHalala"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<FailJobMutation, FailJobMutationVariables>;
export const CancelJobDocument = {"__meta__":{"hash":"sha256:3307176062b7c2a92adbf034d9f95caa44522f1e2f6e5d16723d847add973726"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refundedHalala"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<CancelJobMutation, CancelJobMutationVariables>;
export const JobDocument = {"__meta__":{"hash":"sha256:38a87d27e806837a322ddcab6e082c8fbbe196919333d895b6db7aef8d0c02d3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Job"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ref"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JobRef"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"logLimit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterLine"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ref"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ref"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobFields"}},{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequenceNo"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"logs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"logLimit"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterLine"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterLine"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lineNo"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progressPhase"}},{"kind":"Field","name":{"kind":"Name","value":"jobType"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"pricingClass"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"durationMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"maxDurationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"costHalala"}},{"kind":"Field","name":{"kind":"Name","value":"actualCostHalala"}},{"kind":"Field","name":{"kind":"Name","value":"providerEarnedHalala"}},{"kind":"Field","name":{"kind":"Name","value":"gpuSecondsUsed"}},{"kind":"Field","name":{"kind":"Name","value":"retryCount"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"containerSpec"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refundedAt"}}]}}]} as unknown as DocumentNode<JobQuery, JobQueryVariables>;
export const JobAsProviderDocument = {"__meta__":{"hash":"sha256:4408c8afb12ecfc8c78090549bd96ea15cdbb13c1da0fa01fbe3272c430041f8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobAsProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ref"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JobRef"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ref"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ref"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<JobAsProviderQuery, JobAsProviderQueryVariables>;
export const JobsDocument = {"__meta__":{"hash":"sha256:31b5e49274818433b841738ffaf80f11237d59e319818d239fb39776e0f99a8a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Jobs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JobFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JobOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"jobType"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<JobsQuery, JobsQueryVariables>;
export const JobsCountDocument = {"__meta__":{"hash":"sha256:265ec260c33830260117cbaa0831300b371826e253338a272b4cc7a943d24595"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobsCount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JobFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<JobsCountQuery, JobsCountQueryVariables>;
export const JobsWithRelationsDocument = {"__meta__":{"hash":"sha256:2ae68c6325692e4f194087ae19a150225efcb8fa03473051cf934c2438458287"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobsWithRelations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<JobsWithRelationsQuery, JobsWithRelationsQueryVariables>;
export const JobsWithLogsDocument = {"__meta__":{"hash":"sha256:a1273d6d276b03a0e7f530f2b8f811f3d00ce7b1e42fc5ecfd1be32246ecede6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobsWithLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"logLimit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"retriedFrom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"logs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"logLimit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lineNo"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<JobsWithLogsQuery, JobsWithLogsQueryVariables>;
export const NodeDocument = {"__meta__":{"hash":"sha256:162d288946848ab735d73b101e4f95de65d2d57ac8256bf22b2ced95be66b554"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Node"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Renter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Model"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelId"}}]}}]}}]}}]} as unknown as DocumentNode<NodeQuery, NodeQueryVariables>;
export const NodesDocument = {"__meta__":{"hash":"sha256:061e5e74ee7113d4c05a2475b34214b4bfa1c7f3a4c3904eb3829d10d065773b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Nodes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<NodesQuery, NodesQueryVariables>;
export const RegisterProviderDocument = {"__meta__":{"hash":"sha256:ea6cd9c6925634fe851b325e6b36a9fb583a28b6a37003c352f4ae222d74bc43"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKey"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderPublicFields"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderPublicFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"gpuVramMib"}},{"kind":"Field","name":{"kind":"Name","value":"os"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isPaused"}},{"kind":"Field","name":{"kind":"Name","value":"isOnline"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeat"}},{"kind":"Field","name":{"kind":"Name","value":"cachedModels"}},{"kind":"Field","name":{"kind":"Name","value":"supportedComputeTypes"}},{"kind":"Field","name":{"kind":"Name","value":"pricePerMinHalala"}},{"kind":"Field","name":{"kind":"Name","value":"uptimePercent"}},{"kind":"Field","name":{"kind":"Name","value":"reputationScore"}},{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<RegisterProviderMutation, RegisterProviderMutationVariables>;
export const RotateProviderKeyDocument = {"__meta__":{"hash":"sha256:9106950244044efd5ed3dad470fc474f45cbd34526c803f4d8eb228afcae68a4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateProviderKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RotateProviderKeyInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateProviderKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKey"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<RotateProviderKeyMutation, RotateProviderKeyMutationVariables>;
export const ApproveProviderDocument = {"__meta__":{"hash":"sha256:0a53120c52cf5b10572a31db088844d180724b14156d24a3ccad8549cf78bbfa"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApproveProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApproveProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approvedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<ApproveProviderMutation, ApproveProviderMutationVariables>;
export const RejectProviderDocument = {"__meta__":{"hash":"sha256:be22ded808b6507e20611dfe0f4fb034bbe2f4681d361b7f0e64bfdecd82bd9f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RejectProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RejectProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rejectedReason"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<RejectProviderMutation, RejectProviderMutationVariables>;
export const SuspendProviderDocument = {"__meta__":{"hash":"sha256:1757e740b3c8e9751b6ef2c94924e785b3d1aa7a26856aea9f8e71a0be06e843"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SuspendProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SuspendProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suspendProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<SuspendProviderMutation, SuspendProviderMutationVariables>;
export const UnsuspendProviderDocument = {"__meta__":{"hash":"sha256:0c9a689f87d973e67ee06ed772f57d7173b4d597ca0609247547cdef2b7b42a1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnsuspendProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnsuspendProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unsuspendProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<UnsuspendProviderMutation, UnsuspendProviderMutationVariables>;
export const PauseProviderDocument = {"__meta__":{"hash":"sha256:a2a4ebc9edcf403b1cd141e8c7a3e7de0eab2c96297a46ab306b74728955afa6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PauseProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pauseProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isPaused"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<PauseProviderMutation, PauseProviderMutationVariables>;
export const ResumeProviderDocument = {"__meta__":{"hash":"sha256:be0ba48dc3c6bf75a2632adbc8ecee9e56de6826b5e59c7ac5161b27cb74c526"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResumeProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumeProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isPaused"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<ResumeProviderMutation, ResumeProviderMutationVariables>;
export const SetProviderPreferencesDocument = {"__meta__":{"hash":"sha256:6a62f63bf47a6e59f2ec0dbc10c06098bd97acafea51441050c5ca05d84e3419"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetProviderPreferences"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetProviderPreferencesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setProviderPreferences"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preferences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runMode"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledStart"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledEnd"}},{"kind":"Field","name":{"kind":"Name","value":"gpuUsageCapPct"}},{"kind":"Field","name":{"kind":"Name","value":"vramReserveGb"}},{"kind":"Field","name":{"kind":"Name","value":"tempLimitC"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<SetProviderPreferencesMutation, SetProviderPreferencesMutationVariables>;
export const HeartbeatDocument = {"__meta__":{"hash":"sha256:350ad7a9bb235f983a229c5a0bcf3b490d1c77591af481af390e641fba35cd7a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Heartbeat"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HeartbeatInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"heartbeat"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ack"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"needsUpdate"}},{"kind":"Field","name":{"kind":"Name","value":"updateAvailable"}},{"kind":"Field","name":{"kind":"Name","value":"latestVersion"}},{"kind":"Field","name":{"kind":"Name","value":"minVersion"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approved"}},{"kind":"Field","name":{"kind":"Name","value":"isPaused"}},{"kind":"Field","name":{"kind":"Name","value":"preloadModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<HeartbeatMutation, HeartbeatMutationVariables>;
export const ProviderPublicDocument = {"__meta__":{"hash":"sha256:451d5f98ecba3bc1b74ae05cc8b8778f4e96a9ef790311cc253ac51c5551d7d8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderPublic"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderPublicFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderPublicFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"gpuVramMib"}},{"kind":"Field","name":{"kind":"Name","value":"os"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isPaused"}},{"kind":"Field","name":{"kind":"Name","value":"isOnline"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeat"}},{"kind":"Field","name":{"kind":"Name","value":"cachedModels"}},{"kind":"Field","name":{"kind":"Name","value":"supportedComputeTypes"}},{"kind":"Field","name":{"kind":"Name","value":"pricePerMinHalala"}},{"kind":"Field","name":{"kind":"Name","value":"uptimePercent"}},{"kind":"Field","name":{"kind":"Name","value":"reputationScore"}},{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<ProviderPublicQuery, ProviderPublicQueryVariables>;
export const ProviderPrivateDocument = {"__meta__":{"hash":"sha256:9d36ef4c5f21b429b389cf44600589c65ff97f6235de50d13a62c5e84648a315"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderPrivate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderPublicFields"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderAccountFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderPublicFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"gpuVramMib"}},{"kind":"Field","name":{"kind":"Name","value":"os"}},{"kind":"Field","name":{"kind":"Name","value":"location"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isPaused"}},{"kind":"Field","name":{"kind":"Name","value":"isOnline"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeat"}},{"kind":"Field","name":{"kind":"Name","value":"cachedModels"}},{"kind":"Field","name":{"kind":"Name","value":"supportedComputeTypes"}},{"kind":"Field","name":{"kind":"Name","value":"pricePerMinHalala"}},{"kind":"Field","name":{"kind":"Name","value":"uptimePercent"}},{"kind":"Field","name":{"kind":"Name","value":"reputationScore"}},{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderAccountFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"approvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rejectedReason"}},{"kind":"Field","name":{"kind":"Name","value":"earningsHalala"}},{"kind":"Field","name":{"kind":"Name","value":"totalEarnedHalala"}},{"kind":"Field","name":{"kind":"Name","value":"gpuStatus"}},{"kind":"Field","name":{"kind":"Name","value":"providerIp"}},{"kind":"Field","name":{"kind":"Name","value":"providerHostname"}},{"kind":"Field","name":{"kind":"Name","value":"daemonVersion"}},{"kind":"Field","name":{"kind":"Name","value":"preferences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runMode"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledStart"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledEnd"}},{"kind":"Field","name":{"kind":"Name","value":"gpuUsageCapPct"}},{"kind":"Field","name":{"kind":"Name","value":"vramReserveGb"}},{"kind":"Field","name":{"kind":"Name","value":"tempLimitC"}}]}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ProviderPrivateQuery, ProviderPrivateQueryVariables>;
export const ProvidersDocument = {"__meta__":{"hash":"sha256:7434cc6f2471552baf3a4b09dafc5d9d838803529046f48bba3d5a777177809a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Providers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProviderOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"isOnline"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ProvidersQuery, ProvidersQueryVariables>;
export const ProvidersWithKeysDocument = {"__meta__":{"hash":"sha256:f269e786b2671b76a41eec0f97e0a407bcb0faa94f212a0f1b310a08fff3a45c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProvidersWithKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProvidersWithKeysQuery, ProvidersWithKeysQueryVariables>;
export const RegisterRenterDocument = {"__meta__":{"hash":"sha256:da84d8ff9d69d5180693cbad226e216f389f74b435e1dc2ab803567fb59684cd"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterRenter"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterRenterInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerRenter"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKey"}},{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RenterFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RenterFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Renter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"organization"}},{"kind":"Field","name":{"kind":"Name","value":"useCase"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}},{"kind":"Field","name":{"kind":"Name","value":"heldHalala"}},{"kind":"Field","name":{"kind":"Name","value":"totalSpentHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<RegisterRenterMutation, RegisterRenterMutationVariables>;
export const RotateRenterKeyDocument = {"__meta__":{"hash":"sha256:8ed81b2089f8e636e9fe13b4b241b7db314bcd00d2467ddbed8c4e0fa3c21fbb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateRenterKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RotateRenterKeyInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateRenterKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKey"}},{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<RotateRenterKeyMutation, RotateRenterKeyMutationVariables>;
export const SuspendRenterDocument = {"__meta__":{"hash":"sha256:d447c40ee8651f303b73b6b604691ad95ee38483b4be407a2ef126dd96e76878"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SuspendRenter"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SuspendRenterInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suspendRenter"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<SuspendRenterMutation, SuspendRenterMutationVariables>;
export const UnsuspendRenterDocument = {"__meta__":{"hash":"sha256:d857c14c3e5781b0c9815645f3988290a038237b93afab181435056952bc309b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnsuspendRenter"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnsuspendRenterInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unsuspendRenter"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<UnsuspendRenterMutation, UnsuspendRenterMutationVariables>;
export const AdjustRenterBalanceDocument = {"__meta__":{"hash":"sha256:ba693868b57e049fe28341b3a63e0d2410c8f795e49a740daa54357bce47c77b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AdjustRenterBalance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdjustRenterBalanceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adjustRenterBalance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountHalala"}},{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<AdjustRenterBalanceMutation, AdjustRenterBalanceMutationVariables>;
export const TopUpDocument = {"__meta__":{"hash":"sha256:2ee0db74b06459f1a2395bfbe44736b2581e347b189f821eed1423ae2ed00758"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TopUp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TopUpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"topUp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountHalala"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<TopUpMutation, TopUpMutationVariables>;
export const RenterDocument = {"__meta__":{"hash":"sha256:03909a132dab2e23c0f315bad2741a195120df51943ef47b0802af8b9ef8238c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Renter"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renter"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RenterFields"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RenterFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Renter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"organization"}},{"kind":"Field","name":{"kind":"Name","value":"useCase"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}},{"kind":"Field","name":{"kind":"Name","value":"heldHalala"}},{"kind":"Field","name":{"kind":"Name","value":"totalSpentHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalJobs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<RenterQuery, RenterQueryVariables>;
export const RentersDocument = {"__meta__":{"hash":"sha256:382368a366ffc57efef3585ebc76ecc12e60a0ee098f3dd60029f9c74965bdc4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Renters"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RenterFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RenterOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renters"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<RentersQuery, RentersQueryVariables>;
export const RentersWithKeysDocument = {"__meta__":{"hash":"sha256:19e67af02b45a54f8dcd921504be387bf6f495f6239a1793805dc48a543bbcca"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RentersWithKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renters"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<RentersWithKeysQuery, RentersWithKeysQueryVariables>;
export const CreateRenterKeyDocument = {"__meta__":{"hash":"sha256:477a13a9520f6cc602ea9936312886b4d9b90599c6127b99da8a4e4fe5344b37"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateRenterKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateRenterKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createRenterKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SubKeyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SubKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<CreateRenterKeyMutation, CreateRenterKeyMutationVariables>;
export const RevokeRenterKeyDocument = {"__meta__":{"hash":"sha256:2eb40cb603c751f1cd7e1e8870af3d734c785ed57aea44a8d79bdd967ce7ff90"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeRenterKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeRenterKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeRenterKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SubKeyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SubKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<RevokeRenterKeyMutation, RevokeRenterKeyMutationVariables>;
export const MySubKeysDocument = {"__meta__":{"hash":"sha256:c7f8f2209bdcd235ebb357fefefa7fabcd0e7354362aad2f6f76c1ca4d7cc6d7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MySubKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mySubKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SubKeyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SubKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]} as unknown as DocumentNode<MySubKeysQuery, MySubKeysQueryVariables>;
export const MyAccountWithKeysDocument = {"__meta__":{"hash":"sha256:cb572463bfb608de056e1e69ce135a21ac5e5e3fb2bf3f0055154fb48a3fb144"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyAccountWithKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Renter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SubKeyFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SubKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"databaseId"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]} as unknown as DocumentNode<MyAccountWithKeysQuery, MyAccountWithKeysQueryVariables>;
export const MyBalanceDocument = {"__meta__":{"hash":"sha256:18de114e92895853298b2f21837c2e01bedd6307db07241011a3279d6dccff46"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyBalance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myBalance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}},{"kind":"Field","name":{"kind":"Name","value":"heldHalala"}}]}}]}}]} as unknown as DocumentNode<MyBalanceQuery, MyBalanceQueryVariables>;
export const MyProfileDocument = {"__meta__":{"hash":"sha256:7915deafdf5356c5a4af1cf9abac721d774e2c0bf64cba9e80860b9296af24e5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Renter"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]} as unknown as DocumentNode<MyProfileQuery, MyProfileQueryVariables>;
export const TopUpAsSubKeyDocument = {"__meta__":{"hash":"sha256:c471d25100b816baa3825c1e7126ba3f90ca6adec6abb3d0c679c5798d81aa97"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TopUpAsSubKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TopUpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"topUp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountHalala"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<TopUpAsSubKeyMutation, TopUpAsSubKeyMutationVariables>;
export const SubmitJobAsSubKeyDocument = {"__meta__":{"hash":"sha256:5aec3b20404a2b8234a45c687ea5b0117d1fab02d36aa97c6fa93d246f0b7a1c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitJobAsSubKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<SubmitJobAsSubKeyMutation, SubmitJobAsSubKeyMutationVariables>;
export const RotateRenterKeyAsSubKeyDocument = {"__meta__":{"hash":"sha256:72621298c28d60759224f9e1d7166a4196e37836942be573ced23e5105307572"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateRenterKeyAsSubKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateRenterKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKey"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<RotateRenterKeyAsSubKeyMutation, RotateRenterKeyAsSubKeyMutationVariables>;
export const ProviderVerificationDocument = {"__meta__":{"hash":"sha256:c848de1de28fb764dfba2dce619d4c791a6cdf55d4044c05540d1e6d81bb3acf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderVerification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runs"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verificationScore"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedGpu"}},{"kind":"Field","name":{"kind":"Name","value":"verificationJudgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verificationRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VerificationRunFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VerificationRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VerificationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challengeId"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"flags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matchedGpu"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]} as unknown as DocumentNode<ProviderVerificationQuery, ProviderVerificationQueryVariables>;
export const ProviderVerificationStatusDocument = {"__meta__":{"hash":"sha256:30395cba8b376b9e487f3c4701fb0532fcde6aa119fb4979a6535e9de1990d6c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProviderVerificationStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedGpu"}}]}}]}}]} as unknown as DocumentNode<ProviderVerificationStatusQuery, ProviderVerificationStatusQueryVariables>;
export const VerificationLeaderboardDocument = {"__meta__":{"hash":"sha256:36fd728ca42db4515165053f79f6c2b5279565a8f2f88107be6f2d09f586f74f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VerificationLeaderboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verificationLeaderboard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"verificationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verificationScore"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedGpu"}}]}}]}}]} as unknown as DocumentNode<VerificationLeaderboardQuery, VerificationLeaderboardQueryVariables>;
export const GpuReferenceTableDocument = {"__meta__":{"hash":"sha256:9f63bb386ae5b5eb73f569b2181ee306ff1884eebda81a98beffdd9e7513ab6d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GpuReferenceTable"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gpuReferenceTable"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"vramMib"}},{"kind":"Field","name":{"kind":"Name","value":"fp32Tflops"}},{"kind":"Field","name":{"kind":"Name","value":"computeCapability"}},{"kind":"Field","name":{"kind":"Name","value":"expectedGflopsMin"}},{"kind":"Field","name":{"kind":"Name","value":"expectedGflopsMax"}},{"kind":"Field","name":{"kind":"Name","value":"failBelowGflops"}},{"kind":"Field","name":{"kind":"Name","value":"failAboveGflops"}}]}}]}}]} as unknown as DocumentNode<GpuReferenceTableQuery, GpuReferenceTableQueryVariables>;
export const IssueVerificationChallengeDocument = {"__meta__":{"hash":"sha256:cf5b1c8b81dc9a8b0f55570c39f1fdbfc60c4f9843b0cf2c3550d0f8748e30db"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IssueVerificationChallenge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IssueVerificationChallengeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issueVerificationChallenge"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VerificationRunFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VerificationRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VerificationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challengeId"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"flags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matchedGpu"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entity"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InsufficientBalanceError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requiredHalala"}},{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IllegalTransitionError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentStatus"}},{"kind":"Field","name":{"kind":"Name","value":"action"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RateLimitedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RuleViolationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]} as unknown as DocumentNode<IssueVerificationChallengeMutation, IssueVerificationChallengeMutationVariables>;