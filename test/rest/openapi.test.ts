import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestApp } from '../../src/rest/app.js';
import { documentationGaps } from '../../src/rest/openapi.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { onlineProvider, registerRenter } from './restFixtures.js';

/**
 * The OpenAPI document of the REST face (docs/rest-api.md): valid OpenAPI 3.1, one operation per route
 * the app serves and none other, and every operation complete enough to generate a typed client from.
 */

type Json = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  op: Json;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Operations that take no request body: every other POST/PATCH/DELETE documents one. */
const BODILESS = new Set([
  'POST /renters/rotate-key',
  'POST /renters/me/rotate-key',
  'DELETE /renters/me',
  'DELETE /renters/me/keys/{keyId}',
  'POST /providers/rotate-key',
  'POST /providers/me/rotate-key',
  'POST /jobs/{id}/complete',
  'POST /jobs/{id}/cancel',
  'POST /jobs/{id}/retry',
  'POST /admin/providers/{id}/approve',
  'PATCH /admin/providers/{id}/approve',
  'POST /admin/providers/{id}/unsuspend',
  'POST /admin/providers/{id}/rotate-key',
  'POST /admin/renters/{id}/suspend',
  'POST /admin/renters/{id}/unsuspend',
  'POST /admin/renters/{id}/rotate-key',
  'POST /admin/jobs/{id}/cancel',
]);

/** Provider routes the contract pins to one place: the legacy path segment, `?key=` on /jobs/assigned, body `key` on pause, resume, preferences. */
const PINNED_PROVIDER_ROUTES = new Set([
  'GET /providers/status/{api_key}',
  'GET /providers/{api_key}/jobs',
  'GET /jobs/assigned',
  'POST /providers/pause',
  'POST /providers/resume',
  'POST /providers/preferences',
]);

function operationsOf(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) for (const method of METHODS) if (item[method]) out.push({ method: method.toUpperCase(), path, op: item[method] });
  return out;
}

/** Follows a local `$ref` (`#/components/...`). */
function resolve(doc: Json, node: Json): Json {
  if (!node?.$ref) return node;
  return resolve(doc, node.$ref.slice(2).split('/').reduce((at: Json, key: string) => at[key], doc));
}

/** A schema a generated client can type: an object with properties, an array of something, or a union of such. */
function isSpecific(doc: Json, schema: Json): boolean {
  const s = resolve(doc, schema);
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).every((branch: Json) => isSpecific(doc, branch));
  if (s.type === 'object') return Object.keys(s.properties ?? {}).length > 0 || s.additionalProperties !== undefined;
  if (s.type === 'array') return s.items !== undefined && Object.keys(s.items).length > 0;
  return typeof s.type === 'string';
}

describe(`OpenAPI document (${storeName})`, () => {
  let t: TestGateway;
  let doc: Json;
  let operations: Operation[];
  beforeAll(async () => {
    t = await startTestGateway();
    const res = await t.fetchJson('/api/docs');
    expect(res.status).toBe(200);
    doc = res.body;
    operations = operationsOf(doc);
  });
  afterAll(() => t?.close());

  it('is valid OpenAPI 3.1, served as JSON and the same under /api/dc1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(validator.version).toBe('3.1');
    const again = await t.fetchJson('/api/dc1/docs');
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    expect(again.body).toEqual(doc);
  });

  it('lists exactly the routes the app serves: none undocumented, none documented that is not routed', async () => {
    expect(documentationGaps(createRestApp(t.gateway))).toEqual({ undocumented: [], stale: [] });
    // Each documented operation reaches a route: the router's own 404 and 405 never answer it.
    for (const { method, path } of operations) {
      const url = `/api${path.replace(/\{(\w+)\}/g, 'doc-probe')}`;
      const res = await t.fetchJson(url, { method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
      expect(res.status, `${method} ${path}`).not.toBe(405);
      expect(res.body?.error, `${method} ${path}`).not.toBe(`Not found: ${method} ${url.slice(4)}`);
    }
  });

  it('gives every operation a summary, a unique operationId and its credentials (or an explicit none)', () => {
    const ids = new Set<string>();
    for (const { method, path, op } of operations) {
      const name = `${method} ${path}`;
      expect(op.summary, name).toMatch(/\w{3}/);
      expect(op.summary, name).not.toContain('undocumented');
      expect(ids.has(op.operationId), name).toBe(false);
      ids.add(op.operationId);
      expect(Array.isArray(op.security), name).toBe(true);
      expect(Array.isArray(op['x-credentials']), name).toBe(true);
      for (const requirement of op.security) for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes, name).toHaveProperty(scheme);
      // A route that reads a credential says so in its security, unless OpenAPI cannot express where (path segment).
      const expressible = op['x-credentials'].some((c: Json) => c.in !== 'body' && c.in !== 'path');
      expect(op.security.length > 0, name).toBe(expressible);
      expect(op.description, name).toContain(op['x-credentials'].length ? 'Credential' : 'No credential');
    }
  });

  it('names the headers, query parameters and body fields each kind of credential is accepted as', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.adminToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-admin-token' });
    expect(schemes.adminBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.renterKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-renter-key' });
    expect(schemes.renterKeyQuery).toMatchObject({ type: 'apiKey', in: 'query', name: 'key' });
    expect(schemes.renterKeyQueryRenterKey).toMatchObject({ type: 'apiKey', in: 'query', name: 'renter_key' });
    expect(schemes.providerKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-provider-key' });
    expect(schemes.providerBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/admin/dashboard'].get.security).toEqual([{ adminToken: [] }, { adminBearer: [] }]);
    expect(doc.paths['/renters/register'].post.security).toEqual([]);

    // Every provider route takes the key as X-Provider-Key and as Bearer, besides where the contract puts it.
    for (const { method, path, op } of operations) {
      const provider = op['x-credentials'].filter((c: Json) => c.kind === 'provider');
      if (!provider.length || PINNED_PROVIDER_ROUTES.has(`${method} ${path}`)) continue;
      expect(provider, `${method} ${path}`).toContainEqual({ kind: 'provider', in: 'header', name: 'x-provider-key' });
      expect(provider, `${method} ${path}`).toContainEqual({ kind: 'provider', in: 'bearer' });
      const bodyKey = provider.find((c: Json) => c.in === 'body');
      if (bodyKey) expect(op.requestBody.content['application/json'].schema.properties, `${method} ${path}`).toHaveProperty(bodyKey.name);
    }
    const logs = doc.paths['/providers/jobs/{job_id}/logs'].patch;
    expect(logs.security).toEqual([{ providerKey: [] }, { providerBearer: [] }]);
    expect(logs['x-credentials'][0]).toEqual({ kind: 'provider', in: 'body', name: 'api_key' });
    expect(doc.paths['/jobs/{id}/progress'].post.security).toEqual([{ providerKey: [] }, { providerBearer: [] }]);
  });

  it('documents the input each route reads: path parameters, query parameters, request bodies', () => {
    for (const { method, path, op } of operations) {
      const name = `${method} ${path}`;
      const params: Json[] = op.parameters ?? [];
      for (const [, param] of path.matchAll(/\{(\w+)\}/g)) expect(params, name).toContainEqual(expect.objectContaining({ name: param, in: 'path', required: true }));
      if (method !== 'GET' && !BODILESS.has(name)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        expect(schema?.type, name).toBe('object');
      }
      if (BODILESS.has(name)) expect(op.requestBody, name).toBeUndefined();
    }
    const submit = doc.paths['/jobs/submit'].post.requestBody.content['application/json'].schema;
    expect(submit.required).toEqual(expect.arrayContaining(['job_type', 'duration_minutes']));
    const logs = doc.paths['/jobs/{id}/logs'].get.parameters;
    expect(logs).toContainEqual(expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ minimum: 1, maximum: 1000 }) }));
    const verify = doc.paths['/jobs/verify-hmac-local'].get.parameters;
    expect(verify).toContainEqual(expect.objectContaining({ name: 'hmac', in: 'query', required: true }));
  });

  it('documents the bounds the routes enforce on integer query parameters: one past either end is a 400 naming it', async () => {
    const renter = await registerRenter(t);
    const provider = await onlineProvider(t);
    let probes = 0;
    for (const { method, path, op } of operations) {
      const kinds = new Set(op['x-credentials'].map((c: Json) => c.kind));
      const headers: Record<string, string> = kinds.has('admin')
        ? { 'x-admin-token': t.adminToken }
        : kinds.has('renter')
          ? { 'x-renter-key': renter.apiKey }
          : kinds.has('provider')
            ? { 'x-provider-key': provider.apiKey }
            : {};
      const target = `/api${path.replace('{provider_id}', String(provider.id)).replace(/\{\w+\}/g, 'job-0-none')}`;
      const params: Json[] = (op.parameters ?? []).filter((p: Json) => p.in === 'query');
      const required = params.filter((p) => p.required).map((p) => `${p.name}=00`);
      for (const param of params.filter((p) => p.schema.type === 'integer')) {
        const outside = [param.schema.maximum + 1, param.schema.minimum - 1].filter((n) => Number.isFinite(n));
        for (const value of outside) {
          const res = await t.fetchJson(`${target}?${[...required, `${param.name}=${value}`].join('&')}`, { method, headers });
          const label = `${method} ${path}?${param.name}=${value}: ${res.status} ${res.text.slice(0, 200)}`;
          expect(res.status, label).toBe(400);
          expect(JSON.stringify(res.body), label).toContain(param.name);
          probes += 1;
        }
      }
    }
    expect(probes).toBeGreaterThanOrEqual(30);
  });

  it('types every success answer (no generic object) and the error answers', () => {
    for (const { method, path, op } of operations) {
      const name = `${method} ${path}`;
      const successes = Object.entries<Json>(op.responses).filter(([status]) => /^2/.test(status));
      const answers = successes.length ? successes : Object.entries<Json>(op.responses).filter(([status]) => status === '404');
      expect(answers.length, name).toBeGreaterThan(0);
      for (const [status, answer] of answers) {
        if (status === '204') continue;
        const content = resolve(doc, answer).content;
        expect(content, `${name} ${status}`).toBeDefined();
        const json = content['application/json'];
        if (json) expect(isSpecific(doc, json.schema), `${name} ${status}`).toBe(true);
        else expect(Object.keys(content).length, `${name} ${status}`).toBeGreaterThan(0);
      }
      for (const status of ['400', '429', '503']) expect(resolve(doc, op.responses[status]).content['application/json'].schema, `${name} ${status}`).toBeDefined();
      if (op.security.length) expect(op.responses, name).toHaveProperty('401');
    }
    const validation = resolve(doc, doc.components.schemas.ValidationError);
    expect(validation.required).toEqual(['error', 'fields']);
  });

  it('documents the log stream as server-sent events with the JSON each event carries', () => {
    const stream = doc.paths['/jobs/{id}/logs/stream'].get.responses['200'].content;
    expect(Object.keys(stream)).toEqual(['text/event-stream']);
    const event = resolve(doc, stream['text/event-stream']['x-event-schema']);
    expect(event.anyOf.map((branch: Json) => branch.properties.type.const).sort()).toEqual(['end', 'log']);
  });
});
