import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import { JSONResolver, SafeIntResolver } from 'graphql-scalars';
import { createGraphQLError } from 'graphql-yoga';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../domain/errors.js';
import type { GraphQLContext } from './context.js';

export interface AuthScopes {
  /** Anyone, signed in or not. */
  public: boolean;
  /** Any recognised credential. */
  authenticated: boolean;
  renter: boolean;
  provider: boolean;
  admin: boolean;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The schema builder. Plugin order matters: errors comes first so the typed `Unauthorized`/`Forbidden`
 * results of mutations also cover scope-auth failures, and before dataloader as that plugin requires.
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
  plugins: [ErrorsPlugin, ScopeAuthPlugin, DataloaderPlugin, RelayPlugin, ZodPlugin, ComplexityPlugin],
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
        ? new UnauthorizedError(`Authentication required for ${what}: send an API key or the admin token`)
        : new ForbiddenError(`Not allowed to access ${what}`);
    },
  },
  errors: {
    // Mutations return their payload type itself as a union member, next to the error types.
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Result` },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // The connection field carries the page-size multiplier; the edge list must not multiply again.
    edgesFieldOptions: { complexity: { field: 0, multiplier: 1 } },
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

builder.queryType({});
builder.mutationType({});
