import { createGateway, type Gateway } from '../../src/gateway.js';
import { ADMIN, type Principal } from '../../src/domain/auth.js';
import { freshDatabase, storeName } from '../helpers/database.js';
import { testConfig } from '../helpers/config.js';

export { ADMIN, storeName };

/** A movable clock so tests can step past timeouts without sleeping. */
export class TestClock {
  constructor(public current = new Date('2026-11-27T10:00:00.000Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface DomainHarness {
  gateway: Gateway;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * A gateway on a fresh database, without an HTTP server: for domain rules. `postgresUrl` puts the database
 * on that Postgres server instead of the suite's store (race tests: see test/helpers/racePostgres.ts).
 */
export async function startDomain(env: Record<string, string> = {}, postgresUrl?: string): Promise<DomainHarness> {
  const database = await freshDatabase(postgresUrl ?? process.env.DATABASE_URL);
  const clock = new TestClock(new Date());
  const gateway = await createGateway(testConfig(database.databaseUrl, { DCP_STARTER_CREDIT_HALALA: '0', ...env }), { now: clock.now });
  return {
    gateway,
    clock,
    async close() {
      await gateway.close();
      await database.drop();
    },
  };
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function newRenter(g: Gateway, balanceHalala = 0): Promise<Principal & { kind: 'renter' }> {
  const { renter } = await g.domain.renters.register({ name: `Renter ${unique()}`, email: `r${unique()}@example.sa` });
  if (balanceHalala > 0) await g.domain.renters.adjustBalance(ADMIN, renter.id, { amount_halala: balanceHalala });
  return { kind: 'renter', renterId: renter.id, status: 'active' };
}

export async function newProvider(
  g: Gateway,
  opts: { gpu?: string; vramMib?: number; heartbeat?: boolean } = {},
): Promise<Principal & { kind: 'provider' }> {
  const { provider } = await g.domain.providers.register({
    name: `Provider ${unique()}`,
    email: `p${unique()}@example.sa`,
    gpu_model: opts.gpu ?? 'NVIDIA GeForce RTX 4090',
    os: 'linux',
  });
  await g.domain.providers.approve(ADMIN, provider.id);
  const principal = { kind: 'provider' as const, providerId: provider.id, approvalStatus: 'approved', status: 'registered', deleted: false };
  if (opts.heartbeat !== false)
    await g.domain.providers.heartbeat(principal, {
      gpu_status: { gpu_name: opts.gpu ?? 'NVIDIA GeForce RTX 4090', gpu_vram_mib: opts.vramMib ?? 24564, daemon_version: '4.1.0' },
    });
  return principal;
}

/** Every cached balance equals the ledger, and money is conserved: see test/helpers/money.ts. */
export { expectMoneyConsistent } from '../helpers/money.js';

export const llmJob = (extra: Record<string, unknown> = {}) => ({
  job_type: 'llm_inference',
  duration_minutes: 10,
  params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'Summarize DCP in three bullets' },
  ...extra,
});
