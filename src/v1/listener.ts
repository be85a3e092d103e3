import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Gateway } from '../gateway.js';
import { recordOf } from '../observability/requestId.js';
import { createV1Face } from './app.js';
import { failure } from './chat-route.js';
import { nodeExchange, writeAnswer } from './exchange.js';

/** The route the HTTP server answers itself; the rest of /v1 goes through the Hono app. */
const CHAT_PATH = '/chat/completions';

/** POST /chat/completions, with or without a query string (the prefix is already stripped). */
function isChat(method: string | undefined, url: string): boolean {
  return method === 'POST' && url.startsWith(CHAT_PATH) && (url.length === CHAT_PATH.length || url.charCodeAt(CHAT_PATH.length) === 63);
}

/**
 * The /v1 face as the HTTP server's listener (src/server.ts strips the prefix): a chat completion goes from
 * Node's IncomingMessage to its answer on the ServerResponse with no web Request, Response or Hono context in
 * between (reading the body through a web Request alone cost about a tenth of the gateway's CPU per
 * completion); the models, the 404s and the 405s stay on the Hono app.
 */
export function v1Listener(gateway: Gateway): RequestListener {
  const face = createV1Face(gateway);
  const hono = getRequestListener(face.app.fetch);
  return (request, response) => {
    if (!isChat(request.method, request.url ?? '/')) return hono(request, response);
    const record = recordOf(request);
    if (record) record.route = CHAT_PATH;
    face
      .chat(nodeExchange(request, response, record))
      .catch((err: unknown) => failure(gateway, err, {}, record?.id ?? ''))
      .then((answer) => {
        if (!response.headersSent) writeAnswer(response, answer);
      })
      .catch((err: unknown) => {
        gateway.logger.error({ err, requestId: record?.id }, 'v1 answer could not be written');
        response.destroy();
      });
  };
}
