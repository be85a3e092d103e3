import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { keyKindFromPrefix, type Principal } from '../domain/auth.js';
import type { Gateway } from '../gateway.js';
import { notePrincipal } from '../observability/requestId.js';
import { httpError, readJsonBody } from './http.js';

/**
 * Where each endpoint family of the original service reads its credential (docs/decisions.md#credentials). The
 * families differ on purpose: clients depend on the quirks (body `key` for pause, path segment for the
 * legacy poll, query-first vs header-first), so each route names the family it belongs to.
 */

export type CredentialSource =
  | { from: 'header'; name: string }
  | { from: 'query'; name: string }
  | { from: 'body'; name: string }
  | { from: 'path'; name: string }
  | { from: 'bearer' };

export const source = {
  header: (name: string): CredentialSource => ({ from: 'header', name }),
  query: (name: string): CredentialSource => ({ from: 'query', name }),
  body: (name: string): CredentialSource => ({ from: 'body', name }),
  path: (name: string): CredentialSource => ({ from: 'path', name }),
  bearer: (): CredentialSource => ({ from: 'bearer' }),
};

const { header, query, body, path, bearer } = source;

/**
 * The families of the legacy REST contract, first hit wins. Every provider family also takes `X-Provider-Key` and
 * `Authorization: Bearer` (after the places the contract names), so a client can send the key the same
 * way to every provider route; the exceptions are the ones the contract pins to one place: the legacy path
 * segment, `?key=` on /jobs/assigned, and body `key` on pause, resume and preferences.
 */
export const FAMILIES = {
  admin: [header('x-admin-token'), bearer()],
  /** GET /renters/me */
  renterMe: [query('key'), header('x-renter-key')],
  /** /renters/balance, /topup, /rotate-key, /me/export, DELETE /renters/me */
  renterAccount: [header('x-renter-key'), query('key')],
  /** requireRenter in jobs.js: submit, retry; and the renter side of job readers, cancel, complete */
  renterJobs: [header('x-renter-key'), query('renter_key'), query('key')],
  /** GET /jobs/history */
  renterHeaderOnly: [header('x-renter-key')],
  /** GET /jobs/:id/logs/stream */
  renterStream: [query('key'), header('x-renter-key')],
  /** The provider side of job readers and of /jobs/:id/result, /fail */
  providerJobs: [header('x-provider-key'), query('key'), body('api_key'), bearer()],
  /** Daemon body-key endpoints: daemon-event, readiness, job-result, progress, job logs, endpoint-ready */
  providerBody: [body('api_key'), header('x-provider-key'), bearer()],
  /** POST /providers/heartbeat: the daemon's body key first; the Python provider SDK sends only the header (docs/decisions.md#credentials) */
  providerHeartbeat: [body('api_key'), header('x-provider-key'), bearer()],
  /** POST /providers/pause, /resume, /preferences read body `key` only, not `api_key` and not a header (pinned by the contract's tests) */
  providerBodyKey: [body('key')],
  /** GET /providers/me, /earnings, /job-history */
  providerQueryFirst: [query('key'), header('x-provider-key'), bearer()],
  /** GET /providers/status, POST /providers/(me/)rotate-key */
  providerHeaderFirst: [header('x-provider-key'), query('key'), bearer()],
  /** GET /providers/:api_key/jobs */
  providerPath: [path('api_key')],
  /** GET /providers/jobs/next: the daemon sends only Bearer (the original answered 400), so Bearer is accepted here */
  providerPoll: [header('x-provider-key'), query('key'), bearer()],
  /** GET /jobs/assigned */
  providerQueryOnly: [query('key')],
  /** Bearer-only daemon calls (verify-hmac-local, earnings/summary), with the usual header and query too */
  providerBearer: [bearer(), header('x-provider-key'), query('key')],
} satisfies Record<string, CredentialSource[]>;

const MAX_KEY_LENGTH = 128;
const MAX_ADMIN_TOKEN_LENGTH = 512;

/** A usable credential is a non-array string, trimmed, non-empty and bounded (normalizeCredential). */
function normalise(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return v && v.length <= maxLength ? v : undefined;
}

async function readSource(c: Context, s: CredentialSource): Promise<unknown> {
  switch (s.from) {
    case 'header':
      return c.req.header(s.name);
    case 'query': {
      // A repeated parameter is an array in Express, which the original rejects.
      const all = c.req.queries(s.name);
      return all && all.length === 1 ? all[0] : undefined;
    }
    case 'body':
      return (await readJsonBody(c))[s.name];
    case 'path':
      return c.req.param(s.name);
    case 'bearer': {
      const m = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
      return m?.[1];
    }
  }
}

/** The first credential found in `sources`, normalised; undefined when none is usable. */
export async function readCredential(c: Context, sources: CredentialSource[], maxLength = MAX_KEY_LENGTH): Promise<string | undefined> {
  for (const s of sources) {
    const value = normalise(await readSource(c, s), maxLength);
    if (value) return value;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Deprecation of query-string credentials

const QUERY_CREDENTIALS = ['key', 'renter_key', 'provider_key'];
const SUNSET_DAYS = 30;

/** Any route: a credential in the query string still works but announces its sunset. */
export const deprecationHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const url = new URL(c.req.url);
  if (!QUERY_CREDENTIALS.some((name) => url.searchParams.has(name))) return;
  c.header('Deprecation', 'true');
  c.header('Sunset', new Date(Date.now() + SUNSET_DAYS * 86_400_000).toUTCString());
  c.header('Link', '<https://api.dcp.sa/docs/auth#bearer>; rel="deprecation"');
};

// ---------------------------------------------------------------------------------------------------------
// Principals per family

export type RenterPrincipal = Extract<Principal, { kind: 'renter' }>;
export type ProviderPrincipal = Extract<Principal, { kind: 'provider' }>;

/** A refusal: status + message (+ context fields), as the contract gives them for one endpoint. */
export interface Refusal {
  status: ContentfulStatusCode;
  message: string;
  extra?: Record<string, unknown>;
}

export interface AuthMessages {
  /** No usable credential. */
  missing: Refusal;
  /** A credential that matches no live account of the right kind (or one whose status the route refuses). */
  invalid: Refusal;
}

const refuse = (r: Refusal) => httpError(r.status, r.message, r.extra);

export const WRONG_KEY_TYPE = {
  providerOnRenter: {
    status: 401,
    message: 'Wrong key type: provider key cannot be used on renter endpoint',
    extra: { code: 'wrong_key_type' },
  },
  renterOnProvider: {
    status: 401,
    message: 'Wrong key type: renter key cannot be used on provider endpoint',
    extra: { code: 'wrong_key_type' },
  },
} satisfies Record<string, Refusal>;

export interface RenterOptions {
  /** Accept a renter whatever its status (export and erasure); default: only `active`. */
  anyStatus?: boolean;
}

/** The renter behind the family's credential, or an HttpError with the route's messages. */
export async function requireRenter(
  c: Context,
  gateway: Gateway,
  sources: CredentialSource[],
  messages: AuthMessages,
  options: RenterOptions = {},
): Promise<RenterPrincipal> {
  const credential = await renterCredential(c, sources, messages);
  const principal = await gateway.domain.principal(credential);
  acceptRenter(principal, messages, options);
  return notePrincipal(c, principal);
}

/** The renter family's credential, refused before any lookup when missing or a provider key by its prefix. */
export async function renterCredential(c: Context, sources: CredentialSource[], messages: AuthMessages): Promise<string> {
  const credential = await readCredential(c, sources);
  if (!credential) throw refuse(messages.missing);
  if (keyKindFromPrefix(credential) === 'provider') throw refuse(WRONG_KEY_TYPE.providerOnRenter);
  return credential;
}

/** Throws the route's refusal unless the credential resolved to a renter (an active one, unless `anyStatus`). */
export function acceptRenter(principal: Principal | undefined, messages: AuthMessages, options: RenterOptions = {}): asserts principal is RenterPrincipal {
  if (principal?.kind === 'provider') throw refuse(WRONG_KEY_TYPE.providerOnRenter);
  if (principal?.kind !== 'renter') throw refuse(messages.invalid);
  if (!options.anyStatus && principal.status !== 'active') throw refuse(messages.invalid);
}

/** The provider behind the family's credential (soft-deleted providers are refused), or an HttpError. */
export async function requireProvider(
  c: Context,
  gateway: Gateway,
  sources: CredentialSource[],
  messages: AuthMessages,
): Promise<ProviderPrincipal> {
  const credential = await providerCredential(c, sources, messages);
  const principal = await gateway.domain.principal(credential);
  acceptProvider(principal, messages);
  return notePrincipal(c, principal);
}

/** The provider family's credential, refused before any lookup when missing or a renter key by its prefix. */
export async function providerCredential(c: Context, sources: CredentialSource[], messages: AuthMessages): Promise<string> {
  const credential = await readCredential(c, sources);
  if (!credential) throw refuse(messages.missing);
  if (keyKindFromPrefix(credential) === 'renter') throw refuse(WRONG_KEY_TYPE.renterOnProvider);
  return credential;
}

/** Throws the route's refusal unless the credential resolved to a live provider (soft-deleted ones refused). */
export function acceptProvider(principal: Principal | undefined, messages: AuthMessages): asserts principal is ProviderPrincipal {
  if (principal?.kind === 'renter') throw refuse(WRONG_KEY_TYPE.renterOnProvider);
  if (principal?.kind !== 'provider' || principal.deleted) throw refuse(messages.invalid);
}

const ADMIN_DENIED: Refusal = { status: 401, message: 'Admin access denied' };

/** True when the request carries the admin token (x-admin-token, then Bearer). */
async function isAdmin(c: Context, gateway: Gateway): Promise<boolean> {
  const token = await readCredential(c, FAMILIES.admin, MAX_ADMIN_TOKEN_LENGTH);
  if (!token) return false;
  return (await gateway.domain.principal(token))?.kind === 'admin';
}

/** Every /admin route: 401 `Admin access denied` without the admin token. */
export async function requireAdmin(c: Context, gateway: Gateway): Promise<Extract<Principal, { kind: 'admin' }>> {
  if (!(await isAdmin(c, gateway))) throw refuse(ADMIN_DENIED);
  return notePrincipal(c, { kind: 'admin' });
}

export interface ActorFamilies {
  admin?: boolean;
  renter?: CredentialSource[];
  provider?: CredentialSource[];
}

/** The mixed-caller families of the job routes (and the OpenAPI document, which describes them). */
export const ACTORS = {
  /** Job readers: admin, the owning renter, or the assigned provider (the daemon polls a vllm_serve job with Bearer only: docs/decisions.md#credentials). */
  jobReaders: { admin: true, renter: FAMILIES.renterJobs, provider: FAMILIES.providerJobs },
  /** Renter-or-admin controls: cancel, complete. */
  renterControls: { admin: true, renter: FAMILIES.renterJobs },
  /** Provider-or-admin settlement: result, fail. */
  providerControls: { admin: true, provider: FAMILIES.providerJobs },
} satisfies Record<string, ActorFamilies>;

/**
 * For routes several kinds of caller may use (job readers, cancel, queue views): admin first, then the
 * renter family, then the provider family. Whether that principal may see the job is the domain's call.
 * Returns undefined when no credential resolves; the route picks its own refusal.
 */
export async function resolveActor(
  c: Context,
  gateway: Gateway,
  families: ActorFamilies,
  /** How a renter or provider credential is resolved; a route may read what it needs in the same round trip. */
  lookup: (credential: string) => Promise<Principal | undefined> = (credential) => gateway.domain.principal(credential),
): Promise<Principal | undefined> {
  if (families.admin && (await isAdmin(c, gateway))) return notePrincipal(c, { kind: 'admin' });
  for (const [kind, sources] of [
    ['renter', families.renter],
    ['provider', families.provider],
  ] as const) {
    if (!sources) continue;
    const credential = await readCredential(c, sources);
    if (!credential) continue;
    const principal = await lookup(credential);
    if (principal?.kind === kind) return notePrincipal(c, principal);
  }
  return undefined;
}
