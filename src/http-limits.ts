import type { ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ConnectionLimits } from './config.js';
import { envelope, V1Error } from './v1/envelope.js';

/**
 * How long a client may take to send a request and how large its head may be (docs/connection-limits.md),
 * and the JSON answer to a request Node refuses before any face sees it.
 */

/**
 * Node's own limits, from the configuration. headersTimeout and requestTimeout cover *receiving* the
 * request (Node stops timing once the last byte of the body is in), so an SSE subscription, a REST log
 * stream or a /v1 stream may answer for as long as it likes. Node checks both only every
 * connectionsCheckingInterval (30 s by default): a slow-loris socket would outlive its deadline by that
 * much, so the check runs at a fraction of the header timeout, at most once a second.
 */
export function httpServerOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.httpHeadersTimeoutMs,
    requestTimeout: limits.httpRequestTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.httpHeadersTimeoutMs / 4))),
    maxHeaderSize: limits.httpMaxHeaderBytes,
  };
}

interface Refusal {
  status: number;
  statusText: string;
  /** The /v1 error code (docs/decisions.md#v1-errors) for the same refusal. */
  code: string;
  message: string;
}

function refusalFor(err: NodeJS.ErrnoException, limits: ConnectionLimits): Refusal {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        statusText: 'Request Header Fields Too Large',
        code: 'request_header_fields_too_large',
        message: `Request header fields too large: the request line and headers may take ${limits.httpMaxHeaderBytes} bytes at most`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, statusText: 'Request Timeout', code: 'request_timeout', message: 'Request timeout: the request was not received in time' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, statusText: 'Payload Too Large', code: 'request_too_large', message: 'Chunk extensions too large' };
    default:
      return { status: 400, statusText: 'Bad Request', code: 'malformed_request', message: 'Bad request: malformed HTTP' };
  }
}

/** Whether the unparsed request was for /v1, read from its request line when the failing chunk holds it. */
function forV1(rawPacket: unknown): boolean {
  if (!Buffer.isBuffer(rawPacket)) return false;
  const line = rawPacket.subarray(0, Math.min(rawPacket.length, 512)).toString('latin1');
  return /^[A-Z]+ \/v1(?:[/?\s])/.test(line);
}

/** The body in the shape of the face the request was for: the /v1 envelope there, `{"error": ...}` elsewhere. */
function bodyFor(refusal: Refusal, v1: boolean): string {
  if (v1) return JSON.stringify(envelope(new V1Error(refusal.status, 'invalid_request_error', refusal.code, refusal.message)));
  return JSON.stringify({ error: refusal.message });
}

/** The net.Socket Node hands to 'clientError' (typed as a Duplex), with what this handler reads of it. */
type ClientSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null; destroySoon?: () => void };

/**
 * The server's 'clientError' handler: Node's default answers a bare status line (a 431 with no body), so
 * answer JSON like every other refusal, then close the connection. Nothing is written on a connection
 * whose response has already begun (a broken request pipelined behind it), as Node does.
 */
export function answerClientError(limits: ConnectionLimits) {
  return (err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: ClientSocket): void => {
    if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = refusalFor(err, limits);
    const body = bodyFor(refusal, forV1(err.rawPacket));
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.statusText}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    // Closed once the answer is flushed: the client may still be sending (a 60 KB header), and an
    // allowHalfOpen HTTP socket would otherwise wait for it to finish.
    socket.destroySoon?.();
  };
}
