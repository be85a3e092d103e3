import { IncomingMessage } from 'node:http';
import { createGraphQLError, type YogaInitialContext } from 'graphql-yoga';
import { ANONYMOUS, type Principal } from '../domain/auth.js';
import type { Gateway } from '../gateway.js';
import { admitRequest, recordCredentialFailure, type Client } from './ratelimit.js';

export interface GraphQLContext {
  gateway: Gateway;
  /** Who is asking, resolved once per request (or per WebSocket connection). */
  principal: Principal;
  /** Who sent the operation, for the rate limits. */
  client: Client;
}

/** The headers REST accepts, each with the principal kind it must carry; Authorization may carry any. */
const CREDENTIAL_HEADERS = [
  { header: 'x-admin-token', kind: 'admin', expected: 'the admin token' },
  { header: 'x-provider-key', kind: 'provider', expected: 'a provider key' },
  { header: 'x-renter-key', kind: 'renter', expected: 'a renter key' },
] as const;

interface Presented {
  source: string;
  /** The principal kind the header is reserved for, with its description; none for Authorization. */
  kind?: Principal['kind'];
  expected?: string;
  value: string;
}

/** What a caller without a valid credential is told to send (docs/graphql-schema.md, "Errors"). */
export const CREDENTIAL_HINT = 'send X-Renter-Key, X-Provider-Key, X-Admin-Token or Authorization: Bearer <key>';

/** Built with Yoga's copy of graphql-js, so Yoga recognises it as a deliberate error and does not mask it. */
function unauthenticated(message: string) {
  return createGraphQLError(`${message}; ${CREDENTIAL_HINT}`, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

function presentedCredentials(headers: Headers): Presented[] {
  const found: Presented[] = [];
  for (const { header, kind, expected } of CREDENTIAL_HEADERS) {
    const value = headers.get(header);
    if (value !== null) found.push({ source: header, kind, expected, value: value.trim() });
  }
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const bearer = /^Bearer\s+(.*)$/i.exec(authorization.trim());
    if (!bearer) throw unauthenticated('The Authorization header must use the Bearer scheme');
    found.push({ source: 'Authorization', value: bearer[1].trim() });
  }
  return found;
}

/**
 * The principal behind a request's credentials. No credential means anonymous; a credential that
 * matches nothing, or a key sent in a header meant for another kind of account, is an error rather
 * than a silent fallback to anonymous.
 */
export async function principalFromHeaders(gateway: Gateway, headers: Headers): Promise<Principal> {
  const presented = presentedCredentials(headers);
  if (presented.length === 0) return ANONYMOUS;
  if (new Set(presented.map((p) => p.value)).size > 1)
    throw unauthenticated(`Conflicting credentials in ${presented.map((p) => p.source).join(', ')}: send one`);
  const [first] = presented;
  if (!first.value) throw unauthenticated(`The ${first.source} credential is empty`);
  const principal = await gateway.domain.principal(first.value);
  if (!principal) throw unauthenticated(`The credential in ${first.source} is not a valid API key or admin token`);
  const typed = presented.find((p) => p.kind);
  if (typed && principal.kind !== typed.kind) throw unauthenticated(`The credential in ${typed.source} is not ${typed.expected}`);
  return principal;
}

/** The credential a request presents, read leniently: it is counted against its budget before it is checked. */
function presentedCredential(headers: Headers): string | undefined {
  const bearer = /^Bearer\s+(.*)$/i.exec(headers.get('authorization')?.trim() ?? '')?.[1];
  return [...CREDENTIAL_HEADERS.map(({ header }) => headers.get(header)), bearer].map((value) => value?.trim()).find(Boolean);
}

/** The Node request behind an HTTP operation (Hono's node adapter passes it as the server context). */
function peerAddress(initial: Record<string, unknown>): string | undefined {
  return initial.incoming instanceof IncomingMessage ? initial.incoming.socket.remoteAddress : undefined;
}

export async function createContext(gateway: Gateway, initial: YogaInitialContext & Record<string, unknown>): Promise<GraphQLContext> {
  const headers = initial.request.headers;
  const client: Client = { ip: peerAddress(initial), credential: presentedCredential(headers) };
  await admitRequest(gateway, client);
  try {
    return { gateway, client, principal: await principalFromHeaders(gateway, headers) };
  } catch (err) {
    // A refused credential counts as a failed attempt; anything else is unexpected, not the client's doing.
    if (client.credential && err instanceof Error && err.name === 'GraphQLError') await recordCredentialFailure(gateway, client);
    throw err;
  }
}
