import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, gate, withDeadline } from '../helpers/eventually.js';
import { freshDatabase, storeName } from '../helpers/index.js';
import type { TestDatabase } from '../helpers/database.js';
import { FakeProvider, PROVIDER_CONTENT } from '../v1/fake-provider.js';
import { npmStart, type NpmStart } from './npm-start.js';

/** One of the seeded registry models, so the spawned gateway needs no set-up beyond REST calls. */
const MODEL = 'microsoft/phi-2';

/** Whether a new server can take the port: the gateway let go of it. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe(`npm start stops gracefully on a signal (${storeName})`, () => {
  let gateway: NpmStart | undefined;
  let fake: FakeProvider | undefined;
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    gateway?.child.kill('SIGKILL');
    await fake?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to npm: an in-flight /v1 request finishes, the port is released, the exit code is 0',
    async (signal) => {
      const held = gate();
      fake = await FakeProvider.start({ kind: 'json', gate: held.promise });
      database = await freshDatabase();
      dataDir = mkdtempSync(join(tmpdir(), 'dcp-signals-'));
      gateway = await npmStart(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { DATABASE_URL: '', DCP_DATA_DIR: dataDir });
      const { url } = gateway;

      const renter = await post(url, '/api/renters/register', { name: 'Signal renter', email: `signal-${signal}@example.com` });
      expect(renter.status).toBe(201);
      const provider = await post(url, '/api/providers/register', { name: 'Signal provider', email: `signal-p-${signal}@example.com`, gpu_model: 'RTX 4090', os: 'linux' });
      expect(provider.status).toBe(200);
      const beat = await post(url, '/api/providers/heartbeat', { api_key: provider.body.api_key, vllm_endpoint_url: fake.url, cached_models: [MODEL] });
      expect(beat.status).toBe(200);

      const inFlight = post(url, '/v1/chat/completions', { model: MODEL, messages: [{ role: 'user', content: 'hello' }] }, {
        authorization: `Bearer ${renter.body.api_key}`,
        'x-request-id': `in-flight-${signal}`,
      });
      await eventually(() => fake!.hits === 1, 'the /v1 request to reach the provider');

      gateway.child.kill(signal);
      await eventually(() => gateway!.output().includes('"msg":"shutting down"'), 'the gateway to start shutting down');
      // The provider answers only now, while the gateway is shutting down: the request must still get through.
      held.open();
      const answer = await withDeadline(inFlight, 'the in-flight request to finish');
      expect(answer.status).toBe(200);
      expect(answer.body.choices[0].message.content).toBe(PROVIDER_CONTENT);

      expect(await withDeadline(gateway.exited, 'npm to exit', 30_000)).toEqual({ code: 0, signal: null });
      expect(await portIsFree(gateway.port)).toBe(true);
      // The request was served to its end and logged as such, with its id.
      const logged = gateway
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"request"') && line.includes(`in-flight-${signal}`));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0])).toMatchObject({ route: '/v1/chat/completions', status: 200, principal: 'renter' });
    },
    360_000,
  );
});
