import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import { createGraphQLError, createYoga, maskError as maskUnexpected, type Plugin, type YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { DomainError } from '../domain/errors.js';
import type { Gateway } from '../gateway.js';
import { createContext, type GraphQLContext } from './context.js';
import { snakeToCamel } from './input.js';
import { schema } from './schema.js';

/**
 * Domain errors reach clients with their message, a stable `code` and their context fields
 * (amounts, current status, ...); anything else is an unexpected error and stays masked.
 */
export function maskError(error: unknown, message: string): Error {
  // By name, as Yoga does: the executor and this module may hold different copies of graphql-js.
  const located = error instanceof Error && error.name === 'GraphQLError' ? (error as GraphQLError) : undefined;
  const original = located ? located.originalError : error;
  if (!(original instanceof DomainError)) return maskUnexpected(error, message, false);
  const details = Object.fromEntries(Object.entries(original.details).map(([k, v]) => [snakeToCamel(k), v]));
  return createGraphQLError(original.message, {
    nodes: located?.nodes,
    path: located?.path,
    extensions: { code: original.code, ...details },
  });
}

function yogaLogger(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, 'graphql');
      else logger[level]({ details: rest }, `graphql: ${String(first)}`);
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}

/** Validation-time limits; the query cost (which depends on page sizes) is checked by the complexity plugin. */
function armor(gateway: Gateway): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: gateway.config.graphqlMaxDepth, flattenFragments: true, ignoreIntrospection: true },
    costLimit: { enabled: false },
    maxAliases: { n: 20 },
    maxDirectives: { n: 20 },
    maxTokens: { n: 5000 },
    blockFieldSuggestion: { enabled: gateway.config.profile === 'production' },
  }) as Plugin;
}

/** The GraphQL face, served at /graphql by src/server.ts. */
export function createGraphQL(gateway: Gateway) {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    context: (initial) => createContext(gateway, initial),
    maskedErrors: { maskError, isDev: false },
    plugins: [armor(gateway)],
    graphiql: gateway.config.profile !== 'production',
    landingPage: false,
    logging: yogaLogger(gateway.logger),
  });
}
