import type { GraphQLField, GraphQLObjectType } from 'graphql';
import type { Client } from 'graphql-ws';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { liveFor } from '../../src/graphql/pubsub.js';
import { schema } from '../../src/graphql/schema.js';
import { eventually } from '../helpers/eventually.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { subscribers, subscribeWs, wsClient } from '../subscriptions/support.js';
import { asAdmin, asProvider, asRenter, onlineProvider, registerProvider, registerRenter, submitJob } from './fixtures.js';

/**
 * Who may do what through GraphQL, enumerated from the schema itself: every field whose auth scope is
 * admin alone is refused to anonymous callers, renters and providers, changes nothing when refused, and
 * goes through for the admin; and a renter sees nothing of another renter's jobs on the live streams.
 */

type Targets = { victim: string; suspendedRenter: string; pending: string; online: string; suspendedProvider: string };
type Root = 'Query' | 'Mutation' | 'Subscription';

/**
 * Valid arguments for every admin-only field, chosen so the call would change something if it went
 * through. The first test fails when the schema gains an admin-only field that is not listed here.
 */
const ADMIN_ONLY: Record<string, (x: Targets) => Record<string, unknown>> = {
  'Mutation.adjustRenterBalance': (x) => ({ input: { renterId: x.victim, amountHalala: 500, reason: 'goodwill' } }),
  'Mutation.approveProvider': (x) => ({ input: { providerId: x.pending } }),
  'Mutation.issueVerificationChallenge': (x) => ({ input: { providerId: x.online } }),
  'Mutation.rejectProvider': (x) => ({ input: { providerId: x.pending, reason: 'no' } }),
  'Mutation.suspendProvider': (x) => ({ input: { providerId: x.online, reason: 'abuse' } }),
  'Mutation.suspendRenter': (x) => ({ input: { renterId: x.victim } }),
  'Mutation.unsuspendProvider': (x) => ({ input: { providerId: x.suspendedProvider } }),
  'Mutation.unsuspendRenter': (x) => ({ input: { renterId: x.suspendedRenter } }),
  'Query.adminDashboard': () => ({}),
  'Query.renters': () => ({ first: 10 }),
  'Subscription.dashboardStats': () => ({}),
  'Subscription.heartbeats': () => ({}),
};

/** The root fields whose only auth scope is `admin`, as `Root.field`. */
function adminOnlyFields(): string[] {
  const roots: Array<[Root, GraphQLObjectType | null | undefined]> = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([root, type]) =>
    Object.values(type?.getFields() ?? {})
      .filter((field) => JSON.stringify((field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes) === '{"admin":true}')
      .map((field) => `${root}.${field.name}`),
  );
}

function fieldOf(key: string): { root: Root; field: GraphQLField<unknown, unknown> } {
  const [root, name] = key.split('.') as [Root, string];
  const type = root === 'Query' ? schema.getQueryType() : root === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return { root, field: type!.getFields()[name] };
}

/** An operation calling just this field with every argument as a variable, selecting its __typename (and a mutation's user errors). */
function operationFor(key: string): string {
  const { root, field } = fieldOf(key);
  const definitions = field.args.map((a) => `$${a.name}: ${a.type}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  // Duck-typed: the schema's graphql module is not the one this file would import (CJS and ESM realms).
  const named = schema.getType(String(field.type).replace(/[[\]!]/g, ''));
  const selection = root === 'Mutation' ? ' { userErrors { code field message } }' : named && ('getFields' in named || 'getTypes' in named) ? ' { __typename }' : '';
  return `${root.toLowerCase()}${definitions ? ` (${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

describe(`GraphQL authorization (${storeName})`, () => {
  let t: TestGateway;
  let targets: Targets;
  const callers: Record<'anonymous' | 'renter' | 'provider', Record<string, string>> = { anonymous: {}, renter: {}, provider: {} };
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_AUTO_APPROVE_PROVIDERS: '0' } });
    const [victim, suspendedRenter, renter] = [await registerRenter(t), await registerRenter(t), await registerRenter(t)];
    const [pending, online, suspendedProvider, provider] = [await registerProvider(t), await onlineProvider(t), await onlineProvider(t), await onlineProvider(t)];
    const { domain } = t.gateway;
    await domain.renters.suspend({ kind: 'admin' }, suspendedRenter.databaseId);
    await domain.providers.suspend({ kind: 'admin' }, suspendedProvider.databaseId);
    targets = { victim: victim.id, suspendedRenter: suspendedRenter.id, pending: pending.id, online: online.id, suspendedProvider: suspendedProvider.id };
    callers.renter = asRenter(renter.key);
    callers.provider = asProvider(provider.key);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'subscriptions released');
  });

  afterAll(() => t?.close());

  /** Everything a refused call could have touched, as text: equal before and after means nothing changed. */
  async function snapshot(): Promise<string> {
    const tables = ['renters', 'providers', 'api_keys', 'ledger_entries', 'admin_audit', 'verification_runs', 'jobs', 'holds'];
    const parts = [];
    for (const table of tables) {
      const [row] = rowsOf<{ rows: string | null }>(await t.gateway.store.db.execute(sql.raw(`select json_agg(t order by t.id)::text as rows from ${table} t`)));
      parts.push(`${table}: ${row.rows}`);
    }
    return parts.join('\n');
  }

  /** The refusal code a field answered with: a top-level error, the same for queries, mutations and subscriptions. */
  async function refusalOf(key: string, headers: Record<string, string>): Promise<string | undefined> {
    const { root, field } = fieldOf(key);
    const variables = ADMIN_ONLY[key](targets);
    if (root === 'Subscription') {
      const client = wsClient(t.url, headers);
      clients.push(client);
      const received = subscribeWs(client, operationFor(key), variables);
      await received.ended();
      expect(received.data.filter(Boolean), key).toEqual([]);
      return received.errors[0]?.extensions?.code as string | undefined;
    }
    const res = await t.gql(operationFor(key), variables, headers);
    expect(res.data?.[field.name] ?? null, key).toBeNull();
    return res.errors?.[0]?.extensions?.code as string | undefined;
  }

  it('knows every admin-only field of the schema', () => {
    expect(Object.keys(ADMIN_ONLY).sort()).toEqual(adminOnlyFields().sort());
  });

  it.each(Object.keys(ADMIN_ONLY))('refuses %s to anonymous callers, renters and providers, and changes nothing', async (key) => {
    const before = await snapshot();
    expect(await refusalOf(key, callers.anonymous)).toBe('UNAUTHENTICATED');
    expect(await refusalOf(key, callers.renter)).toBe('FORBIDDEN');
    expect(await refusalOf(key, callers.provider)).toBe('FORBIDDEN');
    expect(await snapshot()).toBe(before);
  });

  it('lets the admin make every admin-only mutation the others were refused, so the refusals were not about the arguments', async () => {
    const before = await snapshot();
    for (const key of Object.keys(ADMIN_ONLY).filter((k) => k.startsWith('Mutation.'))) {
      const res = await t.gql(operationFor(key), ADMIN_ONLY[key](targets), asAdmin(t));
      expect(res.errors, `${key}: ${JSON.stringify(res.body)}`).toBeUndefined();
      expect((res.data?.[fieldOf(key).field.name] as { userErrors?: unknown[] } | undefined)?.userErrors, `${key}: ${JSON.stringify(res.body)}`).toEqual([]);
    }
    expect(await snapshot()).not.toBe(before);
  });

  it('refuses the admin-only uses of shared mutations: another renter’s or provider’s key', async () => {
    const other = await onlineProvider(t);
    const before = await snapshot();
    const rotateRenter = `mutation ($renterId: ID) { rotateRenterKey(input: { renterId: $renterId }) { apiKey } }`;
    const rotateProvider = `mutation ($providerId: ID) { rotateProviderKey(input: { providerId: $providerId }) { apiKey } }`;
    const code = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
    for (const headers of [callers.renter, callers.provider]) {
      expect(code(await t.gql(rotateRenter, { renterId: targets.victim }, headers))).toBe('FORBIDDEN');
      expect(code(await t.gql(rotateProvider, { providerId: other.id }, headers))).toBe('FORBIDDEN');
    }
    expect(code(await t.gql(rotateRenter, { renterId: targets.victim }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(rotateProvider, { providerId: other.id }))).toBe('UNAUTHENTICATED');
    expect(await snapshot()).toBe(before);
  });

  it('shows renter B nothing of renter A’s jobs on myJobs and jobLogs, while A sees all of it', async () => {
    const [a, b] = [await registerRenter(t), await registerRenter(t)];
    const provider = await onlineProvider(t);
    const job = await submitJob(t, a.key, { providerId: provider.id });
    const client = (headers: Record<string, string>) => {
      const c = wsClient(t.url, headers);
      clients.push(c);
      return c;
    };
    const MY_JOBS = `subscription { myJobs { event { status } job { id jobId } } }`;
    const LOGS_BY_KEY = `subscription ($jobId: String!) { jobLogs(ref: { jobId: $jobId }) { lineNo message } }`;
    const LOGS_BY_ID = `subscription ($id: ID!) { jobLogs(ref: { id: $id }) { lineNo message } }`;

    // B asks for A's log lines before there are any (live path) and again once some exist (replay path).
    const aJobs = subscribeWs(client(asRenter(a.key)), MY_JOBS);
    const aLogs = subscribeWs(client(asRenter(a.key)), LOGS_BY_KEY, { jobId: job.jobId });
    const bJobs = subscribeWs(client(asRenter(b.key)), MY_JOBS);
    const bLogs = [subscribeWs(client(asRenter(b.key)), LOGS_BY_KEY, { jobId: job.jobId }), subscribeWs(client(asRenter(b.key)), LOGS_BY_ID, { id: job.id })];
    await subscribers(t.gateway, 3);

    // A's job runs from claim to completion with log lines on the way.
    const { domain } = t.gateway;
    const principal = (await domain.principal(provider.key))!;
    await domain.jobs.claimNext(principal);
    await domain.jobs.appendLogs(principal, job.jobId, { lines: [{ message: 'secret of A' }] });
    await aLogs.count(1);
    bLogs.push(subscribeWs(client(asRenter(b.key)), LOGS_BY_KEY, { jobId: job.jobId }), subscribeWs(client(asRenter(b.key)), LOGS_BY_ID, { id: job.id }));
    // Refused (an error, then the end) or, were anything to leak, a line: either way B's answer is in.
    await Promise.all(bLogs.map((logs) => eventually(() => logs.results.length > 0 || logs.completed || logs.failure !== undefined, 'B’s jobLogs answer')));
    await domain.jobs.appendLogs(principal, job.jobId, { lines: [{ message: 'more of A' }] });
    await domain.jobs.complete(principal, job.jobId, { result: 'A only', gpu_seconds_used: 5 });
    await aLogs.ended();
    expect(aLogs.data.map((d) => d.jobLogs.message)).toEqual(['secret of A', 'more of A']);
    await aJobs.count(2);
    expect(aJobs.data.map((d) => d.myJobs.job.id)).toEqual([job.id, job.id]);

    // B's own job, after all of A's: once it reaches B, anything of A's would have reached B before it.
    const own = await submitJob(t, b.key, { providerId: provider.id });
    await bJobs.count(1);
    await aJobs.count(2);
    expect(bJobs.results).toEqual([{ data: { myJobs: { event: { status: 'PENDING' }, job: { id: own.id, jobId: own.jobId } } } }]);
    for (const logs of bLogs) {
      expect(logs.data.filter(Boolean)).toEqual([]);
      expect(logs.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    expect(aJobs.data.map((d) => d.myJobs.job.id)).toEqual([job.id, job.id]);
  });
});
