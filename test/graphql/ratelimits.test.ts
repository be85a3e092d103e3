import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/gateway.js';
import { createServer, type ListeningServer } from '../../src/server.js';
import { startTestGateway, storeName, testConfig, type TestGateway } from '../helpers/index.js';
import { globalId } from '../../src/graphql/ids.js';
import { asRenter, expectOk, expectUserError, smallJob } from './fixtures.js';
import { MeDocument, RegisterProviderDocument, RegisterRenterDocument, RetryJobDocument, SubmitJobDocument, TopUpDocument } from './generated/graphql.js';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

describe(`GraphQL rate limits, shared with REST (${storeName})`, () => {
  let t: TestGateway;
  /** A second instance on the same store, with tight per-request budgets: counters are shared, budgets are its own. */
  let strict: ListeningServer;
  let clock = Date.parse('2026-05-01T08:00:00.000Z');
  const now = () => new Date(clock);
  const strictGql = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${strict.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    return { status: res.status, headers: res.headers, body: await res.json() };
  };
  const newRenter = async () => {
    const { renter, apiKey } = await t.gateway.domain.renters.register({ name: 'Budget Renter', email: `budget-${unique()}@example.sa` });
    return { id: renter.id, key: apiKey };
  };

  beforeAll(async () => {
    t = await startTestGateway({ now, env: { DCP_RATE_LIMITS: 'on', DCP_REST_RATE_LIMITS: 'submit=2/60,topup=2/60' } });
    const env = { DCP_RATE_LIMITS: 'on', DCP_REST_RATE_LIMITS: 'general=5/60,credential_failures=2/900' };
    strict = await createServer(await createGateway(testConfig(undefined, env), { store: t.gateway.store, now })).listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await strict?.close();
    await t?.close();
  });
  // Every test starts in fresh windows of every budget.
  beforeEach(() => {
    clock += 2 * 86_400_000;
  });

  it('spends the REST sign-up budget of the address on GraphQL sign-ups: the sixth gets a typed RateLimited', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Via REST', email: `rest-${unique()}@example.sa` } });
      expect(res.status).toBe(201);
    }
    const register = (email: string) => t.gql(RegisterRenterDocument, { input: { name: 'Via GraphQL', email } });
    expectOk((await register(`gql-${unique()}@example.sa`)).data?.registerRenter);
    expectOk((await register(`gql-${unique()}@example.sa`)).data?.registerRenter);
    const provider = await t.gql(RegisterProviderDocument, { input: { name: 'GPU Host', email: `p-${unique()}@example.sa`, gpuModel: 'RTX 4090', os: 'linux' } });
    expectOk(provider.data?.registerProvider);

    const email = `sixth-${unique()}@example.sa`;
    const refused = (expectUserError((await register(email)).data?.registerRenter, 'RATE_LIMITED') as { message: string; retryAfterSeconds: number });
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', message: 'Rate limit exceeded' });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3600);
    const rest = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name: 'Via REST', email: `rest-${unique()}@example.sa` } });
    expect(rest.status).toBe(429);

    // Nothing was written for the refused sign-up: the same email registers once the window has passed.
    clock += 3600_000;
    expectOk((await register(email)).data?.registerRenter);
  });

  it('spends the submit budget of the renter key, across REST and GraphQL', async () => {
    const renter = await newRenter();
    const other = await newRenter();
    const rest = await t.fetchJson('/api/jobs/submit', {
      method: 'POST',
      headers: asRenter(renter.key),
      json: { job_type: 'llm_inference', duration_minutes: 1, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'hi' } },
    });
    expect(rest.status, rest.text).toBe(201);
    const submit = (key: string) => t.gql(SubmitJobDocument, { input: smallJob }, asRenter(key));
    expectOk((await submit(renter.key)).data?.submitJob);
    const refused = (expectUserError((await submit(renter.key)).data?.submitJob, 'RATE_LIMITED') as { message: string; retryAfterSeconds: number });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expectOk((await submit(other.key)).data?.submitJob);
  });

  it('limits retries of one job to three a minute per caller', async () => {
    const renter = await newRenter();
    const renterPrincipal = { kind: 'renter' as const, renterId: renter.id, status: 'active' };
    const { job } = await t.gateway.domain.jobs.submit(renterPrincipal, { job_type: 'llm_inference', duration_minutes: 1 });
    await t.gateway.domain.jobs.cancel(renterPrincipal, job.id);
    const retry = () => t.gql(RetryJobDocument, { input: { job: { jobId: job.jobId } } }, asRenter(renter.key));
    for (let i = 0; i < 3; i++) expectOk((await retry()).data?.retryJob);
    (expectUserError((await retry()).data?.retryJob, 'RATE_LIMITED') as { message: string; retryAfterSeconds: number });
  });

  it('spends the top-up budget of the address across REST and GraphQL, and credits nothing when refused', async () => {
    const renter = await newRenter();
    const topUp = () => t.gql(TopUpDocument, { input: { amountHalala: 100 } }, asRenter(renter.key));
    expectOk((await topUp()).data?.topUp);
    const rest = await t.fetchJson('/api/renters/topup', { method: 'POST', headers: asRenter(renter.key), json: { amount_halala: 100 } });
    expect(rest.status).toBe(200);
    const refused = (expectUserError((await topUp()).data?.topUp, 'RATE_LIMITED') as { message: string; retryAfterSeconds: number });
    expect(refused.message).toBe('Too many top-up requests. Slow down.');
    const me = await t.gql(MeDocument, {}, asRenter(renter.key));
    expect(me.data?.me).toMatchObject({ balance: { availableHalala: 1200 } });
  });

  it('refuses a request over the per-address budget with RATE_LIMITED, 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await strictGql('{ models { modelId } }')).status).toBe(200);
    const refused = await strictGql('{ models { modelId } }');
    expect(refused.status).toBe(429);
    expect(refused.body.data ?? null).toBeNull();
    const [error] = refused.body.errors;
    expect(error).toEqual({
      message: 'Rate limit exceeded.',
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), requestId: refused.headers.get('x-request-id') },
    });
    expect(refused.headers.get('retry-after')).toBe(String(error.extensions.retryAfterSeconds));
  });

  it('stops checking credentials from an address that keeps presenting unknown ones', async () => {
    const renter = await newRenter();
    const unknownKey = { 'x-renter-key': 'dc1-renter-00000000000000000000000000000000' };
    for (let i = 0; i < 2; i++) {
      const res = await strictGql('{ me { __typename } }', unknownKey);
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await strictGql('{ me { __typename } }', asRenter(renter.key));
    expect(blocked.status).toBe(429);
    expect(blocked.body.errors[0]).toMatchObject({ message: 'Too many failed authentication attempts. Try again later.', extensions: { code: 'RATE_LIMITED' } });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Anonymous requests check no credential and still pass; the valid key works again in the next window.
    expect((await strictGql('{ models { modelId } }')).status).toBe(200);
    clock += 900_000;
    expect((await t.gql(MeDocument, {}, asRenter(renter.key))).data?.me).toMatchObject({ __typename: 'Renter', id: globalId('Renter', renter.id) });
  });
});
