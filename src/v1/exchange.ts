import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { recordOfContext, type RequestRecord } from '../observability/requestId.js';
import { readNodeBody, readWebBody, type BodyErrors } from '../http-body.js';
import { V1Error } from './envelope.js';
import { UpstreamFailure } from './upstream.js';

/**
 * A chat completion's request and answer, face-neutral: the HTTP server hands POST /v1/chat/completions
 * straight from Node (`nodeExchange`, `writeAnswer`), with no web Request or Response built per call; the
 * Hono app serves the same route for anything else that reaches it (`honoExchange`, `toResponse`): a test's
 * `app.request`, a path Hono decodes to this route.
 */

/** What the chat route reads of a request. */
export interface ChatExchange {
  /** The request target (path and query; a full URL from Hono): only its query string is read. */
  url: string;
  header(name: string): string | undefined;
  /** The body as text, at most `limit` bytes, else the 413 envelope (with Connection: close). */
  body(limit: number): Promise<string>;
  /** Aborted when the client goes away before its answer has been sent. */
  signal: AbortSignal;
  clientAddress(): string;
  /** The access log's record of the request (undefined outside the HTTP server). */
  record: RequestRecord | undefined;
}

/** An answer: a JSON text, or an SSE stream written out as it comes. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | ReadableStream<Uint8Array>;
}

/** The unread rest of the body makes the connection unusable: the client is told not to reuse it. */
export const bodyTooLarge = (limit: number) =>
  new V1Error(413, 'invalid_request_error', 'request_too_large', `Request body exceeds ${limit} bytes`, {}, { connection: 'close' });

/** A declared length beyond the limit is refused before anything is read (chunked bodies are counted as they come). */
function declaredTooLarge(header: (name: string) => string | undefined, limit: number): boolean {
  const declared = header('content-length');
  return declared !== undefined && header('transfer-encoding') === undefined && parseInt(declared, 10) > limit;
}

/** The /v1 refusals while reading a body. */
const BODY_ERRORS: BodyErrors = {
  tooLarge: bodyTooLarge,
  gone: () => new UpstreamFailure('client_gone', 'the client closed the request before its body ended'),
};

/** The exchange of a request the HTTP server hands over directly. */
export function nodeExchange(request: IncomingMessage, response: ServerResponse, record: RequestRecord | undefined): ChatExchange {
  const controller = new AbortController();
  // 'close' before the answer finished: the client left (or the connection broke) mid-request.
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return {
    url: request.url ?? '/',
    header,
    body: (limit) => (declaredTooLarge(header, limit) ? Promise.reject(bodyTooLarge(limit)) : readNodeBody(request, limit, BODY_ERRORS)),
    signal: controller.signal,
    clientAddress: () => request.socket.remoteAddress ?? 'unknown',
    record,
  };
}

/** The exchange of a request that came through the Hono app. */
export function honoExchange(c: Context): ChatExchange {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const header = (name: string) => c.req.header(name);
  return {
    url: c.req.url,
    header,
    body: (limit) => {
      if (declaredTooLarge(header, limit)) return Promise.reject(bodyTooLarge(limit));
      return incoming ? readNodeBody(incoming, limit, BODY_ERRORS) : readWebBody(c.req.raw, limit, BODY_ERRORS);
    },
    signal: c.req.raw.signal,
    clientAddress: () => {
      try {
        return getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        return 'unknown';
      }
    },
    record: recordOfContext(c),
  };
}

/** Writes an answer to Node: a JSON text in one write with its length, a stream chunk by chunk as it comes. */
export function writeAnswer(response: ServerResponse, answer: Answer): void {
  const { body, headers } = answer;
  if (typeof body === 'string') {
    headers['content-length'] = String(Buffer.byteLength(body));
    response.writeHead(answer.status, headers);
    response.end(body);
    return;
  }
  // A client already gone still cancels the stream: that ends the relay and settles what was delivered.
  if (!response.destroyed) {
    response.writeHead(answer.status, headers);
    response.flushHeaders();
  }
  writeStream(body, response);
}

/**
 * Relays a stream to the response with backpressure; a client that leaves cancels the stream (which ends
 * the relay and settles what was delivered), and a stream that fails cuts the connection.
 */
function writeStream(stream: ReadableStream<Uint8Array>, response: ServerResponse): void {
  const reader = stream.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  if (response.destroyed) return cancel();
  response.on('close', cancel).on('error', cancel);
  const done = () => response.off('close', cancel).off('error', cancel);
  const fail = (err: unknown) => {
    done();
    response.destroy(err instanceof Error ? err : undefined);
  };
  const next = () => void reader.read().then(flow, fail);
  function flow({ done: ended, value }: ReadableStreamReadResult<Uint8Array>): void {
    if (ended || response.destroyed) {
      done();
      if (!response.destroyed) response.end();
    } else if (response.write(value)) next();
    else response.once('drain', next);
  }
  next();
}

export function toResponse(answer: Answer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
