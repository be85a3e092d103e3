/**
 * Typed domain errors. Adapters map them to their wire shapes (REST status + JSON, GraphQL union members,
 * /v1 envelopes); anything that is not a DomainError is unexpected and gets masked.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Extra context fields adapters may expose (amounts, current status, ...). */
  readonly details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    message = `${entity} not found`,
  ) {
    super(message, { entity });
  }
}

export class UnauthorizedError extends DomainError {
  readonly code = 'UNAUTHORIZED';
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

/** A renter sub-key used for an action its scopes do not cover; `requiredScopes` lists the scopes that would (any one). */
export class MissingScopeError extends DomainError {
  readonly code = 'MISSING_SCOPE';
  constructor(readonly requiredScopes: readonly string[]) {
    super(`This API key lacks the ${requiredScopes.map((s) => `'${s}'`).join(' or ')} scope`, { required_scopes: requiredScopes });
  }
}

export interface FieldProblem {
  /** Dot path of the offending field, `(root)` for the whole input. */
  field: string;
  message: string;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION';
  constructor(
    readonly fields: FieldProblem[],
    message = 'Validation failed',
  ) {
    super(message, { fields });
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }], message);
  }
}

/** Required inputs are absent; `missing` lists them in the order the action documents them. */
export class MissingFieldsError extends DomainError {
  readonly code = 'MISSING_FIELDS';
  constructor(readonly missing: string[]) {
    super(`Missing required fields: ${missing.join(', ')}`, { missing });
  }
}

export class InsufficientBalanceError extends DomainError {
  readonly code = 'INSUFFICIENT_BALANCE';
  constructor(
    readonly requiredHalala: number,
    readonly availableHalala: number,
  ) {
    super('Insufficient balance', {
      required_halala: requiredHalala,
      available_halala: availableHalala,
      shortfall_halala: Math.max(0, requiredHalala - availableHalala),
    });
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

/** A job action that its current status does not allow. */
export class IllegalTransitionError extends DomainError {
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly currentStatus: string,
    readonly action: string,
  ) {
    super(`Cannot ${action} a job that is ${currentStatus}`, { current_status: currentStatus });
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Rate limit exceeded',
  ) {
    super(message, { retry_after_seconds: retryAfterSeconds });
  }
}

/**
 * The database cannot be reached right now (restarting, down, refusing connections): retry later. The
 * request's transaction is all or nothing; only when the connection died during COMMIT can it be unknown
 * which, as with any database client (docs/operations-database-outages.md).
 */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    readonly retryAfterSeconds = 1,
    message = 'Service temporarily unavailable: the database cannot be reached. Try again shortly.',
  ) {
    super(message, { retry_after_seconds: retryAfterSeconds });
  }
}

/** A feature switched off in this profile (e.g. sandbox top-up in production). */
export class DisabledError extends DomainError {
  readonly code = 'DISABLED';
}

/**
 * A request that is well-formed but breaks a business rule with its own documented message
 * (e.g. "Provider is not online", "Provider does not meet GPU requirements"); `code` tells adapters which.
 */
export class RuleViolationError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/** A Postgres unique-constraint violation (23505), as postgres.js or PGlite report it through drizzle. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}
