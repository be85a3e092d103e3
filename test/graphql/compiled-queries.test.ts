import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { asAdmin, asProvider, asRenter, errorCode, onlineProvider, registerRenter, submitJob } from './fixtures.js';

/**
 * Queries run compiled (src/graphql/plugins/jit.ts); a document with @defer runs on the generic executor, and a
 * client that accepts only JSON gets it whole. So each query below is sent twice, as it is (compiled) and with a
 * deferred `__typename` at its root (generic), and both answers must be the same: data, errors, paths, codes,
 * locations (the root's selections start on a line of their own, so the insertion moves no location).
 */
const asGeneric = (query: string) => query.replace('{', '{ ... @defer { __typename } ');

type Answer = { data?: Record<string, unknown> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };

/** The answer without what differs by design: the generic run's extra `__typename`, each error's request id; errors in path order. */
function comparable({ data, errors }: Answer) {
  const { __typename: _typename, ...rest } = data ?? {};
  return {
    data: data ? rest : data,
    errors: errors
      ?.map(({ extensions, ...error }) => {
        const { requestId: _requestId, ...kept } = extensions ?? {};
        return { ...error, extensions: kept };
      })
      .sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
  };
}

const JOB_FIELDS = `id databaseId jobId status progressPhase jobType model pricingClass priority durationMinutes costHalala
  actualCostHalala gpuSecondsUsed retryCount error result submittedAt assignedAt startedAt`;
const RELATED = `provider { id name gpuModel isOnline lastHeartbeat status account { email } }
  renter { id name email balance { availableHalala heldHalala } totalJobs createdAt }`;

const QUERIES: Record<string, string> = {
  list: `query List($first: Int, $after: String) {
    jobs(first: $first, after: $after) { totalCount edges { cursor node { ${JOB_FIELDS} ${RELATED} events { status source } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
  fragments: `query Fragments {
    jobs(first: 3) { edges { node { ...Card } } } } fragment Card on Job { jobId ... on Job { ${RELATED} } }`,
  node: `query Node($id: ID!) {
    node(id: $id) { __typename id ... on Job { jobId status } ... on Provider { name } ... on Renter { email } } }`,
  ref: `query Ref($ref: JobRef!) {
    job(ref: $ref) { jobId status } }`,
  filtered: `query Filtered($filter: JobFilter) {
    jobs(first: 5, filter: $filter) { edges { node { jobId } } } }`,
  // A non-null variable with a default, left out: run by the generic executor in both forms.
  leaderboard: `query Leaderboard($limit: Int! = 5) {
    verificationLeaderboard(limit: $limit) { id name verificationStatus } }`,
};

describe(`compiled queries answer as the generic executor does (${storeName})`, () => {
  let t: TestGateway;
  let renter: Awaited<ReturnType<typeof registerRenter>>;
  let provider: Awaited<ReturnType<typeof onlineProvider>>;
  let jobId: string;
  beforeAll(async () => {
    t = await startTestGateway();
    renter = await registerRenter(t);
    provider = await onlineProvider(t);
    jobId = (await submitJob(t, renter.key, { providerId: provider.id })).id;
    for (let i = 0; i < 3; i++) await submitJob(t, renter.key);
  });
  afterAll(() => t?.close());

  async function both(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const compiled = await t.gql(query, variables, headers);
    const generic = await t.gql(asGeneric(query), variables, { ...headers, accept: 'application/json' });
    expect(generic.status).toBe(compiled.status);
    expect(comparable(compiled.body)).toEqual(comparable(generic.body));
    return compiled;
  }

  it('answers lists, their relations and fragments alike, for every kind of caller', async () => {
    const callers = { renter: asRenter(renter.key), provider: asProvider(provider.key), admin: asAdmin(t), anonymous: {} };
    for (const [who, headers] of Object.entries(callers)) {
      for (const name of ['list', 'fragments']) {
        const answer = await both(QUERIES[name], { first: 3 }, headers);
        // A renter sees its jobs, their providers and itself; only a provider's private side is refused.
        if (who === 'renter') expect(answer.errors?.every((e) => e.message === 'Not allowed to access Provider.account') ?? true, `${name} as ${who}`).toBe(true);
        if (who === 'renter') expect((answer.data as { jobs: { edges: unknown[] } }).jobs.edges).toHaveLength(3);
      }
    }
    // What differs by caller is there: the provider is refused each job's renter, anonymous callers the list.
    const asItsProvider = await t.gql(QUERIES.fragments, {}, asProvider(provider.key));
    expect(asItsProvider.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    expect(errorCode(await t.gql(QUERIES.list, {}, {}))).toBe('UNAUTHENTICATED');
  });

  it('answers bad arguments, abstract types and defaulted variables alike', async () => {
    await both(QUERIES.list, { first: 2, after: 'not-a-cursor' }, asRenter(renter.key));
    await both(QUERIES.list, { first: 0 }, asRenter(renter.key));
    for (const id of [jobId, provider.id, renter.id, 'bm90LWFuLWlk']) await both(QUERIES.node, { id }, asAdmin(t));
    const leaderboard = await both(QUERIES.leaderboard, {}, {});
    expect(leaderboard.errors).toBeUndefined();
  });

  // graphql-jit coerces variables without @oneOf's rule and with messages of its own: these must be refused
  // before execution (by the cost check's coercion today) with graphql-js's errors.
  it('answers variables graphql-js refuses alike: @oneOf with two keys or none, a bad custom scalar, a bad enum in a list', async () => {
    const headers = asRenter(renter.key);
    const twoKeys = await both(QUERIES.ref, { ref: { id: 'x', jobId: 'y' } }, headers);
    expect(twoKeys.errors?.[0]?.message).toMatch(/Exactly one key must be specified for OneOf type "?JobRef"?/);
    await both(QUERIES.ref, { ref: {} }, headers);
    const badDate = await both(QUERIES.filtered, { filter: { submittedAfter: 'yesterday' } }, headers);
    expect(badDate.errors?.[0]?.message).toContain('ISO-8601');
    await both(QUERIES.filtered, { filter: { status: ['QUEUED', 'NOPE'] } }, headers);
    const accepted = await both(QUERIES.filtered, { filter: { status: ['QUEUED'], submittedAfter: '2020-01-01T00:00:00Z' } }, headers);
    expect(accepted.errors).toBeUndefined();
  });
});
