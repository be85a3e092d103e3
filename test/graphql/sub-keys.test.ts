import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { eventually, subscribeSse, subscribers } from '../subscriptions/support.js';
import { asRenter, expectType, registerRenter, smallJob } from './fixtures.js';
import {
  CreateRenterKeyDocument,
  MyAccountWithKeysDocument,
  MyBalanceDocument,
  MySubKeysDocument,
  RevokeRenterKeyDocument,
  RotateRenterKeyAsSubKeyDocument,
  SubmitJobAsSubKeyDocument,
  TopUpAsSubKeyDocument,
  type CreateRenterKeyInput,
} from './generated/graphql.js';

/** Renter sub-keys through GraphQL: the same rules as REST, answered with typed results. */
describe(`GraphQL renter sub-keys (${storeName})`, () => {
  let t: TestGateway;
  let now = new Date('2026-11-27T10:00:00.000Z');
  beforeAll(async () => {
    t = await startTestGateway({ now: () => new Date(now) });
  });
  afterAll(() => t?.close());

  const inHours = (hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString();

  async function mint(masterKey: string, input: CreateRenterKeyInput) {
    const res = await t.gql(CreateRenterKeyDocument, { input }, asRenter(masterKey));
    return expectType(res.data?.createRenterKey, 'CreatedRenterKey');
  }

  it('mints a key shown once, lists it with the master key and revokes it', async () => {
    const renter = await registerRenter(t);
    const expiresAt = inHours(48);
    const created = await mint(renter.key, { label: 'chat app', scopes: ['INFERENCE', 'READ'], expiresAt });
    expect(created.key).toMatch(/^dc1-sk-[0-9a-f]{40}$/);
    expect(created.apiKey).toEqual({
      id: expect.any(Number),
      prefix: `${created.key.slice(0, 11)}…`,
      origin: 'sub_key',
      label: 'chat app',
      scopes: ['INFERENCE', 'READ'],
      expiresAt,
      createdAt: now.toISOString(),
      revokedAt: null,
      status: 'ACTIVE',
      active: true,
    });

    const listed = await t.gql(MySubKeysDocument, {}, asRenter(renter.key));
    expect(listed.data?.mySubKeys).toEqual([created.apiKey]);
    // The account's key list holds both the master key and the sub-key, never a secret.
    const account = await t.gql(MyAccountWithKeysDocument, {}, asRenter(renter.key));
    const keys = expectType(account.data?.me, 'Renter').apiKeys!;
    expect(keys.map((k) => k.origin).sort()).toEqual(['registration', 'sub_key']);
    expect(keys.find((k) => k.origin === 'registration')?.scopes).toBeNull();
    expect(JSON.stringify(account.body)).not.toContain(created.key);

    const revoked = await t.gql(RevokeRenterKeyDocument, { input: { id: created.apiKey.id } }, asRenter(renter.key));
    expect(expectType(revoked.data?.revokeRenterKey, 'ApiKey')).toMatchObject({ status: 'REVOKED', active: false, revokedAt: now.toISOString() });
    const again = await t.gql(RevokeRenterKeyDocument, { input: { id: created.apiKey.id } }, asRenter(renter.key));
    expect(expectType(again.data?.revokeRenterKey, 'NotFound').message).toBe('Key not found or already revoked');
  });

  it('answers bad input with typed validation errors naming the GraphQL field', async () => {
    const renter = await registerRenter(t);
    const past = await t.gql(CreateRenterKeyDocument, { input: { expiresAt: inHours(-1) } }, asRenter(renter.key));
    expect(expectType(past.data?.createRenterKey, 'ValidationError').fields).toEqual([{ path: 'input.expiresAt', message: 'expires_at must be in the future' }]);
    const none = await t.gql(CreateRenterKeyDocument, { input: { scopes: [] } }, asRenter(renter.key));
    expect(expectType(none.data?.createRenterKey, 'ValidationError').fields).toEqual([{ path: 'input.scopes', message: expect.stringContaining('At least one scope') }]);
    const garbled = await t.gql(CreateRenterKeyDocument, { input: { expiresAt: 'someday' } }, asRenter(renter.key));
    expect(garbled.data).toBeFalsy();
    expect(garbled.errors?.[0].message).toContain('DateTime must be an ISO-8601 timestamp');
    expect((await t.gql(MySubKeysDocument, {}, asRenter(renter.key))).data?.mySubKeys).toEqual([]);
  });

  it('refuses key management and rotation to a sub-key, whatever its scopes', async () => {
    const renter = await registerRenter(t);
    const sub = await mint(renter.key, { scopes: ['INFERENCE', 'JOBS', 'READ', 'BILLING'] });
    const create = await t.gql(CreateRenterKeyDocument, { input: { scopes: ['READ'] } }, asRenter(sub.key));
    expect(expectType(create.data?.createRenterKey, 'Forbidden').message).toBe("This action needs the account's master API key; sub-keys cannot perform it");
    const revoke = await t.gql(RevokeRenterKeyDocument, { input: { id: sub.apiKey.id } }, asRenter(sub.key));
    expectType(revoke.data?.revokeRenterKey, 'Forbidden');
    const rotate = await t.gql(RotateRenterKeyAsSubKeyDocument, {}, asRenter(sub.key));
    expectType(rotate.data?.rotateRenterKey, 'Forbidden');
    const list = await t.gql(MySubKeysDocument, {}, asRenter(sub.key));
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const account = await t.gql(MyAccountWithKeysDocument, {}, asRenter(sub.key));
    expect(expectType(account.data?.me, 'Renter').apiKeys).toBeNull();
    expect(account.errors?.map((e) => e.path?.join('.'))).toEqual(['me.apiKeys']);
    // Still usable: nothing was revoked or rotated.
    expect(expectType((await t.gql(MyBalanceDocument, {}, asRenter(sub.key))).data?.me, 'Renter').balanceHalala).toBe(1000);
  });

  it('returns MissingScope for an action outside the key’s scopes', async () => {
    const renter = await registerRenter(t);
    const read = await mint(renter.key, { scopes: ['READ'] });
    const submit = await t.gql(SubmitJobAsSubKeyDocument, { input: smallJob }, asRenter(read.key));
    expect(expectType(submit.data?.submitJob, 'MissingScope')).toMatchObject({ code: 'MISSING_SCOPE', requiredScopes: ['jobs'], message: "This API key lacks the 'jobs' scope" });
    const topUp = await t.gql(TopUpAsSubKeyDocument, { input: { amountHalala: 100 } }, asRenter(read.key));
    expect(expectType(topUp.data?.topUp, 'MissingScope').requiredScopes).toEqual(['billing']);

    const jobsKey = await mint(renter.key, { scopes: ['JOBS'] });
    const submitted = await t.gql(SubmitJobAsSubKeyDocument, { input: smallJob }, asRenter(jobsKey.key));
    expectType(submitted.data?.submitJob, 'SubmittedJob');
    const jobs = await t.gql('{ jobs(first: 5) { edges { node { id } } } }', {}, asRenter(jobsKey.key));
    expect(jobs.errors?.[0].extensions).toMatchObject({ code: 'MISSING_SCOPE', requiredScopes: ['read'] });
  });

  it('shows a billing key the balance but not the profile; an inference key neither', async () => {
    const renter = await registerRenter(t);
    const billing = await mint(renter.key, { scopes: ['BILLING'] });
    const topUp = await t.gql(TopUpAsSubKeyDocument, { input: { amountHalala: 250 } }, asRenter(billing.key));
    expect(expectType(topUp.data?.topUp, 'BalanceChange').renter.balanceHalala).toBe(1250);
    const account = await t.gql(MyAccountWithKeysDocument, {}, asRenter(billing.key));
    expect(account.data?.me).toMatchObject({ __typename: 'Renter', id: renter.id, name: null, balanceHalala: 1250, apiKeys: null });
    expect(account.errors?.map((e) => e.path?.join('.')).sort()).toEqual(['me.apiKeys', 'me.name']);

    const inference = await mint(renter.key, { scopes: ['INFERENCE'] });
    const me = await t.gql(MyBalanceDocument, {}, asRenter(inference.key));
    expect(me.data?.me).toBeNull();
    expect(me.errors?.[0].extensions).toMatchObject({ code: 'MISSING_SCOPE', requiredScopes: ['read', 'billing'] });
  });

  it('lets a read key follow the renter’s jobs live, and not a jobs-only key', async () => {
    const renter = await registerRenter(t);
    const jobsKey = await mint(renter.key, { scopes: ['JOBS'] });
    const read = await mint(renter.key, { scopes: ['READ'] });
    const query = 'subscription { myJobs { event { eventType } job { id } } }';
    const refused = subscribeSse(t.url, query, {}, asRenter(jobsKey.key));
    const error = await eventually(() => refused.errors[0], 'the refusal');
    expect(error.extensions).toMatchObject({ code: 'MISSING_SCOPE', requiredScopes: ['read'] });
    refused.stop();

    const live = subscribeSse<{ myJobs: { event: { eventType: string }; job: { id: number } } }>(t.url, query, {}, asRenter(read.key));
    await subscribers(t.gateway, 1);
    const submitted = expectType((await t.gql(SubmitJobAsSubKeyDocument, { input: smallJob }, asRenter(jobsKey.key))).data?.submitJob, 'SubmittedJob');
    await live.count(1);
    expect(live.data[0].myJobs).toEqual({ event: { eventType: 'job.submitted' }, job: { id: submitted.job.id } });
    live.stop();
  });

  it('refuses an expired or revoked key at once, like an unknown key', async () => {
    const renter = await registerRenter(t);
    const shortLived = await mint(renter.key, { scopes: ['READ'], expiresAt: inHours(1) });
    const revoked = await mint(renter.key, { scopes: ['READ'] });
    expect(expectType((await t.gql(MyBalanceDocument, {}, asRenter(shortLived.key))).data?.me, 'Renter').id).toBe(renter.id);

    now = new Date(now.getTime() + 3600_000);
    await t.gql(RevokeRenterKeyDocument, { input: { id: revoked.apiKey.id } }, asRenter(renter.key));
    for (const key of [shortLived.key, revoked.key, 'dc1-sk-0000000000000000000000000000000000000000']) {
      const res = await t.gql(MyBalanceDocument, {}, asRenter(key));
      expect(res.status).toBe(401);
      expect(res.errors?.[0]).toMatchObject({ message: 'The credential in x-renter-key is not a valid API key or admin token', extensions: { code: 'UNAUTHENTICATED' } });
    }
    const listed = await t.gql(MySubKeysDocument, {}, asRenter(renter.key));
    // Both dead and created at the same instant: newest (highest id) first.
    expect(listed.data?.mySubKeys.map((k) => k.status)).toEqual(['REVOKED', 'EXPIRED']);
  });
});
