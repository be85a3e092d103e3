import type { Hono } from 'hono';
import { z } from 'zod';
import { packageInfo as pkg } from '../packageInfo.js';
import { FAMILIES, type CredentialSource } from './credentials.js';
import { ADMIN_OPERATIONS } from './schemas/admin.js';
import { components, type Answer, type Auth, type OperationSpec, type OperationTable } from './schemas/common.js';
import { JOB_OPERATIONS } from './schemas/jobs.js';
import { MISC_OPERATIONS } from './schemas/misc.js';
import { PROVIDER_OPERATIONS } from './schemas/providers.js';
import { RENTER_OPERATIONS } from './schemas/renters.js';

/**
 * The OpenAPI 3.1 document of the REST face (docs/rest-api.md). Operations are listed from the app's own
 * route table, so every mounted route appears; what each one reads and answers comes from the operation
 * table in schemas/*: request bodies are the zod schemas the domain validates with, credentials are the
 * families the routes read (credentials.ts), answers are zod schemas of the presenters' shapes. Built
 * once per process and served as prepared JSON text.
 */

type JsonSchema = Record<string, unknown>;

export const OPERATIONS: OperationTable = { ...RENTER_OPERATIONS, ...PROVIDER_OPERATIONS, ...JOB_OPERATIONS, ...ADMIN_OPERATIONS, ...MISC_OPERATIONS };

/** `/jobs/:id{[0-9]+}?` → `/jobs/{id}`. */
export const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}');

/** The operations the app serves, as `METHOD /openapi/path`, in routing order. */
export function servedOperations(app: Hono): string[] {
  const keys = new Set<string>();
  for (const route of app.routes) if (route.method !== 'ALL' && !route.path.includes('*')) keys.add(`${route.method} ${openApiPath(route.path)}`);
  return [...keys];
}

/** Routes served without a description, and descriptions of routes no longer served; both empty in CI. */
export function documentationGaps(app: Hono): { undocumented: string[]; stale: string[] } {
  const served = servedOperations(app);
  return { undocumented: served.filter((key) => !OPERATIONS[key]), stale: Object.keys(OPERATIONS).filter((key) => !served.includes(key)) };
}

// ---------------------------------------------------------------------------------------------------------
// JSON Schema from zod

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** Drops what OpenAPI does not need: the dialect per schema, ids, and the safe-integer bounds of every int. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (!value || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(v as number) === SAFE_INT) continue;
    out[key] = tidy(v);
  }
  return out;
}

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  tidy(z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' })) as JsonSchema;

// ---------------------------------------------------------------------------------------------------------
// Credentials

type Kind = 'admin' | 'renter' | 'provider';
interface Credential {
  kind: Kind;
  source: CredentialSource;
}

const KIND_NAMES: Record<Kind, string> = { admin: 'the admin token', renter: 'a renter API key', provider: 'a provider API key' };
const pascal = (s: string) => s.replace(/(^|[_-])(\w)/g, (_m, _sep, ch: string) => ch.toUpperCase());

/** Every place an operation reads a credential, in the order it tries them. */
function credentialsOf(auth: Auth): Credential[] {
  const found: Credential[] = [];
  if (auth.admin) for (const source of FAMILIES.admin) found.push({ kind: 'admin', source });
  for (const kind of ['renter', 'provider'] as const) for (const source of auth[kind] ?? []) found.push({ kind, source });
  return found;
}

/** The security scheme a header, query or Bearer credential is (body and path credentials have none in OpenAPI). */
function securityScheme({ kind, source }: Credential): [name: string, scheme: JsonSchema] | undefined {
  const what = KIND_NAMES[kind];
  switch (source.from) {
    case 'header':
      return [`${kind}${kind === 'admin' ? 'Token' : 'Key'}`, { type: 'apiKey', in: 'header', name: source.name, description: `${what} in \`${source.name}\`` }];
    case 'query':
      return [
        `${kind}KeyQuery${source.name === 'key' ? '' : pascal(source.name)}`,
        { type: 'apiKey', in: 'query', name: source.name, description: `${what} in \`?${source.name}=\` (deprecated: the answer carries Deprecation and Sunset headers)` },
      ];
    case 'bearer':
      return [`${kind}Bearer`, { type: 'http', scheme: 'bearer', description: `${what} as \`Authorization: Bearer <key>\`` }];
    default:
      return undefined;
  }
}

function describeSource(s: CredentialSource): string {
  switch (s.from) {
    case 'header':
      return `header \`${s.name}\``;
    case 'query':
      return `query \`${s.name}\``;
    case 'body':
      return `body field \`${s.name}\``;
    case 'path':
      return `path segment \`{${s.name}}\``;
    case 'bearer':
      return '`Authorization: Bearer`';
  }
}

/** One sentence per kind of caller: where its credential is read, first hit wins. */
function credentialText(credentials: Credential[]): string {
  if (!credentials.length) return 'No credential.';
  const byKind = new Map<Kind, string[]>();
  for (const c of credentials) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), describeSource(c.source)]);
  const lines = [...byKind].map(([kind, places]) => `${KIND_NAMES[kind]} from ${places.join(', then ')}`);
  return `Credential (first found wins): ${lines.join('; or ')}.`;
}

// ---------------------------------------------------------------------------------------------------------
// Operations

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const jsonError = (description: string, schema: JsonSchema = ref('Error')) => ({ description, content: { 'application/json': { schema } } });
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };

/** The error answers, shared by every operation through `components.responses`. */
const ERROR_ANSWERS: Record<number, [name: string, answer: JsonSchema]> = {
  400: ['BadRequest', jsonError('Missing or invalid input (`Validation failed` names each field)', { anyOf: [ref('ValidationError'), ref('Error')] })],
  401: ['Unauthorized', jsonError('Missing or wrong credential')],
  402: ['PaymentRequired', jsonError('The balance does not cover the quote', ref('InsufficientBalance'))],
  403: ['Forbidden', jsonError('The credential may not do this')],
  404: ['NotFound', jsonError('Not found (on some routes also an unknown key)')],
  409: ['Conflict', jsonError('Not possible in the current state (`current_status` says which)')],
  410: ['Gone', jsonError('Expired')],
  413: ['PayloadTooLarge', jsonError('Request body too large (`limit_bytes`)')],
  429: ['TooManyRequests', { ...jsonError('Rate limit exceeded', ref('RateLimited')), headers: RETRY_AFTER }],
  500: ['InternalError', jsonError('Internal error')],
  503: ['ServiceUnavailable', { ...jsonError('The database is unreachable; retry later', ref('RateLimited')), headers: RETRY_AFTER }],
};
const ERROR_RESPONSES = Object.fromEntries(Object.values(ERROR_ANSWERS));

const isAnswer = (value: z.ZodType | Answer): value is Answer => !('_zod' in value);

function operationIdOf(key: string): string {
  const [method, path] = key.split(' ');
  return method.toLowerCase() + path.split(/[/{}.-]+/).filter(Boolean).map((part) => pascal(part)).join('');
}

/** The component id of a response schema: its shared name, or one made from the operation. */
function responseId(schema: z.ZodType, operationId: string, status: number, suffix = ''): string {
  const existing = components.get(schema)?.id;
  if (existing) return existing;
  const id = `${pascal(operationId)}${status === 200 ? '' : status}${suffix}Response`;
  components.add(schema, { id });
  return id;
}

interface Built {
  operation: JsonSchema;
  schemes: Array<[string, JsonSchema]>;
}

function buildOperation(key: string, spec: OperationSpec | undefined): Built {
  const [method, path] = key.split(' ');
  const operationId = operationIdOf(key);
  const tags = [path.split('/')[1] || 'meta'];
  if (!spec) return { operation: { summary: `${key} (undocumented)`, operationId, tags, responses: { 200: { description: 'Undocumented' } } }, schemes: [] };

  const readsBody = method !== 'GET' && method !== 'HEAD';
  // A GET body is never read (readJsonBody answers {}), so a family's body field does not apply there.
  const credentials = credentialsOf(spec.auth).filter((c) => readsBody || c.source.from !== 'body');
  const schemes = credentials.map(securityScheme).filter((s): s is [string, JsonSchema] => s !== undefined);
  const security = [...new Set(schemes.map(([name]) => name))].map((name) => ({ [name]: [] }));

  const parameters: JsonSchema[] = [];
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    const description = spec.params?.[name];
    parameters.push({ name, in: 'path', required: true, schema: { type: 'string' }, ...(description ? { description } : {}) });
  }
  for (const [name, field] of Object.entries(spec.query?.shape ?? {})) {
    const { description, ...schema } = toSchema(field as z.ZodType, 'input');
    parameters.push({ name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, schema, ...(description ? { description } : {}) });
  }

  let requestBody: JsonSchema | undefined;
  const bodyKeys = credentials.filter((c) => c.source.from === 'body');
  if (spec.body || bodyKeys.length) {
    const schema = spec.body ? toSchema(spec.body, 'input') : { type: 'object', properties: {} };
    const properties = { ...(schema.properties as JsonSchema | undefined) };
    for (const c of bodyKeys) {
      const name = (c.source as { name: string }).name;
      properties[name] = { type: 'string', description: `${KIND_NAMES[c.kind]}, when it is not sent in a header` };
    }
    const body: JsonSchema = { ...schema, properties };
    const required = (body.required as string[] | undefined) ?? [];
    requestBody = { required: required.length > 0, content: { 'application/json': { schema: body } } };
  }

  const responses: Record<string, JsonSchema> = {};
  for (const [status, value] of Object.entries(spec.responses)) responses[status] = answerOf(value, operationId, Number(status));
  const credentialed = credentials.length > 0;
  const errorStatuses = [400, ...(credentialed ? [401, 403] : []), ...(credentialed || parameters.some((p) => p.in === 'path') ? [404] : []), 429, 503, ...(spec.errors ?? [])];
  for (const status of errorStatuses) responses[status] ??= { $ref: `#/components/responses/${ERROR_ANSWERS[status][0]}` };

  const description = [spec.description, credentialText(credentials)].filter(Boolean).join('\n\n');
  return {
    operation: {
      summary: spec.summary,
      description,
      operationId,
      tags,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      security,
      'x-credentials': credentials.map(({ kind, source }) => ({ kind, in: source.from, ...('name' in source ? { name: source.name } : {}) })),
      responses,
    },
    schemes,
  };
}

function answerOf(value: z.ZodType | Answer, operationId: string, status: number): JsonSchema {
  if (!isAnswer(value)) return { description: 'Success', content: { 'application/json': { schema: ref(responseId(value, operationId, status)) } } };
  const content: JsonSchema = {};
  if (value.json) content['application/json'] = { schema: ref(responseId(value.json, operationId, status)) };
  for (const [media, schema] of Object.entries(value.media ?? {})) content[media] = { schema };
  if (value.events) {
    content['text/event-stream'] = {
      schema: { type: 'string', description: 'Server-sent events: each `data:` line is one JSON event (x-event-schema)' },
      'x-event-schema': ref(responseId(value.events, operationId, status, 'Event')),
    };
  }
  return { description: value.description, ...(Object.keys(content).length ? { content } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// The document

const INFO_DESCRIPTION = `The legacy REST face of the DCP GPU marketplace, served identically under \`/api\` and \`/api/dc1\`.

Errors are JSON: \`{"error": "<message>", ...context}\`; invalid input is \`400 {"error": "Validation failed", "fields": [{"field", "message"}]}\`.
Credentials differ per route family, as the original service read them: each operation's description says where its
credential is read, first hit wins; \`x-credentials\` lists the same places (body fields and path segments included,
which OpenAPI security schemes cannot express). A key in the query string still works but announces its sunset.
Amounts are integer halala (100 halala = 1 SAR); timestamps are ISO-8601 with milliseconds and \`Z\`.`;

const TAGS = [
  { name: 'renters', description: 'Renter accounts, balance, sub-keys' },
  { name: 'providers', description: 'Provider accounts, the daemon’s calls, public provider lists, downloads' },
  { name: 'jobs', description: 'Submitting, reading and settling jobs' },
  { name: 'admin', description: 'The admin console (admin token)' },
  { name: 'verification', description: 'GPU verification challenges and verdicts' },
  { name: 'daemon', description: 'Daemon update check' },
  { name: 'health', description: 'Liveness and store reachability' },
  { name: 'docs', description: 'This document' },
];

function buildDocument(app: Hono) {
  const paths: Record<string, Record<string, unknown>> = {};
  const securitySchemes: Record<string, JsonSchema> = {};
  for (const key of servedOperations(app)) {
    const [method, path] = key.split(' ');
    const { operation, schemes } = buildOperation(key, OPERATIONS[key]);
    for (const [name, scheme] of schemes) securitySchemes[name] ??= scheme;
    (paths[path] ??= {})[method.toLowerCase()] = operation;
  }
  // After the operations: answering them registered their response schemas.
  const { schemas } = z.toJSONSchema(components, { target: 'draft-2020-12', uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  return {
    openapi: '3.1.0',
    info: { title: 'DCP Gateway — legacy REST API', version: pkg.version, description: INFO_DESCRIPTION },
    servers: [{ url: '/api' }, { url: '/api/dc1' }],
    tags: TAGS,
    paths,
    components: { schemas: tidy(schemas), responses: ERROR_RESPONSES, securitySchemes },
  };
}

let built: { signature: string; json: string } | undefined;

/**
 * The document as JSON text, built on the first call for this route table and then reused (every REST app
 * of a process has the same routes, so tests and servers share one build).
 */
export function openApiJson(app: Hono): string {
  const signature = servedOperations(app).join('\n');
  if (built?.signature !== signature) built = { signature, json: JSON.stringify(buildDocument(app)) };
  return built.json;
}
