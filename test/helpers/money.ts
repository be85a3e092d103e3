import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import type { Gateway } from '../../src/gateway.js';

/**
 * The money invariants, read straight from the tables with SQL of their own (no gateway code involved),
 * as a list of violations: empty means the money is right. Two kinds of check:
 *
 * - Consistency: every cached figure equals the ledger (a renter's balance its `renter:<id>` account, a
 *   provider's earnings its `provider:<id>` account, a renter's held amount its open holds).
 * - Conservation: money is created only by credits (starter credit, top-ups, admin credits) and leaves only
 *   by admin debits; no account but `external` is ever negative; every open hold and /v1 reservation
 *   account holds exactly its amount, and every resolved one nets to zero (what went in came out, once);
 *   a settled job paid its provider and the platform exactly its actual cost and refunded the rest; and
 *   what renters, providers, the platform and open holds and reservations have together equals what was
 *   credited minus what was debited.
 *
 * Consistency alone misses a payout computed from the wrong figure (earnings split on the quote instead of
 * the metered cost: the cached earnings still equal the provider's ledger account) or a hold paid out
 * twice; conservation catches both.
 *
 * `query` runs one SQL text and returns its rows, so the same checks serve the in-process harness (drizzle)
 * and the fault tests (postgres.js against a gateway in another process).
 */
export type QueryRows = (text: string) => Promise<Record<string, unknown>[]>;

/** Ledger kinds that bring money in from outside, and those that send it out. */
export const CREDIT_KINDS = ['starter_credit', 'sandbox_topup', 'admin_credit'];
export const DEBIT_KINDS = ['admin_debit'];

const list = (kinds: string[]) => kinds.map((k) => `'${k}'`).join(', ');

/** Each account's balance by the ledger: what it received minus what it sent. */
const BALANCES = `balances as (
  select account, sum(delta) as balance from (
    select to_account as account, amount_halala as delta from ledger_entries
    union all
    select from_account, -amount_halala from ledger_entries) movements
  group by account)`;

const CHECKS: Array<[string, string]> = [
  ['ledger entry that is not a positive amount between two accounts', `select id, kind, amount_halala, from_account, to_account from ledger_entries where amount_halala <= 0 or from_account = to_account`],
  [
    'money entering or leaving other than by a credit or debit',
    `select id, kind, amount_halala, from_account, to_account from ledger_entries
      where (from_account = 'external') <> (kind in (${list(CREDIT_KINDS)})) or (to_account = 'external') <> (kind in (${list(DEBIT_KINDS)}))`,
  ],
  [
    'renter balance differs from its ledger account',
    `with ${BALANCES} select r.id, r.balance_halala, coalesce(b.balance, 0) as ledger from renters r
      left join balances b on b.account = 'renter:' || r.id where r.balance_halala <> coalesce(b.balance, 0)`,
  ],
  [
    'provider earnings differ from its ledger account',
    `with ${BALANCES} select p.id, p.earnings_halala, coalesce(b.balance, 0) as ledger from providers p
      left join balances b on b.account = 'provider:' || p.id where p.earnings_halala <> coalesce(b.balance, 0)`,
  ],
  ['account other than external with a negative balance', `with ${BALANCES} select account, balance from balances where account <> 'external' and balance < 0`],
  [
    'ledger account that belongs to nothing',
    `with ${BALANCES} select b.account, b.balance from balances b
      where b.account not in ('platform', 'external')
        and not exists (select 1 from renters r where 'renter:' || r.id = b.account)
        and not exists (select 1 from providers p where 'provider:' || p.id = b.account)
        and not exists (select 1 from holds h where 'hold:' || h.job_id = b.account)
        and not exists (select 1 from inference_reservations i where 'inference:' || i.id = b.account)`,
  ],
  [
    'renter held amount differs from its open holds',
    `select r.id, r.held_halala, coalesce(sum(h.amount_halala), 0) as open_holds from renters r
      left join holds h on h.renter_id = r.id and h.status = 'held'
      group by r.id having r.held_halala <> coalesce(sum(h.amount_halala), 0)`,
  ],
  ['job without exactly one hold', `select j.id, count(h.id) as holds from jobs j left join holds h on h.job_id = j.id group by j.id having count(h.id) <> 1`],
  [
    'hold state does not match its job (held while open, resolved once final)',
    `select j.id, j.status, h.status as hold from jobs j join holds h on h.job_id = j.id
      where (h.status = 'held') <> (j.status not in ('completed', 'failed', 'cancelled'))`,
  ],
  [
    'hold account does not hold its amount while held, or does not net to zero once resolved',
    `with ${BALANCES} select h.job_id, h.status, h.amount_halala, coalesce(b.balance, 0) as ledger from holds h
      left join balances b on b.account = 'hold:' || h.job_id
      where coalesce(b.balance, 0) <> case when h.status = 'held' then h.amount_halala else 0 end`,
  ],
  [
    '/v1 reservation account does not hold its amount while held, or does not net to zero once resolved',
    `with ${BALANCES} select i.id, i.state, i.amount_halala, coalesce(b.balance, 0) as ledger from inference_reservations i
      left join balances b on b.account = 'inference:' || i.id
      where coalesce(b.balance, 0) <> case when i.state = 'held' then i.amount_halala else 0 end`,
  ],
  [
    'resolved hold paid out other than its job’s actual cost (provider share + platform fee), the rest refunded',
    `select h.job_id, h.status, h.amount_halala, j.actual_cost_halala, j.provider_earned_halala, j.dc1_fee_halala, paid.provider, paid.platform, paid.renter
       from holds h join jobs j on j.id = h.job_id,
       lateral (select coalesce(sum(e.amount_halala) filter (where e.to_account like 'provider:%'), 0) as provider,
                       coalesce(sum(e.amount_halala) filter (where e.to_account = 'platform'), 0) as platform,
                       coalesce(sum(e.amount_halala) filter (where e.to_account like 'renter:%'), 0) as renter
                  from ledger_entries e where e.from_account = 'hold:' || h.job_id) paid
      where (h.status = 'settled' and (j.actual_cost_halala is null
               or paid.provider <> coalesce(j.provider_earned_halala, 0) or paid.platform <> coalesce(j.dc1_fee_halala, 0)
               or paid.provider + paid.platform <> j.actual_cost_halala or paid.renter <> h.amount_halala - j.actual_cost_halala))
         or (h.status = 'released' and (paid.provider + paid.platform <> 0 or paid.renter <> h.amount_halala))`,
  ],
  [
    'money held by renters, providers, the platform, open holds and reservations differs from what was credited minus debited',
    `select * from (
       select (select coalesce(sum(balance_halala), 0) from renters)
            + (select coalesce(sum(earnings_halala), 0) from providers)
            + (select coalesce(sum(case when to_account = 'platform' then amount_halala else -amount_halala end), 0)
                 from ledger_entries where 'platform' in (to_account, from_account))
            + (select coalesce(sum(amount_halala), 0) from holds where status = 'held')
            + (select coalesce(sum(amount_halala), 0) from inference_reservations where state = 'held') as inside,
              (select coalesce(sum(amount_halala), 0) from ledger_entries where from_account = 'external')
            - (select coalesce(sum(amount_halala), 0) from ledger_entries where to_account = 'external') as credited) totals
      where inside <> credited`,
  ],
];

export async function moneyViolations(query: QueryRows): Promise<string[]> {
  const violations: string[] = [];
  for (const [what, text] of CHECKS) for (const row of await query(text)) violations.push(`${what}: ${JSON.stringify(row, bigintsAsText)}`);
  return violations;
}

const bigintsAsText = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/** The gateway's own store as a `QueryRows`. */
export function queryRowsOf(gateway: Gateway): QueryRows {
  return async (text) => rowsOf<Record<string, unknown>>(await gateway.store.db.execute(sql.raw(text)));
}

/** Fails the test with every violated money invariant, after /v1 settlements still running have landed. */
export async function expectMoneyConsistent(gateway: Gateway): Promise<void> {
  await gateway.domain.inference.drain();
  expect(await moneyViolations(queryRowsOf(gateway))).toEqual([]);
}
