import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { asAdmin, asProvider, asRenter, expectType, onlineProvider, registerProvider, registerRenter } from './fixtures.js';
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
    const created = expectType(res.data?.registerRenter, 'RenterCredentials');
    expect(created.apiKey).toMatch(/^dc1-renter-[0-9a-f]{32}$/);
    expect(created.renter).toMatchObject({ name: 'Fatima Al-Saud', email: 'fatima@example.sa', useCase: 'llm_inference', status: 'ACTIVE', balanceHalala: 1000 });
  });

  it('answers a duplicate email with a typed Conflict', async () => {
    const input = { name: 'Twice', email: 'twice@example.sa' };
    await t.gql(RegisterRenterDocument, { input });
    const res = await t.gql(RegisterRenterDocument, { input });
    expect(expectType(res.data?.registerRenter, 'Conflict').code).toBe('CONFLICT');
  });

  it('reports invalid and blank input with the GraphQL field paths', async () => {
    const invalid = await t.gql(RegisterRenterDocument, { input: { name: 'Ok Name', email: 'not-an-email' } });
    expect(expectType(invalid.data?.registerRenter, 'ValidationError').fields).toEqual([{ path: 'input.email', message: expect.any(String) }]);
    const blank = await t.gql(RegisterRenterDocument, { input: { name: '   ', email: 'blank@example.sa' } });
    expect(expectType(blank.data?.registerRenter, 'MissingFields').fields).toEqual([{ path: 'input.name', message: 'Required' }]);
  });

  it('lets a renter read itself through me and renter(id), but not another renter', async () => {
    const a = await registerRenter(t);
    const b = await registerRenter(t);
    const me = await t.gql(MeDocument, {}, asRenter(a.key));
    expect(me.data?.me).toMatchObject({ __typename: 'Renter', id: a.id, email: a.email, balanceHalala: 1000 });
    const self = await t.gql(RenterDocument, { id: a.id }, asRenter(a.key));
    expect(self.data?.renter).toMatchObject({ id: a.id, email: a.email, apiKeys: [{ origin: 'registration', active: true }] });
    const other = await t.gql(RenterDocument, { id: b.id }, asRenter(a.key));
    expect(other.data?.renter).toBeNull();
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('rotates a renter key: the old key stops working, the new one works', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(RotateRenterKeyDocument, {}, asRenter(renter.key));
    const rotated = expectType(res.data?.rotateRenterKey, 'RenterCredentials');
    expect(rotated.renter.apiKeys?.map((k) => [k.origin, k.active])).toEqual([
      ['self_rotation', true],
      ['registration', false],
    ]);
    expect((await t.gql(MeDocument, {}, asRenter(rotated.apiKey))).data?.me).toMatchObject({ id: renter.id });
    const old = await t.gql(MeDocument, {}, asRenter(renter.key));
    expect(old.status).toBe(401);
    expect(old.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('limits a renter to three self-service key rotations a day', async () => {
    let key = (await registerRenter(t)).key;
    for (let i = 0; i < 3; i++) key = expectType((await t.gql(RotateRenterKeyDocument, {}, asRenter(key))).data?.rotateRenterKey, 'RenterCredentials').apiKey;
    const fourth = await t.gql(RotateRenterKeyDocument, {}, asRenter(key));
    expect(expectType(fourth.data?.rotateRenterKey, 'RateLimited').retryAfterSeconds).toBeGreaterThan(0);
  });

  it('lets an admin list, suspend, unsuspend and adjust renters', async () => {
    const renter = await registerRenter(t);
    const page = await t.gql(RentersDocument, { first: 100 }, asAdmin(t));
    expect(page.data?.renters.edges.map((e) => e.node.id)).toContain(renter.id);

    const suspended = await t.gql(SuspendRenterDocument, { renterId: renter.id }, asAdmin(t));
    expect(expectType(suspended.data?.suspendRenter, 'Renter').status).toBe('SUSPENDED');
    const filtered = await t.gql(RentersDocument, { filter: { status: 'SUSPENDED' } }, asAdmin(t));
    expect(filtered.data?.renters.edges.map((e) => e.node.id)).toEqual([renter.id]);
    const back = await t.gql(UnsuspendRenterDocument, { renterId: renter.id }, asAdmin(t));
    expect(expectType(back.data?.unsuspendRenter, 'Renter').status).toBe('ACTIVE');

    const credit = await t.gql(AdjustRenterBalanceDocument, { input: { renterId: renter.id, amountHalala: 500, reason: 'goodwill' } }, asAdmin(t));
    expect(expectType(credit.data?.adjustRenterBalance, 'BalanceChange')).toMatchObject({ amountHalala: 500, renter: { balanceHalala: 1500 } });
    const overdraw = await t.gql(AdjustRenterBalanceDocument, { input: { renterId: renter.id, amountHalala: -5000 } }, asAdmin(t));
    expect(expectType(overdraw.data?.adjustRenterBalance, 'InsufficientBalance')).toMatchObject({ requiredHalala: 5000, availableHalala: 1500 });
    const missing = await t.gql(SuspendRenterDocument, { renterId: 999_999 }, asAdmin(t));
    expect(expectType(missing.data?.suspendRenter, 'NotFound').entity).toBe('Renter');
  });

  it('refuses admin renter actions to a renter with a typed Forbidden, and to anonymous with Unauthorized', async () => {
    const renter = await registerRenter(t);
    const asSelf = await t.gql(SuspendRenterDocument, { renterId: renter.id }, asRenter(renter.key));
    expect(expectType(asSelf.data?.suspendRenter, 'Forbidden').code).toBe('FORBIDDEN');
    const anonymous = await t.gql(SuspendRenterDocument, { renterId: renter.id });
    expect(expectType(anonymous.data?.suspendRenter, 'Unauthorized').code).toBe('UNAUTHORIZED');
    const list = await t.gql(RentersDocument, {}, asRenter(renter.key));
    expect(list.data).toBeNull();
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('tops up a renter balance in the sandbox', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(TopUpDocument, { input: { amountHalala: 2500 } }, asRenter(renter.key));
    expect(expectType(res.data?.topUp, 'BalanceChange')).toMatchObject({ amountHalala: 2500, renter: { id: renter.id, balanceHalala: 3500 } });
    const invalid = await t.gql(TopUpDocument, { input: { amountHalala: 0 } }, asRenter(renter.key));
    expect(expectType(invalid.data?.topUp, 'ValidationError').fields[0].path).toBe('input.amountHalala');
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
    expect(expectType(beat.data?.heartbeat, 'Forbidden').message).toMatch(/not approved/);
  });

  it('heartbeats an approved provider online and answers what the daemon needs', async () => {
    const provider = await registerProvider(t);
    await t.gql(ApproveProviderDocument, { providerId: provider.id }, asAdmin(t));
    const res = await t.gql(
      HeartbeatDocument,
      { input: { gpuStatus: { gpu_name: 'NVIDIA H100', gpu_vram_mib: 81920, daemon_version: '4.0.0' }, providerHostname: 'h100-box' } },
      asProvider(provider.key),
    );
    expect(expectType(res.data?.heartbeat, 'HeartbeatAck')).toMatchObject({ approved: true, approvalStatus: 'APPROVED', needsUpdate: true, isPaused: false });
    const read = await t.gql(ProviderPrivateDocument, { id: provider.id }, asProvider(provider.key));
    expect(read.data?.provider).toMatchObject({ isOnline: true, status: 'online', gpuModel: 'NVIDIA H100', providerHostname: 'h100-box', gpuVramMib: 81920 });
  });

  it('reports heartbeat validation problems inside JSON fields by their daemon key', async () => {
    const provider = await onlineProvider(t);
    const res = await t.gql(HeartbeatDocument, { input: { gpuStatus: { temp_c: 900 } } }, asProvider(provider.key));
    expect(expectType(res.data?.heartbeat, 'ValidationError').fields).toEqual([{ path: 'input.gpuStatus.temp_c', message: expect.any(String) }]);
  });

  it('rejects a provider with a reason, and suspends and unsuspends one', async () => {
    const rejected = await registerProvider(t);
    const res = await t.gql(RejectProviderDocument, { input: { providerId: rejected.id, reason: 'No GPU found' } }, asAdmin(t));
    expect(expectType(res.data?.rejectProvider, 'Provider')).toMatchObject({ approvalStatus: 'REJECTED', rejectedReason: 'No GPU found' });
    const provider = await onlineProvider(t);
    const suspended = await t.gql(SuspendProviderDocument, { input: { providerId: provider.id } }, asAdmin(t));
    expect(expectType(suspended.data?.suspendProvider, 'Provider').status).toBe('suspended');
    const back = await t.gql(UnsuspendProviderDocument, { providerId: provider.id }, asAdmin(t));
    expect(expectType(back.data?.unsuspendProvider, 'Provider').status).toBe('offline');
  });

  it('shows anonymous callers only public provider fields', async () => {
    const provider = await onlineProvider(t);
    const pub = await t.gql(ProviderPublicDocument, { id: provider.id });
    expect(pub.errors).toBeUndefined();
    expect(pub.data?.provider).toMatchObject({ id: provider.id, isOnline: true, approvalStatus: 'APPROVED', gpuModel: 'NVIDIA GeForce RTX 4090' });

    const priv = await t.gql(ProviderPrivateDocument, { id: provider.id });
    expect(priv.data?.provider).toMatchObject({ id: provider.id, email: null, earningsHalala: null, gpuStatus: null, apiKeys: null, preferences: null });
    expect(new Set(priv.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['UNAUTHORIZED']));
    expect(priv.errors?.map((e) => e.path?.at(-1))).toContain('email');
  });

  it('shows a provider its own private fields but not another provider’s', async () => {
    const mine = await onlineProvider(t);
    const other = await onlineProvider(t);
    const own = await t.gql(ProviderPrivateDocument, { id: mine.id }, asProvider(mine.key));
    expect(own.errors).toBeUndefined();
    expect(own.data?.provider).toMatchObject({ email: expect.stringContaining('@'), earningsHalala: 0, apiKeys: [{ origin: 'registration', active: true }] });
    expect(own.data?.provider?.apiKeys?.[0].prefix).toMatch(/^dc1-provider-[0-9a-f]{4}…$/);
    const theirs = await t.gql(ProviderPrivateDocument, { id: other.id }, asProvider(mine.key));
    expect(theirs.data?.provider?.email).toBeNull();
    expect(theirs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists the marketplace for anyone and pending providers only for admins', async () => {
    const online = await onlineProvider(t);
    const silent = await registerProvider(t);
    await t.gql(ApproveProviderDocument, { providerId: silent.id }, asAdmin(t));
    const pending = await registerProvider(t);
    const anonymous = await t.gql(ProvidersDocument, { first: 100 });
    const ids = anonymous.data?.providers.edges.map((e) => e.node.id) ?? [];
    expect(ids).not.toContain(pending.id);
    expect(anonymous.data?.providers.edges.every((e) => e.node.approvalStatus === 'APPROVED')).toBe(true);
    expect((await t.gql(ProviderPublicDocument, { id: pending.id })).data?.provider).toBeNull();

    const admin = await t.gql(ProvidersDocument, { filter: { approvalStatus: 'PENDING' }, first: 100 }, asAdmin(t));
    expect(admin.data?.providers.edges.map((e) => e.node.id)).toContain(pending.id);
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
    expect(expectType(paused.data?.pauseProvider, 'Provider')).toMatchObject({ isPaused: true, status: 'paused' });
    const resumed = await t.gql(ResumeProviderDocument, {}, asProvider(provider.key));
    expect(expectType(resumed.data?.resumeProvider, 'Provider')).toMatchObject({ isPaused: false, status: 'online' });
    const prefs = await t.gql(SetProviderPreferencesDocument, { input: { runMode: 'scheduled', scheduledStart: '22:00', tempLimitC: 80 } }, asProvider(provider.key));
    expect(expectType(prefs.data?.setProviderPreferences, 'Provider').preferences).toMatchObject({ runMode: 'scheduled', scheduledStart: '22:00', tempLimitC: 80 });
    const bad = await t.gql(SetProviderPreferencesDocument, { input: { scheduledEnd: '25:99' } }, asProvider(provider.key));
    expect(expectType(bad.data?.setProviderPreferences, 'ValidationError').fields[0].path).toBe('input.scheduledEnd');
  });

  it('rotates a provider key itself, and any provider key for an admin', async () => {
    const provider = await onlineProvider(t);
    const own = await t.gql(RotateProviderKeyDocument, {}, asProvider(provider.key));
    const rotated = expectType(own.data?.rotateProviderKey, 'ProviderCredentials');
    expect(rotated.apiKey).toMatch(/^dc1-provider-/);
    const byAdmin = await t.gql(RotateProviderKeyDocument, { providerId: provider.id }, asAdmin(t));
    const again = expectType(byAdmin.data?.rotateProviderKey, 'ProviderCredentials');
    expect((await t.gql(MeDocument, {}, asProvider(again.apiKey))).data?.me).toMatchObject({ id: provider.id });
    expect((await t.gql(MeDocument, {}, asProvider(rotated.apiKey))).status).toBe(401);
  });

  it('refuses the sandbox top-up where the deployment disables it', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(TopUpDocument, { input: { amountHalala: 100 } }, asRenter(renter.key));
    expect(expectType(res.data?.topUp, 'FeatureDisabled').code).toBe('DISABLED');
  });

  it('refuses provider-only mutations to a renter with a typed Forbidden', async () => {
    const renter = await registerRenter(t);
    const res = await t.gql(PauseProviderDocument, {}, asRenter(renter.key));
    expect(expectType(res.data?.pauseProvider, 'Forbidden').code).toBe('FORBIDDEN');
    const dup = await t.gql(RegisterProviderDocument, { input: { name: 'Dup', email: 'dup@example.sa', gpuModel: 'RTX 3090', os: 'beos' } });
    expect(expectType(dup.data?.registerProvider, 'ValidationError').fields[0].path).toBe('input.os');
  });
});
