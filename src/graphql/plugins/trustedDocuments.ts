import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { adminTokenMatches } from '../../domain/auth.js';
import type { Gateway } from '../../gateway.js';

/**
 * Trusted documents (DCP_GRAPHQL_TRUSTED_DOCUMENTS, docs/graphql-tooling.md): when on, a client names an
 * operation by the id codegen gave it (`documentId: "sha256:<hex>"`, what the client preset emits with
 * `persistedDocuments: true`; Apollo's `extensions.persistedQuery.sha256Hash` is read as the same id) and the
 * gateway runs its own stored copy. A document sent as text runs only for the admin. One decision,
 * `trustedOperation`, serves HTTP and SSE (a Yoga plugin, below) and graphql-ws (src/graphql/ws.ts), which
 * does not pass through Yoga's request hooks.
 */

/** The manifest codegen writes from schema/operations (see codegen.ts); relative to the package root, from src/ or dist/. */
const BUNDLED_MANIFEST = fileURLToPath(new URL('../../../schema/persisted-documents.json', import.meta.url));

export interface TrustedDocuments {
  /** Document id -> document text, from every manifest loaded. */
  documents: ReadonlyMap<string, string>;
  adminToken: string;
}

/** What an operation carries besides its text: the fields of a GraphQL request or a graphql-ws subscribe payload. */
type OperationParams = { query?: GraphQLParams['query']; extensions?: Record<string, unknown> | null; documentId?: unknown };

/**
 * Reads manifests (JSON objects of id -> document text) at start-up. A missing or malformed one stops
 * start-up with its path: running with an empty allowlist would refuse every client.
 */
export function loadTrustedDocuments(paths: readonly string[]): Map<string, string> {
  const documents = new Map<string, string>();
  for (const path of paths.length ? paths.map((p) => resolve(p)) : [BUNDLED_MANIFEST]) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`Invalid configuration: DCP_GRAPHQL_TRUSTED_DOCUMENTS_MANIFEST: cannot read ${path} (${(err as Error).message})`);
    }
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new Error(`Invalid configuration: DCP_GRAPHQL_TRUSTED_DOCUMENTS_MANIFEST: ${path} is not a JSON object of document id -> document`);
    }
    for (const [id, text] of Object.entries(manifest)) {
      if (typeof text !== 'string') throw new Error(`Invalid configuration: DCP_GRAPHQL_TRUSTED_DOCUMENTS_MANIFEST: ${path}: "${id}" is not a document`);
      documents.set(id, text);
    }
  }
  return documents;
}

const loaded = new WeakMap<Gateway, TrustedDocuments | undefined>();

/** The gateway's trusted documents, loaded once; undefined when the option is off (every document runs). */
export function trustedDocumentsFor(gateway: Gateway): TrustedDocuments | undefined {
  if (!loaded.has(gateway)) {
    const { graphqlTrustedDocuments, graphqlTrustedDocumentManifests } = gateway.config;
    loaded.set(gateway, graphqlTrustedDocuments ? { documents: loadTrustedDocuments(graphqlTrustedDocumentManifests), adminToken: gateway.adminToken } : undefined);
  }
  return loaded.get(gateway);
}

/** The id the operation names: `documentId`, or Apollo's persisted-query hash (the same sha256, without the prefix). */
export function documentIdOf(params: OperationParams): string | undefined {
  if (typeof params.documentId === 'string') return params.documentId;
  const persisted = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? `sha256:${persisted.sha256Hash}` : undefined;
}

function refusal(message: string, code: string, extra: Record<string, unknown> = {}) {
  // Shown as is (Yoga's error), with a 400 whatever the Accept header: the request itself must change.
  return createGraphQLError(message, { extensions: { code, ...extra, http: { status: 400, spec: false } } });
}

/** The admin token in X-Admin-Token or Authorization: Bearer; only checked for documents sent as text. */
function presentsAdminToken(headers: Headers, adminToken: string): boolean {
  const bearer = /^Bearer\s+(.*)$/i.exec(headers.get('authorization')?.trim() ?? '')?.[1];
  return [headers.get('x-admin-token'), bearer].some((candidate) => candidate != null && adminTokenMatches(candidate.trim(), adminToken));
}

/**
 * The document text to run for an operation, or a refusal. An id wins over a text sent with it (the
 * stored copy is the trusted one); a text alone runs only for the admin.
 */
export function trustedOperation(trusted: TrustedDocuments, params: OperationParams, headers: Headers): string {
  const id = documentIdOf(params);
  if (id !== undefined) {
    const text = trusted.documents.get(id);
    if (text === undefined) throw refusal(`No persisted document has the id "${id}": regenerate the client's documents against this gateway's schema`, 'PERSISTED_QUERY_NOT_FOUND', { documentId: id });
    return text;
  }
  if (!params.query) throw refusal('Send a persisted document id ("documentId") or a query', 'PERSISTED_QUERY_ID_REQUIRED');
  if (presentsAdminToken(headers, trusted.adminToken)) return params.query;
  throw refusal('This gateway runs only persisted documents (DCP_GRAPHQL_TRUSTED_DOCUMENTS): send the operation\'s "documentId" instead of its text', 'PERSISTED_QUERY_ONLY');
}

/** HTTP and SSE: the operation's text is replaced by the trusted one before Yoga parses it. */
export function trustedDocuments(trusted: TrustedDocuments | undefined): Plugin {
  if (!trusted) return {};
  return {
    onParams({ params, request, setParams }) {
      const query = trustedOperation(trusted, params as OperationParams, request.headers);
      if (query !== params.query) setParams({ ...params, query });
    },
  };
}
