import type { ValidationRule } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * What GraphQL accepts from a browser and who may read the schema (docs/graphql-exposure.md).
 */

/**
 * Request bodies GraphQL reads: JSON only. A browser sends a cross-site POST without asking first (no CORS
 * preflight) only as application/x-www-form-urlencoded, multipart/form-data or text/plain; refusing those
 * means a page on another site cannot make a visitor's browser run a mutation here (CSRF). Yoga's own
 * csrfPrevention plugin asks every client for a custom header instead, which existing clients do not send.
 * (application/graphql-response+json is the type of GraphQL *answers*, named in Accept, not a body type.)
 */
const JSON_BODY_TYPES = ['application/json', 'application/graphql+json'];

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Refuses a POST whose body is not JSON with 415, before Yoga parses it. GET stays for queries: Yoga
 * itself refuses a mutation over GET with 405.
 */
export function jsonBodiesOnly(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const type = mediaType(request.headers.get('content-type'));
      if (JSON_BODY_TYPES.includes(type)) return;
      const got = type ? `Content-Type ${type}` : 'no Content-Type';
      const message = `POST /graphql takes a JSON body (Content-Type: application/json); got ${got}`;
      const body = { errors: [{ message, extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', accepted: JSON_BODY_TYPES } }] };
      endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 415, headers: { 'content-type': 'application/json; charset=utf-8' } }));
    },
  };
}

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * Refuses `__schema` and `__type` (what introspection queries and GraphiQL read); `__typename` stays,
 * clients need it. As graphql-js's NoSchemaIntrospectionCustomRule, but with a code and a message that
 * names the setting, and built by Yoga's GraphQLError so it is shown rather than masked.
 */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (!INTROSPECTION_FIELDS.has(node.name.value)) return;
    context.reportError(
      createGraphQLError(`Introspection is disabled on this server (DCP_GRAPHQL_INTROSPECTION): "${node.name.value}" cannot be queried`, {
        nodes: [node],
        extensions: { code: 'INTROSPECTION_DISABLED' },
      }) as Parameters<typeof context.reportError>[0],
    );
  },
});

/**
 * Turns introspection off for every caller when `enabled` is false. A validation rule, so it holds for
 * HTTP, SSE and graphql-ws alike (graphql-ws validates through the same envelop). The server's own
 * tooling (npm run schema:print) prints the schema object and never asks over HTTP.
 */
export function introspection(enabled: boolean): Plugin {
  if (enabled) return {};
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospection);
    },
  };
}
