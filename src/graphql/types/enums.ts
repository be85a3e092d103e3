import type { RenterScope } from '../../domain/auth.js';
import type { JobStatus as JobStatusValue } from '../../domain/lifecycle.js';
import { builder } from '../builder.js';

/**
 * Every closed set of the schema as an enum (docs/graphql-schema.md, "Enums"): SCREAMING_SNAKE values,
 * PascalCase types, each value described. The internal value is the string the domain and REST use, so
 * resolvers pass domain rows through unchanged.
 */

type Described<V extends string> = Record<string, { value: V; description: string }>;

/** An enum whose GraphQL names are the domain values upper-cased, with `-` and `.` as `_`. */
function domainEnum<V extends string>(name: string, description: string, values: Record<V, string>) {
  const entries = Object.entries(values) as [V, string][];
  const gqlValues = Object.fromEntries(entries.map(([value, text]) => [value.toUpperCase().replace(/[-.]/g, '_'), { value, description: text }])) as Described<V>;
  return builder.enumType(name, { description, values: gqlValues });
}

export const JobStatus = domainEnum<JobStatusValue>('JobStatus', 'Where a job is in its lifecycle. COMPLETED, FAILED and CANCELLED are final.', {
  queued: 'Waiting for any suitable provider (none was chosen at submit); claimed by the first one that asks.',
  pending: 'Placed on a chosen provider, waiting for that provider’s daemon to claim it.',
  assigned: 'Claimed by its provider, which has not started it yet (it reports progress first).',
  pulling: 'The provider is fetching the container image or model before running.',
  running: 'Running on its provider; billed from here.',
  completed: 'Finished with a result and settled: the renter paid the metered cost, the rest of the hold came back.',
  failed: 'Ended without a result (reported by the provider, or timed out); the whole hold went back to the renter.',
  cancelled: 'Stopped by its renter or an admin before finishing; the whole hold went back to the renter.',
});

export const JobPhase = domainEnum('JobPhase', 'What a running job’s daemon reports it is doing.', {
  pulling: 'Fetching the container image.',
  downloading_model: 'Downloading model weights.',
  installing_deps: 'Installing dependencies.',
  loading_model: 'Loading the model onto the GPU.',
  generating: 'Doing the work itself.',
  formatting: 'Preparing the result.',
});

export const JobType = domainEnum('JobType', 'What kind of work a job is; it sets the task spec and, without a chosen provider, the rate.', {
  llm_inference: 'Text generation with a language model (the REST alias `llm-inference` is the same type).',
  image_generation: 'Image generation with a diffusion model.',
  vllm_serve: 'A vLLM server exposing an OpenAI-compatible endpoint for the job’s duration.',
  rendering: 'A rendering script in a container image.',
  training: 'A training script in a container image.',
  custom_container: 'Any allowed container image running the given script.',
  'rag-pipeline': 'A retrieval-augmented generation pipeline.',
  benchmark: 'A GPU benchmark.',
});

/** Stored job types (REST accepts `llm-inference` as a spelling of `llm_inference`) as the enum's values. */
export const jobTypeOf = (stored: string) => (stored === 'llm-inference' ? 'llm_inference' : stored) as typeof JobType.$inferType;

export const PricingClass = domainEnum('PricingClass', 'How urgently a job is dispatched and what it costs.', {
  priority: 'Dispatched first; quote × 1.2.',
  standard: 'The default; quote × 1.0.',
  economy: 'Dispatched last; quote × 0.9.',
});

export const ProviderStatus = domainEnum('ProviderStatus', 'A provider’s connectivity as the gateway last saw it.', {
  registered: 'Signed up; no heartbeat received yet.',
  online: 'Heartbeats arrive; it can take work.',
  degraded: 'Heartbeats arrive but report a problem (e.g. container restarts); it takes no new work.',
  offline: 'No heartbeat within the offline threshold; its running jobs went back to the queue.',
  paused: 'Its owner paused it: it takes no new work, running jobs finish.',
  suspended: 'Suspended by an admin.',
});

export const ApprovalStatus = domainEnum('ApprovalStatus', 'Whether an admin let the provider onto the marketplace.', {
  pending: 'Waiting for an admin (unless auto-approval is on).',
  approved: 'On the marketplace: it may heartbeat and take work.',
  rejected: 'Refused by an admin; `rejectedReason` says why.',
});

export const RunMode = domainEnum('RunMode', 'When a provider lets its GPU be used.', {
  'always-on': 'Whenever it is online.',
  manual: 'Only when its owner starts it.',
  scheduled: 'Between `scheduledStart` and `scheduledEnd` each day.',
});

export const OperatingSystem = domainEnum('OperatingSystem', 'A provider machine’s operating system, as registration normalised it.', {
  linux: 'Linux (any distribution).',
  windows: 'Windows.',
  mac: 'macOS.',
  darwin: 'Darwin (reported as such by the installer).',
});

export const RenterStatus = domainEnum('RenterStatus', 'A renter account’s standing.', {
  active: 'May use every API.',
  suspended: 'Suspended by an admin: its keys are refused.',
  deleted: 'Erased at its owner’s request; kept only as accounting requires.',
});

export const LogLevel = domainEnum('LogLevel', 'The severity of a job log line.', {
  debug: 'Diagnostic detail.',
  info: 'Normal progress.',
  warn: 'Something unexpected that did not stop the job (input may also say `WARNING`).',
  warning: 'Same as WARN; kept as the daemon sent it.',
  error: 'A failure of a step.',
  critical: 'A failure that ends the job.',
});

export const JobEventType = domainEnum('JobEventType', 'What happened to a job at one step of its lifecycle.', {
  'job.submitted': 'The renter submitted it and its quote was held.',
  'job.status.changed': 'Its status changed (claimed, started, returned to the queue, ...).',
  'job.phase.changed': 'Its daemon reported a new progress phase.',
  'job.endpoint.ready': 'Its inference endpoint answers (vLLM serve jobs).',
  'job.completed': 'It finished and was settled.',
  'job.failed': 'It failed and its hold was released.',
  'job.cancelled': 'It was cancelled and its hold was released.',
  'job.retry.scheduled': 'It went back to the queue for another attempt.',
  'job.retried': 'A new job was submitted from it.',
});

export const EventSource = domainEnum('EventSource', 'Who caused a job event.', {
  renter: 'The job’s renter.',
  provider: 'The provider running it.',
  admin: 'An admin.',
  scheduler: 'The gateway’s placement of work.',
  sweep: 'A background sweep (timeouts, offline providers, queue expiry).',
});

export const ApiKeyOrigin = domainEnum('ApiKeyOrigin', 'How an API key came to exist.', {
  registration: 'Issued when the account signed up.',
  self_rotation: 'The account rotated its own key.',
  admin_rotation: 'An admin rotated the account’s key.',
  sub_key: 'A scoped renter sub-key minted with the master key.',
});

export const ApiKeyStatus = domainEnum('ApiKeyStatus', 'Whether an API key is accepted now.', {
  active: 'Accepted.',
  expired: 'A sub-key past its `expiresAt`: refused.',
  revoked: 'Revoked or replaced by a rotation: refused.',
});

export const RenterKeyScope = domainEnum<RenterScope>('RenterKeyScope', 'What a renter sub-key may do.', {
  inference: '/v1 completions.',
  jobs: 'Submit, cancel, retry and complete jobs.',
  read: 'Read jobs, logs, the profile and the balance.',
  billing: 'Read the balance and top up.',
});

export const VerificationStatus = domainEnum('VerificationStatus', 'The standing verdict of GPU verification. Only VERIFIED is a pass.', {
  unverified: 'No verdict applies (never verified, or the verdict lapsed).',
  verified: 'The benchmark matched the reported GPU.',
  suspect: 'The benchmark raised warnings.',
  failed: 'The benchmark contradicted the reported GPU.',
});

export const VerificationVerdict = domainEnum('VerificationVerdict', 'The verdict of one answered challenge.', {
  verified: 'The figures match the GPU.',
  suspect: 'Only warnings were raised.',
  failed: 'A critical flag was raised.',
});

export const VerificationRunState = domainEnum('VerificationRunState', 'Where a verification challenge stands.', {
  pending: 'Issued; the daemon has not answered yet.',
  completed: 'Answered and judged.',
  expired: 'Not answered in time.',
});

export const VerificationOrigin = domainEnum('VerificationOrigin', 'Who started a verification challenge.', {
  admin: 'Issued by an admin.',
  auto: 'Asked for by the provider’s daemon.',
});

export const FlagSeverity = domainEnum('FlagSeverity', 'How much a verification flag weighs.', {
  critical: 'Fails the run.',
  warning: 'Leaves the run suspect.',
});

export const ClaimMode = domainEnum('ClaimMode', 'How a claimed job starts.', {
  run: 'The daemon starts the job at once (RUNNING).',
  assign: 'The daemon reports progress before running (ASSIGNED).',
});

export const OrderDirection = domainEnum('OrderDirection', 'The direction of a list’s order.', {
  asc: 'Oldest (smallest) first.',
  desc: 'Newest (largest) first.',
});
