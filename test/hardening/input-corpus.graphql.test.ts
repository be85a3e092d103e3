import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type JsonResponse, type TestGateway } from '../helpers/index.js';
import { subscribeWs, wsClient } from '../subscriptions/support.js';
import { BAD_VALUES, changedTables, databaseDigest, NOT_IDS, type BadValue } from './corpus.js';

/**
 * Hostile input on the GraphQL face: every mutation of the schema (read by introspection, so a new one
 * is covered the day it is added) with each class of bad value in every string it takes, as variables;
 * the same values written as literals; malformed variables; an over-size document. Each is a 400 (413 for
 * the size) with BAD_USER_INPUT naming the field, never a 5xx, and stores nothing.
 */

/** Variables as JSON text with `bad` in every string the type takes, and the path of the first one. */
interface Generated {
  text: string;
  badPath?: string;
}

const SAMPLE: Record<string, string> = { Int: '1', SafeInt: '1', Float: '1', Boolean: 'true', DateTime: '"2030-01-01T00:00:00.000Z"' };

function generate(type: GraphQLInputType, bad: BadValue, path: string, nested = true): Generated | undefined {
  if (isNonNullType(type)) return generate(type.ofType, bad, path, nested);
  if (isListType(type)) {
    const item = generate(type.ofType, bad, `${path}.0`, nested);
    return item && { text: `[${item.text}]`, badPath: item.badPath };
  }
  if (isEnumType(type)) return { text: JSON.stringify(type.getValues()[0].name) };
  if (isScalarType(type)) {
    if (SAMPLE[type.name]) return { text: SAMPLE[type.name] };
    return { text: bad.json, badPath: path };
  }
  if (!isInputObjectType(type) || !nested) return undefined;
  let badPath: string | undefined;
  const members: string[] = [];
  for (const field of Object.values(type.getFields())) {
    // Required fields always; optional ones only when they are leaves (input types may refer to themselves).
    const required = isNonNullType(field.type);
    const leaf = !isInputObjectType(getNamedType(field.type));
    if (!required && !leaf) continue;
    const value = generate(field.type, bad, `${path}.${field.name}`, required);
    if (!value) continue;
    badPath ??= value.badPath;
    members.push(`${JSON.stringify(field.name)}:${value.text}`);
  }
  return { text: `{${members.join(',')}}`, badPath };
}

/** A document calling `field` with every argument as a variable, and the variables carrying `bad`. */
function attack(field: GraphQLField<unknown, unknown>, bad: BadValue): { query: string; variables: string; badPath: string } | undefined {
  let badPath: string | undefined;
  const members: string[] = [];
  const sent: GraphQLArgument[] = [];
  for (const arg of field.args) {
    const value = generate(arg.type, bad, arg.name);
    // Optional arguments only when they carry the value (`first` and `last` together would be refused first).
    if (!value || (!value.badPath && !isNonNullType(arg.type))) continue;
    badPath ??= value.badPath;
    members.push(`${JSON.stringify(arg.name)}:${value.text}`);
    sent.push(arg);
  }
  if (!badPath) return undefined;
  const definitions = sent.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = sent.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
  return { query: `mutation Attack(${definitions}) { ${field.name}(${args})${selection} }`, variables: `{${members.join(',')}}`, badPath };
}

describe(`hostile input on the GraphQL face (${storeName})`, () => {
  let t: TestGateway;
  let schema: GraphQLSchema;
  const callers: Array<Record<string, string>> = [];

  const post = (body: string, headers: Record<string, string> = {}) =>
    t.fetchJson('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  function expectRefused(res: JsonResponse<any>, what: string, field?: string): void {
    expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBe(400);
    expect(res.headers.get('content-type') ?? '', what).toContain('json');
    const error = res.body?.errors?.[0];
    expect(error?.extensions?.code, `${what}: ${res.text.slice(0, 300)}`).toBe('BAD_USER_INPUT');
    if (field !== undefined) expect(String(error.extensions.field), `${what}: ${res.text.slice(0, 300)}`).toMatch(new RegExp(`^${escape(field)}`));
  }

  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_GRAPHQL_INTROSPECTION: '1' } });
    const introspection = await post(JSON.stringify({ query: getIntrospectionQuery() }));
    schema = buildClientSchema(introspection.body.data);
    const renter = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'GraphQL Corpus', email: 'gql-corpus@example.sa' } });
    const provider = await t.fetchJson('/api/providers/register', {
      method: 'POST',
      json: { name: 'GraphQL Host', email: 'gql-host@example.sa', gpu_model: 'RTX 4090', os: 'Linux' },
    });
    callers.push({}, { 'x-renter-key': renter.body.api_key }, { 'x-provider-key': provider.body.api_key }, { 'x-admin-token': t.adminToken });
  });
  afterAll(() => t?.close());

  it('refuses every class of bad value in the variables of every mutation, as every kind of caller, storing nothing', async () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(20);
    let attacked = 0;
    for (const mutation of mutations) {
      const before = await databaseDigest(t);
      for (const bad of BAD_VALUES) {
        const request = attack(mutation, bad);
        if (!request) continue;
        attacked++;
        for (const headers of callers) {
          const what = `${mutation.name} with ${bad.name} as ${Object.keys(headers)[0] ?? 'anonymous'}`;
          const res = await post(`{"query":${JSON.stringify(request.query)},"variables":${request.variables}}`, headers);
          expectRefused(res, what, bad.field(request.badPath));
        }
      }
      expect(changedTables(before, await databaseDigest(t)), `${mutation.name} stored something`).toEqual([]);
    }
    expect(attacked).toBeGreaterThanOrEqual(15 * BAD_VALUES.length);
  });

  it('answers ids and cursors that are not ids or cursors, in every query, without a server error', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const garbage = [
      ...NOT_IDS,
      cursor(['0', 1]),
      cursor(['2026-01-01T00:00:00.000000Z', 1e20]),
      cursor(['2026-01-01T00:00:00.000000Z', -1]),
      cursor(['99999-01-01T00:00:00Z', 1]),
      cursor(['2026-02-31T00:00:00.000000Z', 1]),
      cursor(['2026-01-01T24:00:00.000000Z', 1]),
      cursor(['2026-01-01', 'x']),
      cursor('['),
      'not base64 !',
    ].map((value): BadValue => ({ name: value.slice(0, 30), json: JSON.stringify(value), field: (at) => at }));
    const admin = { 'x-admin-token': t.adminToken };
    const queries = Object.values(schema.getQueryType()!.getFields()).filter((field) => field.args.length > 0);
    expect(queries.length).toBeGreaterThan(5);
    for (const field of queries) {
      for (const value of garbage) {
        const request = attack(field, value);
        if (!request) continue;
        const query = request.query.replace('mutation Attack', 'query Attack');
        const res = await post(`{"query":${JSON.stringify(query)},"variables":${request.variables}}`, admin);
        const what = `${field.name} with ${value.name}: ${res.text.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        expect(res.body?.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code) ?? [], what).not.toContain('INTERNAL_SERVER_ERROR');
      }
    }
  });

  it('refuses bad values written as literals in the document, naming the argument path', async () => {
    const admin = { 'x-admin-token': t.adminToken };
    const deepLiteral = '{a:'.repeat(40) + '1' + '}'.repeat(40);
    const cases = [
      { query: 'mutation { registerRenter(input: {name: "a\\u0000b", email: "lit@example.sa"}) { __typename } }', field: 'input.name' },
      { query: `mutation { submitJob(input: {jobType: LLM_INFERENCE, durationMinutes: 1, params: ${deepLiteral}}) { __typename } }`, field: 'input.params.a' },
      { query: 'mutation { cancelJob(input: {job: {jobId: "1\\u0000"}}) { __typename } }', field: 'input.job.jobId' },
      { query: 'query($id: String = "a\\u0000") { job(ref: {jobId: $id}) { id } }', field: 'id' },
    ];
    const before = await databaseDigest(t);
    for (const c of cases) expectRefused(await post(JSON.stringify({ query: c.query }), admin), c.query.slice(0, 60), c.field);
    // GraphQL's own grammar has no lone surrogate escape: the parser refuses it before the gate could.
    const surrogate = await post(JSON.stringify({ query: 'mutation { registerRenter(input: {name: "x\\uD800y", email: "lit2@example.sa"}) { __typename } }' }), admin);
    expect(surrogate.status, surrogate.text).toBeLessThan(500);
    expect(surrogate.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(changedTables(before, await databaseDigest(t))).toEqual([]);
  });

  it('answers malformed variables and extensions with 400 naming the parameter, over GET and POST', async () => {
    const query = encodeURIComponent('{me{__typename}}');
    const get = (qs: string) => t.fetchJson(`/graphql?query=${query}&${qs}`);
    expectRefused(await get('variables={'), 'GET variables={', 'variables');
    expectRefused(await get('extensions=%7B%22a'), 'GET extensions={"a', 'extensions');
    expectRefused(await get(`variables=${encodeURIComponent('{"id":"a\\u0000"}')}`), 'GET variables with NUL', 'id');
    const posted = await post(`{"query":"{me{__typename}}","variables":{`);
    expect(posted.status, posted.text).toBe(400);
    expect(posted.body?.errors?.[0]?.message).toBeTruthy();
    expectRefused(await post(`{"query":"{me{__typename}}","extensions":{"trace":"a\\u0000"}}`), 'extensions with NUL', 'extensions.trace');
  });

  it('refuses a document larger than the configured byte limit with 413, and accepts one below it', async () => {
    const padding = `#${'x'.repeat(t.gateway.config.graphqlMaxDocumentBytes)}\n`;
    const tooLarge = await post(JSON.stringify({ query: `${padding}{ __typename }` }));
    expect(tooLarge.status, tooLarge.text.slice(0, 200)).toBe(413);
    expect(tooLarge.body.errors[0].extensions.code).toBe('DOCUMENT_TOO_LARGE');
    const fits = await post(JSON.stringify({ query: `#${'x'.repeat(1000)}\n{ __typename }` }));
    expect(fits.status, fits.text).toBe(200);
    expect(fits.body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses a graphql-ws connection whose credential no header could carry as forbidden, not as a server error', async () => {
    for (const key of ['dc1-renter-\u0000', 'dc1-renter-\u0159', 'dc1-renter-\ud800', 'dc1-renter-\r\nx: y']) {
      const client = wsClient(t.url, { 'x-renter-key': key });
      try {
        const refused = subscribeWs(client, 'subscription { providerStatusChanged { __typename } }');
        await refused.ended();
        expect((refused.failure as { code?: number }).code, JSON.stringify(key)).toBe(4403);
      } finally {
        await client.dispose();
      }
    }
  });

  it('refuses bad variables of a graphql-ws subscription with BAD_USER_INPUT and keeps the connection', async () => {
    const client = wsClient(t.url, { 'x-admin-token': t.adminToken });
    try {
      const refused = subscribeWs(client, 'subscription($id: String!) { jobLogs(ref: {jobId: $id}) { __typename } }', { id: 'a\u0000b' });
      await refused.ended();
      expect(refused.failure, 'the refusal is an error message, not a closed socket').toBeInstanceOf(Array);
      expect((refused.failure as Array<{ extensions?: { code?: string } }>)[0].extensions?.code).toBe('BAD_USER_INPUT');
      const fine = subscribeWs(client, 'subscription { heartbeats { id } }');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fine.failure).toBeUndefined();
      fine.stop();
    } finally {
      await client.dispose();
    }
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
