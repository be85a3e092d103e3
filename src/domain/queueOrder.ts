import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { PRICING_CLASS_RANK } from './pricing.js';

/*
 * The queued work ranked strictly ahead of a job (docs/decisions.md#queue-order), in the unassigned queue or in a
 * provider's own, written once for every place that counts it: after a submit (the job's values as parameters),
 * after a batch of queued submits (the batch's rows, QUEUE_POSITIONS_SQL) and in the one-statement poll of a job
 * (the outer row's columns). The counted rows are always `ahead`.
 * Raw, fully qualified SQL: drizzle writes a one-table select's columns unqualified, which inside a subquery
 * would name the inner row's columns.
 */
export const rankOf = (table: string) =>
  sql.raw(`case ${table}.pricing_class when 'priority' then ${PRICING_CLASS_RANK.priority} when 'economy' then ${PRICING_CLASS_RANK.economy} else ${PRICING_CLASS_RANK.standard} end`);

/** The ranked job's values: SQL (the outer row's columns) or placeholders (a submit's parameters). */
type SqlValue = SQL | ReturnType<typeof sql.placeholder>;
interface QueueRank {
  rank: SqlValue;
  priority: SqlValue;
  submittedAt: SqlValue;
  id: SqlValue;
}

/** True for the `ahead` row when it ranks strictly ahead of `mine`: better class, then higher priority, then older. */
export function ranksAhead(mine: QueueRank): SQL {
  const rank = rankOf('ahead');
  return sql`(${rank} < ${mine.rank}
    or (${rank} = ${mine.rank} and ahead.priority > ${mine.priority})
    or (${rank} = ${mine.rank} and ahead.priority = ${mine.priority} and (ahead.submitted_at, ahead.id) < (${mine.submittedAt}, ${mine.id})))`;
}

export const IN_UNASSIGNED_QUEUE = sql.raw(`ahead.provider_id is null and ahead.status = 'queued'`);
/** A provider's queue counts its own queued work and what it is running. */
export const inProviderQueue = (providerId: SqlValue) =>
  sql`ahead.provider_id = ${providerId} and ahead.status in ('queued', 'pending', 'assigned', 'pulling', 'running')`;

/** One queued job of a batch whose work ahead is counted: `rank` is its pricing class's PRICING_CLASS_RANK. */
export interface QueuedRank {
  n: number;
  id: number;
  provider_id: number | null;
  rank: number;
  priority: number;
  submitted_at: string;
}

/**
 * The work ranked ahead of each job of a batch ($1: a JSON array of QueuedRank), one row per job: `n` and
 * `ahead`. Text only (no parameters of drizzle's), so the store prepares it once.
 */
export const QUEUE_POSITIONS_SQL = (() => {
  const mine = { rank: sql.raw('i.rank'), priority: sql.raw('i.priority'), submittedAt: sql.raw('i.submitted_at'), id: sql.raw('i.id') };
  const countAhead = (scope: SQL) => sql`(select count(*)::int from jobs ahead where ${scope} and ${ranksAhead(mine)})`;
  const query = new PgDialect().sqlToQuery(sql`
    select i.n, case when i.provider_id is null then ${countAhead(IN_UNASSIGNED_QUEUE)}
                     else ${countAhead(inProviderQueue(sql.raw('i.provider_id')))} end as ahead
      from jsonb_to_recordset(${sql.raw('$1')}::jsonb) as i(n int, id int, provider_id int, rank int, priority int, submitted_at timestamptz)`);
  if (query.params.length) throw new Error('QUEUE_POSITIONS_SQL must be plain text');
  return query.sql;
})();
