import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { freshDatabase } from '../test/helpers/database.js';

/**
 * Subscription fan-out: N graphql-ws connections, each subscribed to the same provider's heartbeats,
 * receive one event per round. Measures delivery latency (heartbeat sent -> each subscriber's `next`)
 * and the gateway's memory per idle subscriber (heap + external after a full GC, and RSS).
 *
 *   npx tsx bench/subscriptions.ts -n 1000 -n 10000 [--rounds 5] [--database-url postgres://…]
 *
 * With a database URL (or DATABASE_URL), each scenario runs on a new database on that server, dropped after.
 *
 * The gateway runs as a child process (`src/main.ts`, with bench/subscriptions-probe.ts preloaded to
 * report memory and record profiles), the subscribers in this one, on the same machine.
 */

const { values } = parseArgs({
  options: {
    n: { type: 'string', multiple: true, default: ['1000', '10000'] },
    rounds: { type: 'string', default: '5' },
    'database-url': { type: 'string' },
    /** Write a CPU profile of the gateway during the recorded rounds to this directory. */
    profile: { type: 'string' },
    /** Write a sampled allocation profile of the gateway during the recorded rounds to this directory. */
    allocations: { type: 'string' },
    /** Write heap snapshots of the gateway before and after the subscribers connect to this directory. */
    'heap-snapshots': { type: 'string' },
    /** Extra flags for the gateway's node, e.g. "--max-semi-space-size=64". */
    'node-flags': { type: 'string', default: '' },
  },
});

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SUBSCRIPTION = 'subscription ($id: ID!) { providerHeartbeat(providerId: $id) { id status lastHeartbeat } }';
/** Handshakes in flight at once: more would overflow the listen backlog. */
const CONNECT_BATCH = 250;
const profileDir = values.profile;
const allocationsDir = values.allocations;
const heapDir = values['heap-snapshots'];
const nodeFlags = values['node-flags'].split(' ').filter(Boolean);
const WARM_UP_ROUNDS = 2;

interface Gateway {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startGateway(databaseUrl: string | undefined): Promise<Gateway> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'dcp-bench-'));
  const probe = ['--expose-gc', '--import', './bench/subscriptions-probe.ts'];
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...probe, 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DCP_RATE_LIMITS: 'off',
      // Every subscriber connects from this one address.
      DCP_WS_MAX_CONNECTIONS_PER_IP: '0',
      DCP_ADMIN_TOKEN: ADMIN_TOKEN,
      DCP_AUTO_APPROVE_PROVIDERS: '1',
      DCP_DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => (String(chunk).includes('URL:') ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function gql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function registerProvider(url: string): Promise<{ id: string; apiKey: string }> {
  const data = await gql(
    url,
    `mutation ($input: RegisterProviderInput!) { registerProvider(input: $input) { apiKey provider { id } userErrors { code message } } }`,
    { input: { name: 'Bench GPU', email: `bench-${Date.now()}@example.sa`, gpuModel: 'NVIDIA GeForce RTX 4090', os: 'linux' } },
  );
  return { id: data.registerProvider.provider.id, apiKey: data.registerProvider.apiKey };
}

const beat = (url: string, apiKey: string) =>
  gql(url, `mutation { heartbeat(input: { gpuStatus: { gpu_name: "NVIDIA GeForce RTX 4090" }, daemonVersion: "4.1.0" }) { __typename } }`, {}, { 'x-provider-key': apiKey });

/**
 * One graphql-ws subscriber (the protocol by hand: the bench must not be slower than the server it
 * measures). Once subscribed, a message is only timed and kept, not parsed: on a shared 2-core machine
 * the subscribers' own parsing would show up as delivery latency. The last message is checked at the end.
 */
class Subscriber {
  receivedAt: number[] = [];
  last: Buffer | undefined;
  private constructor(private readonly socket: WebSocket) {}

  static async open(url: string, providerId: string, id: string): Promise<Subscriber> {
    // The server's UTF-8 is trusted here for the same reason.
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { skipUTF8Validation: true });
    const subscriber = new Subscriber(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      socket.once('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string };
        if (message.type !== 'connection_ack') return reject(new Error(JSON.stringify(message)));
        socket.on('message', (next: Buffer) => {
          subscriber.receivedAt.push(performance.now());
          subscriber.last = next;
        });
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: SUBSCRIPTION, variables: { id: providerId } } }));
        resolve();
      });
    });
    return subscriber;
  }

  /** Throws unless the last message was this subscription's heartbeat result. */
  check(id: string, providerId: string): void {
    const message = JSON.parse(String(this.last)) as { id: string; type: string; payload: { data?: any; errors?: unknown } };
    if (message.id !== id || message.type !== 'next' || message.payload.errors || message.payload.data?.providerHeartbeat?.id !== providerId)
      throw new Error(`Unexpected message for ${id}: ${String(this.last)}`);
  }

  close(): void {
    this.socket.terminate();
  }
}

/** The gateway's memory after a full GC (heap and external buffers, in KB), and its resident set. */
async function gatewayMemory(child: ChildProcess): Promise<{ retainedKb: number; rssKb: number }> {
  const usage = (await ask(child, 'memory')) as NodeJS.MemoryUsage;
  return { retainedKb: (usage.heapUsed + usage.external) / 1024, rssKb: usage.rss / 1024 };
}

/** Sends a command to the probe preloaded into the gateway and waits for its answer. */
function ask(child: ChildProcess, command: string): Promise<unknown> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(command);
  });
}

const subscriptionId = (i: number) => `sub-${i}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function scenario(n: number, rounds: number) {
  const database = await freshDatabase();
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' / ');
  const gateway = await startGateway(database.databaseUrl);
  try {
    const provider = await registerProvider(gateway.url);
    // Warm up: the first heartbeat, query plans, one subscriber's code paths.
    await beat(gateway.url, provider.apiKey);
    const warm = await Subscriber.open(gateway.url, provider.id, 'warm-up');
    await beat(gateway.url, provider.apiKey);
    await waitFor(() => warm.receivedAt.length === 1, 'the warm-up event');
    warm.close();
    await new Promise((r) => setTimeout(r, 500));

    const before = await gatewayMemory(gateway.child);
    if (heapDir) await ask(gateway.child, `heap-snapshot ${join(heapDir, `subscriptions-${n}-before.heapsnapshot`)}`);
    const subscribers: Subscriber[] = [];
    for (let i = 0; i < n; i += CONNECT_BATCH) {
      // Distinct ids, as real clients choose them.
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, n - i) }, (_, j) => Subscriber.open(gateway.url, provider.id, subscriptionId(i + j)));
      subscribers.push(...(await Promise.all(batch)));
    }
    // Let the server finish registering the last subscriptions.
    await new Promise((r) => setTimeout(r, 1000));
    const idle = await gatewayMemory(gateway.child);
    if (heapDir) await ask(gateway.child, `heap-snapshot ${join(heapDir, `subscriptions-${n}-idle.heapsnapshot`)}`);

    const latencies: number[] = [];
    /** Per round, the earliest delivery: the heartbeat's write, commit and NOTIFY, before any fan-out. */
    const firsts: number[] = [];
    // The first rounds at a new scale pay for JIT compilation and buffer growth: run them unrecorded.
    for (let round = 0; round < WARM_UP_ROUNDS + rounds; round += 1) {
      if (round === WARM_UP_ROUNDS && profileDir) await ask(gateway.child, 'profile-start');
      if (round === WARM_UP_ROUNDS && allocationsDir) await ask(gateway.child, 'allocations-start');
      const sentAt = performance.now();
      await beat(gateway.url, provider.apiKey);
      await waitFor(() => subscribers.every((s) => s.receivedAt.length > round), `round ${round + 1} delivered to all ${n}`);
      if (round < WARM_UP_ROUNDS) continue;
      const delays = subscribers.map((s) => s.receivedAt[round] - sentAt);
      latencies.push(...delays);
      firsts.push(Math.min(...delays));
      await new Promise((r) => setTimeout(r, 500));
    }
    subscribers.forEach((s, i) => s.check(subscriptionId(i), provider.id));
    if (profileDir) await ask(gateway.child, `profile-stop ${join(profileDir, `subscriptions-${n}.cpuprofile`)}`);
    if (allocationsDir) await ask(gateway.child, `allocations-stop ${join(allocationsDir, `subscriptions-${n}.heapprofile`)}`);
    for (const s of subscribers) s.close();

    latencies.sort((a, b) => a - b);
    return {
      n,
      rounds,
      store: database.databaseUrl ? 'postgres' : 'pglite',
      loadAtStart,
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p99Ms: +percentile(latencies, 99).toFixed(1),
      maxMs: +latencies.at(-1)!.toFixed(1),
      firstMs: +percentile(firsts.sort((a, b) => a - b), 50).toFixed(1),
      retainedPerSubscriberKb: +((idle.retainedKb - before.retainedKb) / n).toFixed(1),
      rssPerSubscriberKb: +((idle.rssKb - before.rssKb) / n).toFixed(1),
      rssIdleMb: +(idle.rssKb / 1024).toFixed(0),
    };
  } finally {
    await gateway.stop();
    await database.drop();
  }
}

if (values['database-url']) process.env.DATABASE_URL = values['database-url'];
const results = [];
for (const n of values.n.map(Number)) {
  const result = await scenario(n, Number(values.rounds));
  console.log(JSON.stringify(result));
  results.push(result);
}
console.log(
  '\n| Store | N | rounds | p50 ms | p99 ms | max ms | first delivery ms (median) | heap+external per idle subscriber | RSS per idle subscriber | gateway RSS idle | load at start (1/5/15 min) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.store} | ${r.n} | ${r.rounds} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.firstMs} | ${r.retainedPerSubscriberKb} KB | ${r.rssPerSubscriberKb} KB | ${r.rssIdleMb} MB | ${r.loadAtStart} |`,
  );
