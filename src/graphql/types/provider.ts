import { NotFoundError } from '../../domain/errors.js';
import type { HeartbeatAck } from '../../domain/heartbeat.js';
import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { canReadProviderPrivate, type ProviderCard, type ProviderCardColumn, type ProviderRow } from '../../domain/queries.js';
import { builder } from '../builder.js';
import { readsOf } from '../columns.js';
import type { GraphQLContext } from '../context.js';
import { optionalRowId, rowId } from '../ids.js';
import { wireInput } from '../input.js';
import { spendHeartbeat, spendRegistration } from '../ratelimit.js';
import { ApiKey } from './apiKey.js';
import { connectionComplexity, connectionOptions, orderByInput, orNull, pageArgs, toConnection } from './connection.js';
import { ApprovalStatus, OperatingSystem, ProviderStatus, RunMode } from './enums.js';
import { MUTATION_INPUT, payload, type Payload, PAYLOAD_DESCRIPTION, userErrorsField, withNotFoundField } from './errors.js';

/** Granted by the mutations that just created or re-keyed a provider: it opens `account` to their caller. */
const OWN = 'ownProvider';
export const own = { $granted: OWN } as const;

const approval = (value: string) => value as typeof ApprovalStatus.$inferType;

const ProviderPreferences = builder.objectRef<ProviderRow>('ProviderPreferences').implement({
  description: 'When and how hard the provider lets its GPU be used.',
  fields: (t) => ({
    runMode: t.field({ description: 'When it lets its GPU be used.', type: RunMode, resolve: (p) => p.runMode as typeof RunMode.$inferType }),
    scheduledStart: t.exposeString('scheduledStart', { description: 'HH:MM (UTC), for SCHEDULED.' }),
    scheduledEnd: t.exposeString('scheduledEnd', { description: 'HH:MM (UTC), for SCHEDULED.' }),
    gpuUsageCapPct: t.exposeFloat('gpuUsageCapPct', { description: 'The highest GPU use it allows, in percent.' }),
    vramReserveGb: t.exposeFloat('vramReserveGb', { description: 'GPU memory it keeps for itself, in GB.' }),
    tempLimitC: t.exposeFloat('tempLimitC', { description: 'It takes no work above this GPU temperature (°C).' }),
  }),
});

/** The private side of a provider: reachable as `Provider.account` by the provider itself and admins only. */
export const ProviderAccount = builder.objectRef<ProviderRow>('ProviderAccount').implement({
  description: 'What only the provider itself and admins see of a provider: contact, earnings, network, telemetry, keys and preferences.',
  fields: (t) => ({
    email: t.exposeString('email', { description: 'Its contact address.' }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true, description: 'Null until approved.' }),
    rejectedReason: t.exposeString('rejectedReason', { nullable: true, description: 'Null unless REJECTED with a reason.' }),
    earningsHalala: t.expose('earningsHalala', { type: 'SafeInt', description: 'Earned and not yet paid out.' }),
    totalEarnedHalala: t.expose('totalEarnedHalala', { description: 'Earned in total, paid out or not.', type: 'SafeInt' }),
    gpuStatus: t.expose('gpuStatus', { type: 'JSON', nullable: true, description: 'The last heartbeat’s GPU report (the daemon’s own keys); null before any.' }),
    providerIp: t.exposeString('providerIp', { nullable: true, description: 'Null until a heartbeat reports it.' }),
    providerHostname: t.exposeString('providerHostname', { nullable: true, description: 'Null until a heartbeat reports it.' }),
    daemonVersion: t.exposeString('daemonVersion', { nullable: true, description: 'Null until a heartbeat reports it.' }),
    vllmEndpointUrl: t.exposeString('vllmEndpointUrl', { nullable: true, description: 'Its inference endpoint, when it serves one.' }),
    preferences: t.field({ description: 'When and how hard it lets its GPU be used.', type: ProviderPreferences, resolve: (p) => p }),
    apiKeys: t.loadableList({
      type: ApiKey,
      description: 'Every key the provider has had, newest first (only the newest unrevoked one works).',
      load: (ids: number[], ctx: GraphQLContext) => ctx.gateway.domain.queries.apiKeysByOwnerIds('provider', ids),
      resolve: (p) => p.id,
    }),
  }),
});

/** Full provider rows, for the private side of providers that were loaded as marketplace cards. */
const providerRows = dataloaderGetter<number, ProviderRow, number>(
  undefined,
  async (ids, ctx) => (await (ctx as GraphQLContext).gateway.domain.queries.providersByIds(ids)).map((row) => row ?? new NotFoundError('Provider')),
  undefined,
  undefined,
);
const isFullRow = (p: ProviderCard): p is ProviderRow => 'email' in p;

/** The columns of a provider card a field reads, besides those it exposes (src/graphql/columns.ts). */
export const reading = readsOf<ProviderCardColumn>();

export const Provider = builder.loadableNode('Provider', {
  description:
    'A GPU provider as the marketplace shows it, to anyone. Its private side is `account`, for the provider itself and admins.',
  id: { resolve: (p) => p.id, parse: Number, extensions: reading('id') },
  load: async (ids: number[], ctx: GraphQLContext) =>
    (await ctx.gateway.domain.queries.providerCardsByIds(ids)).map((row): ProviderCard | Error => row ?? new NotFoundError('Provider')),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id REST uses.' }),
    name: t.exposeString('name', { description: 'Its display name.' }),
    gpuModel: t.exposeString('gpuModel', { nullable: true, description: 'As registered or last reported; null when unknown.' }),
    gpuCount: t.exposeInt('gpuCount', { description: 'GPUs in the machine.' }),
    gpuVramMib: t.exposeInt('gpuVramMib', { description: 'Memory of one GPU, in MiB.' }),
    os: t.field({ type: OperatingSystem, nullable: true, description: 'Null when not reported.', extensions: reading('os'), resolve: (p) => p.os as typeof OperatingSystem.$inferType | null }),
    location: t.exposeString('location', { nullable: true, description: 'Null when not given.' }),
    status: t.field({ description: 'Its connectivity as last seen.', type: ProviderStatus, extensions: reading('status'), resolve: (p) => p.status as typeof ProviderStatus.$inferType }),
    approvalStatus: t.field({ description: 'Whether an admin let it onto the marketplace.', type: ApprovalStatus, extensions: reading('approvalStatus'), resolve: (p) => approval(p.approvalStatus) }),
    isPaused: t.exposeBoolean('isPaused', { description: 'Its owner paused it: no new work reaches it.' }),
    isOnline: t.boolean({
      description: 'Heartbeat received within the offline threshold.',
      extensions: reading('lastHeartbeat'),
      resolve: (p, _args, ctx) => ctx.gateway.domain.queries.isProviderOnline(p.lastHeartbeat),
    }),
    lastHeartbeat: t.expose('lastHeartbeat', { type: 'DateTime', nullable: true, description: 'Null before the first heartbeat.' }),
    cachedModels: t.exposeStringList('cachedModels', { description: 'Models its last heartbeat reported as cached (ready to serve).' }),
    supportedComputeTypes: t.exposeStringList('supportedComputeTypes', { description: 'Kinds of work its machine reports it can do.' }),
    pricePerMinHalala: t.expose('pricePerMinHalala', {
      type: 'SafeInt',
      nullable: true,
      description: 'Its own per-minute price; null when it charges the rate table’s price for its GPU.',
    }),
    uptimePercent: t.exposeFloat('uptimePercent', { description: 'Share of the last day with heartbeats, in percent.' }),
    reputationScore: t.exposeFloat('reputationScore', { description: 'How reliably it completed work, 0..100.' }),
    totalJobs: t.exposeInt('totalJobs', { description: 'Jobs it has run.' }),
    createdAt: t.expose('createdAt', { description: 'When it signed up.', type: 'DateTime' }),
    account: t.field({
      type: ProviderAccount,
      nullable: true,
      description: 'The private side: for the provider itself and admins. Anyone else gets a FORBIDDEN error here (null only with that error).',
      // Checked on this field only: a grant on the type would run for every field of every provider.
      authScopes: (p, _args, ctx) => canReadProviderPrivate(ctx.principal, p.id) || own,
      extensions: reading('id'),
      resolve: (p, _args, ctx) => (isFullRow(p) ? p : providerRows(ctx).load(p.id)),
    }),
  }),
});

const ProviderFilter = builder.inputType('ProviderFilter', {
  description: 'The filters of the REST provider lists, combined with AND.',
  fields: (t) => ({
    approvalStatus: t.field({ type: ApprovalStatus, description: 'Only admins see providers that are not approved.' }),
    status: t.field({ type: [ProviderStatus], description: 'Any of these statuses.' }),
    gpuModel: t.string({ description: 'Exact GPU model, as the provider reports it.' }),
    onlineOnly: t.boolean({ description: 'Only providers with a recent heartbeat.' }),
    search: t.string({ description: 'Part of the name or GPU model (and, for admins, email), case-insensitive; at most 200 characters.' }),
  }),
});

const ProviderOrder = orderByInput('ProviderOrder', {
  name: 'ProviderOrderField',
  values: { CREATED_AT: { value: 'createdAt' as const, description: 'When it signed up (the default, newest first).' } },
});

builder.queryFields((t) => ({
  provider: t.field({
    type: Provider,
    nullable: true,
    description: 'A provider by global id; null when it does not exist or is not on the marketplace (and the caller is neither it nor an admin).',
    authScopes: { public: true },
    args: { id: t.arg.id({ required: true, description: 'The provider’s global id.' }) },
    resolve: (_root, { id }, ctx) => orNull(ctx.gateway.domain.queries.provider(ctx.principal, rowId(String(id), 'Provider', 'id'))),
  }),
  providers: t.connection(
    {
      type: Provider,
      description: 'The marketplace (approved providers), newest first unless `orderBy` says otherwise; admins see every provider.',
      authScopes: { public: true },
      args: {
        filter: t.arg({ type: ProviderFilter, description: 'Only the providers that match.' }),
        orderBy: t.arg({ type: ProviderOrder, description: 'The order; newest first by default.', defaultValue: { field: 'createdAt', direction: 'desc' } }),
      },
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) => {
        const filter = args.filter ?? {};
        const page = await ctx.gateway.domain.queries.providers(ctx.principal, filter, pageArgs(args));
        return toConnection(page, () => ctx.gateway.domain.queries.countProviders(ctx.principal, filter));
      },
    },
    connectionOptions('ProviderConnection', 'providers'),
    { name: 'ProviderEdge' },
  ),
}));

// ---- mutations ----

type Credentials = { provider: ProviderRow; apiKey: string };
const credentialsPayload = (name: string) =>
  builder.objectRef<Payload<Credentials>>(name).implement({
    description: PAYLOAD_DESCRIPTION,
    fields: (t) => ({
      provider: t.field({ type: Provider, nullable: true, description: 'The provider, its `account` readable here; null when `userErrors` is not empty.', grantScopes: [OWN], resolve: (r) => r.provider ?? null }),
      apiKey: t.string({ nullable: true, description: 'The new key, shown only here: store it.', resolve: (r) => r.apiKey ?? null }),
      userErrors: userErrorsField(t),
    }),
  });
const RegisterProviderPayload = credentialsPayload('RegisterProviderPayload');
const RotateProviderKeyPayload = credentialsPayload('RotateProviderKeyPayload');

const providerPayload = (name: string) =>
  builder.objectRef<Payload<{ provider: ProviderRow }>>(name).implement({
    description: PAYLOAD_DESCRIPTION,
    fields: (t) => ({
      provider: t.field({ type: Provider, nullable: true, description: 'The provider after the change; null when `userErrors` is not empty.', resolve: (r) => r.provider ?? null }),
      userErrors: userErrorsField(t),
    }),
  });

const PreloadModel = builder.objectRef<NonNullable<HeartbeatAck['preload_model']>>('PreloadModel').implement({
  description: 'A model an admin asked the provider to load ahead of demand.',
  fields: (t) => ({ modelName: t.exposeString('model_name', { description: 'The model to load.' }), status: t.exposeString('status', { description: 'The preload’s state as the admin set it, e.g. `downloading`.' }) }),
});

const HeartbeatAckRef = builder.objectRef<HeartbeatAck>('HeartbeatAck').implement({
  description: 'What the daemon needs to know after a heartbeat.',
  fields: (t) => ({
    timestamp: t.field({ description: 'When the gateway recorded the heartbeat.', type: 'DateTime', resolve: (a) => new Date(a.timestamp) }),
    needsUpdate: t.exposeBoolean('needs_update', { description: 'The `daemonVersion` sent is older than `latestVersion` (or none was sent).' }),
    updateAvailable: t.exposeBoolean('update_available', { description: 'A newer daemon than the one reported exists.' }),
    latestVersion: t.exposeString('latest_version', { description: 'The newest daemon version.' }),
    minVersion: t.exposeString('min_version', { description: 'The oldest daemon version still supported.' }),
    approvalStatus: t.field({ description: 'The provider’s approval now.', type: ApprovalStatus, resolve: (a) => approval(a.approval_status) }),
    approved: t.exposeBoolean('approved', { description: 'Whether it may take work.' }),
    isPaused: t.exposeBoolean('is_paused', { description: 'Whether its owner paused it (the daemon then takes no work).' }),
    preloadModel: t.field({ description: 'A model an admin asked it to load; null when none.', type: PreloadModel, nullable: true, resolve: (a) => a.preload_model }),
  }),
});

const HeartbeatPayload = builder.objectRef<Payload<{ ack: HeartbeatAck }>>('HeartbeatPayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({ ack: t.field({ type: HeartbeatAckRef, nullable: true, description: 'What the daemon needs to know; null when `userErrors` is not empty.', resolve: (r) => r.ack ?? null }), userErrors: userErrorsField(t) }),
});

const RegisterProviderInput = builder.inputType('RegisterProviderInput', {
  description: 'A new provider account.',
  fields: (t) => ({
    name: t.string({ required: true, description: '2 to 100 characters.' }),
    email: t.string({ description: 'Its contact address; one account per address.', required: true }),
    gpuModel: t.string({ description: 'The GPU as the owner names it, e.g. `RTX 4090`.', required: true }),
    os: t.string({ required: true, description: 'linux, windows or mac; common spellings (e.g. "Ubuntu 22.04", "Windows 11") are accepted.' }),
    phone: t.string({ description: 'A contact number.' }),
    location: t.string({ description: 'Where the machine is, e.g. `Riyadh`.' }),
    resourceSpec: t.field({ type: 'JSON', description: 'A string or an object describing the machine.' }),
  }),
});

const ProviderIdInput = (name: string) => builder.inputType(name, { description: 'The provider to act on.', fields: (t) => ({ providerId: t.id({ required: true, description: 'The provider’s global id.' }) }) });
const ProviderDecisionInput = (name: string) =>
  builder.inputType(name, {
    description: 'An admin decision about a provider.',
    fields: (t) => ({ providerId: t.id({ required: true, description: 'The provider’s global id.' }), reason: t.string({ description: 'Kept with the decision.' }) }),
  });
const ApproveProviderInput = ProviderIdInput('ApproveProviderInput');
const UnsuspendProviderInput = ProviderIdInput('UnsuspendProviderInput');
const RejectProviderInput = ProviderDecisionInput('RejectProviderInput');
const SuspendProviderInput = ProviderDecisionInput('SuspendProviderInput');

const RotateProviderKeyInput = builder.inputType('RotateProviderKeyInput', {
  description: 'Whose key `rotateProviderKey` replaces.',
  fields: (t) => ({ providerId: t.id({ description: 'Admins: the provider whose key to rotate. Providers omit it (their own).' }) }),
});

const SetProviderPreferencesInput = builder.inputType('SetProviderPreferencesInput', {
  description: 'Only the fields given change.',
  fields: (t) => ({
    runMode: t.field({ description: 'When it lets its GPU be used.', type: RunMode }),
    scheduledStart: t.string({ description: 'HH:MM' }),
    scheduledEnd: t.string({ description: 'HH:MM' }),
    gpuUsageCapPct: t.float({ description: '0..100' }),
    vramReserveGb: t.float({ description: '0..16' }),
    tempLimitC: t.float({ description: '50..100' }),
  }),
});

const HeartbeatInput = builder.inputType('HeartbeatInput', {
  description: 'The daemon’s report. JSON fields keep the daemon’s own snake_case keys.',
  fields: (t) => ({
    daemonVersion: t.string({ description: 'The daemon’s version, e.g. `4.1.0`: `needsUpdate` compares it with the latest.' }),
    gpuStatus: t.field({ type: 'JSON', description: 'The daemon’s GPU report (`gpu_name`, `gpu_vram_mib`, `temp_c`, …).' }),
    gpuInfo: t.field({ description: 'Static facts about the GPU (`gpu_name`, `vram_mb`, `driver_version`, …).', type: 'JSON' }),
    providerIp: t.string({ description: 'The machine’s address as the daemon sees it.' }),
    providerHostname: t.string({ description: 'The machine’s host name.' }),
    peerId: t.string({ description: 'The daemon’s peer id on the mesh, when it has one.' }),
    cachedModels: t.stringList({ description: 'Models cached on the machine.' }),
    vllmModels: t.stringList({ description: 'Models its vLLM server serves.' }),
    vllmEndpointUrl: t.string({ description: 'Its inference endpoint (a public address unless the deployment allows private ones).' }),
    wgMeshIp: t.string({ description: 'Its WireGuard mesh address.' }),
    containerRestartCount: t.int({ description: 'How often its worker container restarted.' }),
    modelCache: t.field({ description: 'Model cache usage (`used_mb`, `total_mb`, `used_pct`).', type: 'JSON' }),
    resourceSpec: t.field({ description: 'A description of the machine: a string or an object.', type: 'JSON' }),
  }),
});

/**
 * The domain reads the daemon version from the GPU report (where the REST daemon sends it); the GraphQL
 * input has it as its own field, merged in here. A non-object report is left for the domain to refuse.
 */
function heartbeatReport({ daemonVersion, ...input }: { daemonVersion?: string | null; gpuStatus?: unknown }): Record<string, unknown> {
  const wire = wireInput(input);
  if (daemonVersion == null) return wire;
  const status = input.gpuStatus;
  const report = status == null ? {} : typeof status === 'string' ? { status } : status;
  if (typeof report !== 'object' || Array.isArray(report)) return wire;
  return { ...wire, gpu_status: { ...report, daemon_version: daemonVersion } };
}

/** Runs an admin action on the provider named at `input.providerId`. */
const onProvider = <T>(id: string, body: (providerId: number) => Promise<T>) =>
  withNotFoundField('Provider', 'input.providerId', () => body(rowId(id, 'Provider', 'provider_id')));

builder.mutationFields((t) => ({
  registerProvider: t.field({
    type: RegisterProviderPayload,
    description:
      'Signs up a provider; it stays PENDING until an admin approves it (unless auto-approval is on). Shares the sign-up budget of the caller’s address with renters and the REST API.',
    authScopes: { public: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: RegisterProviderInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => {
        await spendRegistration(ctx);
        return ctx.gateway.domain.providers.register(wireInput(input));
      }),
  }),
  rotateProviderKey: t.field({
    type: RotateProviderKeyPayload,
    description: 'Replaces the key; the old one stops working at once. Providers rotate their own (3 a day); admins name any provider.',
    authScopes: { $any: { provider: true, admin: true } },
    args: { input: t.arg({ description: MUTATION_INPUT, type: RotateProviderKeyInput, required: true, defaultValue: {} }) },
    resolve: (_root, { input }, ctx) =>
      payload(() =>
        withNotFoundField('Provider', 'input.providerId', () =>
          ctx.gateway.domain.providers.rotateKey(ctx.principal, optionalRowId(input.providerId, 'Provider', 'provider_id')),
        ),
      ),
  }),
  approveProvider: t.field({
    type: providerPayload('ApproveProviderPayload'),
    description: 'Lets a PENDING (or REJECTED) provider onto the marketplace (admin).',
    authScopes: { admin: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: ApproveProviderInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({ provider: await onProvider(String(input.providerId), (id) => ctx.gateway.domain.providers.approve(ctx.principal, id)) })),
  }),
  rejectProvider: t.field({
    type: providerPayload('RejectProviderPayload'),
    description: 'Refuses a provider, with a reason it can read (admin).',
    authScopes: { admin: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: RejectProviderInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({
        provider: await onProvider(String(input.providerId), (id) => ctx.gateway.domain.providers.reject(ctx.principal, id, input.reason)),
      })),
  }),
  suspendProvider: t.field({
    type: providerPayload('SuspendProviderPayload'),
    description: 'Takes a provider off the marketplace; its key is refused until unsuspended (admin).',
    authScopes: { admin: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: SuspendProviderInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({
        provider: await onProvider(String(input.providerId), (id) => ctx.gateway.domain.providers.suspend(ctx.principal, id, input.reason)),
      })),
  }),
  unsuspendProvider: t.field({
    type: providerPayload('UnsuspendProviderPayload'),
    description: 'Ends a suspension; the provider is OFFLINE until its next heartbeat (admin).',
    authScopes: { admin: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: UnsuspendProviderInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({ provider: await onProvider(String(input.providerId), (id) => ctx.gateway.domain.providers.unsuspend(ctx.principal, id)) })),
  }),
  pauseProvider: t.field({
    type: providerPayload('PauseProviderPayload'),
    description: 'Stops new work reaching the calling provider; running jobs finish. Acts on the caller alone, so it takes no input.',
    authScopes: { provider: true },
    resolve: (_root, _args, ctx) => payload(async () => ({ provider: await ctx.gateway.domain.providers.pause(ctx.principal) })),
  }),
  resumeProvider: t.field({
    type: providerPayload('ResumeProviderPayload'),
    description: 'Lets new work reach the calling provider again. Acts on the caller alone, so it takes no input.',
    authScopes: { provider: true },
    resolve: (_root, _args, ctx) => payload(async () => ({ provider: await ctx.gateway.domain.providers.resume(ctx.principal) })),
  }),
  setProviderPreferences: t.field({
    type: providerPayload('SetProviderPreferencesPayload'),
    description: 'Changes when and how hard the calling provider lets its GPU be used.',
    authScopes: { provider: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: SetProviderPreferencesInput, required: true }) },
    resolve: (_root, { input }, ctx) => payload(async () => ({ provider: await ctx.gateway.domain.providers.setPreferences(ctx.principal, wireInput(input)) })),
  }),
  heartbeat: t.field({
    type: HeartbeatPayload,
    description: 'Records the calling provider’s heartbeat; it must be approved.',
    authScopes: { provider: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: HeartbeatInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => {
        await spendHeartbeat(ctx);
        return { ack: await ctx.gateway.domain.providers.heartbeat(ctx.principal, heartbeatReport(input)) };
      }),
  }),
}));
