import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const halala = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () => ts('created_at').notNull().defaultNow();

export const renters = pgTable(
  'renters',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    organization: text('organization'),
    useCase: text('use_case'),
    phone: text('phone'),
    /** active | suspended | deleted */
    status: text('status').notNull().default('active'),
    /** Cached: always equals the ledger sum of account renter:<id>. */
    balanceHalala: halala('balance_halala').notNull().default(0),
    /** Cached: the sum of this renter's open job holds. */
    heldHalala: halala('held_halala').notNull().default(0),
    totalSpentHalala: halala('total_spent_halala').notNull().default(0),
    totalJobs: integer('total_jobs').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    uniqueIndex('renters_email_key').on(t.email),
    index('renters_created_idx').on(t.createdAt, t.id),
    index('renters_status_idx').on(t.status),
  ],
);

export const providers = pgTable(
  'providers',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    gpuModel: text('gpu_model'),
    os: text('os'),
    location: text('location'),
    resourceSpec: text('resource_spec'),
    /** registered | online | degraded | offline | paused | suspended | deleted */
    status: text('status').notNull().default('registered'),
    /** pending | approved | rejected */
    approvalStatus: text('approval_status').notNull().default('pending'),
    approvedAt: ts('approved_at'),
    rejectedReason: text('rejected_reason'),
    suspendedAt: ts('suspended_at'),
    isPaused: boolean('is_paused').notNull().default(false),
    readinessStatus: text('readiness_status').notNull().default('pending'),
    readinessDetails: jsonb('readiness_details'),
    lastHeartbeat: ts('last_heartbeat'),
    gpuStatus: jsonb('gpu_status'),
    providerIp: text('provider_ip'),
    providerHostname: text('provider_hostname'),
    daemonVersion: text('daemon_version'),
    p2pPeerId: text('p2p_peer_id'),
    containerRestartCount: integer('container_restart_count').notNull().default(0),
    modelCacheDiskMb: integer('model_cache_disk_mb').notNull().default(0),
    modelCacheDiskTotalMb: integer('model_cache_disk_total_mb').notNull().default(0),
    modelCacheDiskUsedPct: doublePrecision('model_cache_disk_used_pct').notNull().default(0),
    vllmEndpointUrl: text('vllm_endpoint_url'),
    vllmModels: jsonb('vllm_models').$type<string[] | null>(),
    wgMeshIp: text('wg_mesh_ip'),
    gpuNameDetected: text('gpu_name_detected'),
    gpuVramMib: integer('gpu_vram_mib').notNull().default(0),
    vramMb: integer('vram_mb'),
    gpuCount: integer('gpu_count').notNull().default(1),
    gpuCountReported: integer('gpu_count_reported'),
    gpuDriver: text('gpu_driver'),
    gpuComputeCapability: text('gpu_compute_capability'),
    gpuCudaVersion: text('gpu_cuda_version'),
    gpuProfileSource: text('gpu_profile_source').notNull().default('manual'),
    gpuProfileUpdatedAt: ts('gpu_profile_updated_at'),
    supportedComputeTypes: jsonb('supported_compute_types').$type<string[]>().notNull().default(['inference']),
    cachedModels: jsonb('cached_models').$type<string[]>().notNull().default([]),
    runMode: text('run_mode').notNull().default('always-on'),
    scheduledStart: text('scheduled_start').notNull().default('23:00'),
    scheduledEnd: text('scheduled_end').notNull().default('07:00'),
    gpuUsageCapPct: doublePrecision('gpu_usage_cap_pct').notNull().default(80),
    vramReserveGb: doublePrecision('vram_reserve_gb').notNull().default(1),
    tempLimitC: doublePrecision('temp_limit_c').notNull().default(85),
    pricePerMinHalala: integer('price_per_min_halala'),
    uptimePercent: doublePrecision('uptime_percent').notNull().default(0),
    reputationScore: doublePrecision('reputation_score').notNull().default(100),
    modelPreloadStatus: text('model_preload_status').notNull().default('none'),
    modelPreloadModel: text('model_preload_model'),
    modelPreloadRequestedAt: ts('model_preload_requested_at'),
    modelPreloadUpdatedAt: ts('model_preload_updated_at'),
    walletAddress: text('wallet_address'),
    /** Cached: always equals the ledger sum of account provider:<id>. */
    earningsHalala: halala('earnings_halala').notNull().default(0),
    totalEarnedHalala: halala('total_earned_halala').notNull().default(0),
    totalJobs: integer('total_jobs').notNull().default(0),
    /** GPU verification's standing verdict: unverified | verified | suspect | failed (docs/gpu-verification.md). */
    verificationStatus: text('verification_status').notNull().default('unverified'),
    verificationScore: integer('verification_score'),
    verificationJudgedAt: ts('verification_judged_at'),
    /** The GPU the last verdict judged, as the heartbeats name it (the benchmark's name if it ran on another). */
    verifiedGpu: text('verified_gpu'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    uniqueIndex('providers_email_key').on(t.email),
    index('providers_created_idx').on(t.createdAt, t.id),
    index('providers_heartbeat_idx').on(t.lastHeartbeat),
    index('providers_status_idx').on(t.status, t.approvalStatus),
    index('providers_gpu_model_idx').on(t.gpuModel),
    // The marketplace list: approved providers, newest first.
    index('providers_approval_created_idx').on(t.approvalStatus, t.createdAt, t.id),
    // The verification leaderboard and verified-only routing.
    index('providers_verification_idx').on(t.verificationStatus, t.verificationScore),
  ],
);

/** API keys are stored only as SHA-256 hashes; `prefix` is for display. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: serial('id').primaryKey(),
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    /** renter | provider */
    ownerType: text('owner_type').notNull(),
    renterId: integer('renter_id').references(() => renters.id),
    providerId: integer('provider_id').references(() => providers.id),
    /** registration | self_rotation | admin_rotation | sub_key */
    origin: text('origin').notNull(),
    /** A renter sub-key's label, as its owner named it; null for master keys. */
    label: text('label'),
    /** A renter sub-key's scopes (inference, jobs, read, billing); null marks a master key, which may do everything. */
    scopes: text('scopes').array(),
    /** When a sub-key stops working; null: never. */
    expiresAt: ts('expires_at'),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_hash_key').on(t.keyHash),
    index('api_keys_renter_idx').on(t.renterId, t.createdAt),
    index('api_keys_provider_idx').on(t.providerId, t.createdAt),
  ],
);

export const jobs = pgTable(
  'jobs',
  {
    id: serial('id').primaryKey(),
    jobId: text('job_id').notNull(),
    renterId: integer('renter_id')
      .notNull()
      .references(() => renters.id),
    providerId: integer('provider_id').references(() => providers.id),
    jobType: text('job_type').notNull(),
    model: text('model'),
    templateId: text('template_id'),
    retriedFromJobId: integer('retried_from_job_id'),
    status: text('status').notNull(),
    progressPhase: text('progress_phase'),
    progressUpdatedAt: ts('progress_updated_at'),
    priority: integer('priority').notNull().default(2),
    pricingClass: text('pricing_class').notNull().default('standard'),
    prewarmRequested: boolean('prewarm_requested').notNull().default(false),
    retryCount: integer('retry_count').notNull().default(0),
    maxRetries: integer('max_retries').notNull().default(2),
    error: text('error'),
    lastError: text('last_error'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    assignedAt: ts('assigned_at'),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    durationMinutes: doublePrecision('duration_minutes').notNull(),
    maxDurationSeconds: integer('max_duration_seconds').notNull(),
    timeoutAt: ts('timeout_at'),
    taskSpec: text('task_spec').notNull(),
    taskSpecHmac: text('task_spec_hmac').notNull(),
    containerSpec: jsonb('container_spec').$type<Record<string, unknown>>().notNull(),
    gpuRequirements: jsonb('gpu_requirements').$type<Record<string, unknown> | null>(),
    params: jsonb('params').$type<Record<string, unknown>>(),
    result: text('result'),
    /** The quote, moved into the job's hold at submit. */
    costHalala: halala('cost_halala').notNull(),
    /** The quote's per-second rate (halala, unrounded), used to settle metered time. */
    rateHalalaPerSecond: doublePrecision('rate_halala_per_second').notNull(),
    gpuRateSnapshot: jsonb('gpu_rate_snapshot'),
    actualCostHalala: halala('actual_cost_halala'),
    providerEarnedHalala: halala('provider_earned_halala'),
    dc1FeeHalala: halala('dc1_fee_halala'),
    refundedAt: ts('refunded_at'),
    gpuSecondsUsed: doublePrecision('gpu_seconds_used'),
    workspaceVolumeName: text('workspace_volume_name').notNull(),
    checkpointEnabled: boolean('checkpoint_enabled').notNull().default(false),
    endpointUrl: text('endpoint_url'),
    servePort: integer('serve_port'),
  },
  (t) => [
    uniqueIndex('jobs_job_id_key').on(t.jobId),
    index('jobs_created_idx').on(t.submittedAt, t.id),
    index('jobs_renter_idx').on(t.renterId, t.submittedAt, t.id),
    index('jobs_provider_idx').on(t.providerId, t.submittedAt, t.id),
    index('jobs_status_idx').on(t.status, t.submittedAt, t.id),
    index('jobs_provider_status_idx').on(t.providerId, t.status),
    // A provider's work in hand, one short probe: auto-routing asks it of every fitting provider on each submit.
    index('jobs_provider_active_idx').on(t.providerId).where(sql`status in ('pending','assigned','pulling','running')`),
    // The money of completed jobs in the index itself: the admin dashboard sums it with an index-only scan instead
    // of reading the end of each wide job row. Written once per job, at settlement (no hot path updates it).
    index('jobs_completed_idx').on(t.completedAt, t.actualCostHalala, t.dc1FeeHalala).where(sql`status = 'completed'`),
    index('jobs_timeout_idx').on(t.timeoutAt).where(sql`status in ('assigned','pulling','running')`),
  ],
);

export const jobEvents = pgTable(
  'job_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    sequenceNo: integer('sequence_no').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status').notNull(),
    fromStatus: text('from_status'),
    source: text('source').notNull(),
    message: text('message'),
    payload: jsonb('payload'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('job_events_job_seq_key').on(t.jobId, t.sequenceNo)],
);

export const jobLogs = pgTable(
  'job_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    level: text('level').notNull().default('info'),
    message: text('message').notNull(),
    loggedAt: ts('logged_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('job_logs_job_line_key').on(t.jobId, t.lineNo)],
);

/** One row per heartbeat; pruned by the sweep after DCP_HEARTBEAT_RETENTION_HOURS. */
export const heartbeats = pgTable(
  'heartbeats',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    receivedAt: ts('received_at').notNull().defaultNow(),
    providerIp: text('provider_ip'),
    providerHostname: text('provider_hostname'),
    gpuUtilPct: doublePrecision('gpu_util_pct'),
    gpuTempC: doublePrecision('gpu_temp_c'),
    gpuPowerW: doublePrecision('gpu_power_w'),
    gpuVramFreeMib: integer('gpu_vram_free_mib'),
    gpuVramTotalMib: integer('gpu_vram_total_mib'),
    daemonVersion: text('daemon_version'),
    gpuCount: integer('gpu_count'),
    gpuStatus: jsonb('gpu_status'),
    cachedModels: jsonb('cached_models').$type<string[]>(),
  },
  (t) => [
    index('heartbeats_provider_idx').on(t.providerId, t.receivedAt),
    index('heartbeats_received_idx').on(t.receivedAt),
  ],
);

/**
 * Money movements. Each row moves a positive amount from one account to another:
 * `renter:<id>`, `hold:<job id>`, `provider:<id>`, `platform`, `external` (money entering or leaving).
 * An account's balance is what it received minus what it sent.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    amountHalala: halala('amount_halala').notNull(),
    fromAccount: text('from_account').notNull(),
    toAccount: text('to_account').notNull(),
    renterId: integer('renter_id'),
    providerId: integer('provider_id'),
    jobId: integer('job_id'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('ledger_from_idx').on(t.fromAccount),
    index('ledger_to_idx').on(t.toAccount),
    index('ledger_created_idx').on(t.createdAt),
    index('ledger_job_idx').on(t.jobId),
  ],
);

/** A job's quote, set aside from the renter's balance until the job settles or is released. */
export const holds = pgTable(
  'holds',
  {
    id: serial('id').primaryKey(),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id),
    renterId: integer('renter_id')
      .notNull()
      .references(() => renters.id),
    amountHalala: halala('amount_halala').notNull(),
    /** held | settled | released */
    status: text('status').notNull().default('held'),
    createdAt: createdAt(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [uniqueIndex('holds_job_key').on(t.jobId), index('holds_renter_status_idx').on(t.renterId, t.status)],
);

export const models = pgTable('models', {
  modelId: text('model_id').primaryKey(),
  displayName: text('display_name').notNull(),
  family: text('family'),
  contextLength: integer('context_length').notNull().default(4096),
  minVramGb: doublePrecision('min_vram_gb').notNull().default(0),
  /** halala per 1M input / output tokens */
  priceInHalalaPerM: integer('price_in_halala_per_m').notNull(),
  priceOutHalalaPerM: integer('price_out_halala_per_m').notNull(),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
});

export const adminAudit = pgTable(
  'admin_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actor: text('actor').notNull().default('admin'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('admin_audit_created_idx').on(t.createdAt, t.id)],
);

export const daemonEvents = pgTable(
  'daemon_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    severity: text('severity').notNull().default('info'),
    daemonVersion: text('daemon_version'),
    jobId: text('job_id'),
    hostname: text('hostname'),
    details: text('details'),
    eventTimestamp: ts('event_timestamp'),
    receivedAt: createdAt(),
  },
  (t) => [index('daemon_events_provider_idx').on(t.providerId, t.receivedAt)],
);

/**
 * GPU verification challenges and their verdicts, one row per challenge. At most one `pending` row per
 * provider (the partial unique index); a pending row past `expires_at` counts as expired and is marked so
 * when the next challenge is issued.
 */
export const verificationRuns = pgTable(
  'verification_runs',
  {
    id: serial('id').primaryKey(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    challengeId: text('challenge_id').notNull(),
    /** Kept as issued: the daemon may fetch the open challenge again after a restart. It grants nothing. */
    nonce: text('nonce').notNull(),
    matrixSize: integer('matrix_size').notNull(),
    iterations: integer('iterations').notNull(),
    /** admin | auto */
    origin: text('origin').notNull(),
    /** pending | completed | expired */
    status: text('status').notNull().default('pending'),
    requestedAt: ts('requested_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    completedAt: ts('completed_at'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    /** verified | suspect | failed */
    verdict: text('verdict'),
    score: integer('score'),
    flags: jsonb('flags').$type<Array<{ type: string; severity: string; detail: string }>>(),
    /** The GPU reference table entry the result was judged against. */
    matchedGpu: text('matched_gpu'),
  },
  (t) => [
    uniqueIndex('verification_runs_challenge_key').on(t.challengeId),
    uniqueIndex('verification_runs_one_open_key').on(t.providerId).where(sql`status = 'pending'`),
    index('verification_runs_provider_idx').on(t.providerId, t.requestedAt, t.id),
  ],
);

/** Event payloads too large for a NOTIFY; the notification carries only the row id. */
export const eventPayloads = pgTable('event_payloads', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  payload: jsonb('payload').notNull(),
  createdAt: createdAt(),
});

/** Small persistent settings, e.g. the development HMAC secret. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Fixed-window request counters shared by every instance on the same database (REST and /v1 rate limits). */
export const rateLimitBuckets = pgTable(
  'rate_limit_buckets',
  {
    bucketKey: text('bucket_key').notNull(),
    windowStart: ts('window_start').notNull(),
    hits: integer('hits').notNull().default(0),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [uniqueIndex('rate_limit_buckets_key').on(t.bucketKey, t.windowStart), index('rate_limit_buckets_expiry_idx').on(t.expiresAt)],
);

/** Stored answers for /v1 `Idempotency-Key` retries. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    renterId: integer('renter_id')
      .notNull()
      .references(() => renters.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** in_progress | completed | failed */
    state: text('state').notNull().default('in_progress'),
    statusCode: integer('status_code'),
    responseHeaders: jsonb('response_headers'),
    responseBody: text('response_body'),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [uniqueIndex('idempotency_renter_key').on(t.renterId, t.key), index('idempotency_expiry_idx').on(t.expiresAt)],
);

/** One row per billed /v1 completion. */
export const inferenceUsage = pgTable(
  'inference_usage',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull(),
    renterId: integer('renter_id')
      .notNull()
      .references(() => renters.id),
    providerId: integer('provider_id').references(() => providers.id),
    model: text('model').notNull(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    costHalala: halala('cost_halala').notNull(),
    providerEarnedHalala: halala('provider_earned_halala').notNull().default(0),
    stream: boolean('stream').notNull().default(false),
    /** provider | estimated (counted from text when the provider reported none) */
    usageSource: text('usage_source').notNull().default('provider'),
    createdAt: createdAt(),
  },
  (t) => [index('inference_usage_renter_idx').on(t.renterId, t.createdAt), index('inference_usage_provider_idx').on(t.providerId, t.createdAt)],
);

/**
 * A /v1 request's worst-case cost, moved out of the renter's balance (ledger account
 * `inference:<id>`) before dispatch. It is resolved exactly once, settled or released, by a guarded
 * update of `state`, so a settlement racing the stale-reservation sweep can never pay out twice.
 */
export const inferenceReservations = pgTable(
  'inference_reservations',
  {
    id: uuid('id').primaryKey(),
    renterId: integer('renter_id')
      .notNull()
      .references(() => renters.id),
    amountHalala: halala('amount_halala').notNull(),
    /** held | settled | released */
    state: text('state').notNull().default('held'),
    createdAt: createdAt(),
    resolvedAt: ts('resolved_at'),
  },
  // The sweep looks only for old open reservations.
  (t) => [index('inference_reservations_held_idx').on(t.createdAt).where(sql`${t.state} = 'held'`)],
);
