import { protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { Column, is, SQL } from 'drizzle-orm';
import type postgres from 'postgres';

/**
 * Prepared statements for every query drizzle sends, on both stores. Parsing and planning a statement
 * costs more than running it for the gateway's short queries, and drizzle prepares none by default: it runs
 * unnamed statements on postgres.js (`prepare: false`) and PGlite's `query()` parses every statement afresh.
 * Only plain queries and DML are prepared; DDL and anything else (migrations, `set local`) run as before.
 */
const CACHEABLE = /^\s*(select|insert|update|delete|with)\s/i;

// ---------------------------------------------------------------------------------------------------------
// Postgres (postgres.js)

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * The postgres.js client drizzle is given, with `prepare: true` (postgres.js's own default) for cacheable
 * queries: each connection prepares a query text once and then only binds and executes it. postgres.js
 * re-prepares by itself when a schema change invalidates a plan, and its statements go with the connection
 * when it is recycled (max_lifetime), which bounds how many accumulate.
 */
export function preparingPostgresClient<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      switch (prop) {
        case 'unsafe':
          return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
            target.unsafe(query, params as never, CACHEABLE.test(query) ? { ...options, prepare: true } : options);
        // Transactions and savepoints hand drizzle a new client: it must prepare too.
        case 'begin':
        case 'savepoint':
          return (...args: unknown[]) => {
            const fn = args.pop() as (sql: Sql) => unknown;
            return (target as unknown as Record<string, (...a: unknown[]) => unknown>)[prop](...args, (sql: Sql) => fn(preparingPostgresClient(sql)));
          };
        default:
          return Reflect.get(target, prop, receiver);
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// PGlite

/**
 * A statement cache for embedded PGlite. PGlite's `query()` parses and plans every statement afresh
 * (an unnamed statement, five protocol round trips); inside the WASM Postgres that costs about 0.8 ms
 * per statement, most of a request's time. This client prepares each distinct query text once as a named
 * statement and afterwards sends only Bind/Execute/Sync, which runs the same statement several times
 * faster. It stands in for the PGlite instance drizzle is given, and provides only what drizzle calls:
 * `query()` and `transaction()`; everything else (listen, exec, close) stays on the PGlite instance.
 *
 * What it must preserve, and how:
 * - Serialisation: PGlite's own locks (the transaction lock outside a transaction, the query lock always).
 * - Results: the same `{ rows, fields, affectedRows }` shape, values parsed by PGlite's parsers and the
 *   caller's overrides, as PGlite's parseResults does.
 * - Errors: the DatabaseError PGlite would throw, with query, params and options attached. A Sync goes in
 *   the same message batch, so a failed statement never leaves the protocol mid-way.
 * - Durability: outside a transaction the data directory is synced after the statement, as `query()` does.
 * Prepared statements are session-level, so they outlive rollbacks; the least recently used ones are closed
 * beyond MAX_PREPARED (texts vary, e.g. with the length of an IN list).
 */
const MAX_PREPARED = 256;
const { serialize } = protocol;

interface Field {
  name: string;
  dataTypeID: number;
}
interface Prepared {
  name: string;
  paramTypes: number[];
  fields: Field[];
}
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];
/** The subset of PGlite's client interface drizzle's pglite driver uses. */
export interface DrizzlePgliteClient {
  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function preparingPgliteClient(pg: PGlite): DrizzlePgliteClient {
  const prepared = new Map<string, Prepared>();
  let nextId = 0;
  const send = (...parts: Uint8Array[]) => pg.execProtocolStream(concat([...parts, serialize.sync()]), { syncToFs: false });

  async function prepare(text: string): Promise<Prepared> {
    const name = `dcp_s${nextId++}`;
    const messages = await send(serialize.parse({ name, text }), serialize.describe({ type: 'S', name }));
    const params = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs: number[] } | undefined;
    const rows = messages.find((m) => m.name === 'rowDescription') as { fields: Field[] } | undefined;
    const statement = { name, paramTypes: params?.dataTypeIDs ?? [], fields: rows?.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) ?? [] };
    prepared.set(text, statement);
    if (prepared.size > MAX_PREPARED) await evictOldest();
    return statement;
  }

  async function evictOldest(): Promise<void> {
    const [text, statement] = prepared.entries().next().value as [string, Prepared];
    prepared.delete(text);
    // A statement that cannot be closed (e.g. inside an aborted transaction) only costs memory.
    await send(serialize.close({ type: 'S', name: statement.name })).catch(() => undefined);
  }

  /** The cached statement for `text`, marked most recently used; prepared on first use. */
  async function statementFor(text: string): Promise<Prepared> {
    const hit = prepared.get(text);
    if (!hit) return prepare(text);
    prepared.delete(text);
    prepared.set(text, hit);
    return hit;
  }

  /** Runs a cacheable statement; the caller holds PGlite's query lock. */
  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    try {
      const statement = await statementFor(text);
      const values = params.map((param, i) => {
        if (param == null) return null;
        const oid = statement.paramTypes[i];
        const serializer = options?.serializers?.[oid] ?? pg.serializers[oid];
        return serializer ? serializer(param) : String(param);
      });
      const messages = await send(serialize.bind({ statement: statement.name, values }), serialize.execute({}));
      return toResults<T>(messages, statement.fields, options);
    } catch (err) {
      if (err instanceof Error && 'code' in err) Object.assign(err, { query: text, params, queryOptions: options });
      throw err;
    }
  }

  function toResults<T>(messages: BackendMessage[], fields: Field[], options: QueryOptions | undefined): Results<T> {
    const parsers = fields.map((f) => options?.parsers?.[f.dataTypeID] ?? pg.parsers[f.dataTypeID]);
    const parse = (value: string | null, i: number) => (value === null || !parsers[i] ? value : parsers[i](value, fields[i].dataTypeID));
    const rows: unknown[] = [];
    let affectedRows = 0;
    for (const m of messages) {
      if (m.name === 'dataRow') {
        const values = (m as unknown as { fields: Array<string | null> }).fields;
        rows.push(options?.rowMode === 'array' ? values.map(parse) : Object.fromEntries(values.map((v, i) => [fields[i].name, parse(v, i)])));
      } else if (m.name === 'commandComplete') {
        // "INSERT 0 5", "UPDATE 3", "DELETE 1": the row count is the last word.
        const parts = (m as unknown as { text: string }).text.split(' ');
        if (['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(parts[0])) affectedRows += Number.parseInt(parts[parts.length - 1], 10) || 0;
      }
    }
    return { rows: rows as T[], fields, affectedRows };
  }

  return {
    query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
      if (!CACHEABLE.test(text) || options?.blob) return pg.query<T>(text, params, options);
      return pg._runExclusiveTransaction(() =>
        pg._runExclusiveQuery(async () => {
          await ioTurn();
          const result = await run<T>(text, params, options);
          await pg.syncToFs();
          return result;
        }),
      );
    },
    transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) => {
        await ioTurn();
        const cached: Transaction = Object.create(tx, {
          query: {
            value<R>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<R>> {
              if (!CACHEABLE.test(text) || options?.blob || tx.closed) return tx.query<R>(text, params, options);
              return pg._runExclusiveQuery(() => run<R>(text, params, options));
            },
          },
        });
        return fn(cached);
      });
    },
  };
}

/**
 * Lets the event loop poll for I/O before a statement runs. PGlite runs each statement synchronously on the
 * gateway's thread and resolves it at once, so under load one statement's continuation starts the next
 * (the next request's, the next heartbeat batch) in the same run of promise callbacks, and the loop seldom
 * reaches its poll phase: connections waited seconds in the kernel's accept queue (bench/RESULTS.md, the
 * PGlite check). One turn per statement (or transaction) keeps accepting and reading requests going.
 */
const ioTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------------------------------------------------
// Queries built once

/**
 * Memoises a drizzle prepared query per database handle. Building a query's SQL text costs the gateway
 * more CPU than sending it (about 0.1 ms for a join with a dozen columns), so the queries nearly every
 * request runs are built once and then only executed with new placeholder values.
 */
export function builtOnce<E extends object, Q>(build: (ex: E) => Q): (ex: E) => Q {
  const built = new WeakMap<E, Q>();
  return (ex) => {
    let query = built.get(ex);
    if (!query) {
      query = build(ex);
      built.set(ex, query);
    }
    return query;
  };
}

/** Shapes kept per database handle; past this the oldest is dropped (filters combine into many shapes). */
const MAX_SHAPES = 256;

/**
 * Like builtOnce, for a query whose text depends on which options a request uses (which filters, which
 * cursor, which order) but not on their values: one prepared query per shape, values as placeholders.
 * The shape must name everything `build` reads besides the handle.
 */
export function builtPerShape<E extends object>() {
  const built = new WeakMap<E, Map<string, unknown>>();
  return <Q>(ex: E, shape: string, build: (ex: E) => Q): Q => {
    let shapes = built.get(ex);
    if (!shapes) built.set(ex, (shapes = new Map()));
    let query = shapes.get(shape) as Q | undefined;
    if (query === undefined) {
      query = build(ex);
      if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value as string);
      shapes.set(shape, query);
    }
    return query;
  };
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}
/** What drizzle keeps on a prepared query (both drivers): the selection in column order, and the row mapper it prefers. */
interface PreparedInternals {
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: (rows: unknown[][]) => unknown;
}

/**
 * Gives a prepared select a row mapper made once from its selection: flat columns, and objects of columns one
 * level deep (a joined row, `{ provider: providerCardColumns }`), which are null when every column of theirs is
 * (what drizzle does for a left join that found nothing). drizzle's own mapper works out each value's decoder
 * again for every row (class checks up the prototype chain, a path walk), a tenth of a list request's CPU;
 * this one only decodes. Anything else is returned unchanged, so a drizzle that keeps its selection elsewhere
 * only loses the speed-up.
 */
export function withCompiledRows<Q extends object>(query: Q): Q {
  const internals = query as PreparedInternals;
  const fields = internals.fields;
  if (!fields || internals.customResultMapper || fields.some((f) => f.path.length > 2)) return query;
  const decoders = fields.map(({ field }): Decoder => {
    if (is(field, Column)) return field;
    // An SQL expression carries its decoder (internal to drizzle); an aliased one wraps the expression.
    const expression = is(field, SQL) ? field : (field as { sql: unknown }).sql;
    return (expression as { decoder: Decoder }).decoder;
  });
  internals.customResultMapper = rowMapper(fields, decoders);
  return query;
}

/**
 * The row mapper for a selection, as one function written for it: each row becomes one object literal (one
 * hidden class, built in one step, instead of a property added at a time in a loop), and a column whose
 * decoder returns the driver's value as it is (text, a boolean) is not decoded at all.
 */
function rowMapper(fields: { path: string[] }[], decoders: Decoder[]): (rows: unknown[][]) => unknown[] {
  const identity = Column.prototype.mapFromDriverValue;
  const value = (i: number) => (decoders[i].mapFromDriverValue === identity ? `row[${i}]` : `(row[${i}] === null ? null : d[${i}].mapFromDriverValue(row[${i}]))`);
  const entries: string[] = [];
  const nested = new Map<string, number[]>();
  fields.forEach((f, i) => {
    if (f.path.length === 1) entries.push(`${JSON.stringify(f.path[0])}: ${value(i)}`);
    else nested.set(f.path[0], [...(nested.get(f.path[0]) ?? []), i]);
  });
  for (const [name, columns] of nested) {
    // Null when every column of theirs is: what drizzle answers for a left join that found nothing.
    const absent = columns.map((i) => `row[${i}] === null`).join(' && ');
    const object = columns.map((i) => `${JSON.stringify(fields[i].path[1])}: ${value(i)}`).join(', ');
    entries.push(`${JSON.stringify(name)}: ${absent} ? null : { ${object} }`);
  }
  const mapRow = new Function('d', `return (row) => ({ ${entries.join(', ')} });`)(decoders) as (row: unknown[]) => unknown;
  return (rows) => rows.map(mapRow);
}
