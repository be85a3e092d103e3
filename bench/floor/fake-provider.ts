/**
 * The /v1 path's floor: the fake OpenAI-compatible provider of the /v1 tests (test/v1/fake-provider.ts),
 * answering at once, in a process of its own. `npm run bench` sends the same chat completions to it
 * directly and through the gateway (which forwards them to this same process), so the difference is
 * what the gateway adds. IPC as the other servers: `ready` { url }, `counters`, `stop`.
 * Usage (spawned by bench/bench.ts): node --import tsx bench/floor/fake-provider.ts
 */
import { FakeProvider } from '../../test/v1/fake-provider.js';

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/floor/fake-provider.ts runs as a child of bench/bench.ts (it needs an IPC channel)');
  const fake = await FakeProvider.start({ kind: 'json' });
  const send = (m: unknown) => process.send!(m);
  let served = 0;
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'counters') {
      // The fake keeps every request body for the tests' assertions; a benchmark only needs the count.
      served += fake.requests.length;
      fake.requests.length = 0;
      const cpu = process.cpuUsage();
      // It answers at once: nothing is ever left running when asked.
      send({ type: 'counters', statements: 0, cpuUs: cpu.user + cpu.system, served, inFlight: 0 });
    } else if (m.type === 'stop') {
      await fake.close();
      send({ type: 'stopped' });
      process.disconnect();
    }
  });
  send({ type: 'ready', url: fake.url });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
