import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { EventBus, publish, type DomainEvent } from '../../src/domain/events.js';
import { freshDatabase, storeName } from '../helpers/index.js';
import { eventually } from './support.js';

/**
 * The event listener's safety net on Postgres: postgres.js re-establishes a lost LISTEN connection on
 * its own (instances.test.ts kills one), but should it give up, or the connection die without a sign,
 * the bus notices that its own probe notifications stop arriving and registers again.
 */

const BEAT: DomainEvent = { type: 'provider.heartbeat', providerId: 1, at: new Date(0).toISOString() };

describe.skipIf(storeName !== 'postgres')('the event listener', () => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    store = await createStore({ databaseUrl: database.databaseUrl, maxConnections: 2 });
    await migrate(store);
  });

  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('replaces a LISTEN registration that went deaf, retrying while the database refuses, then resyncs', async () => {
    let registrations = 0;
    const flaky: Store = {
      ...store,
      async listen(channel, onPayload, onListen) {
        registrations += 1;
        const registration = registrations;
        // The first replacement is refused, as by a database that is still down.
        if (registration === 2) throw new Error('connection refused');
        // The first registration hears nothing: what a listener that postgres.js stopped re-establishing looks like.
        return store.listen(channel, (payload) => (registration === 1 ? undefined : onPayload(payload)), onListen);
      },
    };
    const bus = new EventBus(flaky, { probeIntervalMs: 50 });
    const received: DomainEvent[] = [];
    const resyncs: Date[] = [];
    bus.subscribe((event) => received.push(event));
    bus.onResync((since) => resyncs.push(since));
    await bus.start();
    try {
      await eventually(() => resyncs.length === 1, 'the bus to listen again and resync');
      expect(registrations).toBe(3);
      expect(resyncs[0].getTime()).toBeLessThan(Date.now());

      await store.db.transaction((tx) => publish(tx, BEAT));
      await eventually(() => received.length === 1, 'an event after the resync');
      expect(received).toEqual([BEAT]);
    } finally {
      await bus.stop();
    }
  });
});
