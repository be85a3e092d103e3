import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, rowsOf, type Store } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { renters } from '../../src/db/schema.js';
import { freshDatabase, storeName, type TestDatabase } from '../helpers/database.js';

/**
 * Every query drizzle sends runs as a prepared statement (src/db/statement-cache.ts). The store must
 * answer exactly as it did unprepared: same rows and types, same errors, transactions and rollbacks intact.
 * One connection, so the session's pg_prepared_statements is the one the queries ran on.
 */
describe(`prepared statements (${storeName})`, () => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await freshDatabase();
    store = await createStore({ databaseUrl: database.databaseUrl, dataDir: 'memory://', maxConnections: 1 });
    // Migrating holds a lock on a connection of its own, which a one-connection pool cannot spare.
    const migrating = store.kind === 'postgres' ? await createStore({ databaseUrl: database.databaseUrl }) : store;
    await migrate(migrating);
    if (migrating !== store) await migrating.close();
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const insertRenter = (email: string, balanceHalala = 0) =>
    store.db.insert(renters).values({ name: 'Statement Cache', email, balanceHalala }).returning();
  const renterByEmail = (email: string) => store.db.select().from(renters).where(eq(renters.email, email));
  const preparedCount = async (like: string) =>
    Number(rowsOf<{ n: string }>(await store.db.execute(sql`select count(*) as n from pg_prepared_statements where statement like ${like}`))[0].n);

  it('answers a repeated query with the same values and types every time', async () => {
    const [created] = await insertRenter('types@example.sa', 1234);
    const first = await renterByEmail('types@example.sa');
    const again = await renterByEmail('types@example.sa');
    expect(again).toEqual(first);
    expect(first[0]).toMatchObject({ id: created.id, email: 'types@example.sa', balanceHalala: 1234, organization: null });
    expect(first[0].createdAt).toBeInstanceOf(Date);
    const raw = rowsOf<Record<string, unknown>>(
      await store.db.execute(sql`select ${'{"a":[1,2]}'}::jsonb as doc, true as yes, null::text as nothing, 42::bigint as big`),
    );
    expect(raw[0]).toMatchObject({ doc: { a: [1, 2] }, yes: true, nothing: null });
    expect(Number(raw[0].big)).toBe(42);
  });

  it('prepares a query text once, however often it runs', async () => {
    for (let i = 0; i < 5; i++) await renterByEmail(`nobody-${i}@example.sa`);
    expect(await preparedCount('%from "renters" where "renters"."email" = $1%')).toBe(1);
  });

  it('reports a failed statement as before and keeps serving queries', async () => {
    await insertRenter('twice@example.sa');
    const failure = await insertRenter('twice@example.sa').catch((err: { code?: string; cause?: { code?: string } }) => err);
    expect((failure as { cause?: { code?: string } }).cause?.code ?? (failure as { code?: string }).code).toBe('23505');
    expect(await renterByEmail('twice@example.sa')).toHaveLength(1);
  });

  it('rolls a failed transaction back whole, and its statements still work afterwards', async () => {
    const attempt = store.db.transaction(async (tx) => {
      await tx.insert(renters).values({ name: 'Rolled Back', email: 'rolled-back@example.sa' });
      await tx.transaction(async (nested) => {
        await nested.update(renters).set({ organization: 'nested' }).where(eq(renters.email, 'rolled-back@example.sa'));
      });
      throw new Error('abort');
    });
    await expect(attempt).rejects.toThrow('abort');
    expect(await renterByEmail('rolled-back@example.sa')).toEqual([]);
    await store.db.transaction((tx) => tx.insert(renters).values({ name: 'Committed', email: 'committed@example.sa' }));
    await store.db.update(renters).set({ organization: 'after' }).where(eq(renters.email, 'committed@example.sa'));
    expect((await renterByEmail('committed@example.sa'))[0].organization).toBe('after');
  });

  it('keeps answering correctly when more distinct queries run than it keeps prepared', async () => {
    const texts = Array.from({ length: 300 }, (_, i) => i);
    for (const i of texts) expect(rowsOf<{ n: number }>(await store.db.execute(sql.raw(`select ${i}::int as n`)))[0].n).toBe(i);
    for (const i of [0, 1, 299]) expect(rowsOf<{ n: number }>(await store.db.execute(sql.raw(`select ${i}::int as n`)))[0].n).toBe(i);
  });
});
