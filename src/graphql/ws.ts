import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createGraphQLError, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import { isDatabaseUnavailable } from '../domain/availability.js';
import type { Gateway } from '../gateway.js';
import type { GatewayServer } from '../server.js';
import { principalFromHeaders, type GraphQLContext } from './context.js';
import { trustedDocumentsFor, trustedOperation, type TrustedDocuments } from './plugins/trustedDocuments.js';
import { liveFor, SharedResults, streamClassOf, visibilityOf, type PubSub } from './pubsub.js';
import { ConnectionsPerAddress, clientAddress, operationLimit, refuseConnection, refuseForeignOrigin } from './ws-limits.js';
import { maskError } from './yoga.js';

/**
 * graphql-ws on the HTTP server's upgrade event at /graphql. Operations are parsed, validated (limits
 * included) and given their context through the Yoga instance's envelop, as over HTTP; queries and
 * mutations execute there too, while subscriptions go through the fan-out below (same schema, Yoga's
 * error masking). Credentials travel in the connection_init payload under the HTTP header names and are
 * checked before the connection is acknowledged.
 */

export interface GraphQLWsOptions {
  /** Interval between pings; a socket that has not answered by the next one is terminated. */
  keepAliveMs?: number;
}

export const DEFAULT_KEEP_ALIVE_MS = 12_000;
/** What clients see when the server stops: 1001 Going Away, with a reason that says to reconnect. */
export const SHUTDOWN_CLOSE = { code: 1001, reason: 'Server shutting down; reconnect to resume' } as const;
/** A database outage at connection time: 1013 Try Again Later, which clients retry (a 4500 they would not). */
const UNAVAILABLE_CLOSE = { code: 1013, reason: 'Service temporarily unavailable; reconnect to resume' } as const;
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
    try {
      headers.set(header, value);
    } catch {
      // Headers refuse NUL, line breaks and non-Latin-1 characters with a TypeError, which would close the socket as a server error.
      throw createGraphQLError(`connectionParams.${name} is not a valid credential`);
    }
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
  const limits = gateway.config.connections;
  const perAddress = new ConnectionsPerAddress(limits.wsMaxConnectionsPerIp);
  const graphqlWs = useServer<Record<string, unknown>, Extra>(
    {
      isProd: true, // As over HTTP, unexpected errors stay masked in every profile.
      connectionInitWaitTimeout: limits.wsConnectionInitTimeoutMs,
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => fanOut.subscribe(args),
      onConnect: async (ctx) => {
        try {
          const credentials = credentialHeaders(ctx.connectionParams);
          await principalFromHeaders(gateway, credentials);
          ctx.extra.credentials = credentials;
          return true;
        } catch (err) {
          if (isDatabaseUnavailable(err)) {
            ctx.extra.socket.close(UNAVAILABLE_CLOSE.code, UNAVAILABLE_CLOSE.reason);
            return false;
          }
          if (!isGraphQLError(err)) throw err;
          // Refused with the reason, so a client can tell a bad key from a network failure.
          ctx.extra.socket.close(CloseCode.Forbidden, closeReason(err.message));
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        const overLimit = operationLimit(Object.keys(ctx.subscriptions).length, limits.wsMaxSubscriptionsPerConnection);
        if (overLimit) return overLimit;
        const credentials = ctx.extra.credentials ?? new Headers();
        const trusted = trustedPayload(trustedDocumentsFor(gateway), payload, credentials);
        if (Array.isArray(trusted)) return trusted;
        const operation = await prepareOperation(yoga, ctx.extra.request, credentials, trusted as SubscribePayload);
        if (!Array.isArray(operation)) fanOut.deliverTo(operation as ExecutionArgs, { socket: ctx.extra.socket, id });
        return operation;
      },
    },
    wss,
    options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
  );
  server.onUpgrade(GRAPHQL_PATH, (request, socket, head) => {
    if (refuseForeignOrigin(gateway.config, request, socket)) return;
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const address = clientAddress(request);
      if (!perAddress.admit(address)) return refuseConnection(ws, perAddress.max);
      ws.once('close', () => perAddress.release(address));
      wss.emit('connection', ws, request);
    });
  });
  server.onShutdown(async () => {
    for (const client of wss.clients) client.close(SHUTDOWN_CLOSE.code, SHUTDOWN_CLOSE.reason);
    // SSE streams end too (each with a SHUTTING_DOWN error), so the HTTP server can drain.
    liveFor(gateway).pubsub.close();
    await graphqlWs.dispose();
  });
}

type Enveloped = ReturnType<GraphQLYoga['getEnveloped']>;

/** Trusted documents as over HTTP (Yoga's onParams hook, where the HTTP face applies them, does not run here). */
function trustedPayload(trusted: TrustedDocuments | undefined, payload: SubscribePayload, credentials: Headers): SubscribePayload | readonly GraphQLError[] {
  if (!trusted) return payload;
  try {
    const query = trustedOperation(trusted, payload, credentials);
    return query === payload.query ? payload : { ...payload, query };
  } catch (err) {
    if (isGraphQLError(err)) return [err];
    throw err;
  }
}

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
    // Only this operation fails (SERVICE_UNAVAILABLE); thrown, it would close the socket with its other subscriptions.
    if (isDatabaseUnavailable(err)) return [maskError(err, UNEXPECTED_ERROR) as GraphQLError];
    throw err;
  }
}

/** Yoga's message for masked errors. */
const UNEXPECTED_ERROR = 'Unexpected error.';
/** Above this many bytes waiting in a socket, a subscriber waits for the socket before taking more. */
const MAX_BUFFERED_BYTES = 64 * 1024;
const AS_TEXT = { binary: false } as const;

/** Where a subscription's results go: the connection's socket, under the id the client chose. */
interface Recipient {
  socket: WebSocket;
  id: string;
}

/** The beginning of every `next` message for this subscription: the rest is the shared `<payload>}`. */
const messageHead = (to: Recipient) => Buffer.from(`{"id":${JSON.stringify(to.id)},"type":"next","payload":`);

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

type Results = AsyncIterableIterator<ExecutionResult>;

/**
 * What graphql-ws gets for a subscription whose results the fan-out writes itself: a stream that yields
 * nothing and ends when `delivered` settles, so graphql-ws still sends the completion (after the last
 * result), reports a failure, and calls `leave` when the client unsubscribes or goes away.
 */
function endsWith(delivered: Promise<void>, leave: () => Promise<unknown>): Results {
  // graphql-ws takes a failure from next(), unless the client left first; either way it is not unhandled.
  delivered.catch(() => undefined);
  const ended: Results = {
    next: () => delivered.then(() => ({ value: undefined, done: true })),
    async return() {
      await leave();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => ended,
  };
  return ended;
}

/**
 * Subscriptions over graphql-ws, with results written straight to the sockets. An event's result is
 * computed and serialised once per operation and visibility class, and that one serialisation goes to
 * every subscriber in the class. Subscriptions whose whole stream is the same for their class (a
 * provider's heartbeats) follow one stream together: per subscriber, an event then costs a buffer copy
 * and a socket write, where the profile showed an execution, graphql-ws's per-message objects and the
 * garbage of both. Other streams stay per subscriber (authorisation per event, replay, bounded queues).
 */
class FanOut {
  private readonly results = new SharedResults<Promise<Buffer>>();
  private readonly recipients = new WeakMap<object, Recipient>();
  private readonly streams = new Map<string, SharedStream>();

  constructor(private readonly gateway: Gateway) {}

  /** Records where the results of the operation with this context go. */
  deliverTo(args: ExecutionArgs, recipient: Recipient): void {
    this.recipients.set(args.contextValue as object, recipient);
  }

  async subscribe(args: ExecutionArgs): Promise<Results | ExecutionResult> {
    const operation = { ...args, rootValue: undefined };
    const context = args.contextValue as object;
    const source = await createSourceEventStream(operation);
    if (!(Symbol.asyncIterator in source)) return this.masked(source);
    const events = source[Symbol.asyncIterator]();
    const to = this.recipients.get(context)!;
    const streamClass = streamClassOf(context);
    if (streamClass === undefined) return endsWith(this.deliver(operation, events, to), async () => events.return?.());
    const key = `${operationKey(operation)}|${streamClass}`;
    const open = this.streams.get(key);
    if (open && !open.closed) {
      // The field let this subscriber in; the stream it opened for it is not needed.
      void events.return?.();
      return open.join(to);
    }
    const shared: SharedStream = new SharedStream(events, (payload) => this.serialise(operation, payload), liveFor(this.gateway).pubsub, () => {
      if (this.streams.get(key) === shared) this.streams.delete(key);
    });
    this.streams.set(key, shared);
    return shared.join(to);
  }

  /** A stream of its own: each result shared with others in its class when the field allows, written when the socket keeps up. */
  private async deliver(operation: ExecutionArgs, events: AsyncIterator<unknown>, to: Recipient): Promise<void> {
    const head = messageHead(to);
    const operationId = operationKey(operation);
    const visibilityClass = visibilityOf(operation.contextValue as object);
    // A subscriber's class rarely changes between events: keep its key rather than rebuild it each time.
    let shareKey = { visibility: '', key: '' };
    for (let step = await events.next(); !step.done; step = await events.next()) {
      const payload = step.value;
      const visibility = visibilityClass(payload);
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
 * for this write, so the subscriber stops taking events until the socket drains. A closing socket is
 * skipped: its subscriptions are being ended.
 */
function write(socket: WebSocket, data: Buffer): Promise<void> | undefined {
  if (socket.readyState !== socket.OPEN) return undefined;
  if (socket.bufferedAmount < MAX_BUFFERED_BYTES) {
    socket.send(data, AS_TEXT);
    return undefined;
  }
  return new Promise((resolve, reject) => socket.send(data, AS_TEXT, (err) => (err ? reject(err) : resolve())));
}

/**
 * One subscriber of a shared stream. Only the latest state matters in such streams: a socket that falls
 * behind skips results, and gets the newest once it has drained.
 */
class Follower {
  private readonly head: Buffer;
  private draining = false;
  private latest: Buffer | undefined;
  private settle!: { resolve: () => void; reject: (err: unknown) => void };
  /** Settles when the follower's part ends: the stream ended or failed, or the follower left. */
  readonly done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    private readonly to: Recipient,
    /** Stops counting this follower as a subscriber (see SharedStream). */
    readonly uncount: () => void,
  ) {
    this.head = messageHead(to);
  }

  send(tail: Buffer): void {
    this.offer(Buffer.concat([this.head, tail]));
  }

  end(err?: unknown): void {
    if (err === undefined) this.settle.resolve();
    else this.settle.reject(err);
  }

  private offer(message: Buffer): void {
    if (this.draining) {
      this.latest = message;
      return;
    }
    const writing = write(this.to.socket, message);
    if (!writing) return;
    this.draining = true;
    writing.then(
      () => {
        this.draining = false;
        const latest = this.latest;
        this.latest = undefined;
        if (latest) this.offer(latest);
      },
      (err: unknown) => this.end(err),
    );
  }
}

/**
 * One subscription stream followed by every subscriber of the same operation and visibility class: each
 * event is executed and serialised once, then written to every follower in one synchronous pass. The
 * stream ends when its last follower leaves, and its end (or failure) is every follower's. It runs on the
 * context of the subscriber that opened it; the class guarantees the others would see the same.
 */
class SharedStream {
  private readonly followers = new Set<Follower>();
  /** The follower that the stream's own queue counts as a subscriber; the others count themselves. */
  private countedByQueue: Follower | undefined;
  private started = false;
  /** No new follower may join: the stream is ending. */
  closed = false;

  constructor(
    private readonly events: AsyncIterator<unknown>,
    private readonly serialise: (payload: unknown) => Promise<Buffer>,
    private readonly pubsub: PubSub,
    private readonly onClose: () => void,
  ) {}

  join(to: Recipient): Results {
    const follower = new Follower(to, this.countedByQueue ? this.pubsub.follow() : () => undefined);
    this.countedByQueue ??= follower;
    this.followers.add(follower);
    if (!this.started) {
      this.started = true;
      this.run().then(
        () => this.finish(),
        (err: unknown) => this.finish(err),
      );
    }
    return endsWith(follower.done, () => this.leave(follower));
  }

  private async run(): Promise<void> {
    for (let step = await this.events.next(); !step.done; step = await this.events.next()) {
      const tail = await this.serialise(step.value);
      for (const follower of this.followers) follower.send(tail);
    }
  }

  private async leave(follower: Follower): Promise<void> {
    if (!this.followers.delete(follower)) return;
    follower.uncount();
    follower.end();
    if (follower === this.countedByQueue) {
      // The queue stays while others follow: it counts one of them now.
      this.countedByQueue = this.followers.values().next().value;
      this.countedByQueue?.uncount();
    }
    if (this.followers.size > 0) return;
    this.close();
    await this.events.return?.();
  }

  private finish(err?: unknown): void {
    this.close();
    // A failed stream may not have ended its queue.
    if (err !== undefined) void this.events.return?.();
    for (const follower of this.followers) {
      follower.uncount();
      follower.end(err);
    }
    this.followers.clear();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
