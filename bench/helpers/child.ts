/**
 * The load side's handle on a server process (the gateway, a floor server, the fake provider): each runs as a
 * child with an IPC channel, says `ready` once listening, answers `counters` with its CPU time, the SQL
 * statements it sent and the requests it served so far, and on `stop` closes and says `stopped`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';

export interface Counters {
  statements: number;
  /** User + system CPU time of the process so far, µs. */
  cpuUs: number;
  /** Requests the server has finished (answered, or dropped by the client) so far, and those still running. */
  served: number;
  inFlight: number;
}

/**
 * Server side: counts `server`'s requests as they end. Per-request costs are divided by the server's own
 * count, not the load generator's: autocannon abandons the requests in flight at its deadline, whose SQL
 * and CPU would otherwise be charged to the others.
 */
export function requestCounter(server: Server): { served: number; inFlight: number } {
  const counts = { served: 0, inFlight: 0 };
  server.on('request', (_req, res) => {
    counts.inFlight++;
    res.once('close', () => {
      counts.inFlight--;
      counts.served++;
    });
  });
  return counts;
}

/** Resolves with the child's next message of `type`; rejects if the child exits first. */
export function nextMessage<M extends { type: string }, T extends M['type'] = M['type']>(child: ChildProcess, type: T): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: M) => {
      if (m.type !== type) return;
      cleanup();
      resolve(m as Extract<M, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`server process exited (code ${code}) while waiting for "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export async function counters(child: ChildProcess): Promise<Counters> {
  const reply = nextMessage<{ type: 'counters' } & Counters>(child, 'counters');
  child.send({ type: 'counters' });
  const { statements, cpuUs, served, inFlight } = await reply;
  return { statements, cpuUs, served, inFlight };
}

/**
 * The counters once the server has no request left running and `storeIdle` (the database's side of the same
 * question) agrees, twice in a row 50 ms apart, since a request may sit between two transactions; after
 * `timeoutMs`, whatever is left.
 */
export async function quietCounters(child: ChildProcess, storeIdle: () => Promise<boolean> = async () => true, timeoutMs = 10_000): Promise<Counters> {
  const deadline = Date.now() + timeoutMs;
  let quietBefore = false;
  for (;;) {
    const c = await counters(child);
    const quiet = c.inFlight === 0 && (await storeIdle());
    if ((quiet && quietBefore) || Date.now() > deadline) return c;
    quietBefore = quiet;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a TypeScript server script as a child (tsx loader, output passed through). */
export function forkServer(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return fork(script, args, { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Asks the child to close, waits for it (at most `graceMs`), then kills it if it is still there. */
export async function stopServer(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (child.connected) child.send({ type: 'stop' });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}
