import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import type { Logger } from 'pino';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { createServer, type GatewayServer, type ServerOptions } from '../../src/server.js';
import { testConfig } from './config.js';
import { freshDatabase, storeName, type StoreName } from './database.js';

export interface TestGatewayOptions {
  /** Extra environment for loadConfig, e.g. `{ DCP_AUTO_APPROVE_PROVIDERS: '0' }`. */
  env?: Record<string, string>;
  /** A clock the test controls. */
  now?: () => Date;
  /** Runs before the server listens: the place to add routes or upgrade handlers. */
  setup?: (server: GatewayServer) => void;
  shutdownGraceMs?: number;
  /** graphql-ws options, e.g. a short keep-alive to see dead sockets released. */
  graphqlWs?: ServerOptions['graphqlWs'];
  /** Creates the database on this Postgres server instead of the suite's store (race tests: racePostgres). */
  postgresUrl?: string;
  /** A logger of the test's own, e.g. one that keeps the lines to read them (test/observability). */
  logger?: Logger;
}

/** RequestInit for the harness: `json` sends a JSON body; header entries set to undefined are left out. */
export type TestRequestInit = Omit<RequestInit, 'headers'> & {
  headers?: HeadersInit | Record<string, string | undefined>;
  json?: unknown;
};

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or null when the body is not JSON. */
  body: T;
  text: string;
}

export interface GqlResponse<T> {
  status: number;
  data: T | null | undefined;
  errors: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }> | undefined;
  body: any;
}

export type GqlDocument<TResult, TVariables> = string | DocumentNode | TypedDocumentNode<TResult, TVariables>;

export interface TestGateway {
  gateway: Gateway;
  server: GatewayServer;
  url: string;
  adminToken: string;
  storeName: StoreName;
  /** fetch() against the server; `json` sends a JSON body. */
  fetchJson<T = any>(path: string, init?: TestRequestInit): Promise<JsonResponse<T>>;
  /** POSTs a GraphQL operation to /graphql. */
  gql<TResult = any, TVariables = Record<string, unknown>>(
    document: GqlDocument<TResult, TVariables>,
    variables?: TVariables,
    headers?: TestRequestInit['headers'],
  ): Promise<GqlResponse<TResult>>;
  close(): Promise<void>;
}

/** Starts a gateway on a fresh database and a real HTTP server on an ephemeral port. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const database = await freshDatabase(options.postgresUrl ?? process.env.DATABASE_URL);
  let gateway: Gateway | undefined;
  try {
    gateway = await createGateway(testConfig(database.databaseUrl, options.env), { now: options.now, logger: options.logger });
    const server = createServer(gateway, { shutdownGraceMs: options.shutdownGraceMs ?? 2_000, graphqlWs: options.graphqlWs });
    options.setup?.(server);
    const listening = await server.listen(0, '127.0.0.1');
    let closing: Promise<void> | undefined;
    // Idempotent, so a test may close the gateway itself and afterAll still call close().
    const close = async () => {
      try {
        await listening.close();
      } finally {
        await database.drop();
      }
    };
    return harness(gateway, server, listening.url, options.postgresUrl ? 'postgres' : storeName, () => (closing ??= close()));
  } catch (err) {
    await gateway?.close().catch(() => undefined);
    await database.drop().catch(() => undefined);
    throw err;
  }
}

function harness(gateway: Gateway, server: GatewayServer, url: string, store: StoreName, close: () => Promise<void>): TestGateway {
  const fetchJson = async (path: string, init: TestRequestInit = {}) => {
    const { json, ...rest } = init;
    const headers = toHeaders(rest.headers);
    if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const res = await fetch(url + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: withRequestIdChecked(parseJson(text), res.headers), text };
  };
  return {
    gateway,
    server,
    url,
    adminToken: gateway.adminToken,
    storeName: store,
    fetchJson,
    async gql(document, variables, headers) {
      const query = typeof document === 'object' && 'kind' in document ? print(document) : String(document);
      const res = await fetchJson('/graphql', { method: 'POST', headers, json: { query, variables } });
      return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
    },
    close,
  };
}

function toHeaders(init: TestRequestInit['headers']): Headers {
  if (!init || init instanceof Headers || Array.isArray(init)) return new Headers(init);
  return new Headers(Object.entries(init).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Every error body carries `request_id`, equal to the X-Request-Id header: checked here for every answer
 * the suite reads, then made non-enumerable, so the tests' exact-shape assertions (`toEqual`) stay about
 * the contract's fields while `body.request_id` can still be read.
 */
function withRequestIdChecked(body: any, headers: Headers): any {
  if (body === null || typeof body !== 'object' || !('request_id' in body)) return body;
  if (body.request_id !== headers.get('x-request-id')) {
    throw new Error(`request_id ${JSON.stringify(body.request_id)} in the body differs from the X-Request-Id header ${JSON.stringify(headers.get('x-request-id'))}`);
  }
  Object.defineProperty(body, 'request_id', { enumerable: false });
  return body;
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
