import { Hono } from 'hono';
import type { Gateway } from '../gateway.js';

/** PLACEHOLDER (owned by the REST work): the legacy REST face, mounted at /api and /api/dc1 by src/server.ts. */
export function createRestApp(_gateway: Gateway): Hono {
  return new Hono();
}
