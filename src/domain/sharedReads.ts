/**
 * Shares one run of `compute` between concurrent callers without ever answering with data older than the
 * call: a caller joins the next run that has not started yet (it starts once the current one ends), so
 * whatever was committed before the call is in its answer. Under load (50 admins polling) one read serves
 * every caller that arrived while the previous read ran, instead of each one repeating the same scans.
 * A run starts one event-loop turn late: PGlite executes a whole read without yielding to I/O, so requests
 * already received would otherwise only be read after it, and each would start a run of its own.
 */
export function startedAfterCall<T>(compute: () => Promise<T>): () => Promise<T> {
  let current: Promise<unknown> = Promise.resolve();
  let next: Promise<T> | undefined;
  return () =>
    (next ??= current
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => {
        next = undefined;
        const run = compute();
        current = run.catch(() => undefined);
        return run;
      }));
}
