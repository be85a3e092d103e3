/**
 * The floor `npm run bench` measures the gateway against: the simplest server that does the same durable
 * work per request. Bare node:http and postgres.js (no framework, no ORM, no validation library), one named
 * prepared statement per request (bench/floor/statements.ts) on the gateway's own tables, in the database
 * the gateway migrated and seeded, committed durably. It answers the same requests the gateway is sent:
 *
 *   POST /api/providers/heartbeat   the daemon's body, `api_key` in it (or x-provider-key)
 *   POST /api/jobs/submit           the SDK's body, x-renter-key
 *
 * It talks to its parent (bench/bench.ts) over IPC like the gateway process: `ready` once listening,
 * `counters` (statements sent, CPU µs, requests served), `stop`. Usage (spawned): node --import tsx bench/floor/server.ts
 * with DATABASE_URL set; BENCH_FLOOR_POOL sets the pool size (default 10, the gateway's).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { requestCounter } from '../helpers/child.js';
import { HEARTBEAT_SQL, heartbeatParams, SUBMIT_SQL, submitParams } from './statements.js';

const MAX_BODY_BYTES = 1 << 20;
let statements = 0;

type Sql = postgres.Sql;
type Handler = (sql: Sql, req: IncomingMessage, body: Record<string, unknown>) => Promise<[number, unknown]>;

/** One prepared statement, counted (the harness reports statements per request for the floor too). */
function run(sql: Sql, text: string, params: unknown[]) {
  statements++;
  return sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

const heartbeat: Handler = async (sql, req, body) => {
  const key = typeof body.api_key === 'string' ? body.api_key : header(req, 'x-provider-key');
  if (!key) return [401, { error: 'API key required' }];
  const [row] = await run(sql, HEARTBEAT_SQL, heartbeatParams(key, body));
  if (!row) return [403, { error: 'Unknown key, or provider not approved' }];
  return [
    200,
    { success: true, message: 'Heartbeat received', timestamp: (row.at as Date).toISOString(), approval_status: row.approval_status, approved: true, is_paused: row.is_paused ? 1 : 0 },
  ];
};

const submit: Handler = async (sql, req, body) => {
  const key = header(req, 'x-renter-key');
  if (!key) return [401, { error: 'Renter API key required' }];
  const input = submitParams(key, body);
  if ('error' in input) return [400, { error: 'Validation failed', fields: [{ field: input.field, message: input.error }] }];
  const [row] = await run(sql, SUBMIT_SQL, input.params);
  if (row.renter_id == null) return [401, { error: 'Invalid renter key' }];
  if (row.job_row_id == null) return [402, { error: 'Insufficient balance', required_halala: input.costHalala }];
  return [
    201,
    { success: true, job: { id: row.job_row_id, job_id: input.jobId, status: 'queued', cost_halala: input.costHalala, submitted_at: (row.submitted_at as Date).toISOString() } },
  ];
};

const ROUTES: Record<string, Handler> = {
  'POST /api/providers/heartbeat': heartbeat,
  'POST /api/jobs/submit': submit,
};

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function serve(sql: Sql, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const handler = ROUTES[`${req.method} ${req.url?.split('?')[0]}`];
  if (!handler) return reply(res, 404, { error: 'Not found' });
  const body = await readBody(req);
  if (!body) return reply(res, 400, { error: 'Body must be a JSON object' });
  try {
    const [status, payload] = await handler(sql, req, body);
    reply(res, status, payload);
  } catch (err) {
    console.error('floor:', err);
    reply(res, 500, { error: 'Internal error' });
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('the floor server needs DATABASE_URL (the database the gateway migrated and seeded)');
  if (!process.send) throw new Error('bench/floor/server.ts runs as a child of bench/bench.ts (it needs an IPC channel)');
  const sql = postgres(url, { max: Number(process.env.BENCH_FLOOR_POOL ?? 10), prepare: true, onnotice: () => {} });
  await sql`select 1`;
  const server = createServer((req, res) => void serve(sql, req, res));
  server.keepAliveTimeout = 60_000;
  const requests = requestCounter(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const send = (m: unknown) => process.send!(m);
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'counters') {
      const cpu = process.cpuUsage();
      send({ type: 'counters', statements, cpuUs: cpu.user + cpu.system, ...requests });
    } else if (m.type === 'stop') {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sql.end({ timeout: 5 });
      send({ type: 'stopped' });
      process.disconnect();
    }
  });
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
