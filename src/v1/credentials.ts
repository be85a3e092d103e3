import { hashKey, type Principal } from '../domain/auth.js';
import { UnauthorizedError } from '../domain/errors.js';
import { inferenceCaller, type InferenceCaller } from '../domain/inference.js';
import type { Gateway } from '../gateway.js';
import { V1Error } from './envelope.js';

export type RenterPrincipal = Extract<Principal, { kind: 'renter' }>;

/** An authenticated renter; `fromCache` when its key was not looked up for this request. */
export interface RenterCaller extends InferenceCaller {
  principal: RenterPrincipal;
  fromCache: boolean;
}

const MAX_KEY_LENGTH = 128;
/**
 * How long a looked-up renter key is trusted without a lookup. Nothing that costs money or reaches a
 * provider relies on it: the reservation re-checks the key and the renter's status in its own statement.
 */
const KEY_CACHE_TTL_MS = 30_000;
const MAX_CACHED_KEYS = 10_000;

/** `?key=` of a request target (path and query, or a full URL). */
function queryKey(url: string): string | undefined {
  const query = url.indexOf('?');
  return query < 0 ? undefined : (new URLSearchParams(url.slice(query + 1)).get('key') ?? undefined);
}

/** The renter key as the OpenAI SDKs and the legacy clients send it: Bearer, then x-renter-key, then ?key=. */
export function credentialFrom(header: (name: string) => string | undefined, url: string): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(header('authorization') ?? '')?.[1]?.trim();
  return bearer || header('x-renter-key')?.trim() || queryKey(url)?.trim() || undefined;
}

const authError = (code: string, message: string) => new V1Error(401, 'authentication_error', code, message);
const INVALID_KEY = 'Invalid or inactive API key';

const isAuthFailure = (err: unknown) => err instanceof UnauthorizedError || (err instanceof V1Error && err.status === 401);

/** Resolves credentials to active renters (docs/decisions.md#v1-credentials), remembering recent answers for a short while. */
export class RenterKeys {
  private readonly cache = new Map<string, { caller: RenterCaller; expiresAt: number }>();

  constructor(private readonly gateway: Gateway) {}

  /** The renter behind `key`, or the contract's 401; served from the cache when `fresh` is not asked. */
  async authenticate(key: string | undefined, fresh = false): Promise<RenterCaller> {
    if (!key) throw authError('authentication_required', 'Missing API key: send Authorization: Bearer <renter key>');
    // Checked before any lookup so a provider pasting its own key learns why at once.
    if (/^(?:dc1|dcp)-provider-/.test(key)) throw authError('wrong_key_type', 'Provider keys cannot call /v1; use a renter API key');
    const keyHash = hashKey(key);
    const hit = this.cache.get(keyHash);
    if (!fresh && hit && hit.expiresAt > performance.now() && !this.keyExpired(hit.caller)) return { ...hit.caller, fromCache: true };
    this.cache.delete(keyHash);
    const principal = key.length > MAX_KEY_LENGTH ? undefined : await this.gateway.domain.principal(key);
    if (principal && principal.kind !== 'renter') throw authError('wrong_key_type', 'Only renter API keys can call /v1');
    if (!principal || principal.status !== 'active') throw authError('authentication_invalid_key', INVALID_KEY);
    // A sub-key without the inference scope is refused here, before it is remembered.
    const caller = { ...inferenceCaller(principal, keyHash), principal, fromCache: false };
    this.remember(keyHash, caller);
    return caller;
  }

  /**
   * The error to answer a failed request with. A caller served from the cache is looked up again: if
   * its key no longer holds, the answer is the 401 a fresh lookup gives (a revoked key learns nothing
   * more), else `err` itself. A key the reservation refused leaves the cache.
   */
  async confirm(key: string | undefined, caller: RenterCaller | undefined, err: unknown): Promise<unknown> {
    if (!caller) return err;
    if (isAuthFailure(err)) {
      this.cache.delete(caller.keyHash);
      return err;
    }
    if (!caller.fromCache) return err;
    return this.authenticate(key, true).then(
      () => err,
      (authFailure: unknown) => authFailure,
    );
  }

  /** A sub-key past its expiry is never served from the cache, so it is refused from its first expired second. */
  private keyExpired(caller: RenterCaller): boolean {
    const { expiresAt } = caller.principal;
    return expiresAt !== undefined && expiresAt <= this.gateway.domain.ctx.now();
  }

  private remember(keyHash: string, caller: RenterCaller): void {
    // Oldest first: a Map iterates in insertion order.
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(keyHash, { caller, expiresAt: performance.now() + KEY_CACHE_TTL_MS });
  }
}
