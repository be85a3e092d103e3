import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import { JSONResolver, SafeIntResolver } from 'graphql-scalars';
import { createGraphQLError } from 'graphql-yoga';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../domain/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/queries.js';
import { decodeGlobalId } from './ids.js';
import { resolveVisibleNode, resolveVisibleNodes } from './visibility.js';
import { CREDENTIAL_HINT, type GraphQLContext } from './context.js';

export interface AuthScopes {
  /** Anyone, signed in or not. */
  public: boolean;
  /** Any recognised credential. */
  authenticated: boolean;
  renter: boolean;
  provider: boolean;
  admin: boolean;
}

/**
 * The schema builder. Authorization failures are never part of a mutation's payload: scope-auth throws
 * them as top-level errors (UNAUTHENTICATED or FORBIDDEN), the same way in queries, mutations and
 * subscriptions (docs/graphql-schema.md).
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: AuthScopes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    SafeInt: { Input: number; Output: number };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, DataloaderPlugin, RelayPlugin, ZodPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // A subscription field is authorised when the subscription starts, before any event is delivered.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      public: true,
      authenticated: ctx.principal.kind !== 'anonymous',
      renter: ctx.principal.kind === 'renter',
      provider: ctx.principal.kind === 'provider',
      admin: ctx.principal.kind === 'admin',
    }),
    // Domain errors, so mutations return them as typed results and queries map them like any other.
    unauthorizedError: (_parent, ctx, info) => {
      const what = `${info.parentType.name}.${info.fieldName}`;
      return ctx.principal.kind === 'anonymous'
        ? new UnauthorizedError(`Authentication required for ${what}: ${CREDENTIAL_HINT}`)
        : new ForbiddenError(`Not allowed to access ${what}`);
    },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Opaque ids: base64 of `Type:databaseId`. A malformed one is the client's mistake (VALIDATION), never a 500.
    decodeGlobalID: (globalId) => decodeGlobalId(globalId, 'id'),
    idFieldOptions: { description: 'Opaque global id: unique across every type, stable, usable with `node(id:)`.' },
    nodeTypeOptions: { description: 'An object with a global id, fetchable with `node(id:)` and `nodes(ids:)`.' },
    // node/nodes apply each type's own read rule to what the dataloaders load (visibility.ts).
    nodeQueryOptions: {
      args: { id: { description: 'A global id, as any `id` field answers it.' } },
      description: 'Any object by its global id, under the same rules as the type’s own query; null when it does not exist.',
      resolve: (_root, args, ctx, _info, resolveNode) => resolveVisibleNode(ctx, args.id.typename, resolveNode(args.id)),
    },
    nodesQueryOptions: {
      args: { ids: { description: 'Global ids, at most 100; the answer has one entry per id, in order.' } },
      description: 'Objects by global id (at most 100), in order; each under the same rules as `node(id:)`.',
      resolve: (_root, args, ctx, _info, resolveNodes) => resolveVisibleNodes(ctx, args.ids, resolveNodes(args.ids)),
    },
    firstArgOptions: {
      description: `Page size from the start (or after \`after\`): 1..${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}. More than ${MAX_PAGE_SIZE} is a VALIDATION error naming the limit.`,
    },
    lastArgOptions: { description: `Page size from the end (or before \`before\`): 1..${MAX_PAGE_SIZE}. Not together with \`first\`.` },
    afterArgOptions: { description: 'A cursor from this list with the same `orderBy`: the page starts after it.' },
    beforeArgOptions: { description: 'A cursor from this list with the same `orderBy`: the page ends before it.' },
    // The connection field carries the page-size multiplier; the edge list must not multiply again.
    edgesFieldOptions: { complexity: { field: 0, multiplier: 1 }, description: 'The page, one edge per item, in the list’s order.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the list.' },
    cursorFieldOptions: { description: 'This item’s place in the list, for `after` / `before`.' },
    nodeFieldOptions: { description: 'The item.' },
    hasNextPageFieldOptions: { description: 'More items follow this page (in the list’s order).' },
    hasPreviousPageFieldOptions: { description: 'Items come before this page.' },
    startCursorFieldOptions: { description: 'The first item’s cursor; null for an empty page.' },
    endCursorFieldOptions: { description: 'The last item’s cursor; null for an empty page.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its list (Relay cursor connections).' },
    defaultEdgeTypeOptions: { description: 'One item of a list, with its cursor.' },
  },
  zod: {
    validationError: (zodError) => {
      const problems = zodError.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', message: issue.message }));
      return new ValidationError(problems, problems.map((p) => p.message).join('; '));
    },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    // The plugin only checks root fields as they resolve, which a subscription's `subscribe` bypasses;
    // the limit is enforced when operations are validated instead (yoga.ts), for every transport.
    disabled: true,
  },
});

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

builder.scalarType('DateTime', {
  description: 'An ISO-8601 timestamp with a time zone, e.g. `2026-05-01T12:00:00.000Z`. Always emitted in UTC with milliseconds.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    if (typeof value === 'string' && ISO_8601.test(value)) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) return date;
    }
    throw createGraphQLError('DateTime must be an ISO-8601 timestamp with a time zone, e.g. 2026-05-01T12:00:00Z');
  },
});
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('SafeInt', SafeIntResolver);

builder.queryType({ description: 'Reads. Lists are Relay connections; single lookups answer null for what does not exist.' });
builder.mutationType({
  description: 'Changes. Every mutation is `xxx(input: XxxInput!): XxxPayload!`; the payload’s `userErrors` says why an input was refused (docs/graphql-schema.md).',
});
