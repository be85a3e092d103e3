/*
 * Group commit (docs/performance.md): writes that arrive while earlier ones are still in Postgres wait and go
 * together, as one statement, so a burst pays one round trip, one commit and one WAL flush instead of one per
 * write. A write that arrives when nothing is waiting goes at once: batching adds no latency to an idle
 * gateway, and batches grow only as fast as writes arrive. Each write is answered only after its batch has
 * committed. Used by heartbeats (heartbeatBatches.ts) and by submits of queued jobs (submitBatches.ts).
 */

export interface GroupCommitOptions<I> {
  /** Statements in flight at once; more writes wait for one of them to finish. */
  inFlight: number;
  /** Writes per statement at most. */
  maxBatch: number;
  /**
   * A fresh rule per batch saying whether the next waiting write may join it (one renter's or one provider's
   * writes that the statement cannot take together): a write refused waits for a later batch, keeping its turn.
   */
  joinsBatch?: () => (item: I) => boolean;
}

interface Waiting<I, A> {
  item: I;
  resolve(answer: A): void;
  reject(err: unknown): void;
}

export class GroupCommit<I, A> {
  private waiting: Waiting<I, A>[] = [];
  private inFlight = 0;

  /** `run` writes a batch in one statement and answers each item by its place. */
  constructor(
    private readonly run: (items: I[]) => Promise<A[]>,
    private readonly options: GroupCommitOptions<I>,
  ) {}

  /** Writes one item in the next batch; resolves with its own answer once that batch has committed. */
  add(item: I): Promise<A> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.sendWhileFree();
    });
  }

  private sendWhileFree(): void {
    while (this.inFlight < this.options.inFlight && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.sendWhileFree();
      });
    }
  }

  /** The next batch off the front of the queue, in arrival order. */
  private takeBatch(): Waiting<I, A>[] {
    const joins = this.options.joinsBatch?.() ?? (() => true);
    const batch: Waiting<I, A>[] = [];
    const left: Waiting<I, A>[] = [];
    for (const w of this.waiting) (batch.length < this.options.maxBatch && joins(w.item) ? batch : left).push(w);
    this.waiting = left;
    return batch;
  }

  private async send(batch: Waiting<I, A>[]): Promise<void> {
    try {
      const answers = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(answers[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // The batch failed as a whole (a deadlock with another transaction, a value Postgres refuses): each
      // write is tried again alone, so each gets its own answer or its own error.
      await Promise.all(batch.map((w) => this.run([w.item]).then(([a]) => w.resolve(a), w.reject)));
    }
  }
}

/** One value per database handle (so per gateway instance), made on first use. */
export function perStore<S extends object, T>(make: (store: S) => T): (store: S) => T {
  const made = new WeakMap<S, T>();
  return (store) => {
    let value = made.get(store);
    if (value === undefined) made.set(store, (value = make(store)));
    return value;
  };
}
