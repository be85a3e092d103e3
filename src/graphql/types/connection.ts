import { NotFoundError } from '../../domain/errors.js';
import { DEFAULT_PAGE_SIZE, type Page, type PageArgs } from '../../domain/queries.js';
import { builder } from '../builder.js';
import { OrderDirection } from './enums.js';

/**
 * Lists are Relay connections (docs/graphql-schema.md, "Pagination"): keyset cursors, `first`/`after`
 * or `last`/`before`, at most MAX_PAGE_SIZE a page, `totalCount` counted only when asked for, and an
 * `orderBy` on an indexed key (the id breaks ties, so cursors are stable).
 */

/** A connection's resolved shape: the page, and how to count the whole list (run only when `totalCount` is selected). */
export interface CountedConnection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  count: () => Promise<number>;
}

/** An edge whose cursor is encoded only if the answer shows it. */
class Edge<T> {
  constructor(
    private readonly page: Page<T>,
    private readonly index: number,
  ) {}
  get node(): T {
    return this.page.nodes[this.index];
  }
  get cursor(): string {
    return this.page.cursor(this.index);
  }
}

/** A domain page as a Relay connection. */
export function toConnection<T>(page: Page<T>, count: () => Promise<number>): CountedConnection<T> {
  const last = page.nodes.length - 1;
  return {
    edges: page.nodes.map((_node, i) => new Edge(page, i)),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      get startCursor() {
        return last >= 0 ? page.cursor(0) : null;
      },
      get endCursor() {
        return last >= 0 ? page.cursor(last) : null;
      },
    },
    count,
  };
}

/** The connection type's extra fields: the total, computed by its own COUNT statement only when selected. */
export const connectionOptions = (name: string, what: string) => ({
  name,
  description: `A page of ${what}.`,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fields: (t: any) => ({
    totalCount: t.int({
      description: `How many ${what} the whole list holds with these filters, all pages together. Costs one COUNT query: select it only when needed.`,
      resolve: (connection: unknown) => (connection as CountedConnection<unknown>).count(),
    }),
  }),
});

/** A connection's cost grows with the page it asks for. */
export const connectionComplexity = (args: { first?: number | null; last?: number | null }) => ({
  field: 1,
  multiplier: args.first ?? args.last ?? DEFAULT_PAGE_SIZE,
});

/** An `orderBy` input: one field enum (indexed keys only) and a direction; the default is the list's usual order. */
export function orderByInput<F extends string>(name: string, fields: { name: string; values: Record<string, { value: F; description: string }> }) {
  const field = builder.enumType(fields.name, { description: `What ${name} can be ordered by: indexed keys only, ties broken by id.`, values: fields.values });
  const input = builder.inputType(name, {
    description: 'The order of a list. Cursors belong to one order: a cursor used with another direction is refused.',
    fields: (t) => ({
      field: t.field({ type: field, required: true, description: 'The key to order by.' }),
      direction: t.field({ type: OrderDirection, required: true, description: 'ASC: oldest first; DESC: newest first.' }),
    }),
  });
  return input;
}

/** The page arguments with the order folded in, for the domain. */
export function pageArgs(args: PageArgs & { orderBy?: { direction: 'asc' | 'desc' } | null }): PageArgs {
  return { first: args.first, after: args.after, last: args.last, before: args.before, ascending: args.orderBy?.direction === 'asc' };
}

/** Single-object lookups answer null for something that does not exist; other failures stay errors. */
export async function orNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}
