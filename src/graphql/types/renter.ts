import { ConflictError, DisabledError, InsufficientBalanceError, NotFoundError, RateLimitedError } from '../../domain/errors.js';
import { renterAccess, type RenterRow } from '../../domain/queries.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { wireInput } from '../input.js';
import { spendRegistration, spendTopUp } from '../ratelimit.js';
import { ApiKey } from './apiKey.js';
import { connectionComplexity, orNull, toConnection } from './connection.js';
import { COMMON_ERRORS, INPUT_ERRORS } from './errors.js';

type RenterStatusValue = 'active' | 'suspended' | 'deleted';

export const RenterStatus = builder.enumType('RenterStatus', {
  values: { ACTIVE: { value: 'active' }, SUSPENDED: { value: 'suspended' }, DELETED: { value: 'deleted' } } as const,
});

/**
 * Granted on the renter's own fields to admins and to the renter itself as far as its key's scopes go
 * (profile: `read`; balance: `read` or `billing`; keys: the master key), and by the mutations that just created it.
 */
const OWN = 'ownRenter';
const OWN_BALANCE = 'ownRenterBalance';
const OWN_KEYS = 'ownRenterKeys';
const own = { $granted: OWN } as const;
const ownBalance = { $granted: OWN_BALANCE } as const;
const ALL_OWN = [OWN, OWN_BALANCE, OWN_KEYS];

export const Renter = builder.loadableObject('Renter', {
  description: 'A renter account. Everything but `id` is visible only to the renter itself (as its key’s scopes allow) and to admins.',
  grantScopes: (r, ctx) => {
    const access = renterAccess(ctx.principal, r.id);
    return [access.profile && OWN, access.balance && OWN_BALANCE, access.keys && OWN_KEYS].filter((g): g is string => Boolean(g));
  },
  load: async (ids: number[], ctx: GraphQLContext) =>
    (await ctx.gateway.domain.queries.rentersByIds(ids)).map((row) => row ?? new NotFoundError('Renter')),
  fields: (t) => ({
    id: t.exposeInt('id'),
    name: t.exposeString('name', { nullable: true, authScopes: own }),
    email: t.exposeString('email', { nullable: true, authScopes: own }),
    organization: t.exposeString('organization', { nullable: true, authScopes: own }),
    useCase: t.exposeString('useCase', { nullable: true, authScopes: own }),
    phone: t.exposeString('phone', { nullable: true, authScopes: own }),
    status: t.field({ type: RenterStatus, nullable: true, authScopes: own, resolve: (r) => r.status as RenterStatusValue }),
    balanceHalala: t.expose('balanceHalala', { type: 'SafeInt', nullable: true, authScopes: ownBalance, description: 'Spendable balance.' }),
    heldHalala: t.expose('heldHalala', { type: 'SafeInt', nullable: true, authScopes: ownBalance, description: 'Set aside for open jobs.' }),
    totalSpentHalala: t.expose('totalSpentHalala', { type: 'SafeInt', nullable: true, authScopes: ownBalance }),
    totalJobs: t.exposeInt('totalJobs', { nullable: true, authScopes: own }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, authScopes: own }),
    apiKeys: t.loadableList({
      type: ApiKey,
      nullable: true,
      description: 'Every key of the account, master and sub-keys, newest first (admins and the master key only).',
      authScopes: { $granted: OWN_KEYS },
      load: (ids: number[], ctx: GraphQLContext) => ctx.gateway.domain.queries.apiKeysByOwnerIds('renter', ids),
      resolve: (r) => r.id,
    }),
  }),
});

const RenterFilter = builder.inputType('RenterFilter', {
  fields: (t) => ({ status: t.field({ type: RenterStatus }) }),
});

builder.queryFields((t) => ({
  renter: t.field({
    type: Renter,
    nullable: true,
    description: 'A renter by id: admins read any, a renter only itself. Null when it does not exist.',
    authScopes: { $any: { admin: true, renter: true } },
    args: { id: t.arg.int({ required: true }) },
    resolve: (_root, { id }, ctx) => orNull(ctx.gateway.domain.queries.renter(ctx.principal, id)),
  }),
  renters: t.connection(
    {
      type: Renter,
      description: 'Every renter, newest first (admin).',
      authScopes: { admin: true },
      args: { filter: t.arg({ type: RenterFilter }) },
      complexity: connectionComplexity,
      resolve: async (_root, { filter, ...page }, ctx) =>
        toConnection(await ctx.gateway.domain.queries.renters(ctx.principal, filter ?? {}, page)),
    },
    { name: 'RenterConnection' },
    { name: 'RenterEdge' },
  ),
}));

// ---- mutations ----

const RenterCredentials = builder.objectRef<{ renter: RenterRow; apiKey: string }>('RenterCredentials').implement({
  description: 'A renter and its new API key. The key is shown only here: store it.',
  fields: (t) => ({
    renter: t.field({ type: Renter, grantScopes: ALL_OWN, resolve: (r) => r.renter }),
    apiKey: t.exposeString('apiKey'),
  }),
});

const BalanceChange = builder.objectRef<{ renter: RenterRow; amountHalala: number }>('BalanceChange').implement({
  fields: (t) => ({
    renter: t.field({ type: Renter, resolve: (r) => r.renter }),
    amountHalala: t.expose('amountHalala', { type: 'SafeInt', description: 'Credited (positive) or debited (negative).' }),
  }),
});

const RegisterRenterInput = builder.inputType('RegisterRenterInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    organization: t.string(),
    useCase: t.string(),
    phone: t.string(),
  }),
});

const AdjustRenterBalanceInput = builder.inputType('AdjustRenterBalanceInput', {
  fields: (t) => ({
    renterId: t.int({ required: true }),
    amountHalala: t.int({ required: true, description: 'Non-zero; negative debits, never below a zero balance.' }),
    reason: t.string(),
  }),
});

const TopUpInput = builder.inputType('TopUpInput', {
  description: 'Give exactly one amount.',
  fields: (t) => ({ amountHalala: t.int(), amountSar: t.float() }),
});

builder.mutationFields((t) => ({
  registerRenter: t.field({
    type: RenterCredentials,
    description: 'Opens an active renter account with the starter credit. Shares the sign-up budget of the caller’s address with the REST API.',
    authScopes: { public: true },
    errors: { types: [...INPUT_ERRORS, ConflictError, RateLimitedError] },
    args: { input: t.arg({ type: RegisterRenterInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await spendRegistration(ctx);
      return ctx.gateway.domain.renters.register(wireInput(input));
    },
  }),
  rotateRenterKey: t.field({
    type: RenterCredentials,
    description: 'Replaces the key; the old one stops working at once. Renters rotate their own (3 a day); admins name any renter.',
    authScopes: { $any: { renter: true, admin: true } },
    errors: { types: [...COMMON_ERRORS, RateLimitedError] },
    args: { renterId: t.arg.int() },
    resolve: (_root, { renterId }, ctx) => ctx.gateway.domain.renters.rotateKey(ctx.principal, renterId ?? undefined),
  }),
  suspendRenter: t.field({
    type: Renter,
    authScopes: { admin: true },
    errors: { types: COMMON_ERRORS },
    args: { renterId: t.arg.int({ required: true }) },
    resolve: (_root, { renterId }, ctx) => ctx.gateway.domain.renters.suspend(ctx.principal, renterId),
  }),
  unsuspendRenter: t.field({
    type: Renter,
    authScopes: { admin: true },
    errors: { types: COMMON_ERRORS },
    args: { renterId: t.arg.int({ required: true }) },
    resolve: (_root, { renterId }, ctx) => ctx.gateway.domain.renters.unsuspend(ctx.principal, renterId),
  }),
  adjustRenterBalance: t.field({
    type: BalanceChange,
    description: 'Admin credit or debit through the ledger.',
    authScopes: { admin: true },
    errors: { types: [...COMMON_ERRORS, InsufficientBalanceError] },
    args: { input: t.arg({ type: AdjustRenterBalanceInput, required: true }) },
    resolve: (_root, { input: { renterId, ...rest } }, ctx) =>
      ctx.gateway.domain.renters.adjustBalance(ctx.principal, renterId, wireInput(rest)),
  }),
  topUp: t.field({
    type: BalanceChange,
    description: 'Sandbox credit for the calling renter, where the deployment allows it.',
    authScopes: { renter: true },
    errors: { types: [...COMMON_ERRORS, DisabledError, RateLimitedError] },
    args: { input: t.arg({ type: TopUpInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await spendTopUp(ctx);
      return ctx.gateway.domain.renters.topup(ctx.principal, wireInput(input));
    },
  }),
}));
