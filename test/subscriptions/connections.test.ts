import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Principal } from '../../src/domain/auth.js';
import { liveFor } from '../../src/graphql/pubsub.js';
import { SHUTDOWN_CLOSE } from '../../src/graphql/ws.js';
import { createGateway } from '../../src/gateway.js';
import { createServer } from '../../src/server.js';
import { freshDatabase, startTestGateway, TEST_ADMIN_TOKEN, testConfig, type TestGateway } from '../helpers/index.js';
import { eventually, heartbeat, newProvider, newRenter, subscribers, subscribeSse, subscribeWs, wsClient, wsUrl, type Account } from './support.js';

const JOB_STATUS = `subscription ($jobId: String!) { jobStatusChanged(ref: { jobId: $jobId }) { event { status } } }`;
const STATUS_CHANGES = `subscription { providerStatusChanged { status } }`;

let t: TestGateway;
let owner: Account<Principal & { kind: 'renter' }>;
let stranger: Account<Principal & { kind: 'renter' }>;
let provider: Account<Principal & { kind: 'provider' }>;
let jobId: string;
const clients: Client[] = [];

function client(params?: Record<string, string>): Client {
  const c = wsClient(t.url, params);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  t = await startTestGateway();
  [owner, stranger, provider] = await Promise.all([newRenter(t.gateway), newRenter(t.gateway), newProvider(t.gateway)]);
  const other = await newProvider(t.gateway);
  // Placed with another provider, so `provider` may not follow it.
  ({ job: { jobId } } = await t.gateway.domain.jobs.submit(owner.principal, { job_type: 'llm_inference', duration_minutes: 1, provider_id: other.id }));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'subscriptions released');
});

afterAll(async () => {
  await t?.close();
});

describe('who may subscribe', () => {
  it('a renter cannot follow another renter’s job', async () => {
    const refused = subscribeWs(client({ 'x-renter-key': stranger.apiKey }), JOB_STATUS, { jobId });
    await refused.ended();
    expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('a provider cannot follow a job that is not assigned to it', async () => {
    const refused = subscribeWs(client({ 'x-provider-key': provider.apiKey }), JOB_STATUS, { jobId });
    await refused.ended();
    expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('an anonymous connection cannot follow jobs', async () => {
    const refused = subscribeWs(client(), JOB_STATUS, { jobId });
    await refused.ended();
    expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('a bad key is refused at connect with 4403 and the reason', async () => {
    const closed = subscribeWs(client({ 'x-renter-key': 'dc1-renter-00000000000000000000000000000000' }), STATUS_CHANGES);
    await closed.ended();
    // The reason names the headers to send, cut to the 123 bytes a close frame allows.
    expect(closed.failure).toMatchObject({ code: 4403, reason: expect.stringMatching(/^The credential in x-renter-key is not a valid API key or admin token; send X-Renter-Key/) });
  });

  it('a key sent under another kind’s name is refused at connect', async () => {
    const closed = subscribeWs(client({ 'x-admin-token': owner.apiKey }), STATUS_CHANGES);
    await closed.ended();
    expect(closed.failure).toMatchObject({ code: 4403, reason: expect.stringContaining('x-admin-token') });
  });

  it('connectionParams accept the Authorization header too', async () => {
    const bearer = subscribeWs(client({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` }), `subscription { heartbeats { databaseId } }`);
    await subscribers(t.gateway, 1);
    await heartbeat(t.gateway, provider.principal);
    await bearer.count(1);
    expect(bearer.data[0]).toEqual({ heartbeats: { databaseId: provider.id } });
  });

  it('an SSE request with a bad key is refused with 401', async () => {
    const res = await t.fetchJson('/graphql', {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'x-renter-key': 'dc1-renter-00000000000000000000000000000000' },
      json: { query: STATUS_CHANGES },
    });
    expect(res.status).toBe(401);
  });
});

describe('slow and vanished subscribers', () => {
  it('a subscriber that falls behind is ended with SUBSCRIBER_TOO_SLOW while the others keep receiving', async () => {
    const healthy = subscribeWs(client({ 'x-admin-token': TEST_ADMIN_TOKEN }), `subscription { heartbeats { databaseId } }`);
    await subscribers(t.gateway, 1);
    const stalled = liveFor(t.gateway).pubsub.subscribe('heartbeats', undefined, { capacity: 2 });
    for (let i = 0; i < 3; i += 1) await heartbeat(t.gateway, provider.principal);
    await healthy.count(3);
    await expect(stalled.next()).rejects.toMatchObject({ extensions: { code: 'SUBSCRIBER_TOO_SLOW' } });
    expect(await stalled.next()).toEqual({ value: undefined, done: true });
  });

  it('an SSE subscription is released when its client goes away', async () => {
    const sse = subscribeSse(t.url, STATUS_CHANGES);
    await subscribers(t.gateway, 1);
    sse.stop();
    await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'the SSE subscription released');
  });
});

describe('keep-alive', () => {
  let short: TestGateway;
  beforeAll(async () => {
    short = await startTestGateway({ graphqlWs: { keepAliveMs: 300 } });
  });
  afterAll(async () => {
    await short?.close();
  });

  it('a socket that stops answering pings is terminated and its subscriptions released', async () => {
    const socket = new WebSocket(wsUrl(short.url), 'graphql-transport-ws', { autoPong: false });
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await eventually(() => messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: STATUS_CHANGES } }));
    await subscribers(short.gateway, 1);
    // Terminated without a close frame: the client sees an abnormal closure.
    expect(await closed).toBe(1006);
    await eventually(() => liveFor(short.gateway).pubsub.subscriberCount === 0, 'the dead socket’s subscription released');
  });
});

// Last, as it shuts the shared gateway down (afterAll's close is then a no-op).
describe('graceful shutdown', () => {
  it('does not hold shutdown for the keep-alive connection an ended SSE stream leaves behind', async () => {
    const database = await freshDatabase();
    const gateway = await createGateway(testConfig(database.databaseUrl));
    // A grace period longer than the test's timeout: the close must finish without it.
    const listening = await createServer(gateway, { shutdownGraceMs: 120_000 }).listen(0, '127.0.0.1');
    // Nor may an idle timeout on either side be what ends the connection.
    listening.server.keepAliveTimeout = 120_000;
    const agent = new Agent({ keepAlive: true });
    try {
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const headers = { 'content-type': 'application/json', accept: 'text/event-stream' };
        const request = httpRequest(`${listening.url}/graphql`, { method: 'POST', agent, headers }, resolve);
        request.on('error', reject);
        request.end(JSON.stringify({ query: STATUS_CHANGES }));
      });
      let stream = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (stream += chunk));
      const streamEnded = new Promise((resolve) => response.once('end', resolve));
      await subscribers(gateway, 1);
      await listening.close();
      await streamEnded;
      expect(stream).toContain('SHUTTING_DOWN');
    } finally {
      agent.destroy();
      await database.drop();
    }
  });

  it('closes WebSockets with 1001 and a reason, and ends SSE streams with SHUTTING_DOWN', async () => {
    let closeEvent: { code: number; reason: string } | undefined;
    const ws = createClient({
      url: wsUrl(t.url),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      on: { closed: (e) => void (closeEvent = e as { code: number; reason: string }) },
    });
    clients.push(ws);
    subscribeWs(ws, STATUS_CHANGES);
    const sse = subscribeSse(t.url, STATUS_CHANGES);
    await subscribers(t.gateway, 2);
    await t.close();
    expect(closeEvent).toMatchObject(SHUTDOWN_CLOSE);
    await sse.ended();
    expect(sse.errors.map((e) => e.extensions?.code)).toEqual(['SHUTTING_DOWN']);
  });
});
