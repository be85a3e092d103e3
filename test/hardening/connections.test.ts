import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { liveFor } from '../../src/graphql/pubsub.js';
import { startTestGateway, storeName, TEST_ADMIN_TOKEN, type TestGateway } from '../helpers/index.js';
import { eventually, heartbeat, newProvider, subscribers, subscribeSse, subscribeWs, wsUrl } from '../subscriptions/support.js';

/**
 * Abusive clients: too many graphql-ws connections from one address, too many subscriptions on one
 * connection, sockets that never say hello, slow-loris headers and bodies, and huge headers. The limits
 * are set small here so every case ends in well under a second.
 */

const LIMITS = {
  DCP_WS_MAX_CONNECTIONS_PER_IP: '3',
  DCP_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
  DCP_WS_CONNECTION_INIT_TIMEOUT_MS: '300',
  DCP_HTTP_HEADERS_TIMEOUT_MS: '300',
  DCP_HTTP_REQUEST_TIMEOUT_MS: '600',
  DCP_HTTP_MAX_HEADER_BYTES: '4096',
};
const HEARTBEATS = `subscription { heartbeats { id } }`;

let t: TestGateway;
let port: number;
const clients: Client[] = [];

/** A graphql-ws client as admin, from `localAddress` (any 127.x address reaches the loopback listener on Linux). */
function client(localAddress?: string): Client {
  const c = createClient({
    url: wsUrl(t.url),
    webSocketImpl: localAddress ? class extends WebSocket { constructor(url: string, protocols: string) { super(url, protocols, { localAddress }); } } : WebSocket,
    connectionParams: { 'x-admin-token': TEST_ADMIN_TOKEN },
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(c);
  return c;
}

/**
 * A raw TCP connection to the gateway; resolves with everything it received once the server closed it,
 * and when. A server that never closes it is given 3 s, then the test's own assertions fail on the time.
 */
function rawConnection(): { socket: Socket; closed: Promise<{ data: string; afterMs: number }> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  const deadline = setTimeout(() => socket.destroy(), 3_000);
  socket.on('close', () => clearTimeout(deadline));
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  // The server may cut the connection while the client still writes.
  socket.on('error', () => undefined);
  const closed = new Promise<{ data: string; afterMs: number }>((resolve) =>
    socket.on('close', () => resolve({ data: Buffer.concat(chunks).toString('utf8'), afterMs: Date.now() - started })),
  );
  return { socket, closed };
}

/** Status line and JSON body of a raw HTTP answer. */
function parseAnswer(raw: string): { status: number; contentType: string | undefined; body: any } {
  const [head, body] = raw.split('\r\n\r\n', 2);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  const contentType = /\r\ncontent-type: ([^\r]+)/i.exec(head)?.[1];
  return { status, contentType, body: body ? JSON.parse(body) : undefined };
}

beforeAll(async () => {
  t = await startTestGateway({ env: LIMITS });
  port = Number(new URL(t.url).port);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'subscriptions released');
});

afterAll(() => t?.close());

describe(`graphql-ws limits (${storeName})`, () => {
  it('refuses the connection over the per-address limit with 1008 and a reason; other addresses and freed slots still get in', async () => {
    const first = [client(), client(), client()];
    const opened = first.map((c) => subscribeWs(c, HEARTBEATS));
    await subscribers(t.gateway, 3);

    const fourth = subscribeWs(client(), HEARTBEATS);
    await fourth.ended();
    expect(fourth.failure).toMatchObject({ code: 1008, reason: 'Too many connections from this address (limit 3)' });
    // The three admitted connections are untouched.
    expect(opened.every((o) => o.failure === undefined && !o.completed)).toBe(true);

    const elsewhere = subscribeWs(client('127.0.0.2'), HEARTBEATS);
    await subscribers(t.gateway, 4);
    expect(elsewhere.failure).toBeUndefined();

    await first[0].dispose();
    await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 3, 'the closed connection released');
    const again = subscribeWs(client(), HEARTBEATS);
    await subscribers(t.gateway, 4);
    expect(again.failure).toBeUndefined();
  });

  it('refuses a subscription over the per-connection limit alone; the others keep receiving, and a freed slot is reusable', async () => {
    const provider = await newProvider(t.gateway);
    const c = client();
    const [a, b] = [subscribeWs(c, HEARTBEATS), subscribeWs(c, HEARTBEATS)];
    await subscribers(t.gateway, 2);
    const third = subscribeWs(c, HEARTBEATS);
    await third.ended();
    // A graphql-ws `error` message: the operation never started.
    expect(third.failure).toMatchObject([{ message: expect.stringContaining('limit 2'), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 } }]);

    await heartbeat(t.gateway, provider.principal);
    await Promise.all([a.count(1), b.count(1)]);

    a.stop();
    await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 1, 'the stopped subscription released');
    const fourth = subscribeWs(c, HEARTBEATS);
    await subscribers(t.gateway, 2);
    await heartbeat(t.gateway, provider.principal);
    await fourth.count(1);
    expect(fourth.errors).toEqual([]);
  });

  it('closes a connection that never sends connection_init with 4408 after the configured timeout', async () => {
    const started = Date.now();
    const socket = new WebSocket(wsUrl(t.url), 'graphql-transport-ws');
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const afterMs = Date.now() - started;
    expect(closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    expect(afterMs).toBeGreaterThanOrEqual(250);
    expect(afterMs).toBeLessThan(2_000);
  });
});

describe(`HTTP limits (${storeName})`, () => {
  it('cuts a slow-loris socket that trickles its headers, with a JSON 408, within the header timeout', async () => {
    const { socket, closed } = rawConnection();
    socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 50);
    const { data, afterMs } = await closed;
    clearInterval(drip);
    expect(afterMs).toBeLessThan(1_500);
    expect(parseAnswer(data)).toMatchObject({ status: 408, contentType: expect.stringMatching(/application\/json/), body: { error: expect.stringMatching(/timeout/i) } });
  });

  it('cuts a socket that connects and sends nothing within the header timeout', async () => {
    const { closed } = rawConnection();
    const { afterMs } = await closed;
    expect(afterMs).toBeLessThan(1_500);
  });

  it('cuts a request whose body trickles in beyond the request timeout', async () => {
    const { socket, closed } = rawConnection();
    socket.write('POST /api/renters/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const drip = setInterval(() => socket.writable && socket.write(' '), 50);
    const { data, afterMs } = await closed;
    clearInterval(drip);
    expect(afterMs).toBeLessThan(2_000);
    expect(parseAnswer(data).status).toBe(408);
  });

  it('answers headers over the limit with a JSON 431, in the /v1 envelope on /v1 paths', async () => {
    const huge = `X-Huge: ${'a'.repeat(8_000)}\r\n`;
    for (const [path, expected] of [
      ['/api/health', { error: expect.stringMatching(/header.*4096 bytes/i) }],
      ['/graphql', { error: expect.stringMatching(/header/i) }],
      ['/v1/models', { error: { type: 'invalid_request_error', code: 'request_header_fields_too_large', status: 431, message: expect.stringMatching(/4096/) } }],
    ] as const) {
      const { socket, closed } = rawConnection();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n${huge}\r\n`);
      const answer = parseAnswer((await closed).data);
      expect(answer, path).toMatchObject({ status: 431, contentType: expect.stringMatching(/application\/json/), body: expected });
    }
  });

  it('still serves ordinary requests on keep-alive connections', async () => {
    const res = await t.fetchJson('/api/health', { headers: { 'x-ok': 'a'.repeat(1_000) } });
    expect(res.status).toBe(200);
  });

  it('lets an SSE subscription run far beyond the request timeout', async () => {
    const provider = await newProvider(t.gateway);
    const sse = subscribeSse(t.url, HEARTBEATS, undefined, { 'x-admin-token': TEST_ADMIN_TOKEN });
    await subscribers(t.gateway, 1);
    // Three request timeouts, and more than the header timeout plus a check interval.
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    await heartbeat(t.gateway, provider.principal);
    await sse.count(1);
    expect(sse.failure).toBeUndefined();
    sse.stop();
    await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'the stream released');
  });
});

describe('configuration', () => {
  it('refuses a header timeout longer than the request timeout, naming both', () => {
    expect(() => loadConfig({ DCP_HTTP_HEADERS_TIMEOUT_MS: '5000', DCP_HTTP_REQUEST_TIMEOUT_MS: '1000' })).toThrow(/DCP_HTTP_HEADERS_TIMEOUT_MS.*DCP_HTTP_REQUEST_TIMEOUT_MS/);
  });

  it('has production-safe defaults', () => {
    expect(loadConfig({}).connections).toEqual({
      wsMaxConnectionsPerIp: 100,
      wsMaxSubscriptionsPerConnection: 100,
      wsConnectionInitTimeoutMs: 3_000,
      httpHeadersTimeoutMs: 10_000,
      httpRequestTimeoutMs: 60_000,
      httpMaxHeaderBytes: 16_384,
    });
    expect(loadConfig({ NODE_ENV: 'production' }).graphqlIntrospection).toBe(false);
    expect(loadConfig({}).graphqlIntrospection).toBe(true);
  });
});
