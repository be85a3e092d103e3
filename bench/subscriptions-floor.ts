import { fork } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

/**
 * The floor under bench/subscriptions.ts: how long this machine takes just to write one small message
 * (the size of a heartbeat result) to each of N loopback TCP sockets, with plain `net` and nothing
 * else, the readers in another process as there. No gateway can fan out to N sockets faster.
 *
 *   npx tsx bench/subscriptions-floor.ts -n 1000 -n 10000 [--rounds 5]
 */

const MESSAGE = Buffer.alloc(160, 'x');
const CONNECT_BATCH = 500;

/** In the child: N connections to the parent; says when all are open and when each round reached all of them. */
async function readers(port: number, n: number): Promise<void> {
  let received = 0;
  for (let i = 0; i < n; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, n - i) }, () => new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', resolve);
      socket.on('data', () => {
        received += 1;
        if (received === n) {
          received = 0;
          process.send!('round');
        }
      });
    }));
    await Promise.all(batch);
  }
  process.send!('ready');
  process.on('disconnect', () => process.exit(0));
}

async function floor(n: number, rounds: number): Promise<{ writeMs: number; deliveredMs: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    // As ws does for every WebSocket.
    socket.setNoDelay(true);
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const child = fork(process.argv[1], [], { env: { ...process.env, FLOOR_READERS: `${(server.address() as { port: number }).port}:${n}` } });
  await new Promise((resolve) => child.once('message', resolve));
  const writes: number[] = [];
  const deliveries: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const delivered = new Promise((resolve) => child.once('message', resolve));
    const start = performance.now();
    for (const socket of sockets) socket.write(MESSAGE);
    writes.push(performance.now() - start);
    await delivered;
    deliveries.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  child.disconnect();
  for (const socket of sockets) socket.destroy();
  server.close();
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { writeMs: +median(writes).toFixed(1), deliveredMs: +median(deliveries).toFixed(1) };
}

if (process.env.FLOOR_READERS) {
  const [port, n] = process.env.FLOOR_READERS.split(':').map(Number);
  await readers(port, n);
} else {
  const { values } = parseArgs({ options: { n: { type: 'string', multiple: true, default: ['1000', '10000'] }, rounds: { type: 'string', default: '5' } } });
  console.log('| N | write loop ms (median) | all received ms (median) | load at start (1/5/15 min) |');
  console.log('|---|---|---|---|');
  for (const n of values.n.map(Number)) {
    const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
    const { writeMs, deliveredMs } = await floor(n, Number(values.rounds));
    console.log(`| ${n} | ${writeMs} | ${deliveredMs} | ${load} |`);
  }
}
