import type { IncomingMessage } from 'node:http';
import type { ExecutionArgs, GraphQLError } from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createGraphQLError, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Gateway } from '../gateway.js';
import type { GatewayServer } from '../server.js';
import { principalFromHeaders, type GraphQLContext } from './context.js';
import { liveFor } from './pubsub.js';

/**
 * graphql-ws on the HTTP server's upgrade event at /graphql, executing through the Yoga instance's
 * envelop (same schema, plugins, error masking and limits as HTTP). Credentials travel in the
 * connection_init payload under the HTTP header names and are checked before the connection is
 * acknowledged.
 */

export interface GraphQLWsOptions {
  /** Interval between pings; a socket that has not answered by the next one is terminated. */
  keepAliveMs?: number;
}

export const DEFAULT_KEEP_ALIVE_MS = 12_000;
/** What clients see when the server stops: 1001 Going Away, with a reason that says to reconnect. */
export const SHUTDOWN_CLOSE = { code: 1001, reason: 'Server shutting down; reconnect to resume' } as const;
const GRAPHQL_PATH = '/graphql';
/** connection_init and subscribe messages are small; this refuses anything absurd before parsing it. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const CREDENTIAL_PARAMS = ['x-renter-key', 'x-provider-key', 'x-admin-token', 'authorization'];
/** WebSocket close reasons are limited to 123 bytes. */
const MAX_CLOSE_REASON = 123;

type GraphQLYoga = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

type Extra = {
  /** The credentials presented at connect, as HTTP headers, for every operation on this connection. */
  credentials?: Headers;
};

/**
 * The connection's credentials as HTTP headers: `connectionParams` keys are matched case-insensitively
 * against the header names REST and GraphQL-over-HTTP accept.
 */
function credentialHeaders(params: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(params ?? {})) {
    const header = name.toLowerCase();
    if (!CREDENTIAL_PARAMS.includes(header)) continue;
    if (typeof value !== 'string') throw createGraphQLError(`connectionParams.${name} must be a string`);
    headers.set(header, value);
  }
  return headers;
}

/** By name, as Yoga does: the executor and this module may hold different copies of graphql-js. */
const isGraphQLError = (err: unknown): err is GraphQLError => err instanceof Error && err.name === 'GraphQLError';

function closeReason(message: string): string {
  if (Buffer.byteLength(message) <= MAX_CLOSE_REASON) return message;
  let cut = message.slice(0, MAX_CLOSE_REASON - 3);
  while (Buffer.byteLength(cut) > MAX_CLOSE_REASON - 3) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/** The request Yoga's context factory reads credentials from: the upgrade request's URL, the connection's credentials. */
function operationRequest(upgrade: IncomingMessage, credentials: Headers): Request {
  return new Request(new URL(upgrade.url ?? GRAPHQL_PATH, `http://${upgrade.headers.host ?? 'localhost'}`), { headers: credentials });
}

/** Registers the WebSocket endpoint on `server` and closes its connections first when the server shuts down. */
export function attachGraphQLWs(gateway: Gateway, yoga: GraphQLYoga, server: GatewayServer, options: GraphQLWsOptions = {}): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const graphqlWs = useServer<Record<string, unknown>, Extra>(
    {
      isProd: gateway.config.profile === 'production',
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onConnect: async (ctx) => {
        try {
          const credentials = credentialHeaders(ctx.connectionParams);
          await principalFromHeaders(gateway, credentials);
          ctx.extra.credentials = credentials;
          return true;
        } catch (err) {
          if (!isGraphQLError(err)) throw err;
          // Refused with the reason, so a client can tell a bad key from a network failure.
          ctx.extra.socket.close(CloseCode.Forbidden, closeReason(err.message));
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => prepareOperation(yoga, ctx.extra.request, ctx.extra.credentials ?? new Headers(), payload),
    },
    wss,
    options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
  );
  server.onUpgrade(GRAPHQL_PATH, (request, socket, head) =>
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => wss.emit('connection', ws, request)),
  );
  server.onShutdown(async () => {
    for (const client of wss.clients) client.close(SHUTDOWN_CLOSE.code, SHUTDOWN_CLOSE.reason);
    // SSE streams end too (each with a SHUTTING_DOWN error), so the HTTP server can drain.
    liveFor(gateway).pubsub.close();
    await graphqlWs.dispose();
  });
}

type Enveloped = ReturnType<GraphQLYoga['getEnveloped']>;

/**
 * Parses, validates and builds the context for one operation through Yoga's envelop. The credentials are
 * resolved again per operation, so a key revoked mid-connection cannot start new subscriptions.
 */
async function prepareOperation(
  yoga: GraphQLYoga,
  upgrade: IncomingMessage,
  credentials: Headers,
  payload: SubscribePayload,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  const enveloped = yoga.getEnveloped({ request: operationRequest(upgrade, credentials), params: payload });
  try {
    const document = enveloped.parse(payload.query);
    const errors = enveloped.validate(enveloped.schema, document);
    if (errors.length > 0) return errors;
    return {
      schema: enveloped.schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: await enveloped.contextFactory(),
      rootValue: enveloped,
    };
  } catch (err) {
    if (isGraphQLError(err)) return [err];
    throw err;
  }
}
