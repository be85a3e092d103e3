import type { Context } from 'hono';
import type { Principal } from '../domain/auth.js';
import type { Gateway } from '../gateway.js';
import { V1Error } from './envelope.js';

export type RenterPrincipal = Extract<Principal, { kind: 'renter' }>;

const MAX_KEY_LENGTH = 128;

/** The renter key as the OpenAI SDKs and the legacy clients send it: Bearer, then x-renter-key, then ?key=. */
export function credentialOf(c: Context): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
  return bearer || c.req.header('x-renter-key')?.trim() || c.req.query('key')?.trim() || undefined;
}

const authError = (code: string, message: string) => new V1Error(401, 'authentication_error', code, message);

/** Resolves the request's credential to an active renter, or throws the contract's 401 (v1-contract.md §1). */
export async function authenticateRenter(gateway: Gateway, key: string | undefined): Promise<RenterPrincipal> {
  if (!key) throw authError('authentication_required', 'Missing API key: send Authorization: Bearer <renter key>');
  // Checked before any lookup so a provider pasting its own key learns why at once.
  if (/^(?:dc1|dcp)-provider-/.test(key)) throw authError('wrong_key_type', 'Provider keys cannot call /v1; use a renter API key');
  const principal = key.length > MAX_KEY_LENGTH ? undefined : await gateway.domain.principal(key);
  if (principal && principal.kind !== 'renter') throw authError('wrong_key_type', 'Only renter API keys can call /v1');
  if (!principal || principal.status !== 'active') throw authError('authentication_invalid_key', 'Invalid or inactive API key');
  return principal;
}
