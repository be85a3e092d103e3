import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createComplexityRule } from '@pothos/plugin-complexity';
import { Kind, type DocumentNode, type GraphQLError } from 'graphql';
import { createGraphQLError, createYoga, maskError as maskUnexpected, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { asDomainError } from '../domain/availability.js';
import type { Gateway } from '../gateway.js';
import { observeGraphQL, yogaLogger } from '../observability/graphql.js';
import { createContext, type GraphQLContext } from './context.js';
import { renderGraphiQLPage } from '../pages/graphiql.js';
import { introspection, jsonBodiesOnly } from './guards.js';
import { snakeToCamel } from './input.js';
import { inputGate } from './inputGate.js';
import { deferStream } from './plugins/deferStream.js';
import { jitQueries } from './plugins/jit.js';
import { trustedDocuments, trustedDocumentsFor } from './plugins/trustedDocuments.js';
import { schema } from './schema.js';
import { graphqlCode, graphqlMessage } from './types/errors.js';

/**
 * Domain errors reach clients with their message, a stable `code` and their context fields
 * (amounts, current status, ...); a database outage as SERVICE_UNAVAILABLE; anything else is an
 * unexpected error and stays masked.
 */
export function maskError(error: unknown, message: string): Error {
  // By name, as Yoga does: the executor and this module may hold different copies of graphql-js.
  const located = error instanceof Error && error.name === 'GraphQLError' ? (error as GraphQLError) : undefined;
  const original = asDomainError(located ? located.originalError : error);
  if (!original) return maskUnexpected(error, message, false);
  const details = Object.fromEntries(Object.entries(original.details).map(([k, v]) => [snakeToCamel(k), v]));
  return createGraphQLError(graphqlMessage(original), {
    // The nodes, or for a compiled query's error (plugins/jit.ts) the source and positions they stand for.
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    extensions: { ...details, code: graphqlCode(original) },
  });
}

/** Validation-time limits that depend on the document alone; the cost, which depends on variables, is checked by costLimit. */
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

const isGraphQLError = (err: unknown): err is GraphQLError => err instanceof Error && err.name === 'GraphQLError';

type ValidationStep = Parameters<NonNullable<Plugin['onValidate']>>[0];

/** The cost errors of one operation: what its fields cost (page sizes and log limits included) against the limit. */
function costErrors(validation: ValidationStep, params: GraphQLParams, maxComplexity: number): readonly GraphQLError[] {
  const rule = createComplexityRule({
    // Field costs read only their arguments, never the context.
    context: {},
    variableValues: params.variables ?? {},
    operationName: params.operationName,
    validate: ({ complexity }, report) => {
      if (complexity <= maxComplexity) return;
      report(
        createGraphQLError(`Query is too complex: ${complexity} exceeds the limit of ${maxComplexity}`, {
          extensions: { code: 'QUERY_TOO_COMPLEX', complexity, maxComplexity },
        }),
      );
    },
  });
  try {
    return validation.validateFn(validation.params.schema, validation.params.documentAST, [rule]) ?? [];
  } catch (err) {
    // Arguments the cost needs but cannot read (e.g. null for a non-null argument) refuse the operation.
    if (isGraphQLError(err)) return [err];
    throw err;
  }
}

/**
 * The query cost limit, enforced when an operation is validated, so HTTP, SSE and graphql-ws all refuse an
 * over-complex operation before anything runs (subscriptions included). The cost depends on variables, so
 * this plugin cannot sit behind Yoga's per-document validation cache: it caches the document's own
 * verdict itself and computes the cost for every operation.
 */
function costLimit(gateway: Gateway): Plugin {
  const verdicts = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  // The cost of an operation that declares no variables depends on the document alone: per document and operation name.
  const fixedCosts = new WeakMap<DocumentNode, Map<string | undefined, readonly GraphQLError[]>>();
  return {
    onValidate(validation) {
      const { schema, documentAST, rules, typeInfo, options } = validation.params;
      const known = verdicts.get(documentAST);
      const errors: readonly GraphQLError[] = known ?? validation.validateFn(schema, documentAST, rules, typeInfo, options) ?? [];
      if (!known) verdicts.set(documentAST, errors);
      if (errors.length) return validation.setResult(errors);
      const { params } = validation.context;
      // Only operations that declare no variables have a fixed cost: a known one needs no look at the document.
      const fixed = fixedCosts.get(documentAST)?.get(params.operationName);
      if (fixed) return validation.setResult(fixed);
      const cost = costErrors(validation, params, gateway.config.graphqlMaxComplexity);
      if (declaresNoVariables(documentAST, params.operationName)) {
        if (!fixedCosts.has(documentAST)) fixedCosts.set(documentAST, new Map());
        fixedCosts.get(documentAST)!.set(params.operationName, cost);
      }
      validation.setResult(cost);
    },
  };
}

/** Whether the operation that runs (the named one, or the only one) declares no variables; false when none is found. */
function declaresNoVariables(document: DocumentNode, operationName: string | undefined): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName == null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  return operation !== undefined && !operation.variableDefinitions?.length;
}

/** The GraphQL face, served at /graphql by src/server.ts. */
export function createGraphQL(gateway: Gateway) {
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    context: (initial) => createContext(gateway, initial),
    maskedErrors: { maskError, isDev: false },
    // inputGate, armor and introspection add their rules before costLimit validates; costLimit caches what does not depend on variables.
    plugins: [
      inputGate({ maxJsonDepth: gateway.config.maxJsonDepth, maxDocumentBytes: gateway.config.graphqlMaxDocumentBytes }),
      jsonBodiesOnly(),
      trustedDocuments(trustedDocumentsFor(gateway)),
      armor(gateway),
      introspection(gateway.config.graphqlIntrospection),
      // @defer and @stream: slow parts of a query, such as logs and stats, arrive after the rest.
      deferStream(),
      // After deferStream: a document it strips of @defer/@stream for a JSON-only client runs as it decides.
      jitQueries(),
      costLimit(gateway),
      observeGraphQL(gateway.metrics, gateway.logger),
    ],
    parserAndValidationCache: { validationCache: false },
    // GraphiQL reads the schema by introspection: it is served exactly when introspection is on.
    graphiql: gateway.config.graphqlIntrospection,
    // Served from the gateway's own files (src/pages/graphiql.ts), never from a CDN.
    renderGraphiQL: renderGraphiQLPage,
    // The allowlist REST uses is applied around /graphql by src/server.ts (src/cors.ts); Yoga's own reflects any origin.
    cors: false,
    landingPage: false,
    // The persisted-document id a trusted client sends instead of the text (src/graphql/plugins/trustedDocuments.ts).
    extraParamNames: ['documentId'],
    logging: yogaLogger(gateway.logger),
  });
}
