import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Executor, Store } from '../db/client.js';
import { eventPayloads } from '../db/schema.js';
import { sleep } from './time.js';

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
/** `since`: events committed from then on may have been missed (it includes a margin for clock skew and long transactions). */
export type ResyncHandler = (since: Date) => void;

export interface EventBusOptions {
  /**
   * How often the bus checks that it still hears its channel, by notifying itself (Postgres only; 0 turns
   * it off). A connection that died silently, or that postgres.js stopped re-establishing, is replaced.
   */
  probeIntervalMs?: number;
  /** Told when a check after a lost connection finds the database unreachable, and when it is back. */
  onDatabaseState?: (state: 'unreachable' | 'reachable') => void;
}

const DEFAULT_PROBE_INTERVAL_MS = 15_000;
/** After a connection closed: first check this soon, then back off to at most the second figure. */
const QUICK_CHECK_MS = 250;
const MAX_QUICK_CHECK_MS = 2_000;
/** How long a probe may take to come back before the registration counts as lost. */
const PROBE_ROUND_TRIP_MS = 1_000;
/** How far before the last notification heard a catch-up looks: clock skew, and transactions that commit late. */
const CATCH_UP_MARGIN_MS = 60_000;
const MAX_RELISTEN_DELAY_MS = 30_000;

/**
 * Receives every committed domain event (from any instance on the same database) and fans it out
 * in-process. When listening resumes after the connection was lost, the events in between are gone:
 * resync handlers then catch up from the database instead of waiting for the next event.
 */
export class EventBus {
  private handlers = new Set<EventHandler>();
  private resyncHandlers = new Set<ResyncHandler>();
  private unlisten: (() => Promise<void>) | undefined;
  /** Serialises payload resolution so events keep their commit order even when some are fetched by reference. */
  private chain: Promise<void> = Promise.resolve();
  /** Bumped per LISTEN registration: notifications reaching a replaced registration are ignored. */
  private generation = 0;
  private listenedOnce = false;
  private lastHeardAt = Date.now();
  private readonly probeId = randomUUID();
  private probesSent = 0;
  private probesHeard = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private relistening: Promise<void> | undefined;
  private confirming = false;
  private stopWatchingDisconnects: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly options: EventBusOptions = {},
  ) {}

  async start(): Promise<void> {
    if (this.unlisten) return;
    await this.listen();
    const interval = this.options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
    if (this.store.kind === 'postgres' && interval > 0) {
      this.probeTimer = setInterval(() => void this.probe(), interval);
      this.probeTimer.unref();
    }
    // A pooled connection closing is the first sign of an outage, which the LISTEN connection shares.
    this.stopWatchingDisconnects = this.store.onDisconnect(() => void this.confirmListening());
  }

  subscribe(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** `handler` runs each time listening resumes after an interruption, after the events received before it. */
  onResync(handler: ResyncHandler): () => void {
    this.resyncHandlers.add(handler);
    return () => this.resyncHandlers.delete(handler);
  }

  /** Whether a LISTEN registration is in place and not being replaced (the readiness probe reports it). */
  get isListening(): boolean {
    return this.unlisten !== undefined && this.relistening === undefined && !this.stopped;
  }

  /** Resolves once every notification received so far has been delivered. */
  drained(): Promise<void> {
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.probeTimer);
    this.stopWatchingDisconnects?.();
    await this.unlisten?.();
    this.unlisten = undefined;
    this.handlers.clear();
    this.resyncHandlers.clear();
  }

  private async listen(): Promise<void> {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.unlisten = await this.store.listen(
      EVENTS_CHANNEL,
      (payload) => {
        if (current()) this.received(payload);
      },
      () => {
        if (current()) this.listening();
      },
    );
  }

  private received(payload: string): void {
    this.lastHeardAt = Date.now();
    this.chain = this.chain.then(() => this.deliver(payload)).catch(() => undefined);
  }

  /** Listening started, or resumed: after the first time, whatever was sent in between must be caught up. */
  private listening(): void {
    if (!this.listenedOnce) {
      this.listenedOnce = true;
      return;
    }
    const since = new Date(this.lastHeardAt - CATCH_UP_MARGIN_MS);
    this.chain = this.chain.then(() => {
      for (const handler of this.resyncHandlers) {
        try {
          handler(since);
        } catch {
          // As for events: one faulty handler must not stop the others.
        }
      }
    });
  }

  /**
   * Notifies this bus itself; if the previous probe never arrived, the LISTEN registration is dead
   * (postgres.js gave up re-establishing it, or the connection died without a sign) and is replaced.
   */
  private async probe(): Promise<void> {
    if (this.relistening || this.confirming || this.stopped) return;
    if (this.probesHeard < this.probesSent) {
      void this.replaceRegistration();
      return;
    }
    const payload = JSON.stringify({ probe: this.probeId, n: this.probesSent + 1 });
    try {
      await this.store.notify(EVENTS_CHANNEL, payload);
      this.probesSent += 1;
    } catch {
      // The database is unreachable: nothing to learn about the listener until it is back.
    }
  }

  /**
   * After a connection closed: probes at once and waits for the probe to come back, retrying while the
   * database is unreachable; a probe that never arrives means the registration is lost (postgres.js gave
   * up re-establishing it while the database was down), so it is replaced, and the resync follows. This
   * brings subscribers back within moments of the database, not at the next periodic probe.
   */
  private async confirmListening(): Promise<void> {
    if (this.confirming || this.stopped) return;
    this.confirming = true;
    let unreachable = false;
    try {
      for (let attempt = 0; !this.stopped; attempt += 1) {
        await sleep(Math.min(MAX_QUICK_CHECK_MS, QUICK_CHECK_MS * 2 ** attempt));
        await this.relistening;
        if (this.stopped) return;
        const outcome = await this.roundTrip();
        if (outcome === 'unreachable') {
          if (!unreachable) this.options.onDatabaseState?.('unreachable');
          unreachable = true;
          continue;
        }
        if (unreachable) this.options.onDatabaseState?.('reachable');
        if (outcome === 'lost') await this.replaceRegistration();
        return;
      }
    } finally {
      this.confirming = false;
    }
  }

  /** Sends one probe and waits briefly for it to come back through the registration. */
  private async roundTrip(): Promise<'heard' | 'lost' | 'unreachable'> {
    const n = this.probesSent + 1;
    try {
      await this.store.notify(EVENTS_CHANNEL, JSON.stringify({ probe: this.probeId, n }));
    } catch {
      return 'unreachable';
    }
    this.probesSent = n;
    const deadline = Date.now() + PROBE_ROUND_TRIP_MS;
    while (this.probesHeard < n && Date.now() < deadline && !this.stopped) await sleep(20);
    return this.probesHeard >= n ? 'heard' : 'lost';
  }

  private replaceRegistration(): Promise<void> {
    this.relistening ??= this.relisten().finally(() => (this.relistening = undefined));
    return this.relistening;
  }

  /** Registers again, backing off while the database refuses, until it works or the bus stops. */
  private async relisten(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt += 1) {
      // Not awaited: on a dead connection UNLISTEN would wait for a reconnect; the registration is dropped at once.
      void this.unlisten?.().catch(() => undefined);
      try {
        // The new registration's onListen reports the resumption (and so triggers the catch-up).
        await this.listen();
        this.probesHeard = this.probesSent;
        return;
      } catch {
        await sleep(Math.min(MAX_RELISTEN_DELAY_MS, 500 * 2 ** attempt));
      }
    }
  }

  private async deliver(payload: string): Promise<void> {
    const parsed = JSON.parse(payload) as DomainEvent | { ref: number } | { probe: string; n: number };
    if ('probe' in parsed) {
      if (parsed.probe === this.probeId) this.probesHeard = parsed.n;
      return;
    }
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
