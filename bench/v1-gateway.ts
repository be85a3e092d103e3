/**
 * The gateway side of bench/v1.ts, run as its child process so the load generator and the fake provider
 * do not share the gateway's event loop (in production they are other machines). Starts a gateway and the
 * real HTTP server from the environment (rate limits off), then talks to the parent over IPC:
 *
 *   <- { type: 'seed', providerUrl, model, renters }  -> { type: 'ready', url, keys }
 *   <- { type: 'counters' }   -> { type: 'counters', statements, cpuUs }  (settlements in flight counted)
 *   <- { type: 'stop' }       closes the server and the gateway, then exits
 *
 * Usage (spawned by bench/v1.ts): node --import tsx bench/v1-gateway.ts
 */
import { ADMIN } from '../src/domain/auth.js';
import type { Gateway } from '../src/gateway.js';
import { createGateway } from '../src/gateway.js';
import { createServer } from '../src/server.js';
import { testConfig } from '../test/helpers/index.js';

export type ParentMessage = { type: 'seed'; providerUrl: string; model: string; renters: number } | { type: 'counters' } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; url: string; keys: string[] }
  /** SQL statements sent and CPU time used (user + system, µs) by the gateway process so far. */
  | { type: 'counters'; statements: number; cpuUs: number };

const RENTER_CREDIT_HALALA = 100_000_000;

/** One renter per client (a renter's balance row serialises its own money statements, by design) and one provider. */
async function seed(gateway: Gateway, m: Extract<ParentMessage, { type: 'seed' }>): Promise<string[]> {
  const { domain } = gateway;
  const keys: string[] = [];
  for (let i = 0; i < m.renters; i++) {
    const { renter, apiKey } = await domain.renters.register({ name: `Bench Renter ${i}`, email: `bench-${i}@example.com` });
    await domain.renters.adjustBalance(ADMIN, renter.id, { amount_halala: RENTER_CREDIT_HALALA, reason: 'benchmark' });
    keys.push(apiKey);
  }
  const { provider, apiKey } = await domain.providers.register({ name: 'Bench Provider', email: 'bench-provider@example.com', gpu_model: 'RTX 4090', os: 'linux' });
  if (provider.approvalStatus !== 'approved') await domain.providers.approve(ADMIN, provider.id);
  await domain.providers.heartbeat((await domain.principal(apiKey))!, { vllm_endpoint_url: m.providerUrl, cached_models: [m.model] });
  return keys;
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('v1-gateway.ts runs as a child of bench/v1.ts (it needs an IPC channel)');
  const send = (m: ChildMessage) => process.send!(m);
  const gateway = await createGateway(testConfig(process.env.DATABASE_URL, { DCP_PROVIDER_MAX_INFLIGHT: '1024', LOG_LEVEL: 'warn' }));
  const listening = await createServer(gateway).listen(0, '127.0.0.1');
  process.on('message', async (m: ParentMessage) => {
    switch (m.type) {
      case 'seed':
        return send({ type: 'ready', url: listening.url, keys: await seed(gateway, m) });
      case 'counters': {
        await gateway.domain.inference.drain();
        const cpu = process.cpuUsage();
        return send({ type: 'counters', statements: gateway.store.statements.count, cpuUs: cpu.user + cpu.system });
      }
      case 'stop':
        await listening.close();
        process.disconnect();
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
