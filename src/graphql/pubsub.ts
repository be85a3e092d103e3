import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { ADMIN } from '../domain/auth.js';
import { untilAvailable } from '../domain/availability.js';
import type { DomainEvent, EventBus } from '../domain/events.js';
import type { Domain } from '../domain/index.js';
import type { JobEventRow, JobLogRow, JobRow, ProviderRow } from '../domain/queries.js';
import type { DashboardStats } from '../domain/stats.js';
import type { Gateway } from '../gateway.js';

/**
 * Typed pub/sub for subscriptions, fed by the gateway's EventBus (committed domain events from every
 * instance on the database). Each subscriber gets its own bounded queue, so a slow one is dropped or
 * cut off instead of holding memory or delaying the others.
 */

type EventOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;
export type JobStatusEvent = EventOf<'job.status_changed'>;
type JobLogEvent = EventOf<'job.log_appended'>;
export type HeartbeatEvent = EventOf<'provider.heartbeat'>;
export type ProviderStatusEvent = EventOf<'provider.status_changed'>;

/** What each topic carries. Keyed topics take the id named in their comment. */
export interface Topics {
  /** Status changes and new log lines of one job (job id). */
  job: JobStatusEvent | JobLogEvent;
  /** Status changes of a renter's jobs (renter id). */
  renterJobs: JobStatusEvent;
  /** Status changes of the jobs assigned to a provider (provider id). */
  providerJobs: JobStatusEvent;
  /** One provider's heartbeats (provider id). */
  providerHeartbeat: HeartbeatEvent;
  heartbeats: HeartbeatEvent;
  providerStatus: ProviderStatusEvent;
  /** Every event that can move the admin dashboard's figures (all but log lines). */
  stats: DomainEvent;
}
type TopicName = keyof Topics;

/**
 * Put in every queue when the event listener resumes after losing its connection: events committed
 * from `since` on may never arrive, so each stream catches up from the database (`version` tells
 * shared reads for one resync from those for another).
 */
export interface Resync {
  type: 'resync';
  since: Date;
  version: string;
}

/** What a subscriber's queue holds: its topic's events, and resync markers. */
export type Delivered<K extends TopicName> = Topics[K] | Resync;

const topicKey = (name: TopicName, id?: number) => (id === undefined ? name : `${name}:${id}`);

function topicsOf(e: DomainEvent): string[] {
  switch (e.type) {
    case 'job.status_changed': {
      const keys = [topicKey('job', e.jobId), topicKey('renterJobs', e.renterId), 'stats'];
      if (e.providerId != null) keys.push(topicKey('providerJobs', e.providerId));
      return keys;
    }
    case 'job.log_appended':
      return [topicKey('job', e.jobId)];
    case 'provider.heartbeat':
      return [topicKey('providerHeartbeat', e.providerId), 'heartbeats', 'stats'];
    case 'provider.status_changed':
      return ['providerStatus', 'stats'];
    case 'renter.balance_changed':
      return ['stats'];
  }
}

/**
 * `end`: the subscription fails with SUBSCRIBER_TOO_SLOW (for streams where every event matters, such as
 * a job's transitions: a gap would be a lie). `dropOldest`: keep the newest events (for streams where
 * only the latest state matters, such as heartbeats).
 */
export type OverflowPolicy = 'end' | 'dropOldest';

export interface QueueOptions {
  /** Events buffered for a subscriber that has not taken them yet. */
  capacity?: number;
  overflow?: OverflowPolicy;
}

const DEFAULT_QUEUE_CAPACITY = 256;

/** Errors built with Yoga's copy of graphql-js, so Yoga passes them to clients unmasked. */
function subscriberTooSlow(capacity: number): GraphQLError {
  return createGraphQLError(`The subscription fell more than ${capacity} events behind and was ended; subscribe again to resume`, {
    extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
  });
}

function subscriptionsClosed(): GraphQLError {
  return createGraphQLError('The server is shutting down; subscribe again to resume', { extensions: { code: 'SHUTTING_DOWN' } });
}

/** One subscriber's events: an async iterator whose `return()` always ends it at once, even mid-wait. */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiting: ((err: Error) => void) | undefined;
  private failure: Error | undefined;
  private ended = false;
  private markClosed!: () => void;
  /** Settles when the queue ends, however it ends: lets a waiting consumer stop waiting. */
  readonly closed = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    private readonly capacity: number,
    private readonly overflow: OverflowPolicy,
    private readonly onEnd: () => void,
  ) {}

  push(item: T): void {
    if (this.ended) return;
    if (this.waiting) return this.settle().resolve({ value: item, done: false });
    if (this.items.length >= this.capacity) {
      if (this.overflow === 'end') return this.fail(subscriberTooSlow(this.capacity));
      this.items.shift();
    }
    this.items.push(item);
  }

  /** Ends the queue with an error: the consumer gets it on its next read, then nothing more. */
  fail(err: Error): void {
    if (this.ended) return;
    this.items = [];
    if (this.waiting) this.settle().reject(err);
    else this.failure = err;
    this.finish();
  }

  /** Events waiting to be taken. */
  get size(): number {
    return this.items.length;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.failure) {
      const err = this.failure;
      this.failure = undefined;
      return Promise.reject(err);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.items = [];
    this.failure = undefined;
    if (this.waiting) this.settle().resolve({ value: undefined, done: true });
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settle() {
    const resolve = this.waiting!;
    const reject = this.failWaiting!;
    this.waiting = undefined;
    this.failWaiting = undefined;
    return { resolve, reject };
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    this.markClosed();
  }
}

/** Fans committed domain events out to per-subscriber queues, by topic. */
export class PubSub {
  private readonly subscribers = new Map<string, Set<EventQueue<any>>>();
  private readonly stopListening: () => void;
  private readonly stopResyncing: () => void;
  private resyncs = 0;
  private followers = 0;
  private closing = false;

  constructor(events: EventBus) {
    this.stopListening = events.subscribe((event) => this.dispatch(event));
    this.stopResyncing = events.onResync((since) => this.resync(since));
  }

  subscribe<K extends TopicName>(name: K, id?: number, options: QueueOptions = {}): EventQueue<Delivered<K>> {
    const key = topicKey(name, id);
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    const queue: EventQueue<Delivered<K>> = new EventQueue(options.capacity ?? DEFAULT_QUEUE_CAPACITY, options.overflow ?? 'end', () => {
      set.delete(queue);
      if (set.size === 0 && this.subscribers.get(key) === set) this.subscribers.delete(key);
    });
    if (this.closing) queue.fail(subscriptionsClosed());
    else set.add(queue);
    return queue;
  }

  /**
   * Subscribers across all topics (a subscription may hold more than one), and subscriptions following
   * another's queue (a shared stream).
   */
  get subscriberCount(): number {
    let n = this.followers;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  /** Counts a subscription that follows another's queue, until the returned function is called. */
  follow(): () => void {
    this.followers += 1;
    let counted = true;
    return () => {
      if (counted) this.followers -= 1;
      counted = false;
    };
  }

  /** Ends every subscription (graceful shutdown): streams complete instead of being cut. */
  close(): void {
    this.closing = true;
    this.stopListening();
    this.stopResyncing();
    for (const set of [...this.subscribers.values()]) for (const queue of [...set]) queue.fail(subscriptionsClosed());
  }

  /** Every subscriber, whatever its topic, may have missed events: each gets one marker to catch up on. */
  private resync(since: Date): void {
    const marker: Resync = { type: 'resync', since, version: `resync${(this.resyncs += 1)}` };
    for (const set of this.subscribers.values()) for (const queue of set) queue.push(marker);
  }

  private dispatch(event: DomainEvent): void {
    for (const key of topicsOf(event)) {
      const set = this.subscribers.get(key);
      if (set) for (const queue of set) queue.push(event);
    }
  }
}

/**
 * How long a subscription's read waits out a database outage before the subscription ends with
 * SERVICE_UNAVAILABLE: an event announced just before the database went down is delivered when it is back.
 */
const OUTAGE_PATIENCE_MS = 60_000;
const patiently = <T>(read: () => Promise<T>) => untilAvailable(read, OUTAGE_PATIENCE_MS);

/**
 * Rows that many subscribers need for the same event, read once per instance instead of once per
 * subscriber: keys carry the event's identity (sequence number, timestamp), so a row read for one event
 * is never served for a later one. Batched per tick; the cache is dropped every second. Reads wait out a
 * database outage (OUTAGE_PATIENCE_MS).
 */
export class SharedReads {
  private clearedAt = Date.now();
  private readonly jobEventLoader: DataLoader<string, JobEventRow[] | undefined>;
  private readonly jobLoader: DataLoader<string, JobRow | undefined>;
  private readonly providerLoader: DataLoader<string, ProviderRow | undefined>;
  private readonly logLoader: DataLoader<string, JobLogRow[]>;
  private dashboardRead: { startedAt: number; figures: Promise<DashboardStats> } | undefined;

  constructor(private readonly domain: Domain) {
    const { queries } = domain;
    const byVersionedId = <T>(load: (ids: number[]) => Promise<T[]>) =>
      new DataLoader<string, T | undefined>(async (keys) => {
        const ids = [...new Set(keys.map(idOf))];
        const rows = await patiently(() => load(ids));
        const byId = new Map(ids.map((id, i) => [id, rows[i]]));
        return keys.map((k) => byId.get(idOf(k)));
      });
    this.jobLoader = byVersionedId((ids) => queries.jobsByIds(ids));
    this.providerLoader = byVersionedId((ids) => queries.providersByIds(ids));
    this.jobEventLoader = byVersionedId((ids) => queries.jobEventsByJobIds(ids));
    this.logLoader = new DataLoader(async (keys) =>
      Promise.all(
        keys.map((k) => {
          const [jobId, afterLine] = k.slice(0, k.indexOf('@')).split(':').map(Number);
          return patiently(() => queries.jobLogsByJobIds([jobId], { afterLine })).then(([lines]) => lines);
        }),
      ),
    );
  }

  /** The job's lifecycle events with sequence numbers in (after, upTo], in order, as read for `version` (default: upTo). */
  async jobEvents(jobId: number, after: number, upTo: number, version: string | number = upTo): Promise<JobEventRow[]> {
    this.expire();
    const all = (await this.jobEventLoader.load(`${jobId}@${version}`)) ?? [];
    return all.filter((e) => e.sequenceNo > after && e.sequenceNo <= upTo);
  }

  /** The job as it is at least as of `version` (the event that prompted the read). */
  job(jobId: number, version: string | number): Promise<JobRow | undefined> {
    this.expire();
    return this.jobLoader.load(`${jobId}@${version}`);
  }

  provider(providerId: number, version: string | number): Promise<ProviderRow | undefined> {
    this.expire();
    return this.providerLoader.load(`${providerId}@${version}`);
  }

  /**
   * Up to a page of log lines after `afterLine`, as read for `version` (the event that prompted the read);
   * the page is read once for everyone following the job. Like every key here, the version is part of it:
   * a page read before lines were appended (a subscription's first read, while the job was still queued)
   * must never answer for the event announcing those lines.
   */
  jobLogs(jobId: number, afterLine: number, version: string | number): Promise<JobLogRow[]> {
    this.expire();
    return this.logLoader.load(`${jobId}:${afterLine}@${version}`);
  }

  /**
   * The dashboard's figures as read at `notBefore` or later; every admin watching shares the read (the summary:
   * its lists are the narrow ones, and REST pollers share it too).
   */
  dashboard(notBefore: number): Promise<DashboardStats> {
    if (!this.dashboardRead || this.dashboardRead.startedAt < notBefore) {
      const read = { startedAt: Date.now(), figures: patiently(() => this.domain.stats.dashboardSummary(ADMIN)).then((d) => d.stats) };
      this.dashboardRead = read;
      // A failed read is not shared with later callers: they try again.
      read.figures.catch(() => {
        if (this.dashboardRead === read) this.dashboardRead = undefined;
      });
    }
    return this.dashboardRead.figures;
  }

  private expire(): void {
    const now = Date.now();
    if (now - this.clearedAt < 1000) return;
    this.clearedAt = now;
    this.jobEventLoader.clearAll();
    this.jobLoader.clearAll();
    this.providerLoader.clearAll();
    this.logLoader.clearAll();
  }
}

const idOf = (key: string) => Number(key.slice(0, key.indexOf('@')));

/**
 * Which subscribers may share a result: for one event's payload, the class of what the subscriber may
 * see. Two subscribers of the same operation whose classes are equal for a payload get byte-identical
 * results, so the operation runs once for all of them. `undefined` means never shared.
 */
type VisibilityOf = (payload: object) => string | undefined;

const visibilityByContext = new WeakMap<object, VisibilityOf>();

/**
 * Declares, while a subscription field starts, that its payloads are shared objects (the same object
 * for every subscriber of one event, never reused for another) and how visibility divides its subscribers.
 */
export function shareResults<T extends object>(ctx: object, visibility: (payload: T) => string | undefined): void {
  visibilityByContext.set(ctx, visibility as VisibilityOf);
}

/** How the subscription with this context divides its subscribers for each payload (never sharing, if it did not say). */
export function visibilityOf(ctx: object): (payload: unknown) => string | undefined {
  const visibility = visibilityByContext.get(ctx);
  if (!visibility) return () => undefined;
  return (payload) => (typeof payload !== 'object' || payload === null || payload instanceof Error ? undefined : visibility(payload));
}

const streamClassByContext = new WeakMap<object, string>();

/**
 * Declares, while a subscription field starts, that its whole stream (not just each result) is the same
 * for every subscriber of the same operation in visibility class `visibility`: nothing in it depends on
 * the subscriber once the field has let it in, it replays nothing of its own, and only the latest state
 * matters (a subscriber that falls behind may skip to the newest result). Such subscribers can then
 * follow one stream together.
 */
export function shareStream(ctx: object, visibility: string): void {
  streamClassByContext.set(ctx, visibility);
}

/** The visibility class the subscription with this context shares its stream in, if it does. */
export function streamClassOf(ctx: object): string | undefined {
  return streamClassByContext.get(ctx);
}

/**
 * One result per (payload, operation, visibility class): the first subscriber to need it runs the
 * operation, the others reuse it. Held only as long as the payload itself (a WeakMap), so nothing
 * outlives the event that produced it.
 */
export class SharedResults<R> {
  private readonly byPayload = new WeakMap<object, Map<string, R>>();

  once(payload: object, key: string, produce: () => R): R {
    let results = this.byPayload.get(payload);
    if (!results) this.byPayload.set(payload, (results = new Map()));
    let result = results.get(key);
    if (result === undefined) results.set(key, (result = produce()));
    return result;
  }
}

export interface Live {
  pubsub: PubSub;
  reads: SharedReads;
}

const perGateway = new WeakMap<Gateway, Live>();

/** The gateway's one pub/sub and shared reads, created with its first subscription. */
export function liveFor(gateway: Gateway): Live {
  let live = perGateway.get(gateway);
  if (!live) {
    live = { pubsub: new PubSub(gateway.events), reads: new SharedReads(gateway.domain) };
    perGateway.set(gateway, live);
  }
  return live;
}
