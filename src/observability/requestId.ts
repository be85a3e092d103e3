import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { routePath } from 'hono/route';

/**
 * One record per HTTP request, created by the dispatcher in src/server.ts before any face sees the
 * request and hung on Node's IncomingMessage, which every face can reach (Hono's `c.env.incoming`,
 * Yoga's server context): the faces fill in what only they learn (route pattern, principal kind,
 * GraphQL operation), and the access log and the request metrics read it once the response has ended.
 * A property on an object that exists anyway costs less than AsyncLocalStorage or a child logger per
 * request; log lines written while handling a request carry `requestId` taken from here.
 */

export type Face = 'graphql' | 'rest' | 'v1' | 'root';
export type PrincipalKind = 'renter' | 'provider' | 'admin' | 'anonymous';

export class RequestRecord {
  /** The route pattern the face matched (`/renters/:id`); unset when nothing matched. */
  route: string | undefined = undefined;
  /** Who the credential turned out to be; unset means no credential was accepted. */
  principal: PrincipalKind | undefined = undefined;
  /** GraphQL: the operation's name (`anonymous` when it has none). */
  operation: string | undefined = undefined;
  /** GraphQL: the `code` of each error in the answer, for the access log. */
  errorCodes: string[] | undefined = undefined;

  constructor(
    readonly id: string,
    readonly face: Face,
    /** The path prefix the face is mounted under (`/api/dc1`), stripped from the URL the face sees. */
    readonly prefix: string,
    /** The request target as the client sent it (prefix and query string included). */
    readonly url: string,
    readonly startedAt: number,
  ) {}
}

/** What a client may choose as its request id: short, and nothing a log line or header could be broken with. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's `X-Request-Id` when it is valid, else a fresh UUID. */
/** The path the client asked for, without its query string (for the access log when no route matched). */
export function pathOf(record: RequestRecord): string {
  const query = record.url.indexOf('?');
  return query < 0 ? record.url : record.url.slice(0, query);
}

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && VALID_REQUEST_ID.test(header) ? header : randomUUID();
}

const RECORD = Symbol('dcp.request');
type Tagged = IncomingMessage & { [RECORD]?: RequestRecord };

export function attachRecord(incoming: IncomingMessage, record: RequestRecord): void {
  (incoming as Tagged)[RECORD] = record;
}

/** The record of the request `incoming` is; undefined outside the HTTP server (a test calling app.fetch, a WebSocket operation). */
export function recordOf(incoming: unknown): RequestRecord | undefined {
  return incoming ? (incoming as Tagged)[RECORD] : undefined;
}

/** Anything carrying @hono/node-server's bindings: a Hono context (its env is `{ incoming, outgoing }` under Node). */
interface NodeBindings {
  env?: unknown;
}

const incomingOf = (c: NodeBindings): unknown => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;

/** The record behind a Hono context (@hono/node-server passes `{ incoming, outgoing }` as the env). */
export function recordOfContext(c: NodeBindings): RequestRecord | undefined {
  return recordOf(incomingOf(c));
}

/** The request id to write into an error body or a log line; undefined outside the HTTP server. */
export function requestIdOfContext(c: NodeBindings): string | undefined {
  return recordOf(incomingOf(c))?.id;
}

/** Records the principal a face accepted, for the access log; returns it unchanged. */
export function notePrincipal<P extends { kind: PrincipalKind }>(c: NodeBindings, principal: P): P {
  const record = recordOf(incomingOf(c));
  if (record) record.principal = principal.kind;
  return principal;
}

/** Records the route pattern the Hono app matched (a catch-all middleware is not a route: nothing matched). */
export function noteRoute(c: Context): void {
  const record = recordOf(incomingOf(c));
  if (!record) return;
  const route = routePath(c, -1);
  if (route && !route.endsWith('*')) record.route = route;
}

/** A JSON error body with the request's id added as `request_id` (outside the HTTP server: unchanged). */
export function withRequestId<T extends object>(c: NodeBindings, body: T): T {
  const id = recordOf(incomingOf(c))?.id;
  return id === undefined ? body : { ...body, request_id: id };
}
