import { and, asc, count, desc, eq, getTableColumns, gt, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.js';
import { apiKeys, jobEvents, jobLogs, jobs, providers, renters } from '../db/schema.js';
import { builtOnce } from '../db/statement-cache.js';
import { hasScope, isMasterKey, requireAdmin, requireScope } from './access.js';
import type { Principal } from './auth.js';
import type { DomainContext } from './context.js';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from './errors.js';

/**
 * The read side of the domain: single reads with their access rules, keyset-paginated lists, and
 * batch loaders (one `= ANY(...)` statement per batch) that let the faces resolve relations without N+1.
 */

export type RenterRow = typeof renters.$inferSelect;
export type ProviderRow = typeof providers.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type JobEventRow = typeof jobEvents.$inferSelect;
export type JobLogRow = typeof jobLogs.$inferSelect;

/** An API key as it may be shown: never its hash. `scopes` is set only on renter sub-keys. */
export interface ApiKeyInfo {
  id: number;
  prefix: string;
  renterId: number | null;
  providerId: number | null;
  origin: string;
  label: string | null;
  scopes: string[] | null;
  expiresAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
}

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
  /** `cursors[i]` is the cursor of `nodes[i]`. */
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** The filters of the REST admin job list (status, type, provider, renter, dates, search), for every face. */
export interface JobFilter {
  status?: string[] | null;
  jobType?: string[] | null;
  providerId?: number | null;
  renterId?: number | null;
  submittedAfter?: Date | null;
  submittedBefore?: Date | null;
  /** Part of the job's string id, case-insensitive. */
  search?: string | null;
}

export interface RenterFilter {
  status?: string | null;
  /** Part of the name, email or organization, case-insensitive. */
  search?: string | null;
}

export interface ProviderFilter {
  approvalStatus?: string | null;
  gpuModel?: string | null;
  onlineOnly?: boolean | null;
  status?: string[] | null;
  /** Part of the name, email or GPU model, case-insensitive (email only for admins). */
  search?: string | null;
}

const MAX_SEARCH_LENGTH = 200;
const like = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

function searchText(search: string | null | undefined): string | undefined {
  if (search == null || search === '') return undefined;
  if (search.length > MAX_SEARCH_LENGTH) throw ValidationError.field('filter.search', `search must be at most ${MAX_SEARCH_LENGTH} characters`);
  return like(search);
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_LOG_LINES = 1000;

/** Admin or the renter itself (whatever its key's scopes: see renterAccess for what they let it see). */
export function canReadRenterPrivate(principal: Principal, renterId: number): boolean {
  return principal.kind === 'admin' || (principal.kind === 'renter' && principal.renterId === renterId);
}

/** Which parts of a renter account the principal may see: an admin all of them, the renter what its key's scopes allow. */
export interface RenterAccess {
  /** Name, contact details, status, job count: the `read` scope. */
  profile: boolean;
  /** Balance, holds and spending: `read` or `billing`. */
  balance: boolean;
  /** The account's API keys: the master key only. */
  keys: boolean;
}

export function renterAccess(principal: Principal, renterId: number): RenterAccess {
  const own = canReadRenterPrivate(principal, renterId);
  return {
    profile: own && hasScope(principal, 'read'),
    balance: own && hasScope(principal, 'read', 'billing'),
    keys: own && (principal.kind === 'admin' || isMasterKey(principal)),
  };
}

/** Admin or the provider itself. */
export function canReadProviderPrivate(principal: Principal, providerId: number): boolean {
  return principal.kind === 'admin' || (principal.kind === 'provider' && principal.providerId === providerId);
}

/** The marketplace shows approved, not deleted providers; admins and the provider itself see the rest. */
export function providerVisible(principal: Principal, p: ProviderRow): boolean {
  return canReadProviderPrivate(principal, p.id) || (p.approvalStatus === 'approved' && p.deletedAt == null);
}

// ---- keyset pagination on (timestamp, id), newest first ----

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
const cursorTime = (column: PgColumn) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface KeysetSpec {
  at: PgColumn;
  id: PgColumn;
  where: SQL | undefined;
}

/**
 * One statement per page: rows newest first, one extra row fetched to learn whether more exist.
 * `query` receives the full condition, the order and the limit, and must select `cursorAt`.
 */
async function keysetPage<T extends { id: number }>(
  args: PageArgs,
  spec: KeysetSpec,
  query: (where: SQL | undefined, order: SQL[], limit: number) => Promise<(T & { cursorAt: string })[]>,
): Promise<Page<T>> {
  const { size, backward } = pageSize(args);
  const ascending = args.ascending === true;
  const conditions = [spec.where];
  // "after" goes on in the list's order, "before" back against it.
  const beyond = (c: Cursor, forward: boolean) =>
    forward !== ascending ? sql`(${spec.at}, ${spec.id}) < (${c.at}::timestamptz, ${c.id})` : sql`(${spec.at}, ${spec.id}) > (${c.at}::timestamptz, ${c.id})`;
  if (args.after != null) conditions.push(beyond(decodeCursor(args.after, 'after', ascending), true));
  if (args.before != null) conditions.push(beyond(decodeCursor(args.before, 'before', ascending), false));
  const order = backward !== ascending ? [asc(spec.at), asc(spec.id)] : [desc(spec.at), desc(spec.id)];
  const rows = await query(and(...conditions), order, size + 1);
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  return {
    nodes: page.map(({ cursorAt: _cursorAt, ...row }) => row as unknown as T),
    cursors: page.map((row) => encodeCursor(row.cursorAt, row.id, ascending)),
    hasNextPage: backward ? args.before != null : more,
    hasPreviousPage: backward ? more : args.after != null,
  };
}

/** Aligns rows to the requested keys (dataloader contract): one entry per key, undefined when absent. */
function alignById<T extends { id: number }>(ids: readonly number[], rows: T[]): (T | undefined)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id));
}

function groupBy<T>(keys: readonly number[], rows: T[], keyOf: (row: T) => number | null): T[][] {
  const groups = new Map<number, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) {
    const key = keyOf(row);
    if (key != null) groups.get(key)?.push(row);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

const renterColumns = getTableColumns(renters);
const providerColumns = getTableColumns(providers);
const jobColumns = getTableColumns(jobs);
const jobLogColumns = getTableColumns(jobLogs);

export const apiKeyColumns = {
  id: apiKeys.id,
  prefix: apiKeys.prefix,
  renterId: apiKeys.renterId,
  providerId: apiKeys.providerId,
  origin: apiKeys.origin,
  label: apiKeys.label,
  scopes: apiKeys.scopes,
  expiresAt: apiKeys.expiresAt,
  createdAt: apiKeys.createdAt,
  revokedAt: apiKeys.revokedAt,
};

/**
 * The dataloaders' batch reads, built and prepared once per database handle: every GraphQL list runs them,
 * and the ids travel as one array parameter, so the statement text is the same whatever the batch size.
 */
const byIds = builtOnce((ex: Executor) => {
  const ids = sql.placeholder('ids');
  return {
    renters: ex.select().from(renters).where(sql`${renters.id} = any(${ids}::int[])`).prepare('renters_by_ids'),
    providers: ex.select().from(providers).where(sql`${providers.id} = any(${ids}::int[])`).prepare('providers_by_ids'),
    jobs: ex.select().from(jobs).where(sql`${jobs.id} = any(${ids}::int[])`).prepare('jobs_by_ids'),
  };
});

export function queriesModule(ctx: DomainContext) {
  const db = () => ctx.store.db;
  const onlineSince = () => new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);

  /** Narrows a job filter to what the principal may see. */
  function scopeJobFilter(principal: Principal, filter: JobFilter): SQL | undefined {
    const conditions: (SQL | undefined)[] = [];
    if (principal.kind === 'anonymous') throw new UnauthorizedError('Authentication required');
    requireScope(principal, 'read');
    if (principal.kind === 'renter') conditions.push(eq(jobs.renterId, principal.renterId));
    if (principal.kind === 'provider') conditions.push(eq(jobs.providerId, principal.providerId));
    if (filter.status?.length) conditions.push(inArray(jobs.status, filter.status));
    if (filter.jobType?.length) conditions.push(inArray(jobs.jobType, filter.jobType));
    if (filter.providerId != null) conditions.push(eq(jobs.providerId, filter.providerId));
    if (filter.renterId != null) conditions.push(eq(jobs.renterId, filter.renterId));
    if (filter.submittedAfter) conditions.push(gte(jobs.submittedAt, filter.submittedAfter));
    if (filter.submittedBefore) conditions.push(lt(jobs.submittedAt, filter.submittedBefore));
    const search = searchText(filter.search);
    if (search) conditions.push(ilike(jobs.jobId, search));
    return and(...conditions);
  }

  function jobCondition(principal: Principal, filter: JobFilter): SQL | undefined {
    if (filter.submittedAfter && filter.submittedBefore && filter.submittedAfter > filter.submittedBefore)
      throw ValidationError.field('filter.submittedBefore', 'submittedBefore must not be earlier than submittedAfter');
    return scopeJobFilter(principal, filter);
  }

  function renterCondition(principal: Principal, filter: RenterFilter): SQL | undefined {
    requireAdmin(principal);
    const search = searchText(filter.search);
    return and(
      filter.status ? eq(renters.status, filter.status) : undefined,
      search ? or(ilike(renters.name, search), ilike(renters.email, search), ilike(renters.organization, search)) : undefined,
    );
  }

  function providerCondition(principal: Principal, filter: ProviderFilter): SQL | undefined {
    const conditions: (SQL | undefined)[] = [];
    const admin = principal.kind === 'admin';
    if (!admin) conditions.push(eq(providers.approvalStatus, 'approved'), isNull(providers.deletedAt));
    if (filter.approvalStatus) conditions.push(eq(providers.approvalStatus, filter.approvalStatus));
    if (filter.gpuModel) conditions.push(eq(providers.gpuModel, filter.gpuModel));
    if (filter.onlineOnly) conditions.push(gt(providers.lastHeartbeat, onlineSince()));
    if (filter.status?.length) conditions.push(inArray(providers.status, filter.status));
    const search = searchText(filter.search);
    // Emails are private: the marketplace is searched by name and GPU only.
    if (search) conditions.push(or(ilike(providers.name, search), ilike(providers.gpuModel, search), admin ? ilike(providers.email, search) : undefined));
    return and(...conditions);
  }

  const countOf = async (table: typeof jobs | typeof renters | typeof providers, where: SQL | undefined) =>
    Number((await db().select({ total: count() }).from(table).where(where))[0].total);

  return {
    /** Whether a provider's last heartbeat is recent enough to count as online. */
    isProviderOnline(lastHeartbeat: Date | null): boolean {
      return lastHeartbeat != null && lastHeartbeat.getTime() > onlineSince().getTime();
    },

    /** Jobs the principal may see (renter: own; provider: assigned to it; admin: all), newest first. */
    async jobs(principal: Principal, filter: JobFilter, page: PageArgs): Promise<Page<JobRow>> {
      const where = jobCondition(principal, filter);
      return keysetPage(page, { at: jobs.submittedAt, id: jobs.id, where }, (cond, order, limit) =>
        db()
          .select({ ...jobColumns, cursorAt: cursorTime(jobs.submittedAt) })
          .from(jobs)
          .where(cond)
          .orderBy(...order)
          .limit(limit),
      );
    },

    /** A renter: admins read any, a renter reads itself. */
    async renter(principal: Principal, id: number): Promise<RenterRow> {
      if (principal.kind === 'anonymous') throw new UnauthorizedError('Authentication required');
      if (!canReadRenterPrivate(principal, id)) throw new ForbiddenError('Forbidden');
      requireScope(principal, 'read', 'billing');
      const [row] = await db().select().from(renters).where(eq(renters.id, id));
      if (!row) throw new NotFoundError('Renter');
      return row;
    },

    /** Every renter (admin only), newest first. */
    async renters(principal: Principal, filter: RenterFilter, page: PageArgs): Promise<Page<RenterRow>> {
      const where = renterCondition(principal, filter);
      return keysetPage(page, { at: renters.createdAt, id: renters.id, where }, (cond, order, limit) =>
        db()
          .select({ ...renterColumns, cursorAt: cursorTime(renters.createdAt) })
          .from(renters)
          .where(cond)
          .orderBy(...order)
          .limit(limit),
      );
    },

    /** A provider: anyone may look up an approved one; admins and the provider itself see any. */
    async provider(principal: Principal, id: number): Promise<ProviderRow> {
      const [row] = await db().select().from(providers).where(eq(providers.id, id));
      if (!row || !providerVisible(principal, row)) throw new NotFoundError('Provider');
      return row;
    },

    /** The marketplace (approved, not deleted) for everyone; admins see every provider. Newest first. */
    async providers(principal: Principal, filter: ProviderFilter, page: PageArgs): Promise<Page<ProviderRow>> {
      return keysetPage(page, { at: providers.createdAt, id: providers.id, where: providerCondition(principal, filter) }, (cond, order, limit) =>
        db()
          .select({ ...providerColumns, cursorAt: cursorTime(providers.createdAt) })
          .from(providers)
          .where(cond)
          .orderBy(...order)
          .limit(limit),
      );
    },

    /** How many jobs `jobs` would list with this filter, all pages together (one COUNT statement). */
    countJobs: (principal: Principal, filter: JobFilter) => countOf(jobs, jobCondition(principal, filter)),
    countRenters: (principal: Principal, filter: RenterFilter) => countOf(renters, renterCondition(principal, filter)),
    countProviders: (principal: Principal, filter: ProviderFilter) => countOf(providers, providerCondition(principal, filter)),

    // ---- batch loaders: one statement per batch, results aligned to the requested ids ----

    async apiKeysByIds(ids: readonly number[]): Promise<(ApiKeyInfo | undefined)[]> {
      return alignById(ids, await db().select(apiKeyColumns).from(apiKeys).where(inArray(apiKeys.id, [...ids])));
    },

    async rentersByIds(ids: readonly number[]): Promise<(RenterRow | undefined)[]> {
      return alignById(ids, await byIds(db()).renters.execute({ ids: [...ids] }));
    },

    async providersByIds(ids: readonly number[]): Promise<(ProviderRow | undefined)[]> {
      return alignById(ids, await byIds(db()).providers.execute({ ids: [...ids] }));
    },

    async jobsByIds(ids: readonly number[]): Promise<(JobRow | undefined)[]> {
      return alignById(ids, await byIds(db()).jobs.execute({ ids: [...ids] }));
    },

    /** Lifecycle events of each job, oldest first. */
    async jobEventsByJobIds(jobIds: readonly number[]): Promise<JobEventRow[][]> {
      const rows = await db()
        .select()
        .from(jobEvents)
        .where(inArray(jobEvents.jobId, [...jobIds]))
        .orderBy(asc(jobEvents.jobId), asc(jobEvents.sequenceNo));
      return groupBy(jobIds, rows, (row) => row.jobId);
    },

    /** Up to `limit` log lines of each job after line `afterLine`, in line order. */
    async jobLogsByJobIds(jobIds: readonly number[], options: { afterLine?: number | null; limit?: number | null } = {}): Promise<JobLogRow[][]> {
      const limit = options.limit ?? MAX_LOG_LINES;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LOG_LINES)
        throw ValidationError.field('limit', `limit must be an integer between 1 and ${MAX_LOG_LINES}`);
      const ranked = db()
        .select({ ...jobLogColumns, rank: sql<number>`row_number() over (partition by ${jobLogs.jobId} order by ${jobLogs.lineNo})`.as('rank') })
        .from(jobLogs)
        .where(and(inArray(jobLogs.jobId, [...jobIds]), gt(jobLogs.lineNo, options.afterLine ?? 0)))
        .as('ranked');
      const rows = await db()
        .select({ id: ranked.id, jobId: ranked.jobId, lineNo: ranked.lineNo, level: ranked.level, message: ranked.message, loggedAt: ranked.loggedAt })
        .from(ranked)
        .where(sql`${ranked.rank} <= ${limit}`)
        .orderBy(asc(ranked.jobId), asc(ranked.lineNo));
      return groupBy(jobIds, rows, (row) => row.jobId);
    },

    /** Keys (prefix and dates, never the hash) of each renter or provider, newest first. */
    async apiKeysByOwnerIds(owner: 'renter' | 'provider', ids: readonly number[]): Promise<ApiKeyInfo[][]> {
      const column = owner === 'renter' ? apiKeys.renterId : apiKeys.providerId;
      const rows = await db()
        .select(apiKeyColumns)
        .from(apiKeys)
        .where(inArray(column, [...ids]))
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
      return groupBy(ids, rows, (row) => (owner === 'renter' ? row.renterId : row.providerId));
    },
  };
}

export type Queries = ReturnType<typeof queriesModule>;
