import { ConflictError, NotFoundError, RateLimitedError } from '../../domain/errors.js';
import type { HeartbeatAck } from '../../domain/heartbeat.js';
import { canReadProviderPrivate, type ProviderRow } from '../../domain/queries.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { wireInput } from '../input.js';
import { spendHeartbeat, spendRegistration } from '../ratelimit.js';
import { ApiKey } from './apiKey.js';
import { connectionComplexity, orNull, toConnection } from './connection.js';
import { COMMON_ERRORS, INPUT_ERRORS } from './errors.js';

type ApprovalStatusValue = 'pending' | 'approved' | 'rejected';

export const ApprovalStatus = builder.enumType('ApprovalStatus', {
  values: { PENDING: { value: 'pending' }, APPROVED: { value: 'approved' }, REJECTED: { value: 'rejected' } } as const,
});

/** Granted on the provider's own fields to itself and admins, and by the mutations that just created it. */
const OWN = 'ownProvider';
export const own = { $granted: OWN } as const;

const ProviderPreferences = builder.objectRef<ProviderRow>('ProviderPreferences').implement({
  description: 'When and how hard the provider lets its GPU be used.',
  fields: (t) => ({
    runMode: t.exposeString('runMode', { description: 'always-on, manual or scheduled' }),
    scheduledStart: t.exposeString('scheduledStart', { description: 'HH:MM' }),
    scheduledEnd: t.exposeString('scheduledEnd', { description: 'HH:MM' }),
    gpuUsageCapPct: t.exposeFloat('gpuUsageCapPct'),
    vramReserveGb: t.exposeFloat('vramReserveGb'),
    tempLimitC: t.exposeFloat('tempLimitC'),
  }),
});

export const Provider = builder.loadableObject('Provider', {
  description:
    'A GPU provider. Marketplace fields are public; contact, earnings, network, GPU telemetry, keys and preferences only for the provider itself and admins.',
  grantScopes: (p, ctx) => (canReadProviderPrivate(ctx.principal, p.id) ? [OWN] : []),
  load: async (ids: number[], ctx: GraphQLContext) =>
    (await ctx.gateway.domain.queries.providersByIds(ids)).map((row) => row ?? new NotFoundError('Provider')),
  fields: (t) => ({
    id: t.exposeInt('id'),
    name: t.exposeString('name'),
    gpuModel: t.exposeString('gpuModel', { nullable: true }),
    gpuCount: t.exposeInt('gpuCount'),
    gpuVramMib: t.exposeInt('gpuVramMib'),
    os: t.exposeString('os', { nullable: true }),
    location: t.exposeString('location', { nullable: true }),
    status: t.exposeString('status', { description: 'registered, online, degraded, offline, paused or suspended' }),
    approvalStatus: t.field({ type: ApprovalStatus, resolve: (p) => p.approvalStatus as ApprovalStatusValue }),
    isPaused: t.exposeBoolean('isPaused'),
    isOnline: t.boolean({
      description: 'Heartbeat received within the offline threshold.',
      resolve: (p, _args, ctx) => ctx.gateway.domain.queries.isProviderOnline(p.lastHeartbeat),
    }),
    lastHeartbeat: t.expose('lastHeartbeat', { type: 'DateTime', nullable: true }),
    cachedModels: t.exposeStringList('cachedModels'),
    supportedComputeTypes: t.exposeStringList('supportedComputeTypes'),
    pricePerMinHalala: t.exposeInt('pricePerMinHalala', { nullable: true }),
    uptimePercent: t.exposeFloat('uptimePercent'),
    reputationScore: t.exposeFloat('reputationScore'),
    totalJobs: t.exposeInt('totalJobs'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),

    email: t.exposeString('email', { nullable: true, authScopes: own }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true, authScopes: own }),
    rejectedReason: t.exposeString('rejectedReason', { nullable: true, authScopes: own }),
    earningsHalala: t.expose('earningsHalala', { type: 'SafeInt', nullable: true, authScopes: own, description: 'Unpaid earnings.' }),
    totalEarnedHalala: t.expose('totalEarnedHalala', { type: 'SafeInt', nullable: true, authScopes: own }),
    gpuStatus: t.expose('gpuStatus', { type: 'JSON', nullable: true, authScopes: own, description: 'The last heartbeat’s GPU report.' }),
    providerIp: t.exposeString('providerIp', { nullable: true, authScopes: own }),
    providerHostname: t.exposeString('providerHostname', { nullable: true, authScopes: own }),
    daemonVersion: t.exposeString('daemonVersion', { nullable: true, authScopes: own }),
    vllmEndpointUrl: t.exposeString('vllmEndpointUrl', { nullable: true, authScopes: own }),
    preferences: t.field({ type: ProviderPreferences, nullable: true, authScopes: own, resolve: (p) => p }),
    apiKeys: t.loadableList({
      type: ApiKey,
      nullable: true,
      authScopes: own,
      load: (ids: number[], ctx: GraphQLContext) => ctx.gateway.domain.queries.apiKeysByOwnerIds('provider', ids),
      resolve: (p) => p.id,
    }),
  }),
});

const ProviderFilter = builder.inputType('ProviderFilter', {
  fields: (t) => ({
    approvalStatus: t.field({ type: ApprovalStatus, description: 'Only admins see providers that are not approved.' }),
    gpuModel: t.string({ description: 'Exact GPU model, as the provider reports it.' }),
    onlineOnly: t.boolean({ description: 'Only providers with a recent heartbeat.' }),
  }),
});

builder.queryFields((t) => ({
  provider: t.field({
    type: Provider,
    nullable: true,
    description: 'A provider by id; null when it does not exist or is not on the marketplace (and the caller is neither it nor an admin).',
    authScopes: { public: true },
    args: { id: t.arg.int({ required: true }) },
    resolve: (_root, { id }, ctx) => orNull(ctx.gateway.domain.queries.provider(ctx.principal, id)),
  }),
  providers: t.connection(
    {
      type: Provider,
      description: 'The marketplace (approved providers), newest first; admins see every provider.',
      authScopes: { public: true },
      args: { filter: t.arg({ type: ProviderFilter }) },
      complexity: connectionComplexity,
      resolve: async (_root, { filter, ...page }, ctx) =>
        toConnection(await ctx.gateway.domain.queries.providers(ctx.principal, filter ?? {}, page)),
    },
    { name: 'ProviderConnection' },
    { name: 'ProviderEdge' },
  ),
}));

// ---- mutations ----

const ProviderCredentials = builder.objectRef<{ provider: ProviderRow; apiKey: string }>('ProviderCredentials').implement({
  description: 'A provider and its new API key. The key is shown only here: store it.',
  fields: (t) => ({
    provider: t.field({ type: Provider, grantScopes: [OWN], resolve: (r) => r.provider }),
    apiKey: t.exposeString('apiKey'),
  }),
});

const PreloadModel = builder.objectRef<NonNullable<HeartbeatAck['preload_model']>>('PreloadModel').implement({
  fields: (t) => ({ modelName: t.exposeString('model_name'), status: t.exposeString('status') }),
});

const HeartbeatAckRef = builder.objectRef<HeartbeatAck>('HeartbeatAck').implement({
  description: 'What the daemon needs to know after a heartbeat.',
  fields: (t) => ({
    timestamp: t.field({ type: 'DateTime', resolve: (a) => new Date(a.timestamp) }),
    needsUpdate: t.exposeBoolean('needs_update'),
    updateAvailable: t.exposeBoolean('update_available'),
    latestVersion: t.exposeString('latest_version'),
    minVersion: t.exposeString('min_version'),
    approvalStatus: t.field({ type: ApprovalStatus, resolve: (a) => a.approval_status as ApprovalStatusValue }),
    approved: t.exposeBoolean('approved'),
    isPaused: t.exposeBoolean('is_paused'),
    preloadModel: t.field({ type: PreloadModel, nullable: true, resolve: (a) => a.preload_model }),
  }),
});

const RegisterProviderInput = builder.inputType('RegisterProviderInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    gpuModel: t.string({ required: true }),
    os: t.string({ required: true, description: 'linux, windows, mac (common spellings accepted)' }),
    phone: t.string(),
    location: t.string(),
    resourceSpec: t.field({ type: 'JSON', description: 'A string or an object describing the machine.' }),
  }),
});

const ProviderDecisionInput = builder.inputType('ProviderDecisionInput', {
  fields: (t) => ({ providerId: t.int({ required: true }), reason: t.string() }),
});

const ProviderPreferencesInput = builder.inputType('ProviderPreferencesInput', {
  description: 'Only the fields given change.',
  fields: (t) => ({
    runMode: t.string({ description: 'always-on, manual or scheduled' }),
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
    gpuStatus: t.field({ type: 'JSON' }),
    gpuInfo: t.field({ type: 'JSON' }),
    providerIp: t.string(),
    providerHostname: t.string(),
    peerId: t.string(),
    cachedModels: t.stringList(),
    vllmModels: t.stringList(),
    vllmEndpointUrl: t.string(),
    wgMeshIp: t.string(),
    containerRestartCount: t.int(),
    modelCache: t.field({ type: 'JSON' }),
    resourceSpec: t.field({ type: 'JSON' }),
  }),
});

builder.mutationFields((t) => ({
  registerProvider: t.field({
    type: ProviderCredentials,
    description:
      'Signs up a provider; it stays pending until an admin approves it (unless auto-approval is on). Shares the sign-up budget of the caller’s address with renters and the REST API.',
    authScopes: { public: true },
    errors: { types: [...INPUT_ERRORS, ConflictError, RateLimitedError] },
    args: { input: t.arg({ type: RegisterProviderInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await spendRegistration(ctx);
      return ctx.gateway.domain.providers.register(wireInput(input));
    },
  }),
  rotateProviderKey: t.field({
    type: ProviderCredentials,
    description: 'Replaces the key; the old one stops working at once. Providers rotate their own (3 a day); admins name any provider.',
    authScopes: { $any: { provider: true, admin: true } },
    errors: { types: [...COMMON_ERRORS, RateLimitedError] },
    args: { providerId: t.arg.int() },
    resolve: (_root, { providerId }, ctx) => ctx.gateway.domain.providers.rotateKey(ctx.principal, providerId ?? undefined),
  }),
  approveProvider: t.field({
    type: Provider,
    authScopes: { admin: true },
    errors: { types: COMMON_ERRORS },
    args: { providerId: t.arg.int({ required: true }) },
    resolve: (_root, { providerId }, ctx) => ctx.gateway.domain.providers.approve(ctx.principal, providerId),
  }),
  rejectProvider: t.field({
    type: Provider,
    authScopes: { admin: true },
    errors: { types: COMMON_ERRORS },
    args: { input: t.arg({ type: ProviderDecisionInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.gateway.domain.providers.reject(ctx.principal, input.providerId, input.reason),
  }),
  suspendProvider: t.field({
    type: Provider,
    authScopes: { admin: true },
    errors: { types: COMMON_ERRORS },
    args: { input: t.arg({ type: ProviderDecisionInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.gateway.domain.providers.suspend(ctx.principal, input.providerId, input.reason),
  }),
  unsuspendProvider: t.field({
    type: Provider,
    authScopes: { admin: true },
    errors: { types: COMMON_ERRORS },
    args: { providerId: t.arg.int({ required: true }) },
    resolve: (_root, { providerId }, ctx) => ctx.gateway.domain.providers.unsuspend(ctx.principal, providerId),
  }),
  pauseProvider: t.field({
    type: Provider,
    description: 'Stops new work reaching the calling provider; running jobs finish.',
    authScopes: { provider: true },
    errors: { types: COMMON_ERRORS },
    resolve: (_root, _args, ctx) => ctx.gateway.domain.providers.pause(ctx.principal),
  }),
  resumeProvider: t.field({
    type: Provider,
    authScopes: { provider: true },
    errors: { types: COMMON_ERRORS },
    resolve: (_root, _args, ctx) => ctx.gateway.domain.providers.resume(ctx.principal),
  }),
  setProviderPreferences: t.field({
    type: Provider,
    authScopes: { provider: true },
    errors: { types: COMMON_ERRORS },
    args: { input: t.arg({ type: ProviderPreferencesInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.gateway.domain.providers.setPreferences(ctx.principal, wireInput(input)),
  }),
  heartbeat: t.field({
    type: HeartbeatAckRef,
    description: 'Records the calling provider’s heartbeat; it must be approved.',
    authScopes: { provider: true },
    errors: { types: [...COMMON_ERRORS, RateLimitedError] },
    args: { input: t.arg({ type: HeartbeatInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await spendHeartbeat(ctx);
      return ctx.gateway.domain.providers.heartbeat(ctx.principal, wireInput(input));
    },
  }),
}));
