import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createGraphQLError, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Gateway } from '../gateway.js';
import type { GatewayServer } from '../server.js';
import { principalFromHeaders, type GraphQLContext } from './context.js';
import { liveFor, SharedResults, visibilityClass } from './pubsub.js';
import { maskError } from './yoga.js';

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

/**
 * graphql-js as Pothos and Yoga load it. Under vitest these sources get its ESM build while packages get
 * the CommonJS one, and graphql-js refuses a schema built by the other copy; require() always names the
 * CommonJS build, which is also what Node resolves `import 'graphql'` to (graphql 16 has no exports map).
 */
const { createSourceEventStream, execute } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

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
  const fanOut = new FanOut(gateway);
  const graphqlWs = useServer<Record<string, unknown>, Extra>(
    {
      isProd: true, // As over HTTP, unexpected errors stay masked in every profile.
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => fanOut.subscribe(args),
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
      onSubscribe: async (ctx, id, payload) => {
        const operation = await prepareOperation(yoga, ctx.extra.request, ctx.extra.credentials ?? new Headers(), payload);
        if (!Array.isArray(operation)) fanOut.deliverTo(operation as ExecutionArgs, { socket: ctx.extra.socket, id });
        return operation;
      },
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

/** Yoga's message for masked errors. */
const UNEXPECTED_ERROR = 'Unexpected error.';
/** Above this many bytes waiting in a socket, its subscriptions wait for the socket before taking the next event. */
const MAX_BUFFERED_BYTES = 64 * 1024;
const AS_TEXT = { binary: false } as const;

/** Where a subscription's results go: the connection's socket, under the id the client chose. */
interface Recipient {
  socket: WebSocket;
  id: string;
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/**
 * What makes two subscriptions the same operation. Yoga's parse cache hands out one document per
 * query text, so identity is enough; a document evicted from that cache only stops sharing.
 */
function operationKey(args: ExecutionArgs): string {
  let id = documentIds.get(args.document);
  if (id === undefined) documentIds.set(args.document, (id = nextDocumentId++));
  return `${id}:${args.operationName ?? ''}:${JSON.stringify(args.variableValues ?? null)}`;
}

/**
 * Subscriptions over graphql-ws. Each field's event stream stays per subscriber (authorisation, replay,
 * its own bounded queue), but an event's result is computed and serialised once per operation and
 * visibility class, and that one serialisation is written to every subscriber in the class. With
 * thousands following one provider, the profile's costs (an execution per subscriber, graphql-ws's
 * per-message objects and the garbage both left) become one execution and one buffer copy each.
 */
class FanOut {
  private readonly results = new SharedResults<Promise<Buffer>>();
  private readonly recipients = new WeakMap<object, Recipient>();

  constructor(private readonly gateway: Gateway) {}

  /** Records where the results of the operation with this context go. */
  deliverTo(args: ExecutionArgs, recipient: Recipient): void {
    this.recipients.set(args.contextValue as object, recipient);
  }

  /**
   * Starts the subscription and writes its results straight to the socket. graphql-ws sees a stream
   * that yields nothing and ends when the subscription does, so it still sends the completion (after
   * the last result), reports a failure, and ends the stream when the client unsubscribes or leaves.
   */
  async subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const operation = { ...args, rootValue: undefined };
    const source = await createSourceEventStream(operation);
    if (!(Symbol.asyncIterator in source)) return this.masked(source);
    const events = source[Symbol.asyncIterator]();
    const delivered = this.deliver(operation, events, this.recipients.get(args.contextValue as object)!);
    // graphql-ws takes the failure from next(), unless the client left first; either way it is not unhandled.
    delivered.catch(() => undefined);
    const ended: AsyncIterableIterator<ExecutionResult> = {
      next: () => delivered.then(() => ({ value: undefined, done: true })),
      async return() {
        await events.return?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => ended,
    };
    return ended;
  }

  private async deliver(operation: ExecutionArgs, events: AsyncIterator<unknown>, to: Recipient): Promise<void> {
    const head = Buffer.from(`{"id":${JSON.stringify(to.id)},"type":"next","payload":`);
    const operationId = operationKey(operation);
    // A subscriber's class rarely changes between events: keep its key rather than rebuild it each time.
    let shareKey = { visibility: '', key: '' };
    for (let step = await events.next(); !step.done; step = await events.next()) {
      const payload = step.value;
      const visibility = visibilityClass(operation.contextValue as object, payload);
      if (visibility !== undefined && visibility !== shareKey.visibility) shareKey = { visibility, key: `${operationId}|${visibility}` };
      const tail =
        visibility === undefined ? this.serialise(operation, payload) : this.results.once(payload as object, shareKey.key, () => this.serialise(operation, payload));
      const writing = write(to.socket, Buffer.concat([head, await tail]));
      if (writing) await writing;
    }
  }

  /** The result for one event as the rest of a graphql-ws `next` message: `<payload>}`. */
  private async serialise(operation: ExecutionArgs, payload: unknown): Promise<Buffer> {
    const result = this.masked(await execute({ ...operation, rootValue: payload }));
    return Buffer.from(`${JSON.stringify(result)}}`);
  }

  /** Masks errors exactly as Yoga does over HTTP; the unexpected ones are logged, as the client learns nothing of them. */
  private masked(result: ExecutionResult): ExecutionResult {
    if (!result.errors) return result;
    const errors = result.errors.map((err) => {
      const shown = maskError(err, UNEXPECTED_ERROR);
      if (shown.message === UNEXPECTED_ERROR && err.message !== UNEXPECTED_ERROR) this.gateway.logger.error({ err }, 'graphql subscription failed');
      return shown as GraphQLError;
    });
    return { ...result, errors };
  }
}

/**
 * Sends without waiting while the socket keeps up; once too much is queued in it, returns a promise
 * for this write, so the subscription stops taking events (its bounded queue absorbs them) until the
 * socket drains. A closing socket is skipped: its subscriptions are being ended.
 */
function write(socket: WebSocket, data: Buffer): Promise<void> | undefined {
  if (socket.readyState !== socket.OPEN) return undefined;
  if (socket.bufferedAmount < MAX_BUFFERED_BYTES) {
    socket.send(data, AS_TEXT);
    return undefined;
  }
  return new Promise((resolve, reject) => socket.send(data, AS_TEXT, (err) => (err ? reject(err) : resolve())));
}
