import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isDatabaseUnavailable } from '../domain/availability.js';
import { modelKey } from '../domain/inference.js';
import { fieldName, findInputProblem, findParameterProblem } from '../domain/inputGate.js';
import type { Gateway } from '../gateway.js';
import { noteRoute, notePrincipal, requestIdFrom, requestIdOfContext } from '../observability/requestId.js';
import { ChatCompletions } from './chat.js';
import { parseChatRequest } from './chat-request.js';
import { credentialOf, RenterKeys, type RenterCaller } from './credentials.js';
import { errorResponse, invalidRequest, toV1Error, V1Error } from './envelope.js';
import { presentModel } from './models.js';
import { checkRateLimit } from './rate-limit.js';
import { ProviderRouter } from './routing.js';
import { UpstreamClient, UpstreamFailure } from './upstream.js';

/**
 * The OpenAI-compatible face, mounted at /v1 by src/server.ts: GET /models, GET /models/{id} and
 * POST /chat/completions. Every error on a /v1 path leaves in the canonical envelope.
 */

/** The request's id (src/observability): the client's valid X-Request-Id or a fresh one; echoed on every answer. */
function requestIdOf(c: Context): string {
  return requestIdOfContext(c) ?? requestIdFrom(c.req.header('x-request-id'));
}

/**
 * The body as JSON, refused whole when it is malformed and field by field when the input gate finds
 * what no request may carry (docs/input-limits.md): answered before any key, balance or provider is looked at.
 */
function parseJson(text: string, maxDepth: number): unknown {
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new V1Error(400, 'invalid_request_error', 'invalid_json', `Malformed JSON body: ${(err as Error).message}`);
  }
  const problem = findInputProblem(body, maxDepth);
  if (problem) throw refusedField(fieldName(problem.path, 'bracket'), problem.message);
  return body;
}

const refusedField = (param: string, message: string) => invalidRequest('invalid_request_field', `${param}: ${message}`, param);

/** Query parameters and the model id in the path go through the input gate too. */
function refuseParameters(c: Context, pathParams: Array<[string, string]> = []): void {
  const problem = findParameterProblem(pathParams) ?? (c.req.url.includes('%') ? findParameterProblem(new URL(c.req.url).searchParams) : undefined);
  if (problem) throw refusedField(problem.field, problem.message);
}

export function createV1App(gateway: Gateway): Hono {
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

  app.post(
    '/chat/completions',
    bodyLimit({
      maxSize: config.v1.maxBodyBytes,
      // The unread rest of the body makes the connection unusable: tell the client not to reuse it.
      onError: (c) =>
        errorResponse(
          new V1Error(413, 'invalid_request_error', 'request_too_large', `Request body exceeds ${config.v1.maxBodyBytes} bytes`),
          { connection: 'close' },
          requestIdOf(c),
        ),
    }),
    async (c) => {
      const headers: Record<string, string> = { 'x-request-id': requestIdOf(c) };
      const credential = credentialOf(c);
      let caller: RenterCaller | undefined;
      try {
        refuseParameters(c);
        const rawBody = await c.req.text();
        const body = parseJson(rawBody, config.maxJsonDepth);
        const stream = typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
        Object.assign(headers, await checkRateLimit(gateway, c, credential, stream));
        caller = await keys.authenticate(credential);
        notePrincipal(c, caller.principal);
        const request = parseChatRequest(body);
        return await chat.handle({
          caller,
          recheckCaller: () => keys.authenticate(credential, true),
          request,
          requestId: headers['x-request-id'],
          idempotencyKey: c.req.header('idempotency-key'),
          rawBody,
          headers,
          signal: c.req.raw.signal,
        });
      } catch (err) {
        return fail(await keys.confirm(credential, caller, err), headers, headers['x-request-id']);
      }
    },
  );

  const methodNotAllowed = (allowed: string) => (c: Context) =>
    errorResponse(new V1Error(405, 'invalid_request_error', 'method_not_allowed', `Use ${allowed} on this path`), { Allow: allowed }, requestIdOf(c));
  app.all('/chat/completions', methodNotAllowed('POST'));
  app.all('/models', methodNotAllowed('GET'));

  const fail = (err: unknown, headers: Record<string, string>, requestId: string) => {
    // Nobody is left to read the answer; say so without logging an error.
    if (err instanceof UpstreamFailure)
      return errorResponse(new V1Error(499, 'invalid_request_error', 'client_closed_request', err.message), headers, requestId);
    const v1 = toV1Error(err);
    // An outage is reported once by the event bus, not per request; client errors are in the access log.
    if (v1.status >= 500 && !(err instanceof V1Error) && !isDatabaseUnavailable(err)) gateway.logger.error({ err, requestId }, 'v1 request failed');
    return errorResponse(v1, headers, requestId);
  };
  app.notFound((c) =>
    errorResponse(new V1Error(404, 'invalid_request_error', 'unknown_url', `Unknown request URL: ${c.req.method} /v1${c.req.path}`), {}, requestIdOf(c)),
  );
  app.onError((err, c) => fail(err, {}, requestIdOf(c)));
  return app;
}
