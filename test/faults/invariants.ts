import type postgres from 'postgres';
import { moneyViolations as violations } from '../helpers/money.js';

/**
 * The money invariants (test/helpers/money.ts), read through the test's own connection to the database of a
 * gateway running in another process: an empty list means every cached balance equals its ledger account,
 * every renter's held amount equals its open holds, every job has exactly one hold, held while the job is
 * open and resolved once it is final, and money is conserved.
 */
export function moneyViolations(sql: postgres.Sql): Promise<string[]> {
  return violations((text) => sql.unsafe(text));
}
