import { eq, sql } from 'drizzle-orm';
import type { Executor, Store } from '../db/client.js';
import { eventPayloads } from '../db/schema.js';

/** Domain events, published inside the transaction that causes them and delivered only after it commits. */
export type DomainEvent =
  | {
      type: 'job.status_changed';
      jobId: number;
      jobKey: string;
      renterId: number;
      providerId: number | null;
      status: string;
      fromStatus: string | null;
      progressPhase: string | null;
      sequenceNo: number;
      at: string;
    }
  | { type: 'job.log_appended'; jobId: number; renterId: number; providerId: number | null; fromLine: number; toLine: number; at: string }
  | { type: 'provider.heartbeat'; providerId: number; at: string }
  | { type: 'provider.status_changed'; providerId: number; status: string; fromStatus: string | null; isPaused: boolean; at: string }
  | { type: 'renter.balance_changed'; renterId: number; at: string };

export const EVENTS_CHANNEL = 'dcp_events';
/** NOTIFY payloads must stay under 8000 bytes; larger events travel by reference. */
const MAX_INLINE_PAYLOAD = 7000;

/**
 * Queues `event` for delivery when the surrounding transaction commits (NOTIFY is transactional in
 * Postgres and PGlite alike), so a rolled-back change never announces itself and every instance
 * sees events in commit order.
 */
export async function publish(ex: Executor, event: DomainEvent): Promise<void> {
  let payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_INLINE_PAYLOAD) {
    const [row] = await ex.insert(eventPayloads).values({ payload: event }).returning({ id: eventPayloads.id });
    payload = JSON.stringify({ ref: row.id });
  }
  await ex.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
}

export type EventHandler = (event: DomainEvent) => void;

/** Receives every committed domain event (from any instance on the same database) and fans it out in-process. */
export class EventBus {
  private handlers = new Set<EventHandler>();
  private unlisten: (() => Promise<void>) | undefined;
  /** Serialises payload resolution so events keep their commit order even when some are fetched by reference. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly store: Store) {}

  async start(): Promise<void> {
    if (this.unlisten) return;
    this.unlisten = await this.store.listen(EVENTS_CHANNEL, (payload) => {
      this.chain = this.chain.then(() => this.deliver(payload)).catch(() => undefined);
    });
  }

  subscribe(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Resolves once every notification received so far has been delivered. */
  drained(): Promise<void> {
    return this.chain;
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
    this.handlers.clear();
  }

  private async deliver(payload: string): Promise<void> {
    const parsed = JSON.parse(payload) as DomainEvent | { ref: number };
    const event = 'ref' in parsed ? await this.fetchByReference(parsed.ref) : parsed;
    if (!event) return;
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch {
        // One faulty subscriber must not stop delivery to the others.
      }
    }
  }

  private async fetchByReference(id: number): Promise<DomainEvent | undefined> {
    const rows = await this.store.db.select().from(eventPayloads).where(eq(eventPayloads.id, id));
    return rows[0]?.payload as DomainEvent | undefined;
  }
}
