import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Logger, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { preparingPgliteClient, preparingPostgresClient } from './statement-cache.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: the same query API as Db, scoped to one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run queries: the database itself or an open transaction. */
export type Executor = Db | Tx;

export interface Store {
  kind: 'pglite' | 'postgres';
  db: Db;
  /**
   * Subscribes to a NOTIFY channel; returns the unsubscribe function. `onListen` runs once listening has
   * started and again each time it resumes after the connection was lost (Postgres; PGlite never loses it):
   * notifications sent in between are gone.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  /** Sends a NOTIFY on `channel` outside any transaction. */
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Runs `handler` each time a pooled connection to the database closes or fails to open (Postgres only:
   * PGlite has no connection to lose). A sign of an outage, after which the LISTEN connection may be gone
   * too. Returns the unsubscribe function.
   */
  onDisconnect(handler: () => void): () => void;
  /** Runs `fn` while holding a session-level advisory lock (waits for it). */
  withExclusiveLock<T>(lockId: number, fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` only if the advisory lock is free (another instance is not already running it). */
  withLockIfFree<T>(lockId: number, fn: () => Promise<T>): Promise<T | undefined>;
  /**
   * Runs one statement whose text is fixed (built once, at module load) with positional parameters,
   * outside any transaction, prepared once per connection. For the hottest paths, where drizzle building the
   * same SQL again for every request costs more than running it. Values come back as drizzle's raw
   * `execute()` gives them (timestamps as text; json parsed on Postgres, text on PGlite).
   */
  prepared<T>(text: string, params: unknown[]): Promise<T[]>;
  /** Statements sent through drizzle or `prepared` since start; tests use it to prove batching. */
  statements: StatementLog;
  close(): Promise<void>;
}

/** Counts (and optionally records) every statement drizzle sends. */
export class StatementLog implements Logger {
  count = 0;
  recorded: string[] | undefined;
  logQuery(query: string): void {
    this.count += 1;
    this.recorded?.push(query);
  }
  /** Counts the statements `fn` sends. Only meaningful when nothing else runs at the same time. */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; queries: string[] }> {
    const before = this.count;
    const previous = this.recorded;
    this.recorded = [];
    try {
      const result = await fn();
      return { result, count: this.count - before, queries: this.recorded };
    } finally {
      this.recorded = previous;
    }
  }
}

export interface StoreOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** Pool size for postgres.js. */
  maxConnections?: number;
  /** How long postgres.js waits for a connection to open before the query fails (an unreachable host). */
  connectTimeoutSeconds?: number;
}

export async function createStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? createPostgresStore(options.databaseUrl, options) : createPgliteStore(options.dataDir ?? 'memory://');
}

async function createPgliteStore(dataDir: string): Promise<Store> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  await client.waitReady;
  const statements = new StatementLog();
  // Drizzle only calls query() and transaction(), which the statement cache provides.
  const preparing = preparingPgliteClient(client);
  const db = drizzlePglite(preparing as PGlite, { schema, logger: statements }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async prepared<T>(text: string, params: unknown[]) {
      statements.logQuery(text);
      return (await preparing.query<T>(text, params)).rows;
    },
    statements,
    async listen(channel, onPayload, onListen) {
      const unlisten = await client.listen(channel, onPayload);
      onListen?.();
      return async () => unlisten();
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    onDisconnect: () => () => {},
    // One embedded connection serves one process: nothing else can hold the lock.
    withExclusiveLock: (_lockId, fn) => fn(),
    withLockIfFree: (_lockId, fn) => fn(),
    async close() {
      await client.close();
    },
  };
}

/**
 * Delay before a pooled connection tries the database again after a failure, in seconds (postgres.js's
 * option). Its own default grows to 10-20 s after a few refused attempts, which would hold requests that
 * long during an outage and delay recovery by as much: here it stays under half a second, so a request
 * fails fast while the database is down and the pool is back within moments of it.
 */
const reconnectDelaySeconds = (retries: number) => Math.min(0.5, 0.025 * 2 ** retries) * (0.5 + Math.random() / 2);

async function createPostgresStore(url: string, options: StoreOptions): Promise<Store> {
  const disconnectHandlers = new Set<() => void>();
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    backoff: reconnectDelaySeconds,
    onnotice: () => {},
    onclose: () => {
      for (const handler of disconnectHandlers) handler();
    },
  });
  const statements = new StatementLog();
  const db = drizzlePostgres(preparingPostgresClient(client), { schema, logger: statements }) as unknown as Db;
  await client`select 1`;
  return {
    kind: 'postgres',
    db,
    async prepared<T>(text: string, params: unknown[]) {
      statements.logQuery(text);
      // drizzle's driver has already made this client pass json and timestamps through as text, both ways.
      return (await client.unsafe(text, params as never[], { prepare: true })) as unknown as T[];
    },
    statements,
    async listen(channel, onPayload, onListen) {
      // postgres.js keeps a dedicated LISTEN connection, re-listens after it reconnects and then calls onListen.
      const { unlisten } = await client.listen(channel, onPayload, onListen);
      return unlisten;
    },
    async notify(channel, payload) {
      await client.notify(channel, payload);
    },
    onDisconnect(handler) {
      disconnectHandlers.add(handler);
      return () => disconnectHandlers.delete(handler);
    },
    async withExclusiveLock(lockId, fn) {
      const conn = await client.reserve();
      try {
        await conn`select pg_advisory_lock(${lockId})`;
        try {
          return await fn();
        } finally {
          await conn`select pg_advisory_unlock(${lockId})`;
        }
      } finally {
        conn.release();
      }
    },
    async withLockIfFree(lockId, fn) {
      const conn = await client.reserve();
      try {
        const [{ locked }] = await conn`select pg_try_advisory_lock(${lockId}) as locked`;
        if (!locked) return undefined;
        try {
          return await fn();
        } finally {
          await conn`select pg_advisory_unlock(${lockId})`;
        }
      } finally {
        conn.release();
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/** Rows of a raw `execute()` result: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A statement text with positional parameters ($1, $2, … as `Store.prepared` takes it) as drizzle SQL, so the
 * same text also runs inside a transaction. The texts given here use `$n` only for parameters.
 */
export function positional(text: string, params: unknown[]): SQL {
  return sql.join(text.split(/\$(\d+)/).map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)));
}
