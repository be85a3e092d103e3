import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A small typed GraphQL client for the DCP gateway: queries and mutations over HTTP, subscriptions over
 * graphql-ws, both with the typed documents codegen made (src/gql). With `persisted`, it sends each
 * document's id (`documentId`, from the `__meta__.hash` codegen embeds) instead of its text, as a gateway
 * with trusted documents on requires.
 */
export interface Connection {
  /** The gateway's base URL, e.g. http://localhost:8083. */
  url: string;
  /** A renter key, sent as X-Renter-Key (HTTP) and in connectionParams (graphql-ws). */
  renterKey?: string;
  /** Send persisted-document ids instead of document text. */
  persisted?: boolean;
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>,
  ) {
    super(message);
  }
}

/** The document as the gateway is to receive it: its persisted id, or its text. */
function operation(document: TypedDocumentNode<any, any>, persisted: boolean | undefined): { documentId: string } | { query: string } {
  if (!persisted) return { query: print(document) };
  const documentId = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!documentId) throw new Error('This document has no persisted id: generate it with persistedDocuments: true');
  return { documentId };
}

function failure(errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>): GraphQLRequestError {
  return new GraphQLRequestError(errors.map((e) => `${e.message}${e.extensions?.code ? ` (${String(e.extensions.code)})` : ''}`).join('; '), errors);
}

/** Runs a query or mutation over HTTP and returns its typed data; GraphQL errors are thrown. */
export async function request<TResult, TVariables>(to: Connection, document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<TResult> {
  const response = await fetch(`${to.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(to.renterKey ? { 'x-renter-key': to.renterKey } : {}) },
    body: JSON.stringify({ ...operation(document, to.persisted), variables }),
  });
  const body = (await response.json()) as { data?: TResult | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  if (body.errors?.length) throw failure(body.errors);
  if (!body.data) throw new Error(`The gateway answered ${response.status} without data`);
  return body.data;
}

/**
 * Follows a subscription over graphql-ws, calling `onResult` with each typed result, until the gateway
 * completes it (or it fails). One connection per call, closed at the end.
 */
export async function follow<TResult, TVariables>(
  to: Connection,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  onResult: (result: TResult) => void,
): Promise<void> {
  const client = createClient({
    url: `${to.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: to.renterKey ? { 'x-renter-key': to.renterKey } : {},
    lazy: true,
    retryAttempts: 0,
  });
  // graphql-ws requires a `query` string: a persisted operation sends an empty one beside its id.
  const payload = { query: '', variables: variables as Record<string, unknown>, ...operation(document, to.persisted) } as SubscribePayload;
  try {
    await new Promise<void>((resolve, reject) => {
      client.subscribe<TResult>(payload, {
        next: (result) => {
          if (result.errors?.length) reject(failure(result.errors as never));
          else if (result.data) onResult(result.data as TResult);
        },
        error: (err) => reject(Array.isArray(err) ? failure(err) : err),
        complete: resolve,
      });
    });
  } finally {
    await client.dispose();
  }
}
