import { Hono } from 'hono';
import type { Gateway } from '../gateway.js';
import { sendError } from './http.js';
import { isoTime } from './present.js';

/** GET /api/health (rest-contract §8): public; 500 JSON when the store does not answer. */
export function healthRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    let counts: Awaited<ReturnType<typeof gateway.domain.admin.health>>;
    try {
      counts = await gateway.domain.admin.health();
    } catch (err) {
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
