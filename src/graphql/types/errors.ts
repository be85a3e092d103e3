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
  type FieldProblem,
} from '../../domain/errors.js';
import { builder } from '../builder.js';
import { graphqlInputPath } from '../input.js';

/**
 * Typed mutation failures: each DomainError subclass becomes a union member implementing `Error`.
 * Nothing else is registered, so any other exception stays a masked GraphQL error.
 */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure of a mutation. `code` is stable; `message` is for people.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code'),
  }),
});

const FieldProblemRef = builder.objectRef<FieldProblem>('FieldProblem').implement({
  description: 'One invalid or missing input field.',
  fields: (t) => ({
    path: t.string({ description: 'Dot path of the field in the operation, e.g. `input.email`.', resolve: (p) => graphqlInputPath(p.field) }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldProblemRef], resolve: (e) => e.fields }) }),
});

builder.objectType(MissingFieldsError, {
  name: 'MissingFields',
  description: 'Required input fields were absent or blank.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fields: t.field({ type: [FieldProblemRef], resolve: (e) => e.missing.map((field) => ({ field, message: 'Required' })) }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFound',
  interfaces: [ErrorInterface],
  fields: (t) => ({ entity: t.exposeString('entity') }),
});

builder.objectType(UnauthorizedError, { name: 'Unauthorized', interfaces: [ErrorInterface] });
builder.objectType(ForbiddenError, { name: 'Forbidden', interfaces: [ErrorInterface] });

builder.objectType(MissingScopeError, {
  name: 'MissingScope',
  description: 'The renter sub-key that sent the request lacks the scope this action needs.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    requiredScopes: t.stringList({ description: 'Any one of these scopes would allow the action.', resolve: (e) => [...e.requiredScopes] }),
  }),
});
builder.objectType(ConflictError, { name: 'Conflict', interfaces: [ErrorInterface] });
builder.objectType(DisabledError, { name: 'FeatureDisabled', interfaces: [ErrorInterface] });

builder.objectType(InsufficientBalanceError, {
  name: 'InsufficientBalance',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    requiredHalala: t.expose('requiredHalala', { type: 'SafeInt' }),
    availableHalala: t.expose('availableHalala', { type: 'SafeInt' }),
  }),
});

builder.objectType(IllegalTransitionError, {
  name: 'IllegalTransition',
  description: 'The job is in a status that does not allow this action.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    currentStatus: t.exposeString('currentStatus'),
    action: t.exposeString('action'),
  }),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimited',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(RuleViolationError, {
  name: 'RuleViolation',
  description: 'Well-formed input that breaks a business rule, e.g. `PROVIDER_NOT_ONLINE`; `code` says which.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ details: t.expose('details', { type: 'JSON' }) }),
});

/** Input problems, for mutations anyone may call. */
export const INPUT_ERRORS = [ValidationError, MissingFieldsError];
/** What any signed-in mutation can fail with: the caller's identity or key scopes, its input, or a missing target. */
export const COMMON_ERRORS = [UnauthorizedError, ForbiddenError, MissingScopeError, NotFoundError, ...INPUT_ERRORS];
/** Plus the job lifecycle's own failures. */
export const JOB_ERRORS = [...COMMON_ERRORS, IllegalTransitionError, RuleViolationError];
