import type { IncomingMessage, RequestListener } from 'node:http';
import { answerCorsOnNode } from '../cors.js';
import type { Gateway } from '../gateway.js';
import type { createGraphQL } from './yoga.js';

/**
 * GraphQL over HTTP (and SSE), straight from Node to Yoga. Yoga's own Node adapter builds the light request
 * it needs from Node's IncomingMessage and writes its answer to the ServerResponse; routed through Hono, each
 * operation paid for a web Request, a web Response and a stream piping one into the other, about a quarter
 * of the CPU of a small query. The CORS policy is the REST face's (src/cors.ts). Yoga's context gets the
 * IncomingMessage as `incoming`, as under Hono's adapter.
 */
export function graphqlListener(gateway: Gateway, yoga: ReturnType<typeof createGraphQL>): RequestListener {
  const handle: RequestListener = (request, response) => {
    Promise.resolve(yoga.handle(request, response, { incoming: request, outgoing: response })).catch((err: unknown) => {
      gateway.logger.error({ err }, 'graphql request failed');
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(response.headersSent ? undefined : JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
    });
  };
  return (request, response) => {
    if (answerCorsOnNode(gateway.config.rest, request, response)) return;
    if (!isSmallJsonPost(request)) return handle(request, response);
    readJsonObject(request).then(
      (body) => {
        // The adapter hands a body already read (as body-parser leaves it) to Yoga as the request's JSON.
        if (body) (request as IncomingMessage & { body?: unknown }).body = body;
        handle(request, response);
      },
      (err: unknown) => {
        // The client went away mid-body: there is no one to answer.
        gateway.logger.debug({ err }, 'graphql request body not received');
        response.destroy();
      },
    );
  };
}

/** Bodies up to this size are read here; larger ones stream into Yoga, which applies its own size limit. */
const READ_AHEAD_BYTES = 64 * 1024;

const isSmallJsonPost = (request: IncomingMessage) =>
  request.method === 'POST' &&
  /^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '') &&
  /^\d+$/.test(request.headers['content-length'] ?? '') &&
  Number(request.headers['content-length']) <= READ_AHEAD_BYTES;

/**
 * A small JSON POST body, read and parsed here: Yoga would pipe it through a size-limiting web stream (a
 * TransformStream, a stream pipeline and an AbortController per request, about a twentieth of a list
 * request's CPU). Only a JSON object is handed over parsed; anything else (invalid JSON, an array, null, a
 * body that differs from its Content-Length) is handed back as the same bytes, for Yoga to answer as always.
 */
function readJsonObject(request: IncomingMessage): Promise<object | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
    };
    const done = (settle: () => void) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      settle();
    };
    const onEnd = () => done(() => resolve(parsedObject(Buffer.concat(chunks, size), request)));
    const onError = (err: Error) => done(() => reject(err));
    const onClose = () => {
      if (!request.complete) done(() => reject(new Error('Client connection closed before the request body ended')));
    };
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function parsedObject(bytes: Buffer, request: IncomingMessage): object | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    body = undefined;
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length > 0) return body;
  // What Yoga reads instead: the same bytes, as the adapter takes a body (one own key, so it is not ignored).
  (request as IncomingMessage & { body?: unknown }).body = { bytes, async *[Symbol.asyncIterator]() { yield bytes; } };
  return undefined;
}
