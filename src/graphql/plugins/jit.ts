import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { BREAK, getOperationAST, Kind, OperationTypeNode, visit, type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode, type Source } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Queries run as compiled JavaScript (graphql-jit, docs/performance.md): the generic executor walks the
 * selection per field and allocates a promise, a path and an args object for each one, which on a page of jobs
 * with their providers and renters was most of the request's CPU and garbage. Resolvers are the schema's own,
 * so auth rules, dataloaders and domain errors behave as they do under the generic executor.
 *
 * Only what JIT handles like graphql-js is compiled: queries (never subscriptions or mutations), without
 * @defer/@stream (incremental delivery is the generic executor's), and without a non-null variable that has a
 * default (graphql-jit refuses such a variable when it is left out, where graphql-js uses the default).
 * Everything else goes through the generic executor unchanged. graphql-jit coerces variables its own way (without
 * @oneOf's one-key rule, with its own messages), but no refused variable reaches it: the cost check (yoga.ts
 * `costErrors`) coerces every request's variables with graphql-js first and answers graphql-js's errors
 * (test/graphql/compiled-queries.test.ts holds both paths to the same answers).
 *
 * A document is compiled when it first runs (a millisecond or a few, about what validating it costs), and kept
 * per parsed document and operation: Yoga's parser cache hands the same document object to every request that
 * sends the same text (or persisted id), and bounds how many are kept.
 */

/** Null: the generic executor runs it. */
type Compiled = CompiledQuery | null;

/** What an executor is called with (graphql-js's ExecutionArgs). */
type ExecuteArgs = Parameters<Parameters<NonNullable<Plugin['onExecute']>>[0]['executeFn']>[0];

/** Whether the operation is a query that the compiled form runs exactly as the generic executor would. */
function compilable(document: DocumentNode, operation: OperationDefinitionNode | null | undefined): operation is OperationDefinitionNode {
  if (operation?.operation !== OperationTypeNode.QUERY) return false;
  if (operation.variableDefinitions?.some((v) => v.type.kind === Kind.NON_NULL_TYPE && v.defaultValue)) return false;
  let incremental = false;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return undefined;
      incremental = true;
      return BREAK;
    },
  });
  return !incremental;
}

function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Compiled {
  if (!compilable(document, getOperationAST(document, operationName))) return null;
  try {
    const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
    return isCompiledQuery(compiled) ? compiled : null;
  } catch {
    // What graphql-jit cannot compile, the generic executor runs (and reports on, if the document is at fault).
    return null;
  }
}

/** Offsets of the starts of the source's lines. */
function lineStarts(source: Source): number[] {
  const starts = [0];
  for (let i = 0; i < source.body.length; i++) if (source.body[i] === '\n') starts.push(i + 1);
  return starts;
}

/**
 * graphql-jit's errors carry their locations but not the nodes or source positions they come from, which is
 * what Yoga and maskError rebuild errors from: each gets the document's source and its positions, so the
 * client sees the same locations as from the generic executor.
 */
function withPositions(result: ExecutionResult, document: DocumentNode): ExecutionResult {
  const source = document.loc?.source;
  if (!result.errors?.length || !source) return result;
  const starts = lineStarts(source);
  const errors = result.errors.map((error: GraphQLError) =>
    error.nodes || !error.locations
      ? error
      : createGraphQLError(error.message, {
          source,
          positions: error.locations.map(({ line, column }) => starts[line - 1] + column - 1),
          path: error.path,
          originalError: error.originalError ?? undefined,
          extensions: error.extensions,
        }),
  );
  return { ...result, errors };
}

export function jitQueries(): Plugin {
  const documents = new WeakMap<DocumentNode, Map<string | undefined, Compiled>>();

  function compiledFor({ schema, document, operationName }: ExecuteArgs): Compiled {
    let operations = documents.get(document);
    if (!operations) documents.set(document, (operations = new Map()));
    const name = operationName ?? undefined;
    let compiled = operations.get(name);
    if (compiled === undefined) operations.set(name, (compiled = compile(schema, document, name)));
    return compiled;
  }

  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => {
        const compiled = compiledFor(args);
        if (!compiled) return executeFn(args);
        const result = compiled.query(args.rootValue, args.contextValue, args.variableValues ?? {});
        return result instanceof Promise ? result.then((r) => withPositions(r, args.document)) : withPositions(result, args.document);
      });
    },
  };
}
