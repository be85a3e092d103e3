import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/db/client.js';
import { storeName } from '../helpers/database.js';

/**
 * Embedded PGlite runs each statement synchronously and resolves it at once, so a chain of statements (one
 * request's, then the next one's) would run as one long run of promise callbacks, and the HTTP server would
 * accept no connection and read no request until it ended. The PGlite statement cache gives the event loop
 * one turn before each statement and each transaction (ioTurn in src/db/statement-cache.ts): a callback
 * waiting for the loop (as an incoming connection does) runs between the statements of the chain.
 */
const POSTGRES_REASON = 'PGlite only: on Postgres each statement waits on a socket, so the event loop turns between statements by itself';
const CHAIN = 5;

describe(`PGlite: the event loop turns between statements (${storeName})`, () => {
  let store: Store | undefined;
  beforeAll(async () => {
    if (storeName === 'pglite') store = await createStore({ dataDir: 'memory://' });
  });
  afterAll(() => store?.close());

  /**
   * Runs `step` CHAIN times back to back; before each step a callback is queued for the loop's next turn, as
   * an incoming connection would be. Returns what happened, in order.
   */
  async function chainBeside(step: (i: number) => Promise<unknown>): Promise<string[]> {
    const order: string[] = [];
    for (let i = 0; i < CHAIN; i++) {
      setImmediate(() => order.push(`turn ${i}`));
      await step(i);
      order.push(`statement ${i}`);
    }
    // After the chain the callbacks run anyway: the question is only whether each ran before its statement ended.
    await new Promise((resolve) => setImmediate(resolve));
    return order;
  }

  const EACH_TURN_FIRST = Array.from({ length: CHAIN }, (_, i) => [`turn ${i}`, `statement ${i}`]).flat();

  it('before each statement outside a transaction', async (ctx) => {
    ctx.skip(storeName !== 'pglite', POSTGRES_REASON);
    expect(await chainBeside((i) => store!.prepared('select $1::int as n', [i]))).toEqual(EACH_TURN_FIRST);
    expect(await chainBeside((i) => store!.db.execute(sql`select ${i}::int as n`))).toEqual(EACH_TURN_FIRST);
  });

  it('before each transaction', async (ctx) => {
    ctx.skip(storeName !== 'pglite', POSTGRES_REASON);
    expect(await chainBeside((i) => store!.db.transaction((tx) => tx.execute(sql`select ${i}::int as n`)))).toEqual(EACH_TURN_FIRST);
  });
});
