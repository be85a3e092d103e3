import type { RenterScope } from '../../domain/auth.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ApiKeyInfo } from '../../domain/queries.js';
import { apiKeyState, type CreatedSubKey } from '../../domain/subKeys.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { rowId } from '../ids.js';
import { wireInput } from '../input.js';
import { ApiKeyOrigin, ApiKeyStatus, RenterKeyScope } from './enums.js';
import { MUTATION_INPUT, payload, type Payload, PAYLOAD_DESCRIPTION, userErrorsField, withNotFoundField } from './errors.js';

export const ApiKey = builder.loadableNode('ApiKey', {
  description: 'An API key as it may be shown after creation: its display prefix, never the key or its hash.',
  id: { resolve: (k) => k.id, parse: Number },
  load: async (ids: number[], ctx: GraphQLContext) =>
    (await ctx.gateway.domain.queries.apiKeysByIds(ids)).map((row) => row ?? new NotFoundError('ApiKey')),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id REST uses (`/api/renters/me/keys/:id`).' }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, for recognising it; never enough to use it.' }),
    origin: t.field({ description: 'How the key came to exist.', type: ApiKeyOrigin, resolve: (k) => k.origin as typeof ApiKeyOrigin.$inferType }),
    label: t.exposeString('label', { nullable: true, description: 'A sub-key’s label; null for master keys.' }),
    scopes: t.field({
      type: [RenterKeyScope],
      nullable: true,
      description: 'A sub-key’s scopes; null for a master key, which may do everything.',
      resolve: (k) => (k.scopes as RenterScope[] | null) ?? null,
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When a sub-key stops working; null: never.' }),
    createdAt: t.expose('createdAt', { description: 'When it was issued.', type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'Null while not revoked.' }),
    status: t.field({ description: 'Whether it is accepted now.', type: ApiKeyStatus, resolve: (k, _args, ctx) => apiKeyState(k, ctx.gateway.domain.ctx.now()) }),
  }),
});

// ---- renter sub-keys: managed with the master key only ----

const CreateRenterKeyPayload = builder.objectRef<Payload<CreatedSubKey>>('CreateRenterKeyPayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({
    apiKey: t.field({ description: 'The new sub-key as listed from now on (never the secret).', type: ApiKey, nullable: true, resolve: (r) => (r.subKey as ApiKeyInfo | undefined) ?? null }),
    key: t.string({ nullable: true, description: 'The new sub-key, shown only here: store it.', resolve: (r) => r.key ?? null }),
    userErrors: userErrorsField(t),
  }),
});

const RevokeRenterKeyPayload = builder.objectRef<Payload<{ apiKey: ApiKeyInfo }>>('RevokeRenterKeyPayload').implement({
    description: PAYLOAD_DESCRIPTION,
  fields: (t) => ({ apiKey: t.field({ type: ApiKey, nullable: true, description: 'The revoked sub-key.', resolve: (r) => r.apiKey ?? null }), userErrors: userErrorsField(t) }),
});

const CreateRenterKeyInput = builder.inputType('CreateRenterKeyInput', {
  description: 'A new renter sub-key.',
  fields: (t) => ({
    label: t.string({ description: '1 to 80 characters.' }),
    scopes: t.field({ type: [RenterKeyScope], description: 'At least one; INFERENCE alone when omitted.' }),
    expiresAt: t.field({ type: 'DateTime', description: 'In the future; omit for a key that never expires.' }),
  }),
});

const RevokeRenterKeyInput = builder.inputType('RevokeRenterKeyInput', {
  description: 'The sub-key to revoke.',
  fields: (t) => ({ apiKeyId: t.id({ required: true, description: 'The sub-key’s global id.' }) }),
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
    type: CreateRenterKeyPayload,
    description: 'Mints a scoped, optionally expiring sub-key for the calling renter (master key only; at most 20 live at once).',
    authScopes: { renter: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: CreateRenterKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(() => ctx.gateway.domain.subKeys.create(ctx.principal, wireInput({ ...input, expiresAt: input.expiresAt?.toISOString() }))),
  }),
  revokeRenterKey: t.field({
    type: RevokeRenterKeyPayload,
    description: 'Revokes one of the calling renter’s sub-keys for good; it stops working at once (master key only).',
    authScopes: { renter: true },
    args: { input: t.arg({ description: MUTATION_INPUT, type: RevokeRenterKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      payload(async () => ({
        apiKey: await withNotFoundField('Key', 'input.apiKeyId', () =>
          ctx.gateway.domain.subKeys.revoke(ctx.principal, rowId(String(input.apiKeyId), 'ApiKey', 'api_key_id')),
        ),
      })),
  }),
}));
