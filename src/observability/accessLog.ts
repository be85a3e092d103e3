import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import { attachRecord, pathOf, recordOf, requestIdFrom, RequestRecord, type Face } from './requestId.js';

/**
 * What happens around every request: an id at the start (taken from a valid `X-Request-Id`, else
 * generated, and returned in the response's `X-Request-Id`), and when the response has ended, or the
 * connection closed under it (a stream the client left), one access-log line and one histogram
 * observation. Probes and /metrics never come here (src/server.ts answers them first).
 */

export interface AccessLogOptions {
  logger: Logger;
  metrics: Metrics;
  /** DCP_ACCESS_LOG: the line can be turned off; the metric stays. */
  enabled: boolean;
}

/** What the metric calls a route no handler matched (404, 405, preflights, refusals before routing): bounded, unlike paths. */
const NO_ROUTE = '(none)';
/** As nginx logs it: the client went away before any status was sent. */
const CLIENT_CLOSED = 499;

/** Starts the request's record; `url` is the request target before the dispatcher strips a face's prefix from it. */
export function beginRequest(request: IncomingMessage, response: ServerResponse, face: Face, prefix: string, url: string, onClose: () => void): RequestRecord {
  const record = new RequestRecord(requestIdFrom(request.headers['x-request-id']), face, prefix, url, performance.now());
  attachRecord(request, record);
  response.setHeader('X-Request-Id', record.id);
  // 'close' fires once, whether the response ended or the connection was cut under it.
  response.on('close', onClose);
  return record;
}

/** The 'close' listener, one per server (it reads the request from the response), not a closure per request. */
export function requestFinished(options: AccessLogOptions): (this: ServerResponse) => void {
  const { logger, metrics, enabled } = options;
  return function finished(this: ServerResponse) {
    const record = recordOf(this.req);
    if (!record) return;
    const ms = performance.now() - record.startedAt;
    const status = this.headersSent ? this.statusCode : CLIENT_CLOSED;
    const method = this.req.method ?? 'GET';
    metrics.request(record.face, routeLabel(record, status), method, status, ms / 1000);
    if (!enabled) return;
    logger.info(
      {
        requestId: record.id,
        method,
        route: record.route === undefined ? pathOf(record) : record.prefix + record.route,
        status,
        ms: Math.round(ms * 10) / 10,
        principal: record.principal ?? 'anonymous',
        operation: record.operation,
        errors: record.errorCodes,
        // A stream cut before its end (client gone, shutdown grace over) is told apart from one that finished.
        incomplete: this.writableFinished ? undefined : true,
      },
      'request',
    );
  };
}

function routeLabel(record: RequestRecord, status: number): string {
  if (record.route !== undefined) return record.route;
  // The root app's routes are fixed paths, so a path it answered is its own pattern.
  if (record.face === 'root' && status !== 404 && status !== 405) return pathOf(record);
  return NO_ROUTE;
}
