import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { eventually, subscribeSse, subscribers } from '../subscriptions/support.js';
import { asRenter, errorCode, expectOk, expectUserError, registerRenter, smallJob } from './fixtures.js';
import {
  CreateRenterKeyDocument,
  MyAccountWithKeysDocument,
  MyBalanceDocument,
  MyProfileDocument,
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
    const created = expectOk(res.data?.createRenterKey);
    return { key: created.key!, apiKey: created.apiKey! };
  }

  it('mints a key shown once, lists it with the master key and revokes it', async () => {
    const renter = await registerRenter(t);
    const expiresAt = inHours(48);
    const created = await mint(renter.key, { label: 'chat app', scopes: ['INFERENCE', 'READ'], expiresAt });
    expect(created.key).toMatch(/^dc1-sk-[0-9a-f]{40}$/);
    expect(created.apiKey).toEqual({
      id: expect.any(String),
      databaseId: expect.any(Number),
      prefix: `${created.key.slice(0, 11)}…`,
      origin: 'SUB_KEY',
      label: 'chat app',
      scopes: ['INFERENCE', 'READ'],
      expiresAt,
      createdAt: now.toISOString(),
      revokedAt: null,
      status: 'ACTIVE',
    });

    const listed = await t.gql(MySubKeysDocument, {}, asRenter(renter.key));
    expect(listed.data?.mySubKeys).toEqual([created.apiKey]);
    // The account's key list holds both the master key and the sub-key, never a secret.
    const account = await t.gql(MyAccountWithKeysDocument, {}, asRenter(renter.key));
    const me = account.data?.me;
    const keys = me?.__typename === 'Renter' ? me.apiKeys! : [];
    expect(keys.map((k) => k.origin).sort()).toEqual(['REGISTRATION', 'SUB_KEY']);
    expect(keys.find((k) => k.origin === 'REGISTRATION')?.scopes).toBeNull();
    expect(JSON.stringify(account.body)).not.toContain(created.key);

    const revoked = await t.gql(RevokeRenterKeyDocument, { input: { apiKeyId: created.apiKey.id } }, asRenter(renter.key));
    expect(expectOk(revoked.data?.revokeRenterKey).apiKey).toMatchObject({ status: 'REVOKED', revokedAt: now.toISOString() });
    const again = await t.gql(RevokeRenterKeyDocument, { input: { apiKeyId: created.apiKey.id } }, asRenter(renter.key));
    expect(expectUserError(again.data?.revokeRenterKey, 'NOT_FOUND')).toMatchObject({ message: 'Key not found or already revoked', field: 'input.apiKeyId' });
  });

  it('answers bad input with typed validation errors naming the GraphQL field', async () => {
    const renter = await registerRenter(t);
    const past = await t.gql(CreateRenterKeyDocument, { input: { expiresAt: inHours(-1) } }, asRenter(renter.key));
    expect(past.data?.createRenterKey.userErrors).toEqual([{ __typename: 'InputError', code: 'INVALID', field: 'input.expiresAt', message: 'expires_at must be in the future' }]);
    const none = await t.gql(CreateRenterKeyDocument, { input: { scopes: [] } }, asRenter(renter.key));
    expect(none.data?.createRenterKey.userErrors).toEqual([{ __typename: 'InputError', code: 'INVALID', field: 'input.scopes', message: expect.stringContaining('At least one scope') }]);
    const garbled = await t.gql(CreateRenterKeyDocument, { input: { expiresAt: 'someday' } }, asRenter(renter.key));
    expect(garbled.data).toBeFalsy();
    expect(garbled.errors?.[0].message).toContain('DateTime must be an ISO-8601 timestamp');
    expect((await t.gql(MySubKeysDocument, {}, asRenter(renter.key))).data?.mySubKeys).toEqual([]);
  });

  it('refuses key management and rotation to a sub-key, whatever its scopes', async () => {
    const renter = await registerRenter(t);
    const sub = await mint(renter.key, { scopes: ['INFERENCE', 'JOBS', 'READ', 'BILLING'] });
    const create = await t.gql(CreateRenterKeyDocument, { input: { scopes: ['READ'] } }, asRenter(sub.key));
    expect(create.errors?.[0]).toMatchObject({ message: "This action needs the account's master API key; sub-keys cannot perform it", extensions: { code: 'FORBIDDEN' } });
    const revoke = await t.gql(RevokeRenterKeyDocument, { input: { apiKeyId: sub.apiKey.id } }, asRenter(sub.key));
    expect(errorCode(revoke)).toBe('FORBIDDEN');
    const rotate = await t.gql(RotateRenterKeyAsSubKeyDocument, {}, asRenter(sub.key));
    expect(errorCode(rotate)).toBe('FORBIDDEN');
    const list = await t.gql(MySubKeysDocument, {}, asRenter(sub.key));
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const account = await t.gql(MyAccountWithKeysDocument, {}, asRenter(sub.key));
    expect(account.data?.me).toMatchObject({ __typename: 'Renter', apiKeys: null });
    expect(account.errors?.map((e) => e.path?.join('.'))).toEqual(['me.apiKeys']);
    // Still usable: nothing was revoked or rotated.
    expect((await t.gql(MyBalanceDocument, {}, asRenter(sub.key))).data?.myBalance.availableHalala).toBe(1000);
  });

  it('refuses an action outside the key’s scopes with FORBIDDEN naming the scopes', async () => {
    const renter = await registerRenter(t);
    const read = await mint(renter.key, { scopes: ['READ'] });
    const submit = await t.gql(SubmitJobAsSubKeyDocument, { input: smallJob }, asRenter(read.key));
    expect(submit.errors?.[0]).toMatchObject({ message: "This API key lacks the 'jobs' scope", extensions: { code: 'FORBIDDEN', requiredScopes: ['jobs'] } });
    const topUp = await t.gql(TopUpAsSubKeyDocument, { input: { amountHalala: 100 } }, asRenter(read.key));
    expect(topUp.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['billing'] });

    const jobsKey = await mint(renter.key, { scopes: ['JOBS'] });
    const submitted = await t.gql(SubmitJobAsSubKeyDocument, { input: smallJob }, asRenter(jobsKey.key));
    expectOk(submitted.data?.submitJob);
    const jobs = await t.gql('{ jobs(first: 5) { edges { node { id } } } }', {}, asRenter(jobsKey.key));
    expect(jobs.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['read'] });
  });

  it('shows a billing key the balance but not the profile; an inference key neither', async () => {
    const renter = await registerRenter(t);
    const billing = await mint(renter.key, { scopes: ['BILLING'] });
    const topUp = await t.gql(TopUpAsSubKeyDocument, { input: { amountHalala: 250 } }, asRenter(billing.key));
    expect(expectOk(topUp.data?.topUp).balance?.availableHalala).toBe(1250);
    expect((await t.gql(MyBalanceDocument, {}, asRenter(billing.key))).data?.myBalance).toMatchObject({ availableHalala: 1250 });
    // The profile is one refusal, not a row of nulls.
    const profile = await t.gql(MyProfileDocument, {}, asRenter(billing.key));
    expect(profile.data?.me ?? null).toBeNull();
    expect(profile.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['me', 'FORBIDDEN']]);

    const inference = await mint(renter.key, { scopes: ['INFERENCE'] });
    const me = await t.gql(MyBalanceDocument, {}, asRenter(inference.key));
    expect(me.data).toBeNull();
    expect(me.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['read', 'billing'] });
  });

  it('lets a read key follow the renter’s jobs live, and not a jobs-only key', async () => {
    const renter = await registerRenter(t);
    const jobsKey = await mint(renter.key, { scopes: ['JOBS'] });
    const read = await mint(renter.key, { scopes: ['READ'] });
    const query = 'subscription { myJobs { event { eventType } job { id } } }';
    const refused = subscribeSse(t.url, query, {}, asRenter(jobsKey.key));
    const error = await eventually(() => refused.errors[0], 'the refusal');
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['read'] });
    refused.stop();

    const live = subscribeSse<{ myJobs: { event: { eventType: string }; job: { id: string } } }>(t.url, query, {}, asRenter(read.key));
    await subscribers(t.gateway, 1);
    const submitted = expectOk((await t.gql(SubmitJobAsSubKeyDocument, { input: smallJob }, asRenter(jobsKey.key))).data?.submitJob);
    await live.count(1);
    expect(live.data[0].myJobs).toEqual({ event: { eventType: 'JOB_SUBMITTED' }, job: { id: submitted.job!.id } });
    live.stop();
  });

  it('refuses an expired or revoked key at once, like an unknown key', async () => {
    const renter = await registerRenter(t);
    const shortLived = await mint(renter.key, { scopes: ['READ'], expiresAt: inHours(1) });
    const revoked = await mint(renter.key, { scopes: ['READ'] });
    expect((await t.gql(MyBalanceDocument, {}, asRenter(shortLived.key))).data?.myBalance.availableHalala).toBe(1000);

    now = new Date(now.getTime() + 3600_000);
    await t.gql(RevokeRenterKeyDocument, { input: { apiKeyId: revoked.apiKey.id } }, asRenter(renter.key));
    for (const key of [shortLived.key, revoked.key, 'dc1-sk-0000000000000000000000000000000000000000']) {
      const res = await t.gql(MyBalanceDocument, {}, asRenter(key));
      expect(res.status).toBe(401);
      expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^The credential in x-renter-key is not a valid API key or admin token; send X-Renter-Key/), extensions: { code: 'UNAUTHENTICATED' } });
    }
    const listed = await t.gql(MySubKeysDocument, {}, asRenter(renter.key));
    // Both dead and created at the same instant: newest (highest id) first.
    expect(listed.data?.mySubKeys.map((k) => k.status)).toEqual(['REVOKED', 'EXPIRED']);
  });
});
