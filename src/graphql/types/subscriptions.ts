import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import type { Principal } from '../../domain/auth.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { isTerminal } from '../../domain/lifecycle.js';
import { assertReadable } from '../../domain/jobs.js';
import { MAX_LOG_LINES, type JobEventRow, type JobLogRow, type ProviderRow } from '../../domain/queries.js';
import type { DashboardStats as DashboardFigures } from '../../domain/stats.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { liveFor, type EventQueue, type HeartbeatEvent, type JobStatusEvent, type ProviderStatusEvent, type Topics } from '../pubsub.js';
import { Provider } from './provider.js';
import { Job, JobEvent, JobLogLine } from './job.js';
import { Totals as DashboardStats } from './stats.js';

/**
 * Live updates over graphql-ws (ws://…/graphql) and SSE (POST or GET /graphql with
 * `Accept: text/event-stream`). Every field checks who may subscribe when the subscription starts,
 * then follows committed domain events; rows are re-read for each event, never served from a cache
 * filled by an earlier one.
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

// ---- jobs ----

interface JobChange {
  event: JobEventRow;
}

const JobStatusChange = builder.objectRef<JobChange>('JobStatusChange').implement({
  description: 'One step of a job’s lifecycle (a status or progress-phase change), with the job as it is now.',
  fields: (t) => ({
    event: t.field({ type: JobEvent, resolve: (c) => c.event }),
    job: t.field({ type: Job, resolve: (c) => c.event.jobId }),
  }),
});

/** Prepares the subscription's loaders for one change: cleared, then primed with the job as read for it. */
async function jobChange(ctx: GraphQLContext, event: JobEventRow): Promise<JobChange> {
  freshLoaders(ctx);
  const job = await liveFor(ctx.gateway).reads.job(event.jobId, event.sequenceNo);
  if (job) {
    // Checked again per change: a provider whose job went back to the queue may not follow it further.
    assertReadable(ctx.principal, job);
    Job.getDataloader(ctx).prime(job.id, job);
  }
  return { event };
}

/** The job's changes after `after`, replayed, then live; gaps (missed notifications) are filled from the job's event log. */
async function* jobChanges(ctx: GraphQLContext, jobId: number, after: number | null, queue: EventQueue<Topics['job']>) {
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
    if (event.type !== 'job.status_changed' || event.sequenceNo <= last) continue;
    for (const row of await reads.jobEvents(jobId, last, event.sequenceNo)) {
      last = row.sequenceNo;
      yield await jobChange(ctx, row);
      if (isTerminal(row.status)) return;
    }
  }
}

/** Every change of the caller's jobs (renter) or of the jobs assigned to it (provider). */
async function* myJobChanges(ctx: GraphQLContext, queue: EventQueue<JobStatusEvent>) {
  const reads = liveFor(ctx.gateway).reads;
  for await (const event of queue) {
    const [row] = await reads.jobEvents(event.jobId, event.sequenceNo - 1, event.sequenceNo);
    if (row) yield await jobChange(ctx, row);
  }
}

/** Log lines after `since`, replayed, then live; ends once the job is finished and its lines are delivered. */
async function* jobLogLines(ctx: GraphQLContext, jobId: number, since: number, queue: EventQueue<Topics['job']>) {
  const reads = liveFor(ctx.gateway).reads;
  let last = since;
  async function* linesUpTo(toLine: number): AsyncGenerator<JobLogRow> {
    while (last < toLine) {
      const page = await reads.jobLogs(jobId, last);
      for (const line of page) {
        last = line.lineNo;
        yield line;
      }
      if (page.length < MAX_LOG_LINES) return;
    }
  }
  const [job] = await ctx.gateway.domain.queries.jobsByIds([jobId]);
  yield* linesUpTo(Infinity);
  if (!job || isTerminal(job.status)) return;
  for await (const event of queue) {
    const current = await reads.job(jobId, event.type === 'job.log_appended' ? `line${event.toLine}` : event.sequenceNo);
    // Checked again per event: a provider whose job went back to the queue may not follow it further.
    if (current) assertReadable(ctx.principal, current);
    if (event.type === 'job.log_appended') yield* linesUpTo(event.toLine);
    else if (isTerminal(event.status)) return yield* linesUpTo(Infinity);
  }
}

/** The job the caller may follow: its renter, its assigned provider, or an admin (NotFound/Forbidden otherwise). */
function readableJob(ctx: GraphQLContext, args: { id?: number | null; jobId?: string | null }) {
  return ctx.gateway.domain.jobs.get(ctx.principal, args.id ?? args.jobId ?? '');
}

const oneJobRef = [(args: { id?: number | null; jobId?: string | null }) => (args.id == null) !== (args.jobId == null), { message: 'Give exactly one of id and jobId' }] as const;
const ID_DESCRIPTION = 'The job’s numeric id (give this or jobId).';
const JOB_ID_DESCRIPTION = 'The job’s string id, `job-<ms>-<6 chars>` (give this or id).';

/** myJobs follows a renter's own jobs, or the jobs assigned to a provider. */
function myJobsTopic(principal: Principal): ['renterJobs' | 'providerJobs', number] {
  if (principal.kind === 'renter') return ['renterJobs', principal.renterId];
  if (principal.kind === 'provider') return ['providerJobs', principal.providerId];
  throw new ForbiddenError('myJobs is for renters and providers');
}

// ---- providers ----

interface ProviderStatusChangePayload {
  event: ProviderStatusEvent;
}

const ProviderStatusChange = builder.objectRef<ProviderStatusChangePayload>('ProviderStatusChange').implement({
  description: 'A provider went online, offline, degraded, paused, resumed or was suspended.',
  fields: (t) => ({
    status: t.string({ resolve: (c) => c.event.status }),
    fromStatus: t.string({ nullable: true, resolve: (c) => c.event.fromStatus }),
    isPaused: t.boolean({ resolve: (c) => c.event.isPaused }),
    occurredAt: t.field({ type: 'DateTime', resolve: (c) => new Date(c.event.at) }),
    provider: t.field({ type: Provider, resolve: (c) => c.event.providerId }),
  }),
});

/** Prepares the subscription's loaders for one provider event: cleared, then primed with the provider as read for it. */
function freshProvider(ctx: GraphQLContext, provider: ProviderRow): number {
  freshLoaders(ctx);
  Provider.getDataloader(ctx).prime(provider.id, provider);
  return provider.id;
}

async function* providerHeartbeats(ctx: GraphQLContext, queue: EventQueue<HeartbeatEvent>) {
  const reads = liveFor(ctx.gateway).reads;
  for await (const event of queue) {
    const provider = await reads.provider(event.providerId, event.at);
    if (provider) yield freshProvider(ctx, provider);
  }
}

/** Status changes of the providers the caller may see (the marketplace; all of them for admins). */
async function* providerStatusChanges(ctx: GraphQLContext, queue: EventQueue<ProviderStatusEvent>) {
  for await (const event of queue) {
    const provider = await ctx.gateway.domain.queries.provider(ctx.principal, event.providerId).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
    if (!provider) continue;
    freshProvider(ctx, provider);
    yield { event };
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
async function* dashboardUpdates(ctx: GraphQLContext, queue: EventQueue<Topics['stats']>) {
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
      id: t.arg.int({ description: ID_DESCRIPTION }),
      jobId: t.arg.string({ description: JOB_ID_DESCRIPTION }),
      afterSequenceNo: t.arg.int({ description: 'Replay changes with a higher sequence number first.' }),
    },
    validate: [...oneJobRef],
    subscribe: async (_root, args, ctx) => {
      const job = await readableJob(ctx, args);
      const queue = liveFor(ctx.gateway).pubsub.subscribe('job', job.id);
      return stream(queue, jobChanges(ctx, job.id, args.afterSequenceNo ?? null, queue));
    },
    resolve: unwrap,
  }),
  myJobs: t.field({
    type: JobStatusChange,
    description: 'Every change of the calling renter’s jobs, or of the jobs assigned to the calling provider.',
    authScopes: { $any: { renter: true, provider: true } },
    subscribe: (_root, _args, ctx) => {
      const [topic, id] = myJobsTopic(ctx.principal);
      const queue = liveFor(ctx.gateway).pubsub.subscribe(topic, id);
      return stream(queue, myJobChanges(ctx, queue));
    },
    resolve: unwrap,
  }),
  jobLogs: t.field({
    type: JobLogLine,
    description: 'A job’s log lines: those after line `since` first, then each as it arrives. Completes once the job has finished.',
    authScopes: { authenticated: true },
    args: {
      id: t.arg.int({ description: ID_DESCRIPTION }),
      jobId: t.arg.string({ description: JOB_ID_DESCRIPTION }),
      since: t.arg.int({ required: true, defaultValue: 0, description: 'Replay lines after this line number.' }),
    },
    validate: [...oneJobRef],
    subscribe: async (_root, args, ctx) => {
      if (args.since < 0) throw ValidationError.field('since', 'since must not be negative');
      const job = await readableJob(ctx, args);
      const queue = liveFor(ctx.gateway).pubsub.subscribe('job', job.id);
      return stream(queue, jobLogLines(ctx, job.id, args.since, queue));
    },
    resolve: unwrap,
  }),
  providerHeartbeat: t.field({
    type: Provider,
    description: 'The provider after each of its heartbeats: marketplace fields for anyone, the rest for the provider itself and admins.',
    authScopes: { public: true },
    args: { providerId: t.arg.int({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const provider = await ctx.gateway.domain.queries.provider(ctx.principal, args.providerId);
      // Only the latest state matters: a slow subscriber skips beats instead of being cut off.
      const queue = liveFor(ctx.gateway).pubsub.subscribe('providerHeartbeat', provider.id, { capacity: 16, overflow: 'dropOldest' });
      return stream(queue, providerHeartbeats(ctx, queue));
    },
    resolve: (delivery) => unwrap(delivery),
  }),
  heartbeats: t.field({
    type: Provider,
    description: 'Every provider after each heartbeat (admin).',
    authScopes: { admin: true },
    subscribe: (_root, _args, ctx) => {
      const queue = liveFor(ctx.gateway).pubsub.subscribe('heartbeats', undefined, { overflow: 'dropOldest' });
      return stream(queue, providerHeartbeats(ctx, queue));
    },
    resolve: (delivery) => unwrap(delivery),
  }),
  providerStatusChanged: t.field({
    type: ProviderStatusChange,
    description: 'Providers going online, offline, degraded, paused or suspended (marketplace providers; all of them for admins).',
    authScopes: { public: true },
    subscribe: (_root, _args, ctx) => {
      const queue = liveFor(ctx.gateway).pubsub.subscribe('providerStatus');
      return stream(queue, providerStatusChanges(ctx, queue));
    },
    resolve: unwrap,
  }),
  dashboardStats: t.field({
    type: DashboardStats,
    description: `The admin dashboard’s figures: now, then whenever they change, at most once every ${DASHBOARD_MIN_INTERVAL_MS / 1000} s (admin).`,
    authScopes: { admin: true },
    subscribe: (_root, _args, ctx) => {
      // One pending signal is enough: the figures are re-read after it.
      const queue = liveFor(ctx.gateway).pubsub.subscribe('stats', undefined, { capacity: 1, overflow: 'dropOldest' });
      return stream(queue, dashboardUpdates(ctx, queue));
    },
    resolve: unwrap,
  }),
}));
