/** Midnight UTC of the day `d` falls in: the "today" boundary of every dashboard figure. */
export const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
