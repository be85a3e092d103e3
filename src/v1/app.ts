import { Hono } from 'hono';
import type { Gateway } from '../gateway.js';

/** PLACEHOLDER (owned by the /v1 work): the OpenAI-compatible face, mounted at /v1 by src/server.ts. */
export function createV1App(_gateway: Gateway): Hono {
  return new Hono();
}
