import type { z } from 'zod';
import type { Store } from '../db/client.js';
import { keyLookup } from './auth.js';
import { GroupCommit, perStore } from './groupCommit.js';
import type { HeartbeatReport, heartbeatInput } from './heartbeat.js';
import { itemOf, runHeartbeatBatch, type HeartbeatItem, type OneStatementHeartbeat } from './heartbeatStatement.js';

/*
 * Group commit for heartbeats (docs/decisions.md#heartbeat). A fleet of daemons heartbeats all the time, and
 * one statement per heartbeat pays a round trip, a commit and a WAL flush each; one hammered provider's
 * heartbeats also queue one by one on its row lock. So heartbeats that arrive while earlier ones are still in
 * Postgres wait and go together, as one statement (src/domain/heartbeatStatement.ts), which writes each
 * provider row once, every history row, and one event per provider. A heartbeat that arrives when
 * nothing is waiting goes at once: batching adds no latency when the gateway is idle, and batches grow only
 * as fast as heartbeats arrive. Every heartbeat is answered only after its batch has committed, so an
 * answered heartbeat is visible to the next read from any instance.
 */

interface Heartbeat {
  item: HeartbeatItem;
  now: Date;
}

/**
 * Within a batch one provider reports one GPU: a heartbeat whose owner already has one in the batch reporting
 * another GPU waits for the next batch.
 */
function oneGpuPerOwner(): (h: Heartbeat) => boolean {
  const gpuOf = new Map<string, string>();
  return ({ item }) => {
    const owner = item.key_hash ?? `provider:${item.provider}`;
    const gpu = `${item.gpu_name}|${item.vram_mib}|${item.vram_mb}`;
    const seen = gpuOf.get(owner);
    if (seen !== undefined && seen !== gpu) return false;
    gpuOf.set(owner, gpu);
    return true;
  };
}

/**
 * The store's heartbeat batches (one queue per database handle, so per gateway instance): two statements in
 * flight, at most 100 heartbeats each (the statement's input is one JSON parameter, ~1.5 KB per heartbeat).
 */
const heartbeatBatches = perStore(
  (store: Store) =>
    new GroupCommit<Heartbeat, OneStatementHeartbeat>(
      (batch) => runHeartbeatBatch(store, batch.map((h) => h.item), batch.map((h) => h.now)),
      { inFlight: 2, maxBatch: 100, joinsBatch: oneGpuPerOwner },
    ),
);

/** The heartbeat of the provider owning `key` (REST): the credential is checked in the same statement. */
export function heartbeatByKey(store: Store, key: string, body: z.output<typeof heartbeatInput>, r: HeartbeatReport, now: Date): Promise<OneStatementHeartbeat> {
  const lookup = keyLookup(key, now);
  if (!lookup) return Promise.resolve({ principal: undefined });
  return heartbeatBatches(store).add({ item: itemOf({ key_hash: lookup.keyHash, provider: null }, body, r, now), now });
}

/** The heartbeat of an already authenticated provider (GraphQL). */
export function heartbeatById(store: Store, providerId: number, body: z.output<typeof heartbeatInput>, r: HeartbeatReport, now: Date): Promise<OneStatementHeartbeat> {
  return heartbeatBatches(store).add({ item: itemOf({ key_hash: null, provider: providerId }, body, r, now), now });
}
