import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { packageInfo as pkg } from './packageInfo.js';
import type { Gateway } from './gateway.js';
import { attachGraphQLWs, type GraphQLWsOptions } from './graphql/ws.js';
import { graphqlListener } from './graphql/http.js';
import { createGraphQL } from './graphql/yoga.js';
import { answerClientError, httpServerOptions } from './http-limits.js';
import { beginRequest, requestFinished } from './observability/accessLog.js';
import { probeFor, probeRoutes } from './observability/probes.js';
import { requestIdOfContext, withRequestId, type Face as FaceName } from './observability/requestId.js';
import { pageRoutes } from './pages/routes.js';
import { createRestApp } from './rest/app.js';
import { daemonAlias } from './rest/distribution.js';
import { v1Listener } from './v1/listener.js';

/** Takes over an HTTP upgrade request (a WebSocket handshake) for one path. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
export type ShutdownHook = () => unknown;

export interface ServerOptions {
  /** How long in-flight requests and open streams may run on after close() before they are cut. */
  shutdownGraceMs?: number;
  /** graphql-ws at /graphql: keep-alive interval. */
  graphqlWs?: GraphQLWsOptions;
}

export interface ListeningServer {
  port: number;
  url: string;
  /** The Node server, for anything that must attach to it directly (e.g. `new WebSocketServer({ server })`). */
  server: Server;
  /** Stops accepting, lets open requests finish within the grace period, then closes the gateway. */
  close(): Promise<void>;
}

export interface GatewayServer {
  /** The root app (`/`, `/graphql`, short links); tests add routes here. /api and /v1 go to their own apps. */
  app: Hono;
  /** Routes WebSocket upgrades on `path` (graphql-ws on /graphql) to `handler`; other paths get 404. */
  onUpgrade(path: string, handler: UpgradeHandler): void;
  /** Runs at the start of close(), before connections are cut, e.g. to send WebSocket close frames. */
  onShutdown(hook: ShutdownHook): void;
  listen(port: number, host?: string): Promise<ListeningServer>;
}

const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** One HTTP server for the three faces: GraphQL at /graphql, legacy REST at /api and /api/dc1, OpenAI-compatible /v1. */
export function createServer(gateway: Gateway, options: ServerOptions = {}): GatewayServer {
  const yoga = createGraphQL(gateway);
  const graphql = graphqlListener(gateway, yoga);
  const app = createRootApp(gateway);
  const rest = createRestApp(gateway);
  // /api/dc1 before /api, which would otherwise claim it.
  const faces: Face[] = [
    { prefix: '/api/dc1', name: 'rest', fetch: rest.fetch },
    { prefix: '/api', name: 'rest', fetch: rest.fetch },
    { prefix: '/v1', name: 'v1', listener: v1Listener(gateway) },
  ];
  const upgrades = new Map<string, UpgradeHandler>();
  const shutdownHooks: ShutdownHook[] = [];
  const beforeClose = async () => {
    for (const hook of shutdownHooks) await hook();
    // Yoga goes last: the hooks end the WebSocket and SSE subscriptions that still run through it.
    await yoga.dispose();
  };
  const server: GatewayServer = {
    app,
    onUpgrade: (path, handler) => void upgrades.set(path, handler),
    onShutdown: (hook) => void shutdownHooks.push(hook),
    listen: (port, host) =>
      startListening(gateway, (isClosing) => dispatch(gateway, faces, app, graphql, isClosing), { port, host, upgrades, beforeClose, graceMs: options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS }),
  };
  attachGraphQLWs(gateway, yoga, server, options.graphqlWs);
  return server;
}

type FetchHandler = (request: Request, ...rest: any[]) => Response | Promise<Response>;

/** A face served under a path prefix, by its own app with its own not-found and error handlers (or its own Node listener). */
type Face = { prefix: string; name: FaceName } & ({ fetch: FetchHandler } | { listener: RequestListener });

/** The prefix, then the end, a '/' or a '?': /apix is not under /api. */
function under(url: string, prefix: string): boolean {
  const next = url.charCodeAt(prefix.length);
  return url.startsWith(prefix) && (Number.isNaN(next) || next === 47 || next === 63);
}

/**
 * Routes each request to its face by path prefix, before any Request object exists: the face's listener
 * builds the one Request it sees, with the prefix already stripped from the URL (a router mounted inside
 * the root app would build a second one per call); /v1 answers chat completions from Node with none at all.
 * Everything else goes to the root app. The probes and /metrics are answered first, outside the rate limits
 * and the access log; every other request gets its id and its access-log line (src/observability/accessLog.ts).
 */
function dispatch(gateway: Gateway, faces: Face[], root: Hono, graphqlFace: RequestListener, isClosing: () => boolean): RequestListener {
  const routes = faces.map((face) => ({ prefix: face.prefix, name: face.name, listener: 'listener' in face ? face.listener : getRequestListener(face.fetch) }));
  const rootListener = getRequestListener(root.fetch);
  const probes = probeRoutes(gateway, isClosing);
  const finished = requestFinished({ logger: gateway.logger, metrics: gateway.metrics, enabled: gateway.config.accessLog });
  return (request, response) => {
    const url = request.url ?? '/';
    const probe = probeFor(probes, url);
    if (probe) return probe(request, response);
    for (const { prefix, name, listener } of routes) {
      if (under(url, prefix)) {
        beginRequest(request, response, name, prefix, url, finished);
        const rest = url.slice(prefix.length);
        request.url = rest.startsWith('/') ? rest : `/${rest}`;
        return listener(request, response);
      }
    }
    if (under(url, '/graphql')) {
      beginRequest(request, response, 'graphql', '', url, finished).route = '/graphql';
      return graphqlFace(request, response);
    }
    beginRequest(request, response, 'root', '', url, finished);
    return rootListener(request, response);
  };
}

function createRootApp(gateway: Gateway): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json(banner(new URL(c.req.url).origin)));
  // GraphiQL's files and the REST reference page (/docs), served from the project's own dependencies.
  app.route('/', pageRoutes(gateway));
  // The original's short links to the daemon download, outside /api.
  app.get('/daemon', daemonAlias);
  app.get('/installers/daemon', daemonAlias);
  app.notFound((c) => c.json(withRequestId(c, { error: 'Not found' }), 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json(withRequestId(c, { error: err.message || 'Request failed' }), err.status);
    gateway.logger.error({ err, requestId: requestIdOfContext(c), path: c.req.path }, 'unhandled error');
    return c.json(withRequestId(c, { error: 'Internal server error' }), 500);
  });
  return app;
}

function banner(origin: string) {
  return {
    name: pkg.name,
    version: pkg.version,
    status: 'ok',
    links: {
      graphql: `${origin}/graphql`,
      rest_docs: `${origin}/api/docs`,
      rest_reference: `${origin}/docs`,
      models: `${origin}/v1/models`,
    },
    timestamp: new Date().toISOString(),
  };
}

interface ListenOptions {
  port: number;
  host: string | undefined;
  upgrades: Map<string, UpgradeHandler>;
  beforeClose: () => Promise<void>;
  graceMs: number;
}

async function startListening(gateway: Gateway, listenerFor: (isClosing: () => boolean) => RequestListener, o: ListenOptions): Promise<ListeningServer> {
  const limits = gateway.config.connections;
  const server: Server = createHttpServer(httpServerOptions(limits), listenerFor(() => !server.listening));
  // Requests Node refuses before parsing them (header too large, too slow, malformed) answer JSON too.
  server.on('clientError', answerClientError(limits));
  // Upgraded sockets leave the HTTP server's bookkeeping, so track every socket to be able to cut them all.
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // WebSocket connections (graphql-ws is the one upgrade path), for /metrics.
  let upgraded = 0;
  gateway.metrics.watch({ openConnections: () => sockets.size, wsConnections: () => upgraded });
  server.on('upgrade', (request, socket, head) => {
    upgraded += 1;
    socket.once('close', () => (upgraded -= 1));
    routeUpgrade(gateway, o.upgrades, request, socket, head);
  });
  // A response that ends during shutdown (an SSE stream the shutdown hooks ended) leaves its keep-alive
  // connection idle: close it then, instead of letting it hold the shutdown until the grace period.
  server.on('request', (_request, response) =>
    response.once('finish', () => {
      if (!server.listening) setImmediate(() => server.closeIdleConnections());
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${urlHost(o.host)}:${port}`,
    server,
    close: () => (closing ??= shutdown(gateway, server, sockets, o)),
  };
}

function routeUpgrade(gateway: Gateway, upgrades: Map<string, UpgradeHandler>, request: IncomingMessage, socket: Duplex, head: Buffer): void {
  // Nothing else listens on an upgraded socket yet: an unheard error here would crash the process.
  socket.on('error', () => socket.destroy());
  const handler = upgrades.get(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (!handler) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  try {
    handler(request, socket, head);
  } catch (err) {
    gateway.logger.error({ err, path: request.url }, 'upgrade handler failed');
    socket.destroy();
  }
}

async function shutdown(gateway: Gateway, server: Server, sockets: Set<Socket>, o: ListenOptions): Promise<void> {
  // close() stops accepting and drops idle keep-alive connections; busy ones close after their response.
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  const cut = setTimeout(() => {
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
  }, o.graceMs);
  try {
    await o.beforeClose();
    // The hooks ended the streams: their connections may be idle already.
    server.closeIdleConnections();
    await drained;
  } finally {
    clearTimeout(cut);
    await gateway.close();
  }
}

/** A wildcard bind address is not something a client can connect to; show localhost instead. */
function urlHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
