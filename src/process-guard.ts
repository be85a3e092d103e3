import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './domain/availability.js';

export type ProcessFault = 'uncaughtException' | 'unhandledRejection';

/**
 * The last line of defence for errors nobody caught. A database outage that escaped its caller (a
 * background task whose query failed) is logged and the instance keeps serving: the connection pool and
 * the event listener recover by themselves, and requests meanwhile answer 503. Anything else leaves the
 * process in a state nobody can vouch for (a half-run callback, a driver's internal state broken, as the
 * unpatched postgres.js null-socket fault did): it is logged as fatal and the instance exits non-zero, so
 * its supervisor starts a clean one.
 */
export function guardProcess(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  const handle = processFaultHandler(logger, exit);
  process.on('uncaughtException', (err) => handle('uncaughtException', err));
  process.on('unhandledRejection', (err) => handle('unhandledRejection', err));
}

/** The guard's decision for one fault: log and carry on (a database outage), or log and exit non-zero. */
export function processFaultHandler(logger: Logger, exit: (code: number) => void): (fault: ProcessFault, err: unknown) => void {
  return (fault, err) => {
    if (isDatabaseUnavailable(err)) {
      logger.warn({ err, fault }, 'database outage reached the process: still running, connections recover by themselves');
      return;
    }
    logger.fatal({ err, fault }, 'unexpected error: exiting so a clean instance can take over');
    exit(1);
  };
}
