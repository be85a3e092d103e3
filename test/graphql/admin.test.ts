import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { asAdmin, asProvider, asRenter, errorCode, expectOk, onlineProvider, registerProvider, registerRenter, submitJob } from './fixtures.js';
import {
  ClaimNextJobDocument,
  CompleteJobDocument,
  FailJobDocument,
  MeDocument,
  ModelsDocument,
  RenterDocument,
  AdminDashboardDocument,
  SuspendRenterDocument,
} from './generated/graphql.js';

describe(`GraphQL admin dashboard and models (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  it('computes every dashboard figure from the marketplace', async () => {
    const [busy, idle] = [await onlineProvider(t), await onlineProvider(t)];
    const silent = await registerProvider(t, { gpuModel: 'RTX 3090' });
    const renter = await registerRenter(t);
    const suspended = await registerRenter(t);
    await t.gql(SuspendRenterDocument, { input: { renterId: suspended.id } }, asAdmin(t));

    const completed = await submitJob(t, renter.key, { providerId: busy.id });
    await t.gql(ClaimNextJobDocument, {}, asProvider(busy.key));
    const done = await t.gql(CompleteJobDocument, { input: { job: { jobId: completed.jobId }, gpuSecondsUsed: 20 } }, asProvider(busy.key));
    const settlement = expectOk(done.data?.completeJob).settlement!;
    const failed = await submitJob(t, renter.key, { providerId: idle.id });
    await t.gql(ClaimNextJobDocument, {}, asProvider(idle.key));
    await t.gql(FailJobDocument, { input: { job: { jobId: failed.jobId } } }, asProvider(idle.key));
    await submitJob(t, renter.key, { providerId: idle.id });

    const balances = await Promise.all(
      [renter.id, suspended.id].map(async (id) => (await t.gql(RenterDocument, { id }, asAdmin(t))).data!.renter!.balance.availableHalala),
    );
    const res = await t.gql(AdminDashboardDocument, {}, asAdmin(t));
    expect(res.errors).toBeUndefined();
    const dashboard = res.data!.adminDashboard;
    expect(dashboard.totals).toMatchObject({
      totalProviders: 3,
      onlineNow: 2,
      offline: 1,
      totalRenters: 2,
      activeRenters: 1,
      totalRenterBalanceHalala: balances[0] + balances[1],
      totalJobs: 3,
      completedJobs: 1,
      failedJobs: 1,
      activeJobs: 1,
      totalRevenueHalala: settlement.actualHalala,
      totalPlatformFeesHalala: settlement.platformHalala,
      todayRevenueHalala: settlement.actualHalala,
      todayPlatformFeesHalala: settlement.platformHalala,
      todayJobs: 1,
    });
    expect(Date.parse(dashboard.totals.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(dashboard.gpuBreakdown).toEqual([
      { gpuModel: 'NVIDIA GeForce RTX 4090', count: 2 },
      { gpuModel: 'RTX 3090', count: 1 },
    ]);
    expect(dashboard.recentSignups.map((p) => p.id)).toEqual([silent.id, idle.id, busy.id]);
    expect(dashboard.recentSignups[0]).toMatchObject({ gpuModel: 'RTX 3090', os: 'LINUX', account: { email: expect.stringContaining('@') } });
    expect(dashboard.recentHeartbeats.map((p) => p.id).sort()).toEqual([busy.id, idle.id].sort());
    expect(dashboard.recentHeartbeats[0]).toMatchObject({ account: { providerHostname: 'gpu-host-1', providerIp: '10.0.0.7', gpuStatus: expect.objectContaining({ temp_c: 41 }) } });
  });

  it('shows the dashboard to admins only', async () => {
    const renter = await registerRenter(t);
    const asRenterRes = await t.gql(AdminDashboardDocument, {}, asRenter(renter.key));
    expect(asRenterRes.data).toBeNull();
    expect(asRenterRes.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(AdminDashboardDocument, {}))).toBe('UNAUTHENTICATED');
  });

  it('lists the seeded model registry with non-zero prices to anyone', async () => {
    const res = await t.gql(ModelsDocument, {});
    const models = res.data!.models;
    expect(models.map((m) => m.modelId)).toEqual(
      expect.arrayContaining([
        'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
        'microsoft/phi-2',
        'mistralai/Mistral-7B-Instruct-v0.2',
        'google/gemma-2b',
        'meta-llama/Meta-Llama-3-8B-Instruct',
      ]),
    );
    expect(models.every((m) => m.priceInHalalaPerM > 0 && m.priceOutHalalaPerM > 0 && m.isActive)).toBe(true);
  });

  it('masks unexpected errors instead of leaking their message', async () => {
    const models = t.gateway.domain.models;
    const list = models.list;
    models.list = async () => {
      throw new Error('connect ECONNREFUSED postgres://app:hunter2@db/prod');
    };
    try {
      const res = await t.gql(ModelsDocument, {});
      expect(res.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
    } finally {
      models.list = list;
    }
  });
});

describe(`GraphQL credentials (${storeName})`, () => {
  let t: TestGateway;
  let renter: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestGateway();
    renter = await registerRenter(t);
  });
  afterAll(() => t?.close());

  it('resolves the caller from x-admin-token, x-renter-key, x-provider-key or a Bearer token', async () => {
    const provider = await onlineProvider(t);
    expect((await t.gql(MeDocument, {}, asAdmin(t))).data?.me).toMatchObject({ __typename: 'Admin', dashboard: { totals: { totalJobs: expect.any(Number) } } });
    expect((await t.gql(MeDocument, {}, { authorization: `Bearer ${t.adminToken}` })).data?.me).toMatchObject({ __typename: 'Admin' });
    expect((await t.gql(MeDocument, {}, { authorization: `Bearer ${renter.key}` })).data?.me).toMatchObject({ __typename: 'Renter', id: renter.id });
    expect((await t.gql(MeDocument, {}, asProvider(provider.key))).data?.me).toMatchObject({ __typename: 'Provider', id: provider.id });
    expect((await t.gql(MeDocument, {})).data?.me).toBeNull();
  });

  it.each([
    ['an unknown key', () => ({ 'x-renter-key': 'dc1-renter-00000000000000000000000000000000' }), /not a valid API key/],
    ['a renter key in x-provider-key', () => ({ 'x-provider-key': renter.key }), /x-provider-key is not a provider key/],
    ['a renter key in x-admin-token', () => ({ 'x-admin-token': renter.key }), /x-admin-token is not the admin token/],
    ['an empty header', () => ({ 'x-renter-key': '' }), /empty/],
    ['a non-Bearer Authorization', () => ({ authorization: `Basic ${renter.key}` }), /Bearer/],
    ['two different credentials', () => ({ 'x-renter-key': renter.key, authorization: 'Bearer something-else' }), /Conflicting credentials/],
  ])('answers %s with a 401 authentication error, not anonymous access', async (_name, headers, message) => {
    const res = await t.gql(MeDocument, {}, headers());
    expect(res.status).toBe(401);
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe(`GraphQL query limits (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_GRAPHQL_MAX_DEPTH: '4', DCP_GRAPHQL_MAX_COMPLEXITY: '300' } });
  });
  afterAll(() => t?.close());

  it('rejects a query deeper than the configured depth before running it', async () => {
    const res = await t.gql('{ jobs { edges { node { provider { id } } } } }', {}, asAdmin(t));
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].message).toMatch(/depth limit of 4 exceeded/i);
    const shallow = await t.gql('{ jobs { edges { node { id } } } }', {}, asAdmin(t));
    expect(shallow.errors).toBeUndefined();
  });

  it('rejects a query whose cost (page size included) exceeds the limit, without touching the database', async () => {
    const query = (first: number) => `{ providers(first: ${first}) { edges { node { id name } } } }`;
    const rejected = await t.gateway.store.statements.measure(() => t.gql(query(100)));
    expect(rejected.result.data?.providers ?? null).toBeNull();
    expect(rejected.result.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 301, maxComplexity: 300 } });
    expect(rejected.count).toBe(0);
    const accepted = await t.gql(query(50));
    expect(accepted.errors).toBeUndefined();
  });

  /** Six aliased key lists of the provider's account in each event: 6 × (1 + 5 × 10) + 2 = 308 > 300. */
  const costlySubscription = `subscription {
    heartbeats { account { ${[1, 2, 3, 4, 5, 6].map((n) => `k${n}: apiKeys { prefix origin createdAt revokedAt status }`).join(' ')} } }
  }`;
  const tooComplex = { message: 'Query is too complex: 308 exceeds the limit of 300', extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 308, maxComplexity: 300 } };

  it('rejects an over-complex subscription over SSE instead of starting it', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: costlySubscription }),
      // A subscription that started would stream until cut off here.
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const event = /^data: (.*)$/m.exec(text)?.[1];
    expect(event, text).toBeDefined();
    const requestId = res.headers.get('x-request-id');
    expect(JSON.parse(event!)).toEqual({ errors: [{ ...tooComplex, extensions: { ...tooComplex.extensions, requestId } }] });
  });

  it('rejects an over-complex subscription over graphql-ws instead of starting it', async () => {
    const client = createClient({ url: `${t.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: costlySubscription }, { next: (value) => resolve({ next: value }), error: resolve, complete: () => resolve('complete') });
      });
      expect(outcome).toMatchObject([tooComplex]);
    } finally {
      await client.dispose();
    }
  });
});
