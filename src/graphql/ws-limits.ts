import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { WebSocket } from 'ws';
import type { Config } from '../config.js';
import { originAllowed } from '../cors.js';

/**
 * What one client may hold open over graphql-ws (docs/connection-limits.md): connections per address,
 * operations per connection, and (in ws.ts, through graphql-ws) how long a connection may stay silent
 * before connection_init. A browser page from a site outside the CORS allowlist may not connect at all.
 */

/** 1008 Policy Violation: graphql-ws clients do not retry it, so a leaking client stops instead of hammering. */
export const TOO_MANY_CONNECTIONS_CLOSE = { code: 1008, reason: (max: number) => `Too many connections from this address (limit ${max})` };
/** How long a refused client has to answer the close frame before its socket is dropped (ws waits 30 s). */
const REFUSED_LINGER_MS = 1_000;

/**
 * Refuses a connection over its address's limit after the handshake, so the client reads a close code
 * and a reason rather than a bare failure; a client that ignores the close frame is dropped soon after.
 */
export function refuseConnection(ws: WebSocket, max: number): void {
  ws.close(TOO_MANY_CONNECTIONS_CLOSE.code, TOO_MANY_CONNECTIONS_CLOSE.reason(max));
  setTimeout(() => ws.terminate(), REFUSED_LINGER_MS).unref();
}

/**
 * The client's address, by the rule REST and GraphQL over HTTP use for their rate limits: the socket
 * peer. X-Forwarded-For is not read: nothing here knows which proxies to trust, and a client could
 * otherwise pick its own address.
 */
export function clientAddress(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/**
 * Refuses the handshake of a browser page from an origin outside the allowlist, as CORS would refuse its
 * fetch (browsers send Origin on every WebSocket handshake and apply no CORS to it). Clients that are not
 * browsers send no Origin and are let through. Returns true when it answered (and closed) the socket.
 */
export function refuseForeignOrigin(config: Config, request: IncomingMessage, socket: Duplex): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || originAllowed(origin, config.rest) || sameOrigin(origin, request.headers.host)) return false;
  const body = JSON.stringify({ error: 'Origin not allowed by CORS' });
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return true;
}

/**
 * A page the gateway itself served (GraphiQL opened on a LAN address, or on a production host that is not in
 * the allowlist): its Origin names the host the handshake is addressed to. A cross-site page cannot choose
 * the Host header its browser sends, so this admits no other site.
 */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Open graphql-ws connections per client address; 0 means no limit. */
export class ConnectionsPerAddress {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Counts a new connection from `address`, or returns false when the address is at its limit. */
  admit(address: string): boolean {
    const count = this.open.get(address) ?? 0;
    if (this.max > 0 && count >= this.max) return false;
    this.open.set(address, count + 1);
    return true;
  }

  release(address: string): void {
    const count = (this.open.get(address) ?? 1) - 1;
    if (count > 0) this.open.set(address, count);
    else this.open.delete(address);
  }
}

/**
 * The refusal of one more operation on a connection that already runs `max` (graphql-ws registers the new
 * one before asking, so `running` includes it). Only that operation fails; the connection and its other
 * subscriptions go on.
 */
export function operationLimit(running: number, max: number): readonly GraphQLError[] | undefined {
  if (running <= max) return undefined;
  const error = createGraphQLError(`Too many operations on this connection (limit ${max}): complete one first, or open another connection`, {
    extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: max },
  });
  return [error as GraphQLError];
}
