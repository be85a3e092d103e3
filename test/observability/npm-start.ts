import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_ADMIN_TOKEN } from '../helpers/index.js';
import { eventually } from '../helpers/eventually.js';

/**
 * `npm start` in its own process, exactly as an operator or a supervisor runs it: npm builds (prestart),
 * then runs the compiled gateway in place of its shell. The pid the test holds is npm's, so a signal sent
 * to it goes where a supervisor's would.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The build runs first (incremental after the first time); on a busy 2-core machine it takes a while. */
const START_TIMEOUT_MS = 240_000;

export interface NpmStart {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything printed so far (npm's lines, the start-up block, pino's JSON lines). */
  output(): string;
  /** The exit of npm itself. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function npmStart(env: Record<string, string>): Promise<NpmStart> {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DCP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, DCP_RATE_LIMITS: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => void (output += String(chunk)));
  child.stderr!.on('data', (chunk) => void (output += String(chunk)));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve((exit = { code, signal }))),
  );
  try {
    const url = await eventually(
      () => {
        if (exit) throw new Error(`npm start ended before the gateway listened (${JSON.stringify(exit)}):\n${output}`);
        return /URL:\s+(\S+)/.exec(output)?.[1];
      },
      'npm start to print the gateway URL',
      START_TIMEOUT_MS,
      100,
    );
    return { child, url, port: Number(new URL(url).port), output: () => output, exited };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
