/**
 * Proof, after each path with a SQL floor, that every request served did its durable work: the rows a
 * heartbeat or a submit writes grew by exactly the number of requests the gateway and the floor answered, the
 * renters' money (balance + held) is unchanged and each renter's held amount equals its open holds. A floor
 * that skipped a write, or a gateway that lost one, shows here rather than as a flattering ratio.
 */
import postgres from 'postgres';

type Counts = Record<string, number>;

const QUERIES = {
  heartbeats: `select count(*)::int as n from heartbeats`,
  jobs: `select count(*)::int as n from jobs`,
  holds: `select count(*)::int as n from holds`,
  holdEntries: `select count(*)::int as n from ledger_entries where kind = 'job_hold'`,
  submittedEvents: `select count(*)::int as n from job_events where event_type = 'job.submitted'`,
  renterMoney: `select coalesce(sum(balance_halala + held_halala), 0)::bigint::text as n from renters`,
  heldMismatches: `select count(*)::int as n from renters r
    where r.held_halala <> (select coalesce(sum(h.amount_halala), 0) from holds h where h.renter_id = r.id and h.status = 'held')`,
};
const GROWS_PER_REQUEST: Record<string, Array<keyof typeof QUERIES>> = {
  heartbeat: ['heartbeats'],
  submit: ['jobs', 'holds', 'holdEntries', 'submittedEvents'],
};

async function counts(sql: postgres.Sql): Promise<Counts> {
  const out: Counts = {};
  for (const [name, text] of Object.entries(QUERIES)) out[name] = Number((await sql.unsafe(text))[0].n);
  return out;
}

export class DurableWorkCheck {
  private constructor(
    private readonly sql: postgres.Sql,
    private readonly kind: 'heartbeat' | 'submit',
    private readonly before: Counts,
  ) {}

  static async start(databaseUrl: string, kind: 'heartbeat' | 'submit'): Promise<DurableWorkCheck> {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    return new DurableWorkCheck(sql, kind, await counts(sql));
  }

  /** What does not add up, given the requests served since start (both sides, warm-ups included); empty when all does. */
  async finish(served: number): Promise<string[]> {
    try {
      const after = await counts(this.sql);
      const problems: string[] = [];
      for (const name of GROWS_PER_REQUEST[this.kind]) {
        const grew = after[name] - this.before[name];
        if (grew !== served) problems.push(`${name} grew by ${grew} for ${served} requests served`);
      }
      if (after.renterMoney !== this.before.renterMoney) problems.push(`renters' balance + held moved from ${this.before.renterMoney} to ${after.renterMoney}`);
      if (after.heldMismatches) problems.push(`${after.heldMismatches} renter(s) hold an amount other than their open holds`);
      return problems;
    } finally {
      await this.sql.end({ timeout: 5 });
    }
  }
}
