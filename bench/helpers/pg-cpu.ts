/**
 * CPU time the Postgres server spends on the benchmark's database, read from /proc (so only when Postgres
 * runs on this machine). The machine is shared and other engineers' tests use the same server, so instead
 * of every postgres process this counts the backends connected to the bench database (the gateway's pool
 * and LISTEN connection, or the floor's pool: whichever is idle adds nothing) plus the server's shared
 * writers that every commit relies on (WAL writer, background writer, checkpointer). Autovacuum workers come
 * and go within a round and are left out. Each process's utime + stime is read before and after a run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';

const SHARED_WRITERS = ['walwriter', 'background writer', 'checkpointer'];

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** utime + stime of a process in clock ticks, or undefined if it is gone or not a postgres process. */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    if (!stat.slice(open + 1, close).startsWith('postgres')) return undefined;
    // Fields after the command name start at field 3 (state); utime and stime are fields 14 and 15.
    const fields = stat.slice(close + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

export type CpuSample = Map<number, number>;

export class PostgresCpu {
  private readonly msPerTick = 1000 / clockTicksPerSecond();

  private constructor(
    private readonly monitor: postgres.Sql,
    private readonly database: string,
  ) {}

  /** False when the server's processes are not visible here (Postgres on another machine): samples are then empty. */
  visible = true;

  /**
   * A sampler for `database`, through a connection to `monitorUrl` (another database on the same server, so
   * the sampler's own backend is not counted).
   */
  static async open(monitorUrl: string, database: string): Promise<PostgresCpu> {
    const sampler = new PostgresCpu(postgres(monitorUrl, { max: 1, onnotice: () => {} }), database);
    sampler.visible = (await sampler.sample()).size > 0;
    return sampler;
  }

  /**
   * Whether no connection to the database is running a statement or holding a transaction open. The load
   * generator abandons the requests in flight at a run's deadline; the servers finish them, and the next
   * reading waits for that (the servers' own counts see an abandoned request end when its socket closes).
   */
  async idle(): Promise<boolean> {
    const [{ busy }] = await this.monitor`
      select count(*)::int as busy from pg_stat_activity
      where datname = ${this.database} and backend_type = 'client backend' and state <> 'idle'`;
    return busy === 0;
  }

  async sample(): Promise<CpuSample> {
    const rows = await this.monitor`
      select pid from pg_stat_activity
      where (datname = ${this.database} and backend_type = 'client backend') or backend_type in ${this.monitor(SHARED_WRITERS)}`;
    const ticks: CpuSample = new Map();
    for (const { pid } of rows) {
      const t = cpuTicks(pid as number);
      if (t !== undefined) ticks.set(pid as number, t);
    }
    return ticks;
  }

  /** CPU ms between two samples; a process that appeared in between counts from its start. */
  cpuMsBetween(before: CpuSample, after: CpuSample): number {
    let ticks = 0;
    for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
    return ticks * this.msPerTick;
  }

  close(): Promise<void> {
    return this.monitor.end({ timeout: 5 });
  }
}
