import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postgresDriverPatched } from '../../src/db/driver-patch.js';
import { isDatabaseUnavailable } from '../../src/domain/availability.js';
import { eventually } from '../helpers/eventually.js';
import { storeName } from '../helpers/index.js';

/**
 * The postgres.js faults that scripts/patch-postgres.mjs fixes (applied at npm install), reproduced on a
 * real server: a connection killed under a transaction or a reserved connection. Unpatched, the driver
 * writes the transaction's ROLLBACK (or the next reserved query) to the dead connection's null socket from
 * a timer, an uncaught TypeError that ends the process; and the connection it leaves can never open again.
 */

describe('the installed postgres.js', () => {
  it('carries the outage patch (npm install applies it)', () => {
    expect(postgresDriverPatched()).toBe(true);
  });
});

describe.skipIf(storeName !== 'postgres')('postgres.js when the server kills a connection in use', () => {
  let sql: postgres.Sql;
  let killer: postgres.Sql;
  const uncaught: unknown[] = [];
  const record = (err: unknown) => void uncaught.push(err);

  beforeAll(() => {
    killer = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    process.on('uncaughtException', record);
  });

  afterEach(async () => {
    await sql?.end({ timeout: 2 });
  });

  afterAll(async () => {
    process.off('uncaughtException', record);
    await killer?.end({ timeout: 2 });
  });

  /** One connection, so the pool can only recover by reopening the connection that was killed. */
  const onePool = () => postgres(process.env.DATABASE_URL!, { max: 1, connect_timeout: 3, onnotice: () => {} });

  async function terminate(pid: number): Promise<void> {
    await killer`select pg_terminate_backend(${pid})`;
  }

  /** A timer callback would throw after the awaited work settled: give it the chance, then look. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('a transaction whose connection dies rejects with a connection error, nothing throws from a timer, and the pool carries on', async () => {
    sql = onePool();
    let pid: number | undefined;
    const tx = sql.begin(async (t) => {
      [{ pid }] = await t<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await t`select pg_sleep(5)`;
    });
    await terminate(await eventually(() => pid, 'the transaction to report its backend pid'));
    const failure = await tx.then(() => undefined, (err: unknown) => err);
    expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
    await settle();
    expect(uncaught).toEqual([]);

    // The only connection was the killed one: it reopens at once (no stale write or error from the dead session).
    const started = Date.now();
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a reserved connection that dies refuses further queries, its release is harmless, and the pool carries on', async () => {
    sql = onePool();
    const reserved = await sql.reserve();
    const [{ pid }] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const sleeping = reserved`select pg_sleep(5)`.then(() => undefined, (err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await terminate(pid);
    expect(isDatabaseUnavailable(await sleeping)).toBe(true);
    // The advisory-unlock-in-finally pattern: a query on the lost connection, then release.
    const after = await reserved`select 1`.then(() => undefined, (err: unknown) => err);
    expect(isDatabaseUnavailable(after), String(after)).toBe(true);
    reserved.release();
    await settle();
    expect(uncaught).toEqual([]);

    const answers = await Promise.all([1, 2, 3].map(() => sql`select 1 as one`));
    expect(answers).toEqual([[{ one: 1 }], [{ one: 1 }], [{ one: 1 }]]);
  });
});
