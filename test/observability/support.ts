import pino, { type Logger } from 'pino';
import { eventually } from '../helpers/eventually.js';

/** A parsed pino line. */
export type LogLine = Record<string, any> & { level: number; msg: string };

export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/** A logger that keeps every line it writes (debug and up), parsed, for the test to read. */
export function captureLogs(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** The access-log lines (msg "request"). */
export const accessLines = (lines: LogLine[]) => lines.filter((l) => l.msg === 'request');

/** Waits for the access-log line of the request with this id: it is written once the response has closed, just after the client read it. */
export function accessLineOf(lines: LogLine[], requestId: string): Promise<LogLine> {
  return eventually(() => accessLines(lines).find((l) => l.requestId === requestId), `the access-log line of request ${requestId}`);
}

/**
 * The value of one sample in a Prometheus text exposition: `name` with exactly these labels (in any
 * order); undefined when the sample is absent.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '')
      .split(/,(?=[a-zA-Z_]\w*=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    if (have === wanted) return Number(m[3]);
  }
  return undefined;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
