import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_ADMIN_TOKEN } from '../helpers/index.js';

/**
 * The gateway's real entry point, src/main.ts, in its own process (with its process guard, sweeps on a
 * timer and signal handling), so a fault that would end the process shows as an exit, not a test crash.
 * It runs from source through tsx, so the test needs no build; `npm start` runs the same code compiled.
 */

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ProcessState {
  /** Everything the process printed (pino's JSON lines and the start-up block), for failure messages. */
  output: string;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

export class GatewayProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly state: ProcessState,
    private readonly exited: Promise<void>,
    readonly url: string,
  ) {}

  static async start(databaseUrl: string, env: Record<string, string> = {}): Promise<GatewayProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        DCP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        DCP_RATE_LIMITS: 'off',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const state: ProcessState = { output: '' };
    const collect = (chunk: Buffer) => void (state.output += String(chunk));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => resolve(void (state.exit = { code, signal }))));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const listening = /URL:\s+(\S+)/.exec(state.output);
      if (listening) return new GatewayProcess(child, state, exited, listening[1]);
      if (state.exit || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`The gateway did not start (${JSON.stringify(state.exit ?? 'timed out')}):\n${state.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  get output(): string {
    return this.state.output;
  }

  /** How the process ended; undefined while it runs. */
  get exit(): ProcessState['exit'] {
    return this.state.exit;
  }

  get alive(): boolean {
    return this.state.exit === undefined;
  }

  /** kill -9: no shutdown code runs, in-flight requests and transactions are cut where they are. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful stop (SIGTERM), as the tests' clean-up. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}
