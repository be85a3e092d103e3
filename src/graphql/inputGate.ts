import { valueFromASTUntyped, type ASTNode, type ValidationRule, type ValueNode } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { fieldName, findInputProblem, type InputProblem } from '../domain/inputGate.js';

/**
 * The input gate on the GraphQL face (docs/input-limits.md): the same rules as REST and /v1, applied to
 * the document's size, to the variables and extensions a request carries, and to the literal values
 * written in the document itself. Everything is refused before an operation's context is built, so a
 * refused request never reaches a credential lookup, let alone a resolver or SQL. The document and
 * variable checks run when the document is parsed, the one step that HTTP, SSE and graphql-ws share.
 */

export interface InputLimits {
  maxJsonDepth: number;
  maxDocumentBytes: number;
}

/**
 * A refusal the client can act on: BAD_USER_INPUT, the offending field, and the HTTP status it answers
 * with whatever the Accept header (`spec: false`: Yoga would otherwise answer validation errors 200 to
 * application/json clients), so a refused request reads the same on every face.
 */
function badUserInput(message: string, field: string | undefined, nodes?: ASTNode[]) {
  return createGraphQLError(message, {
    nodes,
    extensions: { code: 'BAD_USER_INPUT', ...(field === undefined ? {} : { field }), http: { status: 400, spec: false } },
  });
}

function refusal(problem: InputProblem, what: string, nodes?: ASTNode[]) {
  const field = fieldName(problem.path);
  return badUserInput(`${what} has an invalid value at "${field}": ${problem.message}`, field, nodes);
}

/**
 * GET /graphql with `variables` or `extensions` that are not JSON: a 400 naming the parameter (Yoga's
 * own GET parser lets the SyntaxError through as a 500).
 */
function jsonParam(search: URLSearchParams, name: 'variables' | 'extensions'): Record<string, unknown> | undefined {
  const text = search.get(name);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw badUserInput(`The "${name}" query parameter is not valid JSON`, name);
  }
}

function parseGetParams(request: Request): GraphQLParams {
  const search = new URL(request.url).searchParams;
  return {
    operationName: search.get('operationName') || undefined,
    query: search.get('query') || undefined,
    variables: jsonParam(search, 'variables'),
    extensions: jsonParam(search, 'extensions'),
  };
}

function checkDocumentSize(source: string, maxBytes: number): void {
  // A UTF-8 character takes at most 3 bytes per UTF-16 unit: short documents need no counting.
  if (source.length * 3 <= maxBytes || Buffer.byteLength(source) <= maxBytes) return;
  throw createGraphQLError(`The GraphQL document is larger than ${maxBytes} bytes`, {
    extensions: { code: 'DOCUMENT_TOO_LARGE', maxBytes, http: { status: 413 } },
  });
}

function checkParams(params: Partial<GraphQLParams> | undefined, maxDepth: number): void {
  const variables = findInputProblem(params?.variables, maxDepth);
  if (variables) throw refusal(variables, variables.path.length ? `Variable "$${variables.path[0]}"` : 'The variables object');
  const extensions = findInputProblem(params?.extensions, maxDepth);
  if (extensions) throw refusal({ ...extensions, path: ['extensions', ...extensions.path] }, 'The request extensions');
}

/** Literal values in the document (arguments and variable defaults), judged as if they had come as variables. */
const literalValues =
  (maxDepth: number): ValidationRule =>
  (context) => {
    const check = (name: string, value: ValueNode, what: string) => {
      const problem = findInputProblem({ [name]: valueFromASTUntyped(value) }, maxDepth);
      if (problem) context.reportError(refusal(problem, what, [value]) as Parameters<typeof context.reportError>[0]);
    };
    return {
      Argument: (node) => check(node.name.value, node.value, `Argument "${node.name.value}"`),
      VariableDefinition: (node) => {
        if (node.defaultValue) check(node.variable.name.value, node.defaultValue, `The default of variable "$${node.variable.name.value}"`);
      },
    };
  };

export function inputGate(limits: InputLimits): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'GET') setRequestParser(parseGetParams);
    },
    onParse({ context, params }) {
      checkDocumentSize(typeof params.source === 'string' ? params.source : params.source.body, limits.maxDocumentBytes);
      checkParams((context as { params?: Partial<GraphQLParams> }).params, limits.maxJsonDepth);
    },
    onValidate({ addValidationRule }) {
      addValidationRule(literalValues(limits.maxJsonDepth));
    },
  };
}
