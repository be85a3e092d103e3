import { Hono, type Context } from 'hono';
import { isDatabaseUnavailable } from '../domain/availability.js';
import { modelKey } from '../domain/inference.js';
import type { Gateway } from '../gateway.js';
import { noteRoute, requestIdFrom, requestIdOfContext } from '../observability/requestId.js';
import { ChatCompletions } from './chat.js';
import { chatRoute as createChatRoute, failure, refuseQuery } from './chat-route.js';
import { RenterKeys } from './credentials.js';
import { errorResponse, V1Error } from './envelope.js';
import { honoExchange, toResponse, type Answer, type ChatExchange } from './exchange.js';
import { presentModel } from './models.js';
import { ProviderRouter } from './routing.js';
import { UpstreamClient } from './upstream.js';

/**
 * The OpenAI-compatible face, mounted at /v1 by src/server.ts: GET /models, GET /models/{id} and
 * POST /chat/completions. Every error on a /v1 path leaves in the canonical envelope.
 */

/** The request's id (src/observability): the client's valid X-Request-Id or a fresh one; echoed on every answer. */
function requestIdOf(c: Context): string {
  return requestIdOfContext(c) ?? requestIdFrom(c.req.header('x-request-id'));
}

/** Query parameters and the model id in the path go through the input gate too. */
function refuseParameters(c: Context, pathParams: Array<[string, string]> = []): void {
  refuseQuery(c.req.url, pathParams);
}

/** The /v1 face: its Hono app, and POST /chat/completions for the HTTP server to call without Hono (src/v1/listener.ts). */
export interface V1Face {
  app: Hono;
  chat: (exchange: ChatExchange) => Promise<Answer>;
}

export function createV1App(gateway: Gateway): Hono {
  return createV1Face(gateway).app;
}

export function createV1Face(gateway: Gateway): V1Face {
  const app = new Hono();
  const { config } = gateway;
  app.use('*', (c, next) => {
    noteRoute(c);
    return next();
  });
  const router = new ProviderRouter(config.v1, () => gateway.domain.ctx.now().getTime());
  gateway.metrics.watch({ providers: () => router.health() });
  const chat = new ChatCompletions({ gateway, config: config.v1, router, client: new UpstreamClient(config.allowPrivateEndpoints), metrics: gateway.metrics });
  const keys = new RenterKeys(gateway);
  // Routing reads come from a short-lived snapshot; a provider changing status makes it stale at once.
  gateway.events.subscribe((event) => {
    if (event.type === 'provider.status_changed') gateway.domain.inference.invalidateRouting();
  });
  // Status changes may have been missed while the LISTEN connection was down.
  gateway.events.onResync(() => gateway.domain.inference.invalidateRouting());
  const origin = (c: Context) => new URL(c.req.url).origin;
  const now = () => Math.floor(gateway.domain.ctx.now().getTime() / 1000);
  // The catalog's own 503 when the database cannot be read (docs/decisions.md#v1-models), retryable like any 503.
  const listModels = () =>
    gateway.domain.inference.listModels().catch((err: unknown) => {
      if (isDatabaseUnavailable(err)) throw new V1Error(503, 'server_error', 'provider_unavailable', 'Model catalog is temporarily unavailable');
      throw err;
    });

  app.get('/models', async (c) => {
    refuseParameters(c);
    const listings = await listModels();
    return c.json({ object: 'list', data: listings.map((m) => presentModel(m, origin(c), now())) });
  });

  app.get('/models/:id{.+}', async (c) => {
    const id = c.req.param('id');
    refuseParameters(c, [['model', id]]);
    const listings = await listModels();
    const found = listings.find((m) => m.id === id) ?? listings.find((m) => modelKey(m.id) === modelKey(id));
    if (!found) throw new V1Error(404, 'invalid_request_error', 'model_not_found', `The model '${id}' does not exist`, { param: 'model' });
    return c.json(presentModel(found, origin(c), now()));
  });

  const chatRoute = createChatRoute(gateway, chat, keys);
  app.post('/chat/completions', async (c) => toResponse(await chatRoute(honoExchange(c))));

  const methodNotAllowed = (allowed: string) => (c: Context) =>
    errorResponse(new V1Error(405, 'invalid_request_error', 'method_not_allowed', `Use ${allowed} on this path`), { Allow: allowed }, requestIdOf(c));
  app.all('/chat/completions', methodNotAllowed('POST'));
  app.all('/models', methodNotAllowed('GET'));

  app.notFound((c) =>
    errorResponse(new V1Error(404, 'invalid_request_error', 'unknown_url', `Unknown request URL: ${c.req.method} /v1${c.req.path}`), {}, requestIdOf(c)),
  );
  app.onError((err, c) => toResponse(failure(gateway, err, {}, requestIdOf(c))));
  return { app, chat: chatRoute };
}
