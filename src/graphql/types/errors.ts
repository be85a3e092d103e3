import {
  ConflictError,
  DisabledError,
  DomainError,
  ForbiddenError,
  IllegalTransitionError,
  InsufficientBalanceError,
  MissingFieldsError,
  MissingScopeError,
  NotFoundError,
  RateLimitedError,
  RuleViolationError,
  UnauthorizedError,
  ValidationError,
} from '../../domain/errors.js';
import type { JobStatus as JobStatusValue } from '../../domain/lifecycle.js';
import { builder } from '../builder.js';
import { CREDENTIAL_HINT } from '../context.js';
import { graphqlInputPath } from '../input.js';
import { JobStatus } from './enums.js';

/**
 * The mutation convention (docs/graphql-schema.md, "Mutations"): every mutation is
 * `xxx(input: XxxInput!): XxxPayload!`; the payload carries the result fields (null on failure) and
 * `userErrors`, a list of `UserError`s that is empty on success. Only what the caller can fix by changing
 * the input or waiting is a user error; a missing or insufficient credential is a top-level error
 * (UNAUTHENTICATED / FORBIDDEN) in mutations exactly as in queries, and anything unexpected stays masked.
 */

/** The code of a domain error on the GraphQL face: one name for "no valid credential", one for "not allowed". */
export function graphqlCode(error: DomainError): string {
  if (error instanceof UnauthorizedError) return 'UNAUTHENTICATED';
  if (error instanceof MissingScopeError) return 'FORBIDDEN';
  return error.code;
}

/** The message of a top-level error: "no valid credential" always says what to send. */
export function graphqlMessage(error: DomainError): string {
  return error instanceof UnauthorizedError && !error.message.includes(CREDENTIAL_HINT) ? `${error.message}: ${CREDENTIAL_HINT}` : error.message;
}

/** Failures that are about who is asking, not about the input: always top-level errors. */
const isAuthError = (err: unknown) => err instanceof UnauthorizedError || err instanceof ForbiddenError || err instanceof MissingScopeError;

/** One user error as the schema shows it; `field` is the GraphQL path of the offending input, if one. */
export interface UserErrorShape {
  kind: 'InputError' | 'NotFoundError' | 'ConflictError' | 'InsufficientBalanceError' | 'IllegalTransitionError' | 'RateLimitedError' | 'RuleViolationError' | 'FeatureDisabledError';
  code: UserErrorCodeValue;
  message: string;
  field: string | null;
  error?: DomainError;
}

const USER_ERROR_CODES = {
  INVALID: 'The input breaks a documented constraint (format, range, length); `field` names it.',
  REQUIRED: 'A required input was absent or blank; `field` names it.',
  NOT_FOUND: 'A referenced object does not exist or is not visible to the caller; `field` names the reference when it is an input.',
  CONFLICT: 'The input collides with existing state, e.g. an email already registered or a challenge already open.',
  INSUFFICIENT_BALANCE: 'The renter’s balance cannot cover the amount: see `requiredHalala` and `availableHalala`.',
  ILLEGAL_TRANSITION: 'The job’s current status does not allow this action: see `currentStatus`.',
  RATE_LIMITED: 'This action’s budget is spent for now: retry after `retryAfterSeconds`.',
  RULE_VIOLATION: 'Well-formed input that breaks a business rule; `rule` names it (e.g. PROVIDER_NOT_ONLINE).',
  FEATURE_DISABLED: 'The feature is switched off on this deployment (e.g. sandbox top-up in production).',
} as const;
type UserErrorCodeValue = keyof typeof USER_ERROR_CODES;

export const UserErrorCode = builder.enumType('UserErrorCode', {
  description: 'Why a mutation refused its input. Stable: clients may branch on it.',
  values: Object.fromEntries(Object.entries(USER_ERROR_CODES).map(([name, description]) => [name, { description }])) as Record<
    UserErrorCodeValue,
    { description: string }
  >,
});

export const UserError = builder.interfaceRef<UserErrorShape>('UserError').implement({
  description:
    'A mutation’s refusal of its input, returned in the payload’s `userErrors` (empty on success). `code` is stable; `message` is for people; ' +
    '`field` is the path of the offending input in the operation (e.g. `input.email`), the same path top-level argument errors name in `extensions.fields[].field`.',
  resolveType: (e) => e.kind,
  fields: (t) => ({
    code: t.field({ type: UserErrorCode, description: 'Why the input was refused; stable.', resolve: (e) => e.code }),
    message: t.exposeString('message', { description: 'The reason in words, for people.' }),
    field: t.exposeString('field', { nullable: true, description: 'Dot path of the offending input, e.g. `input.gpuStatus.temp_c`; null when no single input is at fault.' }),
  }),
});

const detail = <T extends DomainError>(e: UserErrorShape) => e.error as T;

builder.objectType(builder.objectRef<UserErrorShape>('InputError'), {
  description: 'One invalid (INVALID) or missing (REQUIRED) input field; a mutation reports one per field at fault.',
  interfaces: [UserError],
  fields: () => ({}),
});

builder.objectType(builder.objectRef<UserErrorShape>('NotFoundError'), {
  interfaces: [UserError],
  description: 'A referenced object does not exist, or the caller may not see it.',
  fields: (t) => ({ entity: t.string({ description: 'The kind of object, e.g. `Job`.', resolve: (e) => detail<NotFoundError>(e).entity }) }),
});

builder.objectType(builder.objectRef<UserErrorShape>('ConflictError'), {
  interfaces: [UserError],
  description: 'The input collides with existing state.',
  fields: () => ({}),
});

builder.objectType(builder.objectRef<UserErrorShape>('FeatureDisabledError'), {
  interfaces: [UserError],
  description: 'The feature is switched off on this deployment.',
  fields: () => ({}),
});

builder.objectType(builder.objectRef<UserErrorShape>('InsufficientBalanceError'), {
  interfaces: [UserError],
  description: 'The renter’s balance cannot cover the amount.',
  fields: (t) => ({
    requiredHalala: t.field({ type: 'SafeInt', description: 'What the action needs.', resolve: (e) => detail<InsufficientBalanceError>(e).requiredHalala }),
    availableHalala: t.field({ type: 'SafeInt', description: 'What the balance holds now.', resolve: (e) => detail<InsufficientBalanceError>(e).availableHalala }),
  }),
});

builder.objectType(builder.objectRef<UserErrorShape>('IllegalTransitionError'), {
  interfaces: [UserError],
  description: 'The job is in a status that does not allow this action.',
  fields: (t) => ({
    currentStatus: t.field({ type: JobStatus, description: 'The job’s status, which does not allow it.', resolve: (e) => detail<IllegalTransitionError>(e).currentStatus as JobStatusValue }),
    action: t.string({ description: 'The refused action, e.g. `cancel`.', resolve: (e) => detail<IllegalTransitionError>(e).action }),
  }),
});

builder.objectType(builder.objectRef<UserErrorShape>('RateLimitedError'), {
  interfaces: [UserError],
  description: 'The action’s budget is spent; shared with the REST API.',
  fields: (t) => ({ retryAfterSeconds: t.int({ description: 'Seconds until the budget allows the action again.', resolve: (e) => detail<RateLimitedError>(e).retryAfterSeconds }) }),
});

builder.objectType(builder.objectRef<UserErrorShape>('RuleViolationError'), {
  interfaces: [UserError],
  description: 'Well-formed input that breaks a business rule.',
  fields: (t) => ({
    rule: t.string({
      description:
        'Which rule, stable: e.g. PROVIDER_NOT_ONLINE, PROVIDER_NOT_VERIFIED, GPU_REQUIREMENTS_NOT_MET, SUB_KEY_LIMIT, ALREADY_SETTLED, CHALLENGE_EXPIRED.',
      resolve: (e) => detail<RuleViolationError>(e).code,
    }),
    details: t.field({ type: 'JSON', nullable: true, description: 'The rule’s context, when it has any.', resolve: (e) => {
      const details = detail<RuleViolationError>(e).details;
      return Object.keys(details).length ? details : null;
    } }),
  }),
});

/**
 * The user errors of a failed mutation, or undefined when the failure is not one (authorization,
 * unexpected): those are rethrown by `payload`. Input paths are mapped to the operation's
 * (`duration_minutes` -> `input.durationMinutes`).
 */
export function userErrorsOf(err: unknown): UserErrorShape[] | undefined {
  if (!(err instanceof DomainError) || isAuthError(err)) return undefined;
  const one = (kind: UserErrorShape['kind'], code: UserErrorCodeValue, field: string | null = null): UserErrorShape[] => [
    { kind, code, message: err.message, field, error: err },
  ];
  if (err instanceof ValidationError)
    return err.fields.map((f) => ({ kind: 'InputError', code: 'INVALID', message: f.message, field: graphqlInputPath(f.field), error: err }));
  if (err instanceof MissingFieldsError)
    return err.missing.map((f) => ({ kind: 'InputError', code: 'REQUIRED', message: `${graphqlInputPath(f)} is required`, field: graphqlInputPath(f), error: err }));
  if (err instanceof NotFoundError) return one('NotFoundError', 'NOT_FOUND', notFoundField(err));
  if (err instanceof ConflictError) return one('ConflictError', 'CONFLICT');
  if (err instanceof InsufficientBalanceError) return one('InsufficientBalanceError', 'INSUFFICIENT_BALANCE');
  if (err instanceof IllegalTransitionError) return one('IllegalTransitionError', 'ILLEGAL_TRANSITION');
  if (err instanceof RateLimitedError) return one('RateLimitedError', 'RATE_LIMITED');
  if (err instanceof DisabledError) return one('FeatureDisabledError', 'FEATURE_DISABLED');
  if (err instanceof RuleViolationError) return one('RuleViolationError', 'RULE_VIOLATION');
  return undefined;
}

/** The input that names a missing object, by its kind (set by `withNotFoundField`). */
const notFoundFields = new WeakMap<NotFoundError, string>();
const notFoundField = (err: NotFoundError) => notFoundFields.get(err) ?? null;

/** Runs `body`; a NotFound it throws for `entity` is reported at `field` (a GraphQL input path). */
export async function withNotFoundField<T>(entity: string, field: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof NotFoundError && err.entity === entity && !notFoundFields.has(err)) notFoundFields.set(err, field);
    throw err;
  }
}

/** What every payload type's resolver returns: the result's fields (absent on failure) and the user errors. */
export type Payload<T> = Partial<T> & { userErrors: UserErrorShape[] };

/** The `userErrors` field every payload type carries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const userErrorsField = (t: any) =>
  t.field({
    type: [UserError],
    description: 'Why the input was refused; empty when the mutation succeeded (and only then are the other fields set).',
    resolve: (p: { userErrors: UserErrorShape[] }) => p.userErrors,
  });

/**
 * A mutation's payload from its resolver: the result's fields with an empty `userErrors`, or, when the
 * domain refused the input, only `userErrors`. Authorization and unexpected failures are rethrown.
 */
export async function payload<T extends object>(body: () => Promise<T>): Promise<Payload<T>> {
  try {
    return { ...(await body()), userErrors: [] };
  } catch (err) {
    const userErrors = userErrorsOf(err);
    if (!userErrors) throw err;
    return { userErrors } as Payload<T>;
  }
}

/** The description every payload type shares: the convention, once. */
export const PAYLOAD_DESCRIPTION =
  'The result of a mutation: the result fields are set when `userErrors` is empty, and null when the input was refused.';

/** The description every mutation's single `input` argument shares. */
export const MUTATION_INPUT = 'Everything the mutation takes (see the input type’s fields).';
