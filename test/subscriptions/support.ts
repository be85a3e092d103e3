import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ADMIN, type Principal } from '../../src/domain/auth.js';
import type { Gateway } from '../../src/gateway.js';
import { liveFor } from '../../src/graphql/pubsub.js';
import { eventually } from '../helpers/eventually.js';

export { eventually };

/** What one subscription received, in order, and how it ended. */
export class Received<T = any> {
  results: FormattedExecutionResult<T, unknown>[] = [];
  completed = false;
  failure: unknown;

  get data(): T[] {
    return this.results.map((r) => r.data as T);
  }

  get errors() {
    return this.results.flatMap((r) => r.errors ?? []);
  }

  count(n: number, timeoutMs?: number): Promise<true> {
    return eventually(() => this.results.length >= n || this.failure !== undefined, `${n} results (have ${this.results.length})`, timeoutMs).then(() => {
      if (this.failure !== undefined) throw new Error(`subscription failed: ${describe(this.failure)}`);
      return true as const;
    });
  }

  ended(timeoutMs?: number): Promise<boolean> {
    return eventually(() => this.completed || this.failure !== undefined, 'the subscription to end', timeoutMs);
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err) return `close ${(err as { code: number }).code} ${(err as { reason?: string }).reason ?? ''}`;
  return err instanceof Error ? err.message : JSON.stringify(err);
}

export function wsUrl(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}/graphql`;
}

/** A graphql-ws client that never retries, so refusals and closes are visible to the test. */
export function wsClient(httpUrl: string, connectionParams?: Record<string, string>): Client {
  return createClient({ url: wsUrl(httpUrl), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

export function subscribeWs<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Received<T> & { stop(): void } {
  const received = new Received<T>();
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => void received.results.push(result),
      error: (err) => void (received.failure = err),
      complete: () => void (received.completed = true),
    },
  );
  return Object.assign(received, { stop });
}

/** A GraphQL-over-SSE subscription (Yoga's "distinct connections" mode) read with fetch. */
export function subscribeSse<T = any>(
  httpUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Received<T> & { pings: number; stop(): void } {
  const received = Object.assign(new Received<T>(), { pings: 0, stop: () => abort.abort() });
  const abort = new AbortController();
  void (async () => {
    const res = await fetch(`${httpUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    });
    if (!res.ok || !res.body) throw new Error(`SSE request answered ${res.status}: ${await res.text()}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (message.startsWith(':')) received.pings += 1;
        else if (message.startsWith('event: next')) received.results.push(JSON.parse(message.slice(message.indexOf('data: ') + 6)));
        else if (message.startsWith('event: complete')) received.completed = true;
      }
    }
  })().catch((err: unknown) => {
    if (!abort.signal.aborted) received.failure = err;
  });
  return received;
}

/** Resolves once `count` subscribers are registered on the gateway: events published after that reach them. */
export function subscribers(gateway: Gateway, count: number): Promise<boolean> {
  return eventually(() => liveFor(gateway).pubsub.subscriberCount >= count, `${count} live subscribers`);
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export interface Account<P extends Principal> {
  principal: P;
  apiKey: string;
  id: number;
}

export async function newRenter(g: Gateway, balanceHalala = 100_000): Promise<Account<Principal & { kind: 'renter' }>> {
  const { renter, apiKey } = await g.domain.renters.register({ name: `Renter ${unique()}`, email: `r${unique()}@example.sa` });
  await g.domain.renters.adjustBalance(ADMIN, renter.id, { amount_halala: balanceHalala });
  return { principal: { kind: 'renter', renterId: renter.id, status: 'active' }, apiKey, id: renter.id };
}

/** An approved provider that has sent one heartbeat (so it is online). */
export async function newProvider(g: Gateway): Promise<Account<Principal & { kind: 'provider' }>> {
  const { provider, apiKey } = await g.domain.providers.register({
    name: `Provider ${unique()}`,
    email: `p${unique()}@example.sa`,
    gpu_model: 'NVIDIA GeForce RTX 4090',
    os: 'linux',
  });
  await g.domain.providers.approve(ADMIN, provider.id);
  const principal = { kind: 'provider' as const, providerId: provider.id, approvalStatus: 'approved', status: 'registered', deleted: false };
  await heartbeat(g, principal);
  return { principal, apiKey, id: provider.id };
}

export function heartbeat(g: Gateway, principal: Principal, extra: Record<string, unknown> = {}) {
  return g.domain.providers.heartbeat(principal, {
    gpu_status: { gpu_name: 'NVIDIA GeForce RTX 4090', gpu_vram_mib: 24564, daemon_version: '4.1.0' },
    ...extra,
  });
}

/** The job's lifecycle as stored: what a subscriber must have received, in this order. */
export async function storedTransitions(g: Gateway, jobId: number) {
  const [events] = await g.domain.queries.jobEventsByJobIds([jobId]);
  return events.map((e) => ({ sequenceNo: e.sequenceNo, status: e.status }));
}
