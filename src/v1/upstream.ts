import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isPrivateAddress } from '../domain/addressPolicy.js';

/**
 * HTTP to providers' OpenAI-compatible servers: pooled keep-alive connections, a deadline per
 * exchange, cancellation, and (unless private endpoints are allowed) a DNS check so a public hostname
 * that resolves to a private address is refused at connect time.
 */

export type FailureReason = 'timeout' | 'connection' | 'invalid_response' | 'client_gone';

export class UpstreamFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

export interface UpstreamResponse {
  status: number;
  contentType: string;
  body: IncomingMessage;
  /** Stops the exchange's deadline (a committed stream switches to idle timeouts). */
  clearDeadline(): void;
  /** Drops the connection (client went away, stream stalled). */
  abort(): void;
  /** Why the gateway cut the exchange (deadline, client gone), if it did. */
  failure(): UpstreamFailure | undefined;
}

/** `<endpoint>/v1/chat/completions`, unless the endpoint already names `/v1` or the full path. */
export function chatCompletionsUrl(endpointUrl: string): URL {
  const url = new URL(endpointUrl);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/chat/completions') ? path : path.endsWith('/v1') ? `${path}/chat/completions` : `${path}/v1/chat/completions`;
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

const MAX_JSON_BYTES = 32 * 1024 * 1024;

interface PostOptions {
  timeoutMs: number;
  signal: AbortSignal;
  accept: string;
}

/** A kept-alive connection turned out closed before the request got through. */
class StaleConnection extends Error {}

/** Whatever went wrong in an exchange with a provider (a refused URL included) is the provider's failure. */
const exchangeFailure = (err: unknown) => (err instanceof UpstreamFailure ? err : new UpstreamFailure('connection', (err as Error).message));

export class UpstreamClient {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
  };

  constructor(private readonly allowPrivate: boolean) {}

  /**
   * POSTs a JSON body; resolves once response headers arrive, rejects with an UpstreamFailure. A pooled
   * connection the provider closed while idle fails at once; that attempt is repeated once on a fresh one.
   */
  async post(url: URL, payload: string, options: PostOptions): Promise<UpstreamResponse> {
    try {
      return await this.send(url, payload, options);
    } catch (err) {
      if (!(err instanceof StaleConnection)) throw exchangeFailure(err);
      return this.send(url, payload, options).catch((retryErr: unknown) => {
        throw exchangeFailure(retryErr);
      });
    }
  }

  private send(url: URL, payload: string, options: PostOptions): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      let failure: UpstreamFailure | undefined;
      const fail = (f: UpstreamFailure) => {
        failure ??= f;
        req.destroy(failure);
      };
      const timer = setTimeout(() => fail(new UpstreamFailure('timeout', `no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
      const onAbort = () => fail(new UpstreamFailure('client_gone', 'the client closed the request'));
      const agent = url.protocol === 'https:' ? this.agents['https:'] : this.agents['http:'];
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, {
        method: 'POST',
        agent,
        lookup: this.allowPrivate ? undefined : (publicOnlyLookup as never),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), accept: options.accept },
      });
      const cleanup = () => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
      };
      options.signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err: NodeJS.ErrnoException) => {
        cleanup();
        const stale = !failure && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        reject(stale ? new StaleConnection(err.message) : (failure ?? new UpstreamFailure('connection', err.message)));
      });
      req.on('response', (res) => {
        // Errors after the headers surface on the body stream, as the reason the exchange was cut.
        res.on('error', () => undefined);
        resolve({
          status: res.statusCode ?? 502,
          contentType: String(res.headers['content-type'] ?? ''),
          body: res,
          clearDeadline: () => clearTimeout(timer),
          abort: () => {
            cleanup();
            req.destroy();
          },
          failure: () => failure,
        });
        res.on('close', cleanup);
      });
      req.end(payload);
      if (options.signal.aborted) onAbort();
    });
  }

  /** Reads a whole (JSON) body within the exchange's deadline. */
  async readAll(res: UpstreamResponse): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_JSON_BYTES) throw new UpstreamFailure('invalid_response', 'response body too large');
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof UpstreamFailure) throw err;
      throw res.failure() ?? new UpstreamFailure('connection', `body cut off: ${(err as Error).message}`);
    } finally {
      res.clearDeadline();
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Discards a body that is not needed; the deadline still cuts a provider that never finishes it. */
  drain(res: UpstreamResponse): void {
    res.body.resume();
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
