import postgres from 'postgres';

/**
 * Where race tests run. PGlite runs one transaction at a time, so "concurrent" work there runs one piece
 * after another: a claim without its row lock, a balance read before an unguarded debit, a settlement
 * without its state guard all pass. Race tests therefore always run on Postgres: on DATABASE_URL when the
 * suite runs there, otherwise on a local server if one answers (DCP_TEST_POSTGRES_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres), each file in a database of its own created there
 * (freshDatabase). When none answers they are skipped with a loud warning; DCP_TEST_POSTGRES_URL=off skips
 * them on purpose (still loudly).
 */

export const DEFAULT_RACE_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

type Probe = { url: string; reason?: undefined } | { url?: undefined; reason: string };

let probed: Promise<Probe> | undefined;

async function probe(): Promise<Probe> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const url = process.env.DCP_TEST_POSTGRES_URL || DEFAULT_RACE_POSTGRES_URL;
  if (url === 'off') return { reason: 'DCP_TEST_POSTGRES_URL=off' };
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return { url };
  } catch (err) {
    return { reason: `no Postgres answered at ${redacted(url)} (${err instanceof Error ? err.message : String(err)})` };
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/**
 * The Postgres server the race tests of `file` create their database on; undefined, after a warning
 * nobody can miss, when there is none. The probe runs once per test worker.
 */
export async function racePostgres(file: string): Promise<string | undefined> {
  const found = await (probed ??= probe());
  if (found.url) return found.url;
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\n!!! RACE TESTS SKIPPED in ${file}: ${found.reason}.\n` +
      '!!! PGlite runs one transaction at a time, so these races cannot happen there; without Postgres, lost\n' +
      '!!! row locks and unguarded balance or state checks go unnoticed. Start a local Postgres or set\n' +
      `!!! DCP_TEST_POSTGRES_URL (or DATABASE_URL) to run them.\n${line}\n`,
  );
  return undefined;
}
