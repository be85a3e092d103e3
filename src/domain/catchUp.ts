import { and, asc, eq, getTableColumns, gt, gte, max } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { jobEvents, jobs, providers } from '../db/schema.js';
import type { JobEventRow, ProviderRow } from './queries.js';

/**
 * Reads for catching up after the event listener lost its connection (EventBus resync): what changed
 * since a moment, for the live streams that cannot replay by sequence number. Rare, so plain reads.
 */

/** Whose jobs: a renter's own, or those a provider is assigned now. */
export type JobOwner = { renterId: number } | { providerId: number };

/** The newest job event's id: events recorded later have higher ids. */
export async function latestJobEventId(db: Executor): Promise<number> {
  const [row] = await db.select({ id: max(jobEvents.id) }).from(jobEvents);
  return row?.id ?? 0;
}

/**
 * Lifecycle events of the owner's jobs that occurred at `since` or later and were recorded after event
 * `afterId` (what the caller had not subscribed to yet), in order per job (jobs in id order).
 */
export async function jobEventsSince(db: Executor, owner: JobOwner, since: Date, afterId: number): Promise<JobEventRow[]> {
  const ownedBy = 'renterId' in owner ? eq(jobs.renterId, owner.renterId) : eq(jobs.providerId, owner.providerId);
  return db
    .select(getTableColumns(jobEvents))
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(and(ownedBy, gte(jobEvents.occurredAt, since), gt(jobEvents.id, afterId)))
    .orderBy(asc(jobEvents.jobId), asc(jobEvents.sequenceNo));
}

/** Providers whose last heartbeat came at `since` or later. */
export async function providersBeatSince(db: Executor, since: Date): Promise<ProviderRow[]> {
  return db.select().from(providers).where(gte(providers.lastHeartbeat, since)).orderBy(asc(providers.id));
}

/** Providers changed at `since` or later (a status change always is one). */
export async function providersChangedSince(db: Executor, since: Date): Promise<ProviderRow[]> {
  return db.select().from(providers).where(gte(providers.updatedAt, since)).orderBy(asc(providers.id));
}
