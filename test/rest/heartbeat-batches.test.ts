import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.js';
import { storeName } from '../helpers/index.js';
import { daemonHeartbeat } from './restFixtures.js';
import { RTX4090, startJobsHarness, type JobsHarness } from './jobs.fixtures.js';

/**
 * Heartbeats that arrive while earlier ones are in the database go together as one statement (group commit,
 * src/domain/heartbeatBatches.ts): each is still checked, written, recorded and answered on its own.
 * The domain calls below are the ones the REST route makes; called in one tick, the first two heartbeats go
 * at once (two statements may be in flight) and the rest wait and go as the third statement.
 */
describe(`heartbeat batches (${storeName})`, () => {
  let h: JobsHarness;
  const events: DomainEvent[] = [];
  let stopListening: () => void;
  let fillers: { id: number; key: string }[];

  const nothingChecked = () => {};
  const beat = (key: string, extra: Record<string, unknown> = {}) =>
    h.t.gateway.domain.providers.heartbeatByKey(key, daemonHeartbeat(key, extra), nothingChecked);
  /** Two heartbeats that go first, alone, so that the ones after them wait and form a batch. */
  const fill = () => fillers.map((f) => beat(f.key));
  const providerRow = (id: number) => h.t.gateway.store.db.query.providers.findFirst({ where: (p, { eq }) => eq(p.id, id) });
  const historyOf = (providerId: number) =>
    h.t.gateway.store.db.query.heartbeats.findMany({ where: (hb, { eq }) => eq(hb.providerId, providerId), orderBy: (hb, { asc }) => asc(hb.id) });

  beforeAll(async () => {
    h = await startJobsHarness();
    stopListening = h.t.gateway.events.subscribe((e) => events.push(e));
    fillers = [await h.provider({ gpu: RTX4090, vramMib: 24_564 }), await h.provider({ gpu: RTX4090, vramMib: 24_564 })];
  });
  afterAll(async () => {
    stopListening?.();
    await h?.close();
  });

  it('writes a batch of heartbeats from several providers in one statement, each answered with its own capacity', async () => {
    const providers: { id: number; key: string }[] = [];
    for (let i = 0; i < 5; i++) providers.push(await h.provider({ gpu: RTX4090, vramMib: 24_564 }));
    const before = await Promise.all(providers.map((p) => historyOf(p.id)));
    const { result, count } = await h.t.gateway.store.statements.measure(() => Promise.all([...fill(), ...providers.map((p) => beat(p.key))]));
    expect(count).toBe(3);
    result.slice(2).forEach((answer, i) => {
      expect(answer.ack).toMatchObject({ success: true, approved: true });
      expect(answer.capacity).toMatchObject({ providerId: providers[i].id });
    });
    const after = await Promise.all(providers.map((p) => historyOf(p.id)));
    after.forEach((rows, i) => expect(rows.length).toBe(before[i].length + 1));
  });

  it('writes a provider once for its heartbeats in one batch: the latest report, every history row, one event', async () => {
    const p = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
    const before = (await historyOf(p.id)).length;
    events.length = 0;
    const answers = await Promise.all([...fill(), beat(p.key, { provider_hostname: 'first' }), beat(p.key, { provider_hostname: 'second' })]);
    expect(answers.every((a) => a.ack.success)).toBe(true);
    const history = await historyOf(p.id);
    expect(history.slice(before).map((r) => r.providerHostname)).toEqual(['first', 'second']);
    expect(await providerRow(p.id)).toMatchObject({ providerHostname: 'second' });
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.type === 'provider.heartbeat' && e.providerId === p.id)).toHaveLength(1);
  });

  it('sends a heartbeat that reports another GPU than one waiting beside it to a batch of its own, and records the new card', async () => {
    const p = await h.provider({ gpu: RTX4090, vramMib: 24_564 });
    const h100 = 'NVIDIA H100 80GB HBM3';
    const newCard = { gpu_status: { ...daemonHeartbeat(p.key).gpu_status, gpu_name: h100, gpu_vram_mib: 81_559, vram_mb: 81_559 }, gpu_info: { gpu_name: h100, vram_mb: 81_559 } };
    const { result, count } = await h.t.gateway.store.statements.measure(() => Promise.all([...fill(), beat(p.key), beat(p.key, newCard)]));
    expect(result.every((a) => a.ack.success)).toBe(true);
    expect(count).toBeGreaterThan(3);
    const me = await h.api('/providers/me', { headers: { 'x-provider-key': p.key } });
    expect(me.body.provider).toMatchObject({ gpu_model: h100 });
  });

  it('refuses an unknown key in a batch alone, and writes the others', async () => {
    const [a, b] = [await h.provider({ gpu: RTX4090, vramMib: 24_564 }), await h.provider({ gpu: RTX4090, vramMib: 24_564 })];
    const refused: unknown[] = [];
    const accept = (principal: unknown) => {
      if (!principal) {
        refused.push(principal);
        throw new Error('refused');
      }
    };
    const settled = await Promise.allSettled([
      ...fill(),
      beat(a.key),
      h.t.gateway.domain.providers.heartbeatByKey('dcp_prov_not_a_key', daemonHeartbeat('dcp_prov_not_a_key'), accept),
      beat(b.key),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(refused).toHaveLength(1);
  });

  it('answers heartbeats that reach the REST route together, each after its own write', async () => {
    const providers: { id: number; key: string }[] = [];
    for (let i = 0; i < 6; i++) providers.push(await h.provider({ gpu: RTX4090, vramMib: 24_564 }));
    const answers = await Promise.all([
      ...providers.map((p) => h.api('/providers/heartbeat', { method: 'POST', json: daemonHeartbeat(p.key, { provider_hostname: `host-${p.id}` }) })),
      h.api('/providers/heartbeat', { method: 'POST', json: daemonHeartbeat('dcp_prov_not_a_key') }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 401]);
    for (const p of providers) expect(await providerRow(p.id)).toMatchObject({ providerHostname: `host-${p.id}`, status: 'online' });
  });
});
