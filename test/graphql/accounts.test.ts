import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { asAdmin, asProvider, asRenter, errorCode, expectOk, expectUserError, onlineProvider, registerProvider, registerRenter } from './fixtures.js';
import {
  AdjustRenterBalanceDocument,
  ApproveProviderDocument,
  HeartbeatDocument,
  MeDocument,
  PauseProviderDocument,
  ProviderPrivateDocument,
  ProviderPublicDocument,
  ProvidersDocument,
  RegisterProviderDocument,
  RegisterRenterDocument,
  RejectProviderDocument,
  RenterDocument,
  RentersDocument,
  ResumeProviderDocument,
  RotateProviderKeyDocument,
  RotateRenterKeyDocument,
  SetProviderPreferencesDocument,
  SuspendProviderDocument,
  SuspendRenterDocument,
  TopUpDocument,
  UnsuspendProviderDocument,
  UnsuspendRenterDocument,
} from './generated/graphql.js';

describe(`GraphQL renters (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  it('registers a renter, shows the key once and grants the starter credit', async () => {
    const res = await t.gql(RegisterRenterDocument, { input: { name: 'Fatima Al-Saud', email: 'fatima@example.sa', useCase: 'llm_inference' } });
    const created = expectOk(res.data?.registerRenter);
    expect(created.apiKey).toMatch(/^dc1-renter-[0-9a-f]{32}$/);
    expect(created.renter).toMatchObject({ name: 'Fatima Al-Saud', email: 'fatima@example.sa', useCase: 'llm_inference', status: 'ACTIVE', balance: { availableHalala: 1000 } });
  });

  it('answers a duplicate email with a typed Conflict', async () => {
    const input = { name: 'Twice', email: 'twice@example.sa' };
    await t.gql(RegisterRenterDocument, { input });
    const res = await t.gql(RegisterRenterDocument, { input });
    expect(expectUserError(res.data?.registerRenter, 'CONFLICT').__typename).toBe('ConflictError');
    expect(res.data?.registerRenter).toMatchObject({ renter: null, apiKey: null });
  });

  it('reports invalid and blank input with the GraphQL field paths', async () => {
    const invalid = await t.gql(RegisterRenterDocument, { input: { name: 'Ok Name', email: 'not-an-email' } });
    expect(invalid.data?.registerRenter.userErrors).toEqual([{ __typename: 'InputError', code: 'INVALID', field: 'input.email', message: expect.any(String) }]);
    const blank = await t.gql(RegisterRenterDocument, { input: { name: '   ', email: 'blank@example.sa' } });
    expect(blank.data?.registerRenter.userErrors).toEqual([{ __typename: 'InputError', code: 'REQUIRED', field: 'input.name', message: 'input.name is required' }]);
  });

  it('lets a renter read itself through me and renter(id), but not another renter', async () => {
    const a = await registerRenter(t);
    const b = await registerRenter(t);
    const me = await t.gql(MeDocument, {}, asRenter(a.key));
    expect(me.data?.me).toMatchObject({ __typename: 'Renter', id: a.id, email: a.email, balance: { availableHalala: 1000 } });
    const self = await t.gql(RenterDocument, { id: a.id }, asRenter(a.key));
    expect(self.data?.renter).toMatchObject({ id: a.id, email: a.email, apiKeys: [{ origin: 'REGISTRATION', status: 'ACTIVE' }] });
    const other = await t.gql(RenterDocument, { id: b.id }, asRenter(a.key));
    expect(other.data?.renter).toBeNull();
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('rotates a renter key: the old key stops working, the new one works', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(RotateRenterKeyDocument, {}, asRenter(renter.key));
    const rotated = expectOk(res.data?.rotateRenterKey);
    expect(rotated.renter?.apiKeys?.map((k) => [k.origin, k.status])).toEqual([
      ['SELF_ROTATION', 'ACTIVE'],
      ['REGISTRATION', 'REVOKED'],
    ]);
    expect((await t.gql(MeDocument, {}, asRenter(rotated.apiKey!))).data?.me).toMatchObject({ id: renter.id });
    const old = await t.gql(MeDocument, {}, asRenter(renter.key));
    expect(old.status).toBe(401);
    expect(old.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('limits a renter to three self-service key rotations a day', async () => {
    let key = (await registerRenter(t)).key;
    for (let i = 0; i < 3; i++) key = expectOk((await t.gql(RotateRenterKeyDocument, {}, asRenter(key))).data?.rotateRenterKey).apiKey!;
    const fourth = await t.gql(RotateRenterKeyDocument, {}, asRenter(key));
    expect((expectUserError(fourth.data?.rotateRenterKey, 'RATE_LIMITED') as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('lets an admin list, suspend, unsuspend and adjust renters', async () => {
    const renter = await registerRenter(t);
    const page = await t.gql(RentersDocument, { first: 100 }, asAdmin(t));
    expect(page.data?.renters.edges.map((e) => e.node.id)).toContain(renter.id);
    expect(page.data?.renters.totalCount).toBeGreaterThanOrEqual(1);

    const suspended = await t.gql(SuspendRenterDocument, { input: { renterId: renter.id } }, asAdmin(t));
    expect(expectOk(suspended.data?.suspendRenter).renter?.status).toBe('SUSPENDED');
    const filtered = await t.gql(RentersDocument, { filter: { status: 'SUSPENDED' } }, asAdmin(t));
    expect(filtered.data?.renters.edges.map((e) => e.node.id)).toEqual([renter.id]);
    expect(filtered.data?.renters.totalCount).toBe(1);
    const searched = await t.gql(RentersDocument, { filter: { search: renter.email.toUpperCase() } }, asAdmin(t));
    expect(searched.data?.renters.edges.map((e) => e.node.id)).toEqual([renter.id]);
    const back = await t.gql(UnsuspendRenterDocument, { input: { renterId: renter.id } }, asAdmin(t));
    expect(expectOk(back.data?.unsuspendRenter).renter?.status).toBe('ACTIVE');

    const credit = await t.gql(AdjustRenterBalanceDocument, { input: { renterId: renter.id, amountHalala: 500, reason: 'goodwill' } }, asAdmin(t));
    expect(expectOk(credit.data?.adjustRenterBalance)).toMatchObject({ amountHalala: 500, renter: { balance: { availableHalala: 1500 } } });
    const overdraw = await t.gql(AdjustRenterBalanceDocument, { input: { renterId: renter.id, amountHalala: -5000 } }, asAdmin(t));
    expect(expectUserError(overdraw.data?.adjustRenterBalance, 'INSUFFICIENT_BALANCE')).toMatchObject({ requiredHalala: 5000, availableHalala: 1500 });
    const missing = await t.gql(SuspendRenterDocument, { input: { renterId: Buffer.from('Renter:999999').toString('base64') } }, asAdmin(t));
    expect(expectUserError(missing.data?.suspendRenter, 'NOT_FOUND')).toMatchObject({ entity: 'Renter', field: 'input.renterId' });
  });

  it('refuses admin renter actions to a renter with FORBIDDEN, and to anonymous with UNAUTHENTICATED naming the headers', async () => {
    const renter = await registerRenter(t);
    const asSelf = await t.gql(SuspendRenterDocument, { input: { renterId: renter.id } }, asRenter(renter.key));
    expect(errorCode(asSelf)).toBe('FORBIDDEN');
    const anonymous = await t.gql(SuspendRenterDocument, { input: { renterId: renter.id } });
    expect(anonymous.errors?.[0]).toMatchObject({ message: expect.stringMatching(/X-Admin-Token/), extensions: { code: 'UNAUTHENTICATED' } });
    const list = await t.gql(RentersDocument, {}, asRenter(renter.key));
    expect(list.data).toBeNull();
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('tops up a renter balance in the sandbox', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(TopUpDocument, { input: { amountHalala: 2500 } }, asRenter(renter.key));
    expect(expectOk(res.data?.topUp)).toMatchObject({ amountHalala: 2500, balance: { availableHalala: 3500 } });
    const invalid = await t.gql(TopUpDocument, { input: { amountHalala: 0 } }, asRenter(renter.key));
    expect(expectUserError(invalid.data?.topUp, 'INVALID').field).toBe('input.amountHalala');
    const both = await t.gql(TopUpDocument, { input: { amountHalala: 100, amountSar: 1 } as never }, asRenter(renter.key));
    expect(both.errors?.[0].message).toMatch(/exactly one key/i);
  });
});

describe(`GraphQL providers, on a deployment without auto-approval or sandbox top-up (${storeName})`, () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_AUTO_APPROVE_PROVIDERS: '0', DCP_ALLOW_SANDBOX_TOPUP: '0' } });
  });
  afterAll(() => t?.close());

  it('keeps a new provider pending until an admin approves it, and refuses its heartbeat meanwhile', async () => {
    const provider = await registerProvider(t);
    const me = await t.gql(MeDocument, {}, asProvider(provider.key));
    expect(me.data?.me).toMatchObject({ __typename: 'Provider', id: provider.id, approvalStatus: 'PENDING' });
    const beat = await t.gql(HeartbeatDocument, { input: { gpuStatus: { gpu_name: 'RTX 4090' } } }, asProvider(provider.key));
    expect(beat.errors?.[0]).toMatchObject({ message: expect.stringMatching(/not approved/), extensions: { code: 'FORBIDDEN' } });
  });

  it('heartbeats an approved provider online and answers what the daemon needs', async () => {
    const provider = await registerProvider(t);
    await t.gql(ApproveProviderDocument, { input: { providerId: provider.id } }, asAdmin(t));
    const res = await t.gql(
      HeartbeatDocument,
      { input: { daemonVersion: '4.0.0', gpuStatus: { gpu_name: 'NVIDIA H100', gpu_vram_mib: 81920 }, providerHostname: 'h100-box' } },
      asProvider(provider.key),
    );
    expect(expectOk(res.data?.heartbeat).ack).toMatchObject({ approved: true, approvalStatus: 'APPROVED', needsUpdate: true, latestVersion: '4.1.0', isPaused: false });
    const read = await t.gql(ProviderPrivateDocument, { id: provider.id }, asProvider(provider.key));
    expect(read.data?.provider).toMatchObject({ isOnline: true, status: 'ONLINE', gpuModel: 'NVIDIA H100', gpuVramMib: 81920, account: { providerHostname: 'h100-box', daemonVersion: '4.0.0' } });
  });

  it('takes the daemon version as its own heartbeat field, so a current daemon needs no update', async () => {
    const provider = await registerProvider(t);
    await t.gql(ApproveProviderDocument, { input: { providerId: provider.id } }, asAdmin(t));
    const current = await t.gql(HeartbeatDocument, { input: { daemonVersion: '4.1.0', gpuStatus: { gpu_name: 'NVIDIA H100' } } }, asProvider(provider.key));
    expect(expectOk(current.data?.heartbeat).ack).toMatchObject({ needsUpdate: false, latestVersion: '4.1.0' });
    const unnamed = await t.gql(HeartbeatDocument, { input: { gpuStatus: { gpu_name: 'NVIDIA H100' } } }, asProvider(provider.key));
    expect(expectOk(unnamed.data?.heartbeat).ack?.needsUpdate).toBe(true);
    const read = await t.gql(ProviderPrivateDocument, { id: provider.id }, asProvider(provider.key));
    expect(read.data?.provider?.account?.daemonVersion).toBe('4.1.0');
  });

  it('reports heartbeat validation problems inside JSON fields by their daemon key', async () => {
    const provider = await onlineProvider(t);
    const res = await t.gql(HeartbeatDocument, { input: { gpuStatus: { temp_c: 900 } } }, asProvider(provider.key));
    expect(res.data?.heartbeat.userErrors).toEqual([{ __typename: 'InputError', code: 'INVALID', field: 'input.gpuStatus.temp_c', message: expect.any(String) }]);
  });

  it('rejects a provider with a reason, and suspends and unsuspends one', async () => {
    const rejected = await registerProvider(t);
    const res = await t.gql(RejectProviderDocument, { input: { providerId: rejected.id, reason: 'No GPU found' } }, asAdmin(t));
    expect(expectOk(res.data?.rejectProvider).provider).toMatchObject({ approvalStatus: 'REJECTED', account: { rejectedReason: 'No GPU found' } });
    const provider = await onlineProvider(t);
    const suspended = await t.gql(SuspendProviderDocument, { input: { providerId: provider.id } }, asAdmin(t));
    expect(expectOk(suspended.data?.suspendProvider).provider?.status).toBe('SUSPENDED');
    const back = await t.gql(UnsuspendProviderDocument, { input: { providerId: provider.id } }, asAdmin(t));
    expect(expectOk(back.data?.unsuspendProvider).provider?.status).toBe('OFFLINE');
  });

  it('shows anonymous callers only public provider fields', async () => {
    const provider = await onlineProvider(t);
    const pub = await t.gql(ProviderPublicDocument, { id: provider.id });
    expect(pub.errors).toBeUndefined();
    expect(pub.data?.provider).toMatchObject({ id: provider.id, isOnline: true, approvalStatus: 'APPROVED', gpuModel: 'NVIDIA GeForce RTX 4090' });

    // The private side is one field: refused as a whole with one error, never a row of silent nulls.
    const priv = await t.gql(ProviderPrivateDocument, { id: provider.id });
    expect(priv.data?.provider).toMatchObject({ id: provider.id, account: null });
    expect(priv.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['provider.account', 'UNAUTHENTICATED']]);
  });

  it('shows a provider its own private fields but not another provider’s', async () => {
    const mine = await onlineProvider(t);
    const other = await onlineProvider(t);
    const own = await t.gql(ProviderPrivateDocument, { id: mine.id }, asProvider(mine.key));
    expect(own.errors).toBeUndefined();
    expect(own.data?.provider?.account).toMatchObject({ email: expect.stringContaining('@'), earningsHalala: 0, apiKeys: [{ origin: 'REGISTRATION', status: 'ACTIVE' }] });
    expect(own.data?.provider?.account?.apiKeys[0].prefix).toMatch(/^dc1-provider-[0-9a-f]{4}…$/);
    const theirs = await t.gql(ProviderPrivateDocument, { id: other.id }, asProvider(mine.key));
    expect(theirs.data?.provider?.account).toBeNull();
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists the marketplace for anyone and pending providers only for admins', async () => {
    const online = await onlineProvider(t);
    const silent = await registerProvider(t);
    await t.gql(ApproveProviderDocument, { input: { providerId: silent.id } }, asAdmin(t));
    const pending = await registerProvider(t);
    const anonymous = await t.gql(ProvidersDocument, { first: 100 });
    const ids = anonymous.data?.providers.edges.map((e) => e.node.id) ?? [];
    expect(ids).not.toContain(pending.id);
    expect(anonymous.data?.providers.edges.every((e) => e.node.approvalStatus === 'APPROVED')).toBe(true);
    expect((await t.gql(ProviderPublicDocument, { id: pending.id })).data?.provider).toBeNull();

    const admin = await t.gql(ProvidersDocument, { filter: { approvalStatus: 'PENDING' }, first: 100 }, asAdmin(t));
    expect(admin.data?.providers.edges.map((e) => e.node.id)).toContain(pending.id);
    expect(admin.data?.providers.totalCount).toBe(admin.data?.providers.edges.length);
    const search = (await t.gql(ProvidersDocument, { filter: { search: 'rtx 4090', status: ['ONLINE'] }, first: 100 })).data?.providers;
    expect(search?.edges.map((e) => e.node.id)).toContain(online.id);
    expect(search?.edges.map((e) => e.node.id)).not.toContain(silent.id);
    // An approved provider that has never sent a heartbeat is on the marketplace but not online.
    expect(ids).toContain(silent.id);
    const onlineOnly = (await t.gql(ProvidersDocument, { filter: { onlineOnly: true }, first: 100 })).data?.providers.edges ?? [];
    expect(onlineOnly.map((e) => e.node.id)).toContain(online.id);
    expect(onlineOnly.map((e) => e.node.id)).not.toContain(silent.id);
    expect(onlineOnly.every((e) => e.node.isOnline)).toBe(true);
    const byGpu = await t.gql(ProvidersDocument, { filter: { gpuModel: 'NVIDIA GeForce RTX 4090' }, first: 100 });
    expect(byGpu.data?.providers.edges.length).toBeGreaterThan(0);
    expect(byGpu.data?.providers.edges.every((e) => e.node.gpuModel === 'NVIDIA GeForce RTX 4090')).toBe(true);
  });

  it('pauses, resumes and sets preferences for the calling provider', async () => {
    const provider = await onlineProvider(t);
    const paused = await t.gql(PauseProviderDocument, {}, asProvider(provider.key));
    expect(expectOk(paused.data?.pauseProvider).provider).toMatchObject({ isPaused: true, status: 'PAUSED' });
    const resumed = await t.gql(ResumeProviderDocument, {}, asProvider(provider.key));
    expect(expectOk(resumed.data?.resumeProvider).provider).toMatchObject({ isPaused: false, status: 'ONLINE' });
    const prefs = await t.gql(SetProviderPreferencesDocument, { input: { runMode: 'SCHEDULED', scheduledStart: '22:00', tempLimitC: 80 } }, asProvider(provider.key));
    expect(expectOk(prefs.data?.setProviderPreferences).provider?.account?.preferences).toMatchObject({ runMode: 'SCHEDULED', scheduledStart: '22:00', tempLimitC: 80 });
    const bad = await t.gql(SetProviderPreferencesDocument, { input: { scheduledEnd: '25:99' } }, asProvider(provider.key));
    expect(expectUserError(bad.data?.setProviderPreferences, 'INVALID').field).toBe('input.scheduledEnd');
  });

  it('rotates a provider key itself, and any provider key for an admin', async () => {
    const provider = await onlineProvider(t);
    const own = await t.gql(RotateProviderKeyDocument, {}, asProvider(provider.key));
    const rotated = expectOk(own.data?.rotateProviderKey);
    expect(rotated.apiKey).toMatch(/^dc1-provider-/);
    const byAdmin = await t.gql(RotateProviderKeyDocument, { input: { providerId: provider.id } }, asAdmin(t));
    const again = expectOk(byAdmin.data?.rotateProviderKey);
    expect((await t.gql(MeDocument, {}, asProvider(again.apiKey!))).data?.me).toMatchObject({ id: provider.id });
    expect((await t.gql(MeDocument, {}, asProvider(rotated.apiKey!))).status).toBe(401);
  });

  it('refuses the sandbox top-up where the deployment disables it', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(TopUpDocument, { input: { amountHalala: 100 } }, asRenter(renter.key));
    expect(expectUserError(res.data?.topUp, 'FEATURE_DISABLED').__typename).toBe('FeatureDisabledError');
  });

  it('refuses provider-only mutations to a renter with FORBIDDEN', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(PauseProviderDocument, {}, asRenter(renter.key));
    expect(errorCode(res)).toBe('FORBIDDEN');
    const dup = await t.gql(RegisterProviderDocument, { input: { name: 'Dup', email: 'dup@example.sa', gpuModel: 'RTX 3090', os: 'beos' } });
    expect(expectUserError(dup.data?.registerProvider, 'INVALID').field).toBe('input.os');
  });
});
