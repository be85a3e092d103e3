import { createGraphQLError } from 'graphql-yoga';
import type { RateLimitedError } from '../domain/errors.js';
import { credentialSubject, ipSubject, type LimitedRequest, type LimiterName } from '../domain/ratelimit.js';
import type { Gateway } from '../gateway.js';

/**
 * The REST budgets (src/domain/ratelimit.ts) applied to GraphQL operations, counted in the same buckets:
 * a GraphQL sign-up spends the REST register budget of its address, a GraphQL submit the submit budget
 * of its key. Per-request budgets refuse the whole request (HTTP 429, `RATE_LIMITED`, Retry-After);
 * per-operation budgets make a mutation return its typed `RateLimited` result.
 */

/** Who sent an operation, as the rate limits see it. */
export interface Client {
  /** The peer address; unknown where the transport does not pass it on (graphql-ws operations). */
  ip?: string;
  /** The credential presented, whether or not it turns out to be valid. */
  credential?: string;
}

/** Address budgets without an address fall back to one shared bucket, as REST does: fail closed. */
const addressOf = (client: Client) => ipSubject(client.ip ?? 'unknown');

/** The caller's key when it sent one, else its address (REST's rule for per-caller budgets). */
const callerOf = (client: Client) => (client.credential ? credentialSubject(client.credential) : addressOf(client));

/** A refusal of the whole request: 429 with Retry-After over HTTP, the same code and figure in the body. */
function requestRefused(error: RateLimitedError) {
  const seconds = error.retryAfterSeconds;
  return createGraphQLError(error.message, {
    extensions: { code: error.code, retryAfterSeconds: seconds, http: { status: 429, headers: { 'Retry-After': String(seconds) } } },
  });
}

/**
 * Counts a request against the per-address and per-credential budgets (one statement) and, alongside,
 * refuses a credential from an address that has used up its failed attempts, before it is checked.
 */
export async function admitRequest(gateway: Gateway, client: Client): Promise<void> {
  const limits = gateway.domain.rateLimits;
  if (!limits.enabled) return;
  const requests: LimitedRequest[] = [];
  // Without an address every graphql-ws client would share one per-request bucket and starve the others.
  if (client.ip) requests.push({ limiter: 'general', subject: ipSubject(client.ip) });
  if (client.credential) requests.push({ limiter: 'tiered', subject: credentialSubject(client.credential) });
  else if (client.ip) requests.push({ limiter: 'tiered_anonymous', subject: ipSubject(client.ip) });
  const failures = client.credential && client.ip ? limits.exhausted('credential_failures', ipSubject(client.ip)) : undefined;
  const [{ refused }, failedTooOften] = await Promise.all([limits.count(requests), failures]);
  const refusal = refused?.error ?? failedTooOften;
  if (refusal) throw requestRefused(refusal);
}

/** Counts a refused credential against its address's failed attempts. */
export async function recordCredentialFailure(gateway: Gateway, client: Client): Promise<void> {
  if (client.ip) await gateway.domain.rateLimits.count([{ limiter: 'credential_failures', subject: ipSubject(client.ip) }]);
}

interface Caller {
  gateway: Gateway;
  client: Client;
}

/** The budget a mutation spends, and on whose behalf; throws RateLimited (a typed result) when it is spent. */
const spend =
  (limiter: LimiterName, subjectOf: (client: Client) => string) =>
  ({ gateway, client }: Caller) =>
    gateway.domain.rateLimits.enforce(limiter, subjectOf(client));

/** Renter and provider sign-ups share one budget per address. */
export const spendRegistration = spend('register', addressOf);
export const spendSubmit = spend('submit', callerOf);
export const spendTopUp = spend('topup', addressOf);
export const spendHeartbeat = spend('heartbeat', callerOf);
/** Per caller and job: the same job reference as REST's `/jobs/:job_id/retry`. */
export const spendRetry = ({ gateway, client }: Caller, jobRef: string) =>
  gateway.domain.rateLimits.enforce('retry', `${callerOf(client)}:job:${jobRef}`);
