import { and, asc, count, desc, eq, getTableColumns, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { apiKeys, jobEvents, jobLogs, jobs, providers, renters } from '../db/schema.js';
import { builtOnce, builtPerShape, withCompiledRows } from '../db/statement-cache.js';
import { jobDetailColumns, jobListColumns, providerCardColumns, type JobDetails, type JobSelection, type ListedJob, type ProviderCard } from './cards.js';
import { cursorTime, keysetClauses, keysetFinish, keysetPage, keysetPlan, keysetShape, keysetValues, type Page, type PageArgs } from './keyset.js';
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

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageArgs } from './keyset.js';
export type { JobCard, JobCardColumn, JobDetails, JobSelection, ListedJob, ProviderCard, ProviderCardColumn, RenterColumn } from './cards.js';

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
export function providerVisible(principal: Principal, p: Pick<ProviderRow, 'id' | 'approvalStatus' | 'deletedAt'>): boolean {
  return canReadProviderPrivate(principal, p.id) || (p.approvalStatus === 'approved' && p.deletedAt == null);
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
/** The job list's statements, one per shape (whose jobs, which filters, which cursors, which order). */
const jobPages = builtPerShape<Executor>();

const byIds = builtOnce((ex: Executor) => {
  const ids = sql.placeholder('ids');
  return {
    renters: withCompiledRows(ex.select().from(renters).where(sql`${renters.id} = any(${ids}::int[])`).prepare('renters_by_ids')),
    providers: withCompiledRows(ex.select().from(providers).where(sql`${providers.id} = any(${ids}::int[])`).prepare('providers_by_ids')),
    jobs: withCompiledRows(ex.select().from(jobs).where(sql`${jobs.id} = any(${ids}::int[])`).prepare('jobs_by_ids')),
    providerCards: withCompiledRows(ex.select(providerCardColumns).from(providers).where(sql`${providers.id} = any(${ids}::int[])`).prepare('provider_cards_by_ids')),
    jobDetails: withCompiledRows(ex.select(jobDetailColumns).from(jobs).where(sql`${jobs.id} = any(${ids}::int[])`).prepare('job_details_by_ids')),
  };
});

export function queriesModule(ctx: DomainContext) {
  const db = () => ctx.store.db;
  const onlineSince = () => new Date(ctx.now().getTime() - ctx.config.providerOfflineSeconds * 1000);

  /**
   * What the principal may see of the jobs, narrowed by the filter: the condition with every value a
   * placeholder, and `shape`, which names the condition's text (whose jobs, which filters), so a list
   * statement is built once per shape and then only executed with `values`.
   */
  function jobScope(principal: Principal, filter: JobFilter): { shape: string; where: () => SQL | undefined; values: Record<string, unknown> } {
    if (principal.kind === 'anonymous') throw new UnauthorizedError('Authentication required');
    requireScope(principal, 'read');
    if (filter.submittedAfter && filter.submittedBefore && filter.submittedAfter > filter.submittedBefore)
      throw ValidationError.field('filter.submittedBefore', 'submittedBefore must not be earlier than submittedAfter');
    const search = searchText(filter.search);
    const values: Record<string, unknown> = {
      who: principal.kind === 'renter' ? principal.renterId : principal.kind === 'provider' ? principal.providerId : undefined,
      status: filter.status?.length ? filter.status : undefined,
      jobType: filter.jobType?.length ? filter.jobType : undefined,
      providerId: filter.providerId ?? undefined,
      renterId: filter.renterId ?? undefined,
      submittedAfter: filter.submittedAfter?.toISOString(),
      submittedBefore: filter.submittedBefore?.toISOString(),
      search,
    };
    const present = Object.keys(values).filter((name) => values[name] !== undefined);
    // Built only when a statement for this shape is: building drizzle's SQL objects cost a list a fiftieth of its CPU.
    const where = () => {
      const p = (name: string) => sql.placeholder(name);
      const parts: Record<string, SQL> = {
        who: principal.kind === 'renter' ? eq(jobs.renterId, p('who')) : eq(jobs.providerId, p('who')),
        status: sql`${jobs.status} = any(${p('status')}::text[])`,
        jobType: sql`${jobs.jobType} = any(${p('jobType')}::text[])`,
        providerId: eq(jobs.providerId, p('providerId')),
        renterId: eq(jobs.renterId, p('renterId')),
        submittedAfter: sql`${jobs.submittedAt} >= ${p('submittedAfter')}::timestamptz`,
        submittedBefore: sql`${jobs.submittedAt} < ${p('submittedBefore')}::timestamptz`,
        search: ilike(jobs.jobId, p('search')),
      };
      return and(...present.map((name) => parts[name]));
    };
    const shown: Record<string, unknown> = {};
    for (const name of present) shown[name] = values[name];
    return { shape: `${principal.kind}:${present.join(',')}`, where, values: shown };
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

    /**
     * Jobs the principal may see (renter: own; provider: assigned to it; admin: all), newest first, with the
     * columns `selection` names; with each job's provider card and renter joined in when it asks (what a list
     * shows with its jobs, without a statement per relation).
     */
    async jobs(principal: Principal, filter: JobFilter, page: PageArgs, selection: JobSelection = {}): Promise<Page<ListedJob>> {
      const scope = jobScope(principal, filter);
      const plan = keysetPlan(page);
      const read = jobListColumns(db(), selection);
      const statement = jobPages(db(), `${scope.shape}|${keysetShape(plan)}|${read.key}`, (ex) => {
        const keyset = keysetClauses(plan, jobs.submittedAt, jobs.id);
        const columns = {
          ...read.jobs,
          cursorAt: cursorTime(jobs.submittedAt),
          ...(read.providers ? { provider: read.providers } : {}),
          ...(read.renters ? { renter: read.renters } : {}),
        };
        let query = ex.select(columns).from(jobs).$dynamic();
        // A join changes the builder's type (its nested objects become nullable); the rows are typed below.
        if (read.providers) query = query.leftJoin(providers, eq(providers.id, jobs.providerId)) as unknown as typeof query;
        if (read.renters) query = query.leftJoin(renters, eq(renters.id, jobs.renterId)) as unknown as typeof query;
        return withCompiledRows(
          query
            .where(and(scope.where(), ...keyset.where))
            .orderBy(...keyset.order)
            .limit(sql.placeholder('limit'))
            .prepare('jobs_page'),
        );
      });
      const rows = (await statement.execute({ ...scope.values, ...keysetValues(plan) })) as (ListedJob & { cursorAt: string })[];
      return keysetFinish(rows, plan, page);
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
    async countJobs(principal: Principal, filter: JobFilter): Promise<number> {
      const scope = jobScope(principal, filter);
      return Number((await db().select({ total: count() }).from(jobs).where(scope.where()).execute(scope.values))[0].total);
    },
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

    async providerCardsByIds(ids: readonly number[]): Promise<(ProviderCard | undefined)[]> {
      return alignById(ids, await byIds(db()).providerCards.execute({ ids: [...ids] }));
    },

    async jobDetailsByIds(ids: readonly number[]): Promise<(JobDetails | undefined)[]> {
      return alignById(ids, await byIds(db()).jobDetails.execute({ ids: [...ids] }));
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
