/** Midnight UTC of the day `d` falls in: the "today" boundary of every dashboard figure. */
export const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** Waits `ms`; the timer does not keep the process alive (background retries and probes only). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
