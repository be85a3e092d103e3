import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startTestGateway, storeName, type TestGateway } from './helpers/index.js';

/**
 * One gateway for the whole file (a PGlite boot costs seconds); the shutdown test runs last because it
 * closes it.
 */
describe(`server (${storeName})`, () => {
  let t: TestGateway;
  const wsUrl = (path: string) => `${t.url.replace('http', 'ws')}${path}`;
  const echo = new WebSocketServer({ noServer: true });
  echo.on('connection', (ws) => ws.on('message', (data) => ws.send(String(data))));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived = 0;

  beforeAll(async () => {
    t = await startTestGateway({
      shutdownGraceMs: 300,
      setup: (server) => {
        server.onUpgrade('/echo', (req, socket, head) => echo.handleUpgrade(req, socket, head, (ws) => echo.emit('connection', ws, req)));
        server.app.get('/test/slow', async (c) => {
          arrived += 1;
          await released;
          return c.json({ finished: true });
        });
        server.app.get('/test/boom', () => {
          throw new Error('connection string postgres://secret');
        });
        server.app.get('/test/stuck', () => {
          arrived += 1;
          return new Promise<Response>(() => {});
        });
      },
    });
  });
  afterAll(() => t?.close());

  it('answers GET / with a service banner linking the three faces', async () => {
    const res = await t.fetchJson('/');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'dcp-gateway',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      status: 'ok',
      links: { graphql: `${t.url}/graphql`, rest_docs: `${t.url}/api/docs`, models: `${t.url}/v1/models` },
    });
  });

  it('answers an unknown path outside the faces with a JSON 404', async () => {
    const res = await t.fetchJson('/no/such/path');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body).toEqual({ error: 'Not found' });
  });

  it('answers an unknown REST path with a JSON 404, the same under /api and /api/dc1', async () => {
    const [api, dc1] = await Promise.all([t.fetchJson('/api/no-such-route'), t.fetchJson('/api/dc1/no-such-route')]);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
    expect(api.body).toEqual({ error: expect.any(String) });
    expect(dc1.status).toBe(404);
    expect(dc1.body).toEqual(api.body);
  });

  it('answers an unexpected error with a JSON 500 that reveals nothing', async () => {
    const res = await t.fetchJson('/test/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'Internal server error' });
  });

  it('serves GraphiQL to a browser asking for /graphql', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect((await res.text()).toLowerCase()).toContain('graphiql');
  });

  it('executes GraphQL operations posted to /graphql', async () => {
    const res = await t.gql('{ __typename }');
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ __typename: 'Query' });
  });

  it('hands WebSocket upgrades to the handler registered for their path', async () => {
    const ws = new WebSocket(wsUrl('/echo'));
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('ping');
    expect(await reply).toBe('ping');
    ws.close();
  });

  it('refuses WebSocket upgrades on paths nobody registered', async () => {
    const ws = new WebSocket(wsUrl('/nowhere'));
    const status = await new Promise<number | undefined>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.once('error', () => resolve(undefined));
    });
    expect(status).toBe(404);
  });

  it('shuts down gracefully: in-flight requests finish, stuck ones and sockets are cut after the grace period, the gateway closes', async () => {
    const socket = new WebSocket(wsUrl('/echo'));
    await new Promise((resolve) => socket.once('open', resolve));
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    const slow = fetch(`${t.url}/test/slow`);
    const stuck = fetch(`${t.url}/test/stuck`).then(
      () => 'answered',
      () => 'cut',
    );
    await expect.poll(() => arrived, { timeout: 10_000 }).toBe(2);

    const closed = t.close();
    release();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    await closed;

    expect(await stuck).toBe('cut');
    await socketClosed;
    await expect(fetch(`${t.url}/`)).rejects.toThrow();
    await expect(t.gateway.store.db.execute(sql`select 1`)).rejects.toThrow();
  });
});
