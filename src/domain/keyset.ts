import { and, asc, desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ValidationError } from './errors.js';

/**
 * Keyset pagination on (timestamp, id), newest first by default: the lists of src/domain/queries.ts.
 * Cursors are opaque to clients and carry the timestamp with Postgres's full microsecond precision.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  /** Oldest first instead of the default newest first. */
  ascending?: boolean | null;
}

export interface Page<T> {
  nodes: T[];
  /** The cursor of `nodes[i]`, encoded when asked (most answers show one cursor or none). */
  cursor(i: number): string;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

interface Cursor {
  at: string;
  id: number;
}

function encodeCursor(at: string, id: number, ascending: boolean): string {
  return Buffer.from(JSON.stringify(ascending ? [at, id, 'asc'] : [at, id])).toString('base64url');
}

/** The timestamp form `cursorTime` writes; anything else (`"0"` parses as a JS date) would fail in SQL. */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const MAX_ROW_ID = 2_147_483_647;

/** A real instant in that form: JS rolls February 31 over into March, Postgres refuses it. */
function isCursorTime(at: unknown): at is string {
  if (typeof at !== 'string' || !CURSOR_TIME.test(at)) return false;
  const time = Date.parse(at);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === at.slice(0, 19);
}

/** A cursor of the page's own order: one from the other direction would silently skip or repeat rows. */
function decodeCursor(value: string, field: 'after' | 'before', ascending: boolean): Cursor {
  let decoded: Cursor | undefined;
  let direction: unknown;
  try {
    const [at, id, dir] = JSON.parse(Buffer.from(value, 'base64url').toString()) as unknown[];
    const validId = Number.isInteger(id) && (id as number) >= 0 && (id as number) <= MAX_ROW_ID;
    if (isCursorTime(at) && validId) decoded = { at, id: id as number };
    direction = dir;
  } catch {
    // Fall through: any undecodable cursor is the client's mistake.
  }
  if (!decoded) throw ValidationError.field(field, 'Invalid cursor');
  if ((direction === 'asc') !== ascending) throw ValidationError.field(field, 'The cursor belongs to a list in the other order (orderBy.direction)');
  return decoded;
}

function pageSize(args: PageArgs): { size: number; backward: boolean } {
  if (args.first != null && args.last != null) throw ValidationError.field('last', 'Use either first or last, not both');
  const backward = args.last != null || (args.first == null && args.before != null);
  const size = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const field = backward ? 'last' : 'first';
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw ValidationError.field(field, `${field} must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  return { size, backward };
}

/**
 * Text form of a timestamp with full microsecond precision: a JS Date would drop the microseconds
 * Postgres stores, and the next page would then repeat or skip rows.
 */
export const cursorTime = (column: PgColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface KeysetSpec {
  at: PgColumn;
  id: PgColumn;
  where: SQL | undefined;
}

/** What one page request asks for, decoded and checked: the size, the direction and the cursors. */
export interface KeysetPlan {
  size: number;
  backward: boolean;
  ascending: boolean;
  after?: Cursor;
  before?: Cursor;
}

export function keysetPlan(args: PageArgs): KeysetPlan {
  const { size, backward } = pageSize(args);
  const ascending = args.ascending === true;
  return {
    size,
    backward,
    ascending,
    after: args.after != null ? decodeCursor(args.after, 'after', ascending) : undefined,
    before: args.before != null ? decodeCursor(args.before, 'before', ascending) : undefined,
  };
}

/** Rows come newest first unless the page runs backward or the list is ascending (not both). */
const runsAscending = (plan: KeysetPlan) => plan.backward !== plan.ascending;

/** The page from its rows (one extra row fetched to learn whether more exist), in the list's order. */
export function keysetFinish<T extends { id: number }>(rows: (T & { cursorAt: string })[], plan: KeysetPlan, args: PageArgs): Page<T> {
  const more = rows.length > plan.size;
  const page = rows.slice(0, plan.size);
  if (plan.backward) page.reverse();
  return {
    // The rows keep their `cursorAt` (a copy of each row without it cost a list a twentieth of its garbage):
    // the lists are GraphQL's, which shows only the fields its types declare.
    nodes: page as T[],
    cursor: (i) => encodeCursor(page[i].cursorAt, page[i].id, plan.ascending),
    hasNextPage: plan.backward ? args.before != null : more,
    hasPreviousPage: plan.backward ? more : args.after != null,
  };
}

/**
 * One statement per page: rows newest first, one extra row fetched to learn whether more exist.
 * `query` receives the full condition, the order and the limit, and must select `cursorAt`.
 */
export async function keysetPage<T extends { id: number }>(
  args: PageArgs,
  spec: KeysetSpec,
  query: (where: SQL | undefined, order: SQL[], limit: number) => Promise<(T & { cursorAt: string })[]>,
): Promise<Page<T>> {
  const plan = keysetPlan(args);
  const conditions = [spec.where];
  // "after" goes on in the list's order, "before" back against it.
  const beyond = (c: Cursor, forward: boolean) =>
    forward !== plan.ascending ? sql`(${spec.at}, ${spec.id}) < (${c.at}::timestamptz, ${c.id})` : sql`(${spec.at}, ${spec.id}) > (${c.at}::timestamptz, ${c.id})`;
  if (plan.after) conditions.push(beyond(plan.after, true));
  if (plan.before) conditions.push(beyond(plan.before, false));
  const order = runsAscending(plan) ? [asc(spec.at), asc(spec.id)] : [desc(spec.at), desc(spec.id)];
  return keysetFinish(await query(and(...conditions), order, plan.size + 1), plan, args);
}

/**
 * The same page with the statement's text fixed by the plan's shape (which cursors, which order) and every
 * value a placeholder (`afterAt`, `afterId`, `beforeAt`, `beforeId`, `limit`): built once per shape by the caller.
 */
export function keysetShape(plan: KeysetPlan): string {
  return `${plan.after ? 'a' : ''}${plan.before ? 'b' : ''}${plan.ascending ? '+' : '-'}${runsAscending(plan) ? '+' : '-'}`;
}

export function keysetClauses(plan: KeysetPlan, at: PgColumn, id: PgColumn): { where: SQL[]; order: SQL[] } {
  const beyond = (name: 'after' | 'before', forward: boolean) => {
    const cursor = sql`(${sql.placeholder(`${name}At`)}::timestamptz, ${sql.placeholder(`${name}Id`)}::int)`;
    return forward !== plan.ascending ? sql`(${at}, ${id}) < ${cursor}` : sql`(${at}, ${id}) > ${cursor}`;
  };
  const where: SQL[] = [];
  if (plan.after) where.push(beyond('after', true));
  if (plan.before) where.push(beyond('before', false));
  return { where, order: runsAscending(plan) ? [asc(at), asc(id)] : [desc(at), desc(id)] };
}

export function keysetValues(plan: KeysetPlan): Record<string, unknown> {
  return { afterAt: plan.after?.at, afterId: plan.after?.id, beforeAt: plan.before?.at, beforeId: plan.before?.id, limit: plan.size + 1 };
}

