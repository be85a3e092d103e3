import type { RequestListener } from 'node:http';
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
  return (request, response) => {
    if (answerCorsOnNode(gateway.config.rest, request, response)) return;
    Promise.resolve(yoga.handle(request, response, { incoming: request, outgoing: response })).catch((err: unknown) => {
      gateway.logger.error({ err }, 'graphql request failed');
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(response.headersSent ? undefined : JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
    });
  };
}
