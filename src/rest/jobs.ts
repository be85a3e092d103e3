import { Hono } from 'hono';
import type { Gateway } from '../gateway.js';

/** PLACEHOLDER (owned by the REST jobs work): job routes, mounted at /jobs inside the REST app. */
export function jobRoutes(_gateway: Gateway): Hono {
  return new Hono();
}
