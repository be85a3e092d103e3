import { requireScope } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { renterAccess, type RenterColumn, type RenterRow } from '../../domain/queries.js';
import { builder } from '../builder.js';
import { readsOf } from '../columns.js';
import type { GraphQLContext } from '../context.js';
import { optionalRowId, rowId } from '../ids.js';
import { wireInput } from '../input.js';
import { spendRegistration, spendTopUp } from '../ratelimit.js';
import { ApiKey } from './apiKey.js';
import { connectionComplexity, connectionOptions, orderByInput, orNull, pageArgs, toConnection } from './connection.js';
import { RenterStatus } from './enums.js';
import { MUTATION_INPUT, payload, type Payload, PAYLOAD_DESCRIPTION, userErrorsField, withNotFoundField } from './errors.js';

/**
 * A Renter is a private account: every path that returns one checks the caller is that renter (with the
 * read scope) or an admin, once per object (docs/graphql-schema.md, "Visibility"); its fields then need no
 * check of their own, except the keys, which only the master key and admins may list.
 */
const OWN_KEYS = 'ownRenterKeys';

/** Refuses a renter the caller may not see: used by `Job.renter` and `me`, the paths not checked by the domain. */
export function assertRenterVisible(ctx: GraphQLContext, renterId: number): void {
  if (renterAccess(ctx.principal, renterId).profile) return;
  requireScope(ctx.principal, 'read');
  throw new ForbiddenError('Renter accounts are visible only to the renter itself and admins');
}

/** The columns of a renter row a field reads, besides those it exposes (src/graphql/columns.ts). */
const reading = readsOf<RenterColumn>();

export const RenterBalance = builder.objectRef<RenterRow>('RenterBalance').implement({
  description: 'A renter’s money, in halala (100 halala = 1 SAR).',
  fields: (t) => ({
    availableHalala: t.expose('balanceHalala', { type: 'SafeInt', description: 'Spendable now.' }),
    heldHalala: t.expose('heldHalala', { type: 'SafeInt', description: 'Set aside for open jobs (their quotes).' }),
    totalSpentHalala: t.expose('totalSpentHalala', { type: 'SafeInt', description: 'Paid for settled work, all time.' }),
  }),
});

export const Renter = builder.loadableNode('Renter', {
  description: 'A renter account: visible only to the renter itself (master key or a sub-key with the read scope) and to admins.',
  id: { resolve: (r) => r.id, parse: Number, extensions: reading('id') },
  load: async (ids: number[], ctx: GraphQLContext) =>
    (await ctx.gateway.domain.queries.rentersByIds(ids)).map((row) => row ?? new NotFoundError('Renter')),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id REST uses.' }),
    name: t.exposeString('name', { description: 'Its display name.' }),
    email: t.exposeString('email', { description: 'Its contact address; one account per address.' }),
    organization: t.exposeString('organization', { nullable: true, description: 'Null when not given.' }),
    useCase: t.exposeString('useCase', { nullable: true, description: 'Null when not given.' }),
    phone: t.exposeString('phone', { nullable: true, description: 'Null when not given.' }),
    status: t.field({ description: 'Its standing.', type: RenterStatus, extensions: reading('status'), resolve: (r) => r.status as typeof RenterStatus.$inferType }),
    balance: t.field({ description: 'Its money.', type: RenterBalance, extensions: reading('balanceHalala', 'heldHalala', 'totalSpentHalala'), resolve: (r) => r }),
    totalJobs: t.exposeInt('totalJobs', { description: 'Jobs it has submitted.' }),
    createdAt: t.expose('createdAt', { description: 'When it signed up.', type: 'DateTime' }),
    apiKeys: t.loadableList({
      type: ApiKey,
      nullable: true,
      description: 'Every key of the account, master and sub-keys, newest first. Master key and admins only: a sub-key gets a FORBIDDEN error here.',
      // The master key and admins, or the caller of the mutation that just issued the key (which grants OWN_KEYS).
      authScopes: (r, _args, ctx) => renterAccess(ctx.principal, r.id).keys || { $granted: OWN_KEYS },
      extensions: reading('id'),
      load: (ids: number[], ctx: GraphQLContext) => ctx.gateway.domain.queries.apiKeysByOwnerIds('renter', ids),
      resolve: (r) => r.id,
    }),
  }),
});

const RenterFilter = builder.inputType('RenterFilter', {
  description: 'The filters of the REST renter list, combined with AND.',
  fields: (t) => ({
    status: t.field({ description: 'Only renters with this standing.', type: RenterStatus }),
    search: t.string({ description: 'Part of the name, email or organization, case-insensitive; at most 200 characters.' }),
  }),
});

const RenterOrder = orderByInput('RenterOrder', {
  name: 'RenterOrderField',
  values: { CREATED_AT: { value: 'createdAt' as const, description: 'When it signed up (the default, newest first).' } },
});

builder.queryFields((t) => ({
  renter: t.field({
    type: Renter,
    nullable: true,
    description: 'A renter by global id: admins read any, a renter only itself (FORBIDDEN otherwise). Null when it does not exist.',
    authScopes: { $any: { admin: true, renter: true } },
    args: { id: t.arg.id({ required: true, description: 'The renter’s global id.' }) },
    resolve: async (_root, { id }, ctx) => {
      const renterId = rowId(String(id), 'Renter', 'id');
      assertRenterVisible(ctx, renterId);
      return orNull(ctx.gateway.domain.queries.renter(ctx.principal, renterId));
    },
  }),
  renters: t.connection(
    {
      type: Renter,
      description: 'Every renter, newest first unless `orderBy` says otherwise (admin).',
      authScopes: { admin: true },
      args: {
        filter: t.arg({ type: RenterFilter, description: 'Only the renters that match.' }),
        orderBy: t.arg({ type: RenterOrder, description: 'The order; newest first by default.', defaultValue: { field: 'createdAt', direction: 'desc' } }),
      },
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) => {
        const filter = args.filter ?? {};
        const page = await ctx.gateway.domain.queries.renters(ctx.principal, filter, pageArgs(args));
        return toConnection(page, () => ctx.gateway.domain.queries.countRenters(ctx.principal, filter));
      },
    },
    connectionOptions('RenterConnection', 'renters'),
    { name: 'RenterEdge' },
  ),
  myBalance: t.field({
    type: RenterBalance,
    description: 'The calling renter’s balance: for the master key and sub-keys with the read or billing scope.',
    authScopes: { renter: true },
    resolve: (_root, _args, ctx) => ctx.gateway.domain.queries.renter(ctx.principal, ctx.principal.kind === 'renter' ? ctx.principal.renterId : 0),
  }),
}));

// ---- mutations ----

const credentialsPayload = (name: string) =>
  builder.objectRef<Payload<{ renter: RenterRow; apiKey: string }>>(name).implement({
    description: PAYLOAD_DESCRIPTION,
    fields: (t) => ({
      renter: t.field({ type: Renter, nullable: true, description: 'The account, its keys readable here; null when `userErrors` is not empty.', grantScopes: [OWN_KEYS], resolve: (r) => r.renter ?? null }),
      apiKey: t.string({ nullable: true, description: 'The new key, shown only here: store it.', resolve: (r) => r.apiKey ?? null }),
      userErrors: userErrorsField(t),
    }),
  });

const renterPayload = (name: string) =>
  builder.objectRef<Payload<{ renter: RenterRow }>>(name).implement({
    description: PAYLOAD_DESCRIPTION,
    fields: (t) => ({
      renter: t.field({ type: Renter, nullable: true, description: 'The renter after the change; null when `userErrors` is not empty.', resolve: (r) => r.renter ?? null }),
      userErrors: userErrorsField(t),
    }),
  });

const AdjustRenterBalancePayload = builder.objectRef<Payload<{ renter: RenterRow; amountHalala: number }>>('AdjustRenterBalancePayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({
    renter: t.field({ description: 'The renter after the change; null when `userErrors` is not empty.', type: Renter, nullable: true, resolve: (r) => r.renter ?? null }),
    amountHalala: t.field({ type: 'SafeInt', nullable: true, description: 'Credited (positive) or debited (negative).', resolve: (r) => r.amountHalala ?? null }),
    userErrors: userErrorsField(t),
  }),
});

const TopUpPayload = builder.objectRef<Payload<{ renter: RenterRow; amountHalala: number }>>('TopUpPayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({
    balance: t.field({ type: RenterBalance, nullable: true, description: 'The balance after the top-up.', resolve: (r) => r.renter ?? null }),
    amountHalala: t.field({ type: 'SafeInt', nullable: true, description: 'What was credited.', resolve: (r) => r.amountHalala ?? null }),
    userErrors: userErrorsField(t),
  }),
});

const RegisterRenterInput = builder.inputType('RegisterRenterInput', {
  description: 'A new renter account.',
  fields: (t) => ({
    name: t.string({ description: 'A display name, 2 to 100 characters.', required: true }),
    email: t.string({ description: 'The contact address; one account per address.', required: true }),
    organization: t.string({ description: 'The renter’s organisation.' }),
    useCase: t.string({ description: 'What it means to run, in its own words.' }),
    phone: t.string({ description: 'A contact number.' }),
  }),
});

const renterIdInput = (name: string) =>
  builder.inputType(name, { description: 'The renter to act on.', fields: (t) => ({ renterId: t.id({ required: true, description: 'The renter’s global id.' }) }) });

const RotateRenterKeyInput = builder.inputType('RotateRenterKeyInput', {
  description: 'Whose key `rotateRenterKey` replaces.',
  fields: (t) => ({ renterId: t.id({ description: 'Admins: the renter whose key to rotate. Renters omit it (their own, master key only).' }) }),
});

const AdjustRenterBalanceInput = builder.inputType('AdjustRenterBalanceInput', {
  description: 'An admin credit or debit.',
  fields: (t) => ({
    renterId: t.id({ required: true, description: 'The renter’s global id.' }),
    amountHalala: t.field({ type: 'SafeInt', required: true, description: 'Non-zero; negative debits, never below a zero balance.' }),
    reason: t.string({ description: 'Kept in the audit log.' }),
  }),
});

const TopUpInput = builder.inputType('TopUpInput', {
  description: 'The amount to credit, in halala or in SAR (exactly one).',
  isOneOf: true,
  fields: (t) => ({
    amountHalala: t.field({ type: 'SafeInt', description: 'In halala (100 = 1 SAR).' }),
    amountSar: t.float({ description: 'In SAR, converted to halala.' }),
  }),
});

/** Runs an action on the renter named at `input.renterId`. */
const onRenter = <T>(id: string, body: (renterId: number) => Promise<T>) =>
  withNotFoundField('Renter', 'input.renterId', () => body(rowId(id, 'Renter', 'renter_id')));

builder.mutationFields((t) => ({
  registerRenter: t.field({
    type: credentialsPayload('RegisterRenterPayload'),
    description: 'Opens an ACTIVE renter account with the starter credit. Shares the sign-up budget of the caller’s address with the REST API.',
    authScopes: { public: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: RegisterRenterInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => {
        await spendRegistration(ctx);
        return ctx.gateway.domain.renters.register(wireInput(input));
      }),
  }),
  rotateRenterKey: t.field({
    type: credentialsPayload('RotateRenterKeyPayload'),
    description: 'Replaces the key; the old one stops working at once. Renters rotate their own (3 a day); admins name any renter.',
    authScopes: { $any: { renter: true, admin: true } },
    args: { input: t.arg({ description: MUTATION_INPUT, type: RotateRenterKeyInput, required: true, defaultValue: {} }) },
    resolve: (_root, { input }, ctx) =>
      payload(() =>
        withNotFoundField('Renter', 'input.renterId', () =>
          ctx.gateway.domain.renters.rotateKey(ctx.principal, optionalRowId(input.renterId, 'Renter', 'renter_id')),
        ),
      ),
  }),
  suspendRenter: t.field({
    type: renterPayload('SuspendRenterPayload'),
    description: 'Suspends a renter: its keys are refused until unsuspended (admin).',
    authScopes: { admin: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: renterIdInput('SuspendRenterInput'), required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({ renter: await onRenter(String(input.renterId), (id) => ctx.gateway.domain.renters.suspend(ctx.principal, id)) })),
  }),
  unsuspendRenter: t.field({
    type: renterPayload('UnsuspendRenterPayload'),
    description: 'Ends a renter’s suspension (admin).',
    authScopes: { admin: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: renterIdInput('UnsuspendRenterInput'), required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({ renter: await onRenter(String(input.renterId), (id) => ctx.gateway.domain.renters.unsuspend(ctx.principal, id)) })),
  }),
  adjustRenterBalance: t.field({
    type: AdjustRenterBalancePayload,
    description: 'Admin credit or debit through the ledger.',
    authScopes: { admin: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: AdjustRenterBalanceInput, required: true }) },
    resolve: (_root, { input: { renterId, ...rest } }, ctx) =>
      payload(() => onRenter(String(renterId), (id) => ctx.gateway.domain.renters.adjustBalance(ctx.principal, id, wireInput(rest)))),
  }),
  topUp: t.field({
    type: TopUpPayload,
    description: 'Sandbox credit for the calling renter, where the deployment allows it (master key or the billing scope).',
    authScopes: { renter: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: TopUpInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => {
        await spendTopUp(ctx);
        return ctx.gateway.domain.renters.topup(ctx.principal, wireInput(input));
      }),
  }),
}));
