import { getOperationAST, type GraphQLError } from 'graphql';
import { createGraphQLError, isAsyncIterable, type Plugin, type YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { asDomainError, isDatabaseUnavailable } from '../domain/availability.js';
import type { Metrics } from './metrics.js';
import { recordOf, type PrincipalKind, type RequestRecord } from './requestId.js';

/**
 * The GraphQL face's part of observability, as one Yoga plugin: operations counted by name and type
 * (what runs through Yoga's envelop: HTTP and SSE, and graphql-ws queries and mutations; graphql-ws
 * subscriptions are fanned out by src/graphql/ws.ts outside it), the operation name and principal kind
 * written into the request's record for the access log, the errors of an HTTP answer counted by code
 * and given `extensions.requestId`, and unexpected resolver errors logged with the request id.
 */

type ExecuteArgs = Parameters<NonNullable<Plugin['onExecute']>>[0]['args'];

interface Observed {
  incoming?: unknown;
  principal?: { kind: PrincipalKind };
}

const isGraphQLError = (err: unknown): err is GraphQLError => err instanceof Error && err.name === 'GraphQLError';

/** The code of an error as the client sees it once masked: the domain's code, the error's own, or INTERNAL_SERVER_ERROR. */
function codeOf(error: GraphQLError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * Errors Yoga is about to mask that were already logged here, with their request id: the Yoga logger
 * does not log them a second time.
 */
const loggedUnexpected = new WeakSet<object>();

/** An error no domain rule, GraphQL validation or client mistake explains: a bug or an outside failure. */
function isUnexpected(error: GraphQLError): boolean {
  const original = error.originalError;
  if (!original || isGraphQLError(original)) return false;
  return !asDomainError(original);
}

function noteOperation(metrics: Metrics, args: ExecuteArgs): void {
  const operation = getOperationAST(args.document, args.operationName);
  const name = operation?.name?.value ?? args.operationName ?? undefined;
  metrics.graphqlOperation(metrics.operationLabel(name), operation?.operation ?? 'unknown');
  const context = args.contextValue as Observed;
  const record = recordOf(context.incoming);
  if (record) {
    record.operation = name ?? 'anonymous';
    record.principal = context.principal?.kind;
  }
}

/**
 * The answer's errors with `extensions.requestId` (new error objects: validation errors are cached and
 * shared between requests), counted by code; the client errors among them are logged at info, without
 * a stack, with their messages (unexpected ones were logged at error before they were masked).
 */
function withRequestId(errors: readonly GraphQLError[], record: RequestRecord, metrics: Metrics, logger: Logger): GraphQLError[] {
  const codes: string[] = [];
  const operation = metrics.operationLabel(record.operation === 'anonymous' ? undefined : record.operation);
  const refused: Array<{ code: string; message: string }> = [];
  const tagged = errors.map((error) => {
    const code = codeOf(error);
    codes.push(code);
    metrics.graphqlError(operation, code);
    if (code !== 'INTERNAL_SERVER_ERROR') refused.push({ code, message: error.message });
    return createGraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions: { ...error.extensions, requestId: record.id },
    });
  });
  record.errorCodes = codes;
  if (refused.length) logger.info({ requestId: record.id, operation: record.operation, errors: refused }, 'graphql: client error');
  return tagged;
}

export function observeGraphQL(metrics: Metrics, logger: Logger): Plugin {
  return {
    onExecute({ args }) {
      noteOperation(metrics, args);
      return {
        // Runs before Yoga masks the errors, while the original error and its stack are still there.
        onExecuteDone({ result }) {
          if (isAsyncIterable(result) || !result.errors) return;
          for (const error of result.errors) {
            if (!isUnexpected(error) || isDatabaseUnavailable(error.originalError)) continue;
            loggedUnexpected.add(error);
            const requestId = recordOf((args.contextValue as Observed).incoming)?.id;
            logger.error({ err: error.originalError, requestId, path: error.path?.join('.') }, 'graphql: unexpected error (masked as INTERNAL_SERVER_ERROR)');
          }
        },
      };
    },
    // The name the client gave, for answers refused before execution (validation); execution may refine it.
    onParams({ params, context }) {
      const record = params.operationName ? recordOf((context as Observed).incoming) : undefined;
      if (record) record.operation = params.operationName;
    },
    onSubscribe({ args }) {
      noteOperation(metrics, args as ExecuteArgs);
      // graphql-ws runs its subscriptions outside Yoga's subscribe (src/graphql/ws.ts): what gets here streams over HTTP.
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) return;
          metrics.sseSubscription(1);
          return { onEnd: () => metrics.sseSubscription(-1) };
        },
      };
    },
    onResultProcess({ result, setResult, serverContext }) {
      const record = recordOf((serverContext as Observed).incoming);
      if (!record || isAsyncIterable(result) || Array.isArray(result) || !result.errors?.length) return;
      setResult({ ...result, errors: withRequestId(result.errors as GraphQLError[], record, metrics, logger) });
    },
  };
}

/**
 * Yoga's own log calls. Yoga logs every error it masks at error level, which made client errors (an
 * anonymous caller refused, a validation failure) look like faults with stack traces: an error with a
 * domain code is a client's problem and goes to debug without a stack (over HTTP the plugin above logs
 * it at info with the request id, and the access-log line names its code); an unexpected one stays at error with its stack, unless the plugin above already logged it
 * with its request id. A database outage is reported once by the event bus, not per request.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (isDatabaseUnavailable(first)) return;
      if (!(first instanceof Error)) return logger[level]({ details: rest }, `graphql: ${String(first)}`);
      if (level !== 'error') return logger[level]({ err: first }, 'graphql');
      if (loggedUnexpected.has(first)) return;
      const located = isGraphQLError(first) ? first : undefined;
      const original = located?.originalError ?? first;
      if (isDatabaseUnavailable(original)) return;
      const domain = asDomainError(original);
      if (domain || (located && !located.originalError)) {
        logger.debug({ code: domain?.code ?? located?.extensions?.code, message: first.message }, 'graphql: error returned to the client');
        return;
      }
      logger.error({ err: original }, 'graphql: unexpected error (masked as INTERNAL_SERVER_ERROR)');
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
