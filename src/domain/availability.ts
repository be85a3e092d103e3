import { DomainError, ServiceUnavailableError } from './errors.js';
import { sleep } from './time.js';

/**
 * Telling a database outage from every other failure. The driver reports an outage in several shapes: a
 * socket error from Node, one of postgres.js's own connection codes, or a SQLSTATE from a server that is
 * shutting down or not yet accepting connections; drizzle wraps any of them in its own error (`cause`).
 * An outage is the client's cue to retry (a 503), never a 500, and never a reason to stop the process.
 */

/** Node socket errors on the way to the database. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** postgres.js: the connection closed, was ended or destroyed, or could not be opened in time. */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
/** admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down), too_many_connections. */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

function isOutageCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  // SQLSTATE class 08: connection exception.
  return SOCKET_CODES.has(code) || DRIVER_CODES.has(code) || SERVER_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
}

/** Whether `err` (or what it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [err];
  while (pending.length) {
    const e = pending.pop();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof ServiceUnavailableError || isOutageCode((e as { code?: unknown }).code)) return true;
    // Wrappers: drizzle's query error (cause); Node's AggregateError when every address refused (errors).
    pending.push((e as { cause?: unknown }).cause, ...(((e as { errors?: unknown }).errors as unknown[] | undefined) ?? []));
  }
  return false;
}

/** `err` as the domain error the faces answer with: itself if it is one, a ServiceUnavailableError for an outage. */
export function asDomainError(err: unknown): DomainError | undefined {
  if (err instanceof DomainError) return err;
  return isDatabaseUnavailable(err) ? new ServiceUnavailableError() : undefined;
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;

/**
 * Runs `read` until it gets through an outage, for work that has a reader waiting (a live subscription's
 * next event), where failing would cut the reader off although the answer only comes late. Retries only
 * while the database is unreachable, for at most `patienceMs` from the first failure; any other error,
 * or the last one once patience runs out, is thrown.
 */
export async function untilAvailable<T>(read: () => Promise<T>, patienceMs: number): Promise<T> {
  let giveUpAt: number | undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await read();
    } catch (err) {
      giveUpAt ??= Date.now() + patienceMs;
      if (Date.now() >= giveUpAt || !isDatabaseUnavailable(err)) throw err;
      await sleep(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt));
    }
  }
}
