import { RENTER_SCOPES, type RenterScope } from '../../domain/auth.js';
import { RuleViolationError } from '../../domain/errors.js';
import type { ApiKeyInfo } from '../../domain/queries.js';
import { apiKeyState, type CreatedSubKey } from '../../domain/subKeys.js';
import { builder } from '../builder.js';
import { wireInput } from '../input.js';
import { COMMON_ERRORS } from './errors.js';

export const RenterKeyScope = builder.enumType('RenterKeyScope', {
  description:
    'What a renter sub-key may do: INFERENCE (/v1 completions), JOBS (submit, cancel, retry, complete jobs), ' +
    'READ (jobs, logs, profile, balance), BILLING (balance, top-up).',
  values: Object.fromEntries(RENTER_SCOPES.map((s) => [s.toUpperCase(), { value: s }])) as Record<Uppercase<RenterScope>, { value: RenterScope }>,
});

const ApiKeyStatus = builder.enumType('ApiKeyStatus', {
  values: { ACTIVE: { value: 'active' }, EXPIRED: { value: 'expired' }, REVOKED: { value: 'revoked' } } as const,
});

export const ApiKey = builder.objectRef<ApiKeyInfo>('ApiKey').implement({
  description: 'An API key as it may be shown after creation: its display prefix, never the key or its hash.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    prefix: t.exposeString('prefix'),
    origin: t.exposeString('origin', { description: 'registration, self_rotation, admin_rotation or sub_key' }),
    label: t.exposeString('label', { nullable: true, description: 'A sub-key’s label.' }),
    scopes: t.field({
      type: [RenterKeyScope],
      nullable: true,
      description: 'A sub-key’s scopes; null for a master key, which may do everything.',
      resolve: (k) => (k.scopes as RenterScope[] | null) ?? null,
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When a sub-key stops working; null: never.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    status: t.field({ type: ApiKeyStatus, resolve: (k, _args, ctx) => apiKeyState(k, ctx.gateway.domain.ctx.now()) }),
    active: t.boolean({ resolve: (k, _args, ctx) => apiKeyState(k, ctx.gateway.domain.ctx.now()) === 'active' }),
  }),
});

// ---- renter sub-keys: managed with the master key only ----

const CreatedRenterKey = builder.objectRef<CreatedSubKey>('CreatedRenterKey').implement({
  description: 'A new sub-key. `key` is shown only here: store it.',
  fields: (t) => ({
    apiKey: t.field({ type: ApiKey, resolve: (r) => r.subKey }),
    key: t.exposeString('key'),
  }),
});

const CreateRenterKeyInput = builder.inputType('CreateRenterKeyInput', {
  fields: (t) => ({
    label: t.string({ description: '1 to 80 characters.' }),
    scopes: t.field({ type: [RenterKeyScope], description: 'At least one; INFERENCE alone when omitted.' }),
    expiresAt: t.field({ type: 'DateTime', description: 'In the future; omit for a key that never expires.' }),
  }),
});

const RevokeRenterKeyInput = builder.inputType('RevokeRenterKeyInput', {
  fields: (t) => ({ id: t.int({ required: true }) }),
});

builder.queryField('mySubKeys', (t) =>
  t.field({
    type: [ApiKey],
    description: 'The calling renter’s sub-keys, live ones first, then newest first (at most 100). Master key only.',
    authScopes: { renter: true },
    resolve: (_root, _args, ctx) => ctx.gateway.domain.subKeys.list(ctx.principal),
  }),
);

builder.mutationFields((t) => ({
  createRenterKey: t.field({
    type: CreatedRenterKey,
    description: 'Mints a scoped, optionally expiring sub-key for the calling renter (master key only; at most 20 live at once).',
    authScopes: { renter: true },
    errors: { types: [...COMMON_ERRORS, RuleViolationError] },
    args: { input: t.arg({ type: CreateRenterKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.gateway.domain.subKeys.create(ctx.principal, wireInput({ ...input, expiresAt: input.expiresAt?.toISOString() })),
  }),
  revokeRenterKey: t.field({
    type: ApiKey,
    description: 'Revokes one of the calling renter’s sub-keys for good; it stops working at once (master key only).',
    authScopes: { renter: true },
    errors: { types: COMMON_ERRORS },
    args: { input: t.arg({ type: RevokeRenterKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.gateway.domain.subKeys.revoke(ctx.principal, input.id),
  }),
}));
