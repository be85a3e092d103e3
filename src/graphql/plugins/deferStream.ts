import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * `@defer` and `@stream` (docs/graphql-tooling.md): a client marks the slow parts of a query (a job's logs,
 * the admin dashboard's stats) and gets the rest first, then those parts as they resolve, over
 * multipart/mixed, SSE or graphql-ws. The directives are validated and counted like any other (the cost and
 * directive limits still apply to what a deferred fragment or streamed list selects).
 */

/** Media types that can carry an answer in parts; `*` (or no Accept at all) lets Yoga choose multipart. */
const INCREMENTAL_ACCEPT = /multipart\/mixed|text\/event-stream|\*\/\*/i;

const INCREMENTAL_DIRECTIVES = new Set(['defer', 'stream']);
const wholeDocuments = new WeakMap<DocumentNode, DocumentNode>();

/** The document with its @defer and @stream removed, so it executes into one complete answer (cached per document). */
function whole(document: DocumentNode): DocumentNode {
  let stripped = wholeDocuments.get(document);
  if (!stripped) {
    stripped = visit(document, {
      [Kind.DIRECTIVE]: (node) => (INCREMENTAL_DIRECTIVES.has(node.name.value) ? null : undefined),
    });
    wholeDocuments.set(document, stripped);
  }
  return stripped;
}

/**
 * The directives are a hint the spec lets a server ignore: a client whose Accept header names only JSON
 * (it cannot read parts) gets the whole answer at once, where Yoga would answer an empty 406.
 */
export function deferStream(): Plugin {
  return {
    ...useDeferStream(),
    onExecute({ args, executeFn, setExecuteFn }) {
      const accept = (args.contextValue as { request?: Request }).request?.headers.get('accept');
      if (!accept || INCREMENTAL_ACCEPT.test(accept)) return;
      setExecuteFn((execution) => executeFn({ ...execution, document: whole(execution.document) }));
    },
  } as Plugin;
}
