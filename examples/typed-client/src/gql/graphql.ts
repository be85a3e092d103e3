/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

/** How urgently a job is dispatched and what it costs. */
export type PricingClass =
  /** Dispatched last; quote × 0.9. */
  | 'ECONOMY'
  /** Dispatched first; quote × 1.2. */
  | 'PRIORITY'
  /** The default; quote × 1.0. */
  | 'STANDARD';

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

type UserErrorParts_ConflictError_Fragment = { code: UserErrorCode, field: string | null, message: string };

type UserErrorParts_FeatureDisabledError_Fragment = { code: UserErrorCode, field: string | null, message: string };

type UserErrorParts_IllegalTransitionError_Fragment = { code: UserErrorCode, field: string | null, message: string };

type UserErrorParts_InputError_Fragment = { code: UserErrorCode, field: string | null, message: string };

type UserErrorParts_InsufficientBalanceError_Fragment = { code: UserErrorCode, field: string | null, message: string };

type UserErrorParts_NotFoundError_Fragment = { code: UserErrorCode, field: string | null, message: string };

type UserErrorParts_RateLimitedError_Fragment = { code: UserErrorCode, field: string | null, message: string };

type UserErrorParts_RuleViolationError_Fragment = { code: UserErrorCode, field: string | null, message: string };

export type UserErrorPartsFragment =
  | UserErrorParts_ConflictError_Fragment
  | UserErrorParts_FeatureDisabledError_Fragment
  | UserErrorParts_IllegalTransitionError_Fragment
  | UserErrorParts_InputError_Fragment
  | UserErrorParts_InsufficientBalanceError_Fragment
  | UserErrorParts_NotFoundError_Fragment
  | UserErrorParts_RateLimitedError_Fragment
  | UserErrorParts_RuleViolationError_Fragment
;

export type SignUpMutationVariables = Exact<{
  input: RegisterRenterInput;
}>;


export type SignUpMutation = { registerRenter: { apiKey: string | null, renter: { id: string, name: string, balance: { availableHalala: number } } | null, userErrors: Array<
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
    > } };

export type SubmitJobMutationVariables = Exact<{
  input: SubmitJobInput;
}>;


export type SubmitJobMutation = { submitJob: { queuePosition: number | null, job: { id: string, jobId: string, status: JobStatus, costHalala: number } | null, userErrors: Array<
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
      | { code: UserErrorCode, field: string | null, message: string }
    > } };

export type FollowJobSubscriptionVariables = Exact<{
  ref: JobRef;
}>;


export type FollowJobSubscription = { jobStatusChanged: { event: { sequenceNo: number, eventType: JobEventType, status: JobStatus, message: string | null } } };

export type JobOutcomeQueryVariables = Exact<{
  ref: JobRef;
}>;


export type JobOutcomeQuery = { job: { jobId: string, status: JobStatus, result: unknown, actualCostHalala: number | null, logs: Array<{ lineNo: number, message: string }> } | null };

export const UserErrorPartsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<UserErrorPartsFragment, unknown>;
export const SignUpDocument = {"__meta__":{"hash":"sha256:8a57271ba209c262a929d1f21081de87989d9f87bb4eb46e50a1b4d19341fb57"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignUp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterRenterInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerRenter"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKey"}},{"kind":"Field","name":{"kind":"Name","value":"renter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"availableHalala"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorParts"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<SignUpMutation, SignUpMutationVariables>;
export const SubmitJobDocument = {"__meta__":{"hash":"sha256:ecd0a308cbda5641a2d4e879a55d3552f130df535def5abbe86a13ca0c9bad90"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"costHalala"}}]}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorParts"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<SubmitJobMutation, SubmitJobMutationVariables>;
export const FollowJobDocument = {"__meta__":{"hash":"sha256:48204cb9c00813bd616ed0fe8a945d6f8dc41932c283c629364da27101717214"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FollowJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ref"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JobRef"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobStatusChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ref"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ref"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterSequenceNo"},"value":{"kind":"IntValue","value":"0"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequenceNo"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<FollowJobSubscription, FollowJobSubscriptionVariables>;
export const JobOutcomeDocument = {"__meta__":{"hash":"sha256:334b9bc25ea1ed175bbe168de6942e7f31dbeccbf3746334fd2fbc662e63e110"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobOutcome"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ref"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JobRef"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ref"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ref"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"actualCostHalala"}},{"kind":"Field","name":{"kind":"Name","value":"logs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lineNo"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<JobOutcomeQuery, JobOutcomeQueryVariables>;