import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export type StoreName = 'pglite' | 'postgres';

/** Which store this test run uses: Postgres when DATABASE_URL is set, else embedded PGlite in memory. */
export const storeName: StoreName = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  /** The URL to hand to the gateway; undefined means PGlite in memory. */
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/**
 * A database no other test can see: a throwaway PGlite, or a new Postgres database created through a
 * maintenance connection to `base` (DATABASE_URL unless a test names another server, as race tests do),
 * so parallel test files never share rows.
 */
export async function freshDatabase(base: string | undefined = process.env.DATABASE_URL): Promise<TestDatabase> {
  if (!base) return { databaseUrl: undefined, drop: async () => {} };
  const name = `dcp_test_${randomBytes(6).toString('hex')}`;
  await maintenance(base, (sql) => sql.unsafe(`create database ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    drop: () => maintenance(base, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`)),
  };
}

async function maintenance(url: string, run: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
