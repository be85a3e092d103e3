import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A throwaway PostgreSQL cluster for fault tests: its own data directory under a temporary directory, its
 * own port, started, stopped and restarted by the test. initdb refuses to run as root, so as root (CI) the
 * server programs run as the `postgres` system user.
 */

const run = promisify(execFile);

/** The newest installed server's programs (Debian layout), or undefined when there are none. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class Cluster {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly asUser: string[],
  ) {}

  /** Creates and starts a cluster; `databaseUrl(name)` then names a database on it. */
  static async start(bin: string): Promise<Cluster> {
    const dir = mkdtempSync(join(tmpdir(), 'dcp-fault-pg-'));
    const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    if (asUser.length) {
      const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
      chownSync(dir, Number(uid.stdout), Number(gid.stdout));
    }
    const cluster = new Cluster(bin, dir, await freePort(), asUser);
    try {
      await cluster.exec('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
      await cluster.pgCtl('start');
      return cluster;
    } catch (err) {
      await cluster.destroy();
      throw err;
    }
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  databaseUrl(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Fast shutdown (active sessions are ended with admin_shutdown), waiting until it is down. */
  stop(): Promise<void> {
    return this.pgCtl('stop', ['-m', 'fast']);
  }

  restart(): Promise<void> {
    return this.pgCtl('restart', ['-m', 'fast']);
  }

  resume(): Promise<void> {
    return this.pgCtl('start');
  }

  /** The server log, for a failing test's message. */
  log(): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Stops the server if it runs and removes every file; safe to call more than once. */
  async destroy(): Promise<void> {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) await this.pgCtl('stop', ['-m', 'immediate']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(action: string, extra: string[] = []): Promise<void> {
    // Loopback TCP only; the socket directory is the cluster's own, so nothing else on the machine is touched.
    const serverOptions = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    return this.exec('pg_ctl', ['-D', this.dataDir, '-o', serverOptions, '-l', join(this.dir, 'server.log'), '-w', '-t', '30', action, ...extra]);
  }

  private async exec(program: string, args: string[]): Promise<void> {
    const [command, ...rest] = [...this.asUser, join(this.bin, program), ...args];
    await run(command, rest, { timeout: 60_000 });
  }
}
