import type postgres from 'postgres';

/**
 * The money invariants, read straight from the tables (no gateway code involved), as violations: an empty
 * list means every cached balance equals its ledger account, every renter's held amount equals its open
 * holds, and every job has exactly one hold, held while the job is open and resolved once it is final.
 */
export async function moneyViolations(sql: postgres.Sql): Promise<string[]> {
  const checks: Array<[string, Promise<Record<string, unknown>[]>]> = [
    [
      'renter balance differs from its ledger account',
      sql`select r.id, r.balance_halala, ${ledger(sql, "'renter:' || r.id")} as ledger from renters r
          where r.balance_halala <> ${ledger(sql, "'renter:' || r.id")}`,
    ],
    [
      'provider earnings differ from its ledger account',
      sql`select p.id, p.earnings_halala, ${ledger(sql, "'provider:' || p.id")} as ledger from providers p
          where p.earnings_halala <> ${ledger(sql, "'provider:' || p.id")}`,
    ],
    [
      'renter held amount differs from its open holds',
      sql`select r.id, r.held_halala, coalesce(sum(h.amount_halala), 0) as open_holds from renters r
          left join holds h on h.renter_id = r.id and h.status = 'held'
          group by r.id having r.held_halala <> coalesce(sum(h.amount_halala), 0)`,
    ],
    [
      'job without exactly one hold',
      sql`select j.id, count(h.id) as holds from jobs j left join holds h on h.job_id = j.id group by j.id having count(h.id) <> 1`,
    ],
    [
      'hold state does not match its job (held while open, resolved once final)',
      sql`select j.id, j.status, h.status as hold from jobs j join holds h on h.job_id = j.id
          where (h.status = 'held') <> (j.status not in ('completed', 'failed', 'cancelled'))`,
    ],
    [
      "hold's ledger account does not hold its amount while held, or is not empty once resolved",
      sql`select h.job_id, h.status, h.amount_halala, ${ledger(sql, "'hold:' || h.job_id")} as ledger from holds h
          where ${ledger(sql, "'hold:' || h.job_id")} <> case when h.status = 'held' then h.amount_halala else 0 end`,
    ],
  ];
  const violations: string[] = [];
  for (const [what, rows] of checks) for (const row of await rows) violations.push(`${what}: ${JSON.stringify(row)}`);
  return violations;
}

/** An account's ledger balance (received minus sent) as a SQL expression of the account name. */
function ledger(sql: postgres.Sql, account: string) {
  return sql.unsafe(`(coalesce((select sum(amount_halala) from ledger_entries where to_account = ${account}), 0)
    - coalesce((select sum(amount_halala) from ledger_entries where from_account = ${account}), 0))`);
}
