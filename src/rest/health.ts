import { Hono } from 'hono';
import { isDatabaseUnavailable } from '../domain/availability.js';
import type { Gateway } from '../gateway.js';
import { sendError } from './http.js';
import { isoTime } from './present.js';

/**
 * GET /api/health (docs/decisions.md#outages): public; 500 JSON when the store fails, 503 when it cannot be reached
 * (an outage: load balancers and probes read 503 as "not now", and the instance recovers by itself).
 */
export function healthRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    let counts: Awaited<ReturnType<typeof gateway.domain.admin.health>>;
    try {
      counts = await gateway.domain.admin.health();
    } catch (err) {
      if (isDatabaseUnavailable(err)) return sendError(c, 503, 'Health check failed', { db: 'unreachable' });
      gateway.logger.error({ err }, 'health check failed');
      return sendError(c, 500, 'Health check failed', { db: 'error' });
    }
    return c.json({
      status: 'ok',
      timestamp: isoTime(gateway.domain.ctx.now()),
      db: 'ok',
      store: gateway.store.kind,
      providers: counts.providers,
      jobs: counts.jobs,
      sweepErrors: gateway.domain.sweeps.stats().sweepErrors,
      sweep: gateway.domain.sweeps.stats(),
    });
  });
  return app;
}
