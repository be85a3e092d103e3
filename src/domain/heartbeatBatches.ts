import type { z } from 'zod';
import type { Store } from '../db/client.js';
import { keyLookup } from './auth.js';
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

/** Statements in flight at once per store; more heartbeats wait for one of them to finish. */
const IN_FLIGHT = 2;
/** Heartbeats per statement at most (the statement's input is one JSON parameter, ~1.5 KB per heartbeat). */
const MAX_BATCH = 100;

interface Waiting {
  item: HeartbeatItem;
  now: Date;
  resolve(answer: OneStatementHeartbeat): void;
  reject(err: unknown): void;
}

class HeartbeatBatches {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  constructor(private readonly store: Store) {}

  /** Records one heartbeat in the next batch; resolves with its own answer once that batch has committed. */
  record(item: HeartbeatItem, now: Date): Promise<OneStatementHeartbeat> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, now, resolve, reject });
      this.sendWhileFree();
    });
  }

  private sendWhileFree(): void {
    while (this.inFlight < IN_FLIGHT && this.waiting.length > 0) {
      const batch = takeBatch(this.waiting);
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.sendWhileFree();
      });
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      const answers = await runHeartbeatBatch(this.store, batch.map((w) => w.item), batch.map((w) => w.now));
      batch.forEach((w, i) => w.resolve(answers[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // The batch failed as a whole (a deadlock with another transaction, a report Postgres refuses): each
      // heartbeat is tried again alone, so each gets its own answer or its own error.
      await Promise.all(batch.map((w) => runHeartbeatBatch(this.store, [w.item], [w.now]).then(([a]) => w.resolve(a), w.reject)));
    }
  }
}

/**
 * Takes the next batch off the front of `waiting`, in arrival order. A heartbeat whose owner already has one in
 * the batch reporting another GPU waits for the next batch: within a batch, one provider reports one GPU.
 */
function takeBatch(waiting: Waiting[]): Waiting[] {
  const batch: Waiting[] = [];
  const left: Waiting[] = [];
  const gpuOf = new Map<string, string>();
  for (const w of waiting) {
    const owner = w.item.key_hash ?? `provider:${w.item.provider}`;
    const gpu = `${w.item.gpu_name}|${w.item.vram_mib}|${w.item.vram_mb}`;
    const seen = gpuOf.get(owner);
    if (batch.length < MAX_BATCH && (seen === undefined || seen === gpu)) {
      batch.push(w);
      gpuOf.set(owner, gpu);
    } else left.push(w);
  }
  waiting.splice(0, waiting.length, ...left);
  return batch;
}

/** The heartbeat of the provider owning `key` (REST): the credential is checked in the same statement. */
export function heartbeatByKey(store: Store, key: string, body: z.output<typeof heartbeatInput>, r: HeartbeatReport, now: Date): Promise<OneStatementHeartbeat> {
  const lookup = keyLookup(key, now);
  if (!lookup) return Promise.resolve({ principal: undefined });
  return heartbeatBatches(store).record(itemOf({ key_hash: lookup.keyHash, provider: null }, body, r, now), now);
}

/** The heartbeat of an already authenticated provider (GraphQL). */
export function heartbeatById(store: Store, providerId: number, body: z.output<typeof heartbeatInput>, r: HeartbeatReport, now: Date): Promise<OneStatementHeartbeat> {
  return heartbeatBatches(store).record(itemOf({ key_hash: null, provider: providerId }, body, r, now), now);
}

const batchesByStore = new WeakMap<Store, HeartbeatBatches>();

/** The store's heartbeat batches (one queue per database handle, so per gateway instance). */
export function heartbeatBatches(store: Store): HeartbeatBatches {
  let batches = batchesByStore.get(store);
  if (!batches) batchesByStore.set(store, (batches = new HeartbeatBatches(store)));
  return batches;
}
