import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import { requireScope } from '../../domain/access.js';
import type { Principal } from '../../domain/auth.js';
import { jobEventsSince, latestJobEventId, providersBeatSince, providersChangedSince, type JobOwner } from '../../domain/catchUp.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { isTerminal } from '../../domain/lifecycle.js';
import { assertReadable } from '../../domain/jobs.js';
import { canReadProviderPrivate, MAX_LOG_LINES, type JobEventRow, type JobLogRow, type ProviderRow } from '../../domain/queries.js';
import type { DashboardStats as DashboardFigures } from '../../domain/stats.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { liveFor, shareResults, shareStream, type Delivered, type EventQueue, type ProviderStatusEvent, type Resync } from '../pubsub.js';
import { rowId } from '../ids.js';
import { ProviderStatus } from './enums.js';
import { Provider } from './provider.js';
import { Job, JobEvent, JobLogLine, JobRef, jobRef } from './job.js';
import { DashboardTotals } from './stats.js';

/**
 * Live updates over graphql-ws (ws://…/graphql) and SSE (POST or GET /graphql with
 * `Accept: text/event-stream`). Every field checks who may subscribe when the subscription starts,
 * then follows committed domain events; rows are re-read for each event, never served from a cache
 * filled by an earlier one.
 *
 * Payloads are the shared rows of each event (one object for every subscriber), and each field says
 * which subscribers see the same thing (`shareResults`), so the WebSocket fan-out runs an operation
 * once per event and visibility class instead of once per subscriber.
 */

/** What a subscription yields: its payload, or the error that ended it (delivered as a GraphQL error). */
type Delivery<T> = T | Error;

/** A payload that is an error ends the subscription with that error in the result's `errors`. */
function unwrap<T>(delivery: Delivery<T>): T {
  if (delivery instanceof Error) throw delivery;
  return delivery;
}

/**
 * Runs `body` as the subscription's event stream. Closing the stream (client unsubscribes, socket
 * drops) ends the queue at once, even while the body waits for an event; a failure mid-stream (a slow
 * subscriber cut off, a read failing) reaches the client as one error result, then the stream completes.
 */
function stream<T>(queue: { return(): Promise<unknown> }, body: AsyncGenerator<T>): AsyncIterableIterator<Delivery<T>> {
  let finished = false;
  // Whichever way the stream ends, the subscriber leaves its topic at once.
  const finish = () => {
    finished = true;
    return queue.return();
  };
  return {
    async next() {
      if (finished) return { value: undefined, done: true };
      try {
        const step = await body.next();
        if (step.done) await finish();
        return step;
      } catch (err) {
        await finish();
        return { value: err instanceof Error ? err : new Error(String(err)), done: false };
      }
    },
    async return() {
      await finish();
      await body.return(undefined);
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Each event is resolved with fresh rows: forget what the subscription's loaders cached for earlier events. */
function freshLoaders(ctx: GraphQLContext): void {
  clearAllDataLoaders(ctx);
}

/** Results that may differ for anyone but this principal (jobs, logs): shared only among its own subscriptions. */
function sharedWithSelf(ctx: GraphQLContext): void {
  const self = JSON.stringify(ctx.principal);
  shareResults(ctx, () => self);
}

/**
 * What a principal sees of a provider: all its fields (itself, admins) or the marketplace ones; the
 * kind too, as refusals of private fields are worded per kind.
 */
const providerVisibility = (ctx: GraphQLContext, providerId: number) =>
  `${ctx.principal.kind}:${canReadProviderPrivate(ctx.principal, providerId) ? 'own' : 'public'}`;

// ---- jobs ----

/** A change is its (shared) event row; the job is loaded as it is right after that change. */
const JobStatusChange = builder.objectRef<JobEventRow>('JobStatusChange').implement({
  description: 'One step of a job’s lifecycle (a status or progress-phase change), with the job as it is now.',
  fields: (t) => ({
    event: t.field({ description: 'The step.', type: JobEvent, resolve: (event) => event }),
    job: t.field({ description: 'The job as it is right after that step.', type: Job, resolve: (event) => event.jobId }),
  }),
});

/** Prepares the subscription's loaders for one change: cleared, then primed with the job as read for it. */
async function jobChange(ctx: GraphQLContext, event: JobEventRow): Promise<JobEventRow> {
  freshLoaders(ctx);
  const job = await liveFor(ctx.gateway).reads.job(event.jobId, event.sequenceNo);
  if (job) {
    // Checked again per change: a provider whose job went back to the queue may not follow it further.
    assertReadable(ctx.principal, job);
    Job.getDataloader(ctx).prime(job.id, job);
  }
  return event;
}

/**
 * The job's changes after `after`, replayed, then live; gaps (missed notifications, or all of them while
 * the listener was reconnecting) are filled from the job's event log by sequence number.
 */
async function* jobChanges(ctx: GraphQLContext, jobId: number, after: number | null, queue: EventQueue<Delivered<'job'>>) {
  const reads = liveFor(ctx.gateway).reads;
  // Read only after subscribing, so nothing committed in between is lost.
  const history = await ctx.gateway.domain.queries.jobEventsByJobIds([jobId]).then(([rows]) => rows);
  const latest = history.at(-1);
  let last = after ?? latest?.sequenceNo ?? 0;
  for (const event of history.filter((e) => e.sequenceNo > last)) {
    last = event.sequenceNo;
    yield await jobChange(ctx, event);
    if (isTerminal(event.status)) return;
  }
  if (latest && isTerminal(latest.status)) return;
  for await (const event of queue) {
    const catchUp = event.type === 'resync';
    if (!catchUp && (event.type !== 'job.status_changed' || event.sequenceNo <= last)) continue;
    const rows = catchUp ? reads.jobEvents(jobId, last, Number.MAX_SAFE_INTEGER, event.version) : reads.jobEvents(jobId, last, event.sequenceNo);
    for (const row of await rows) {
      last = row.sequenceNo;
      yield await jobChange(ctx, row);
      if (isTerminal(row.status)) return;
    }
  }
}

/** How many jobs' last delivered changes myJobs remembers, to skip what a catch-up delivers twice. */
const RECENT_JOBS = 1000;

/** The last change delivered per job, most recent jobs only (a catch-up looks back a minute or so). */
class DeliveredChanges {
  private readonly lastSequenceNo = new Map<number, number>();

  /** Whether `row` comes after what was delivered for its job; if so, it counts as delivered now. */
  take(row: JobEventRow): boolean {
    const last = this.lastSequenceNo.get(row.jobId);
    if (last !== undefined && last >= row.sequenceNo) return false;
    // Re-inserted, so the map's order is by last delivery and the oldest are forgotten first.
    this.lastSequenceNo.delete(row.jobId);
    this.lastSequenceNo.set(row.jobId, row.sequenceNo);
    if (this.lastSequenceNo.size > RECENT_JOBS) this.lastSequenceNo.delete(this.lastSequenceNo.keys().next().value!);
    return true;
  }
}

/**
 * Every change of the caller's jobs (renter) or of the jobs assigned to it (provider). After the
 * listener reconnects, the changes since shortly before it was lost are read back (those recorded after
 * `subscribedAfter`, the last event when the subscription started), skipping those delivered.
 */
async function* myJobChanges(ctx: GraphQLContext, owner: JobOwner, subscribedAfter: number, queue: EventQueue<Delivered<'renterJobs' | 'providerJobs'>>) {
  const reads = liveFor(ctx.gateway).reads;
  const delivered = new DeliveredChanges();
  for await (const event of queue) {
    const rows =
      event.type === 'resync'
        ? await jobEventsSince(ctx.gateway.store.db, owner, event.since, subscribedAfter)
        : await reads.jobEvents(event.jobId, event.sequenceNo - 1, event.sequenceNo);
    for (const row of rows) if (delivered.take(row)) yield await jobChange(ctx, row);
  }
}

/** Numbers the subscriptions' first reads, which no other read may share. */
let firstReads = 0;

/** Log lines after `since`, replayed, then live; ends once the job is finished and its lines are delivered. */
async function* jobLogLines(ctx: GraphQLContext, jobId: number, since: number, queue: EventQueue<Delivered<'job'>>) {
  const reads = liveFor(ctx.gateway).reads;
  let last = since;
  // Pages are shared per (line, version): each read names the event it is for, so a page read earlier
  // (before the lines it lacks were committed) never stands in for a later one.
  async function* linesUpTo(toLine: number, version: string | number): AsyncGenerator<JobLogRow> {
    while (last < toLine) {
      const page = await reads.jobLogs(jobId, last, version);
      for (const line of page) {
        last = line.lineNo;
        yield line;
      }
      if (page.length < MAX_LOG_LINES) return;
    }
  }
  const [job] = await ctx.gateway.domain.queries.jobsByIds([jobId]);
  yield* linesUpTo(Infinity, `first${(firstReads += 1)}`);
  if (!job || isTerminal(job.status)) return;
  for await (const event of queue) {
    const version = event.type === 'resync' ? event.version : event.type === 'job.log_appended' ? `line${event.toLine}` : event.sequenceNo;
    const current = await reads.job(jobId, version);
    // Checked again per event: a provider whose job went back to the queue may not follow it further.
    if (current) assertReadable(ctx.principal, current);
    // After a reconnect, the job's state says whether it finished while nothing arrived.
    const finished = event.type === 'resync' ? current !== undefined && isTerminal(current.status) : event.type === 'job.status_changed' && isTerminal(event.status);
    yield* linesUpTo(event.type === 'job.log_appended' ? event.toLine : Infinity, version);
    if (finished) return;
  }
}

/** The job the caller may follow: its renter, its assigned provider, or an admin (NotFound/Forbidden otherwise). */
function readableJob(ctx: GraphQLContext, ref: { id?: string | null; jobId?: string | null }) {
  return ctx.gateway.domain.jobs.get(ctx.principal, jobRef(ref, 'ref'));
}

const REF_DESCRIPTION = 'The job, by global `id` or string `jobId`.';

/** myJobs follows a renter's own jobs, or the jobs assigned to a provider. */
function myJobsTopic(principal: Principal): { topic: 'renterJobs' | 'providerJobs'; id: number; owner: JobOwner } {
  requireScope(principal, 'read');
  if (principal.kind === 'renter') return { topic: 'renterJobs', id: principal.renterId, owner: { renterId: principal.renterId } };
  if (principal.kind === 'provider') return { topic: 'providerJobs', id: principal.providerId, owner: { providerId: principal.providerId } };
  throw new ForbiddenError('myJobs is for renters and providers');
}

// ---- providers ----

/** A status change is the (shared) domain event itself. */
const ProviderStatusChange = builder.objectRef<ProviderStatusEvent>('ProviderStatusChange').implement({
  description: 'A provider went online, offline, degraded, paused, resumed or was suspended.',
  fields: (t) => ({
    status: t.field({ description: 'Its status now.', type: ProviderStatus, resolve: (e) => e.status as typeof ProviderStatus.$inferType }),
    fromStatus: t.field({
      type: ProviderStatus,
      nullable: true,
      description: 'The status announced before; null when none was (e.g. the first change after a reconnect).',
      resolve: (e) => e.fromStatus as typeof ProviderStatus.$inferType | null,
    }),
    isPaused: t.exposeBoolean('isPaused', { description: 'Whether its owner paused it.' }),
    occurredAt: t.field({ description: 'When it changed.', type: 'DateTime', resolve: (e) => new Date(e.at) }),
    provider: t.field({ description: 'The provider as it is now.', type: Provider, resolve: (e) => e.providerId }),
  }),
});

/** Prepares the subscription's loaders for one provider event: cleared, then primed with the provider as read for it. */
function freshProvider(ctx: GraphQLContext, provider: ProviderRow): ProviderRow {
  freshLoaders(ctx);
  Provider.getDataloader(ctx).prime(provider.id, provider);
  return provider;
}

/** The providers that may have beaten since `since` (the listener was reconnecting): read again, for that resync. */
type BeatsSince = (since: Date, resync: Resync) => Promise<(ProviderRow | undefined)[]>;

/** A catch-up looks back no further than the subscription's start: what came before is not news to it. */
const catchUpFrom = (resync: Resync, startedAt: number) => new Date(Math.max(resync.since.getTime(), startedAt));

/**
 * Each provider after each heartbeat. After a reconnect, the providers that beat meanwhile are read back,
 * those whose last heartbeat moved since it was last delivered here.
 */
async function* providerHeartbeats(ctx: GraphQLContext, queue: EventQueue<Delivered<'heartbeats'>>, beatsSince: BeatsSince) {
  const reads = liveFor(ctx.gateway).reads;
  const startedAt = Date.now();
  const lastBeat = new Map<number, number | undefined>();
  const moved = (p: ProviderRow | undefined) => p && (!lastBeat.has(p.id) || lastBeat.get(p.id) !== p.lastHeartbeat?.getTime());
  for await (const event of queue) {
    const providers =
      event.type === 'resync' ? (await beatsSince(catchUpFrom(event, startedAt), event)).filter(moved) : [await reads.provider(event.providerId, event.at)];
    for (const provider of providers) {
      if (!provider) continue;
      lastBeat.set(provider.id, provider.lastHeartbeat?.getTime());
      // The row itself is the payload (nothing loads it by id), so only the nested fields' loaders need clearing.
      freshLoaders(ctx);
      yield provider;
    }
  }
}

/**
 * After a reconnect: the providers changed since shortly before it, as status events for those whose
 * status differs from the last one announced here (`fromStatus` is that one, null if none was).
 */
async function changedWhileAway(ctx: GraphQLContext, since: Date, announced: Map<number, string>): Promise<ProviderStatusEvent[]> {
  const changed = await providersChangedSince(ctx.gateway.store.db, since);
  return changed
    .filter((p) => announced.get(p.id) !== statusKey(p))
    .map((p) => ({
      type: 'provider.status_changed',
      providerId: p.id,
      status: p.status,
      fromStatus: announced.get(p.id)?.split(':')[0] ?? null,
      isPaused: p.isPaused,
      at: p.updatedAt.toISOString(),
    }));
}

const statusKey = (p: { status: string; isPaused: boolean }) => `${p.status}:${p.isPaused}`;

/** Status changes of the providers the caller may see (the marketplace; all of them for admins). */
async function* providerStatusChanges(ctx: GraphQLContext, queue: EventQueue<Delivered<'providerStatus'>>) {
  const startedAt = Date.now();
  const announced = new Map<number, string>();
  for await (const event of queue) {
    const events = event.type === 'resync' ? await changedWhileAway(ctx, catchUpFrom(event, startedAt), announced) : [event];
    for (const change of events) {
      const provider = await ctx.gateway.domain.queries.provider(ctx.principal, change.providerId).catch((err: unknown) => {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      });
      if (!provider) continue;
      announced.set(change.providerId, statusKey(change));
      freshProvider(ctx, provider);
      yield change;
    }
  }
}

// ---- dashboard ----

/** The dashboard is pushed at most this often, however busy the marketplace. */
const DASHBOARD_MIN_INTERVAL_MS = 1000;

const sameFigures = (a: DashboardFigures, b: DashboardFigures) =>
  (Object.keys(a) as (keyof DashboardFigures)[]).every((k) => k === 'timestamp' || a[k] === b[k]);

/** Sleeps that end early, and for good, once `closed` settles (one listener, however many sleeps). */
function interruptibleSleep(closed: Promise<void>): (ms: number) => Promise<boolean> {
  let interrupted = false;
  let interrupt: (() => void) | undefined;
  void closed.then(() => {
    interrupted = true;
    interrupt?.();
  });
  return (ms) =>
    new Promise((resolve) => {
      if (interrupted) return resolve(false);
      const timer = setTimeout(() => resolve(true), Math.max(0, ms));
      interrupt = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
}

/** The figures now, then whenever an event changed them, no more than once per interval. */
async function* dashboardUpdates(ctx: GraphQLContext, queue: EventQueue<Delivered<'stats'>>) {
  const reads = liveFor(ctx.gateway).reads;
  const sleep = interruptibleSleep(queue.closed);
  let last = await reads.dashboard(Date.now());
  yield last;
  let sentAt = Date.now();
  while (!(await queue.next()).done) {
    const changedAt = Date.now();
    if (!(await sleep(sentAt + DASHBOARD_MIN_INTERVAL_MS - changedAt))) return;
    // Events that arrived during the pause are covered by the read below.
    if (queue.size > 0) await queue.next();
    const current = await reads.dashboard(changedAt);
    if (sameFigures(current, last)) continue;
    last = current;
    sentAt = Date.now();
    yield current;
  }
}

// ---- the Subscription type ----

builder.subscriptionType({
  description:
    'Live updates: over graphql-ws at the same URL (credentials in `connectionParams`, named like the HTTP headers), or over SSE (`Accept: text/event-stream`).',
});

builder.subscriptionFields((t) => ({
  jobStatusChanged: t.field({
    type: JobStatusChange,
    description:
      'Every status or progress-phase change of one job, in order and each once, for its renter, its assigned provider and admins. ' +
      'Give `afterSequenceNo` (0 for all) to replay the changes after it first. Completes after a terminal status.',
    authScopes: { authenticated: true },
    args: {
      ref: t.arg({ type: JobRef, required: true, description: REF_DESCRIPTION }),
      afterSequenceNo: t.arg.int({ description: 'Replay changes with a higher sequence number first.' }),
    },
    subscribe: async (_root, args, ctx) => {
      const job = await readableJob(ctx, args.ref);
      const queue = liveFor(ctx.gateway).pubsub.subscribe('job', job.id);
      sharedWithSelf(ctx);
      return stream(queue, jobChanges(ctx, job.id, args.afterSequenceNo ?? null, queue));
    },
    resolve: unwrap,
  }),
  myJobs: t.field({
    type: JobStatusChange,
    description: 'Every change of the calling renter’s jobs, or of the jobs assigned to the calling provider.',
    authScopes: { $any: { renter: true, provider: true } },
    subscribe: async (_root, _args, ctx) => {
      const { topic, id, owner } = myJobsTopic(ctx.principal);
      const queue = liveFor(ctx.gateway).pubsub.subscribe(topic, id);
      // Read after subscribing: anything recorded later reaches the queue, or a catch-up after a reconnect.
      const subscribedAfter = await latestJobEventId(ctx.gateway.store.db).catch((err: unknown) => {
        void queue.return();
        throw err;
      });
      sharedWithSelf(ctx);
      return stream(queue, myJobChanges(ctx, owner, subscribedAfter, queue));
    },
    resolve: unwrap,
  }),
  jobLogs: t.field({
    type: JobLogLine,
    description: 'A job’s log lines: those after line `since` first, then each as it arrives. Completes once the job has finished.',
    authScopes: { authenticated: true },
    args: {
      ref: t.arg({ type: JobRef, required: true, description: REF_DESCRIPTION }),
      since: t.arg.int({ required: true, defaultValue: 0, description: 'Replay lines after this line number.' }),
    },
    subscribe: async (_root, args, ctx) => {
      if (args.since < 0) throw ValidationError.field('since', 'since must not be negative');
      const job = await readableJob(ctx, args.ref);
      const queue = liveFor(ctx.gateway).pubsub.subscribe('job', job.id);
      sharedWithSelf(ctx);
      return stream(queue, jobLogLines(ctx, job.id, args.since, queue));
    },
    resolve: unwrap,
  }),
  providerHeartbeat: t.field({
    type: Provider,
    description: 'The provider after each of its heartbeats: marketplace fields for anyone, `account` for the provider itself and admins.',
    authScopes: { public: true },
    args: { providerId: t.arg.id({ required: true, description: 'The provider’s global id.' }) },
    subscribe: async (_root, args, ctx) => {
      const provider = await ctx.gateway.domain.queries.provider(ctx.principal, rowId(String(args.providerId), 'Provider', 'providerId'));
      // Only the latest state matters: a slow subscriber skips beats instead of being cut off.
      const queue = liveFor(ctx.gateway).pubsub.subscribe('providerHeartbeat', provider.id, { capacity: 16, overflow: 'dropOldest' });
      // Always this one provider: its visibility class is known now, and the stream is the same for the whole class.
      const visibility = providerVisibility(ctx, provider.id);
      shareResults(ctx, () => visibility);
      shareStream(ctx, visibility);
      const reads = liveFor(ctx.gateway).reads;
      const beatSince = async (since: Date, resync: Resync) => {
        const current = await reads.provider(provider.id, resync.version);
        return current?.lastHeartbeat && current.lastHeartbeat >= since ? [current] : [];
      };
      return stream(queue, providerHeartbeats(ctx, queue, beatSince));
    },
    resolve: (delivery) => unwrap(delivery),
  }),
  heartbeats: t.field({
    type: Provider,
    description: 'Every provider after each heartbeat (admin).',
    authScopes: { admin: true },
    subscribe: (_root, _args, ctx) => {
      const queue = liveFor(ctx.gateway).pubsub.subscribe('heartbeats', undefined, { overflow: 'dropOldest' });
      shareResults<ProviderRow>(ctx, (row) => providerVisibility(ctx, row.id));
      // Admins see every provider whole: one stream serves them all.
      shareStream(ctx, 'admin');
      return stream(queue, providerHeartbeats(ctx, queue, (since) => providersBeatSince(ctx.gateway.store.db, since)));
    },
    resolve: (delivery) => unwrap(delivery),
  }),
  providerStatusChanged: t.field({
    type: ProviderStatusChange,
    description: 'Providers going online, offline, degraded, paused or suspended (marketplace providers; all of them for admins).',
    authScopes: { public: true },
    subscribe: (_root, _args, ctx) => {
      const queue = liveFor(ctx.gateway).pubsub.subscribe('providerStatus');
      shareResults<ProviderStatusEvent>(ctx, (event) => providerVisibility(ctx, event.providerId));
      return stream(queue, providerStatusChanges(ctx, queue));
    },
    resolve: unwrap,
  }),
  dashboardStats: t.field({
    type: DashboardTotals,
    description: `The admin dashboard’s figures: now, then whenever they change, at most once every ${DASHBOARD_MIN_INTERVAL_MS / 1000} s (admin).`,
    authScopes: { admin: true },
    subscribe: (_root, _args, ctx) => {
      // One pending signal is enough: the figures are re-read after it.
      const queue = liveFor(ctx.gateway).pubsub.subscribe('stats', undefined, { capacity: 1, overflow: 'dropOldest' });
      sharedWithSelf(ctx);
      return stream(queue, dashboardUpdates(ctx, queue));
    },
    resolve: unwrap,
  }),
}));
