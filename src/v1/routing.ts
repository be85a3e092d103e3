import type { V1Config } from '../config.js';
import type { Candidate } from '../domain/inference.js';
import type { ProviderHealth } from '../observability/metrics.js';
import { V1Error } from './envelope.js';

/**
 * Provider choice from live traffic, per gateway instance: healthiest first (recent success rate, then
 * latency to first byte, then load), an in-flight cap per provider, and a circuit breaker that stops
 * sending to a provider after consecutive failures and lets one probe through after a cooldown.
 */

const RECENT_OUTCOMES = 20;
/** Weight of the newest latency sample in the moving average. */
const LATENCY_ALPHA = 0.3;
/** Success rates this close count as equal, so latency decides between healthy providers. */
const SUCCESS_BUCKET = 0.05;
/** Latencies this close (ms) count as equal, so load decides. */
const LATENCY_BUCKET_MS = 5;
/** When every provider is at its cap: how soon a client should try again. */
const BUSY_RETRY_AFTER_SECONDS = 5;

function lexicographic(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

interface ProviderState {
  outcomes: boolean[];
  latencyMs: number | undefined;
  inflight: number;
  consecutiveFailures: number;
  /** Epoch ms until which the breaker keeps the provider out; 0 when closed. */
  openUntil: number;
  /** A half-open probe is in flight; nothing else goes to the provider until it ends. */
  probing: boolean;
}

/** One request's hold on a provider slot; report exactly one outcome, then release. */
export interface Lease {
  providerId: number;
  succeeded(latencyMs: number): void;
  failed(): void;
  release(): void;
}

export class ProviderRouter {
  private readonly states = new Map<number, ProviderState>();

  constructor(
    private readonly config: V1Config,
    private readonly now: () => number,
  ) {}

  private state(providerId: number): ProviderState {
    let s = this.states.get(providerId);
    if (!s) {
      s = { outcomes: [], latencyMs: undefined, inflight: 0, consecutiveFailures: 0, openUntil: 0, probing: false };
      this.states.set(providerId, s);
    }
    return s;
  }

  private breakerAdmits(s: ProviderState): boolean {
    if (s.consecutiveFailures < this.config.breakerFailures) return true;
    return this.now() >= s.openUntil && !s.probing;
  }

  private successRate(s: ProviderState): number {
    return s.outcomes.length ? s.outcomes.filter(Boolean).length / s.outcomes.length : 1;
  }

  /**
   * The candidates that can take a request now, healthiest first; throws the contract's 503 when every
   * one is at its in-flight cap or behind an open breaker.
   */
  order(candidates: Candidate[]): Candidate[] {
    const usable = candidates.filter((c) => {
      const s = this.state(c.providerId);
      return s.inflight < this.config.maxInflightPerProvider && this.breakerAdmits(s);
    });
    if (!usable.length) throw this.unavailable(candidates);
    const score = (c: Candidate) => {
      const s = this.state(c.providerId);
      // Unmeasured providers rank as fast, so new capacity gets traffic and a measurement.
      return [-Math.floor(this.successRate(s) / SUCCESS_BUCKET), Math.round((s.latencyMs ?? 0) / LATENCY_BUCKET_MS), s.inflight, c.providerId];
    };
    const scores = new Map(usable.map((c) => [c.providerId, score(c)]));
    return usable.sort((a, b) => lexicographic(scores.get(a.providerId) as number[], scores.get(b.providerId) as number[]));
  }

  private unavailable(candidates: Candidate[]): V1Error {
    const states = candidates.map((c) => this.state(c.providerId));
    const breakerOpen = states.filter((s) => !this.breakerAdmits(s));
    if (breakerOpen.length === states.length) {
      const reopen = Math.min(...breakerOpen.map((s) => s.openUntil));
      const seconds = Math.max(1, Math.ceil((reopen - this.now()) / 1000));
      return new V1Error(503, 'upstream_error', 'provider_unavailable', 'Every provider serving this model is failing; retry shortly', {}, { 'Retry-After': String(seconds) });
    }
    return new V1Error(503, 'server_error', 'all_providers_busy', 'Every provider serving this model is busy; retry shortly', {}, { 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS) });
  }

  /** Every provider this instance has sent to: breaker state and requests in flight (read by /metrics). */
  *health(): Iterable<ProviderHealth> {
    for (const [providerId, s] of this.states) {
      const breaker = s.consecutiveFailures < this.config.breakerFailures ? 0 : this.now() < s.openUntil ? 1 : 2;
      yield { providerId, breaker, inflight: s.inflight };
    }
  }

  /** Takes a slot on the provider, or undefined when it filled up (or its breaker closed) meanwhile. */
  acquire(providerId: number): Lease | undefined {
    const s = this.state(providerId);
    if (s.inflight >= this.config.maxInflightPerProvider || !this.breakerAdmits(s)) return undefined;
    const probe = s.consecutiveFailures >= this.config.breakerFailures;
    if (probe) s.probing = true;
    s.inflight += 1;
    let released = false;
    let reported = false;
    const report = (ok: boolean) => {
      if (reported) return;
      reported = true;
      if (probe) s.probing = false;
      s.outcomes.push(ok);
      if (s.outcomes.length > RECENT_OUTCOMES) s.outcomes.shift();
      s.consecutiveFailures = ok ? 0 : s.consecutiveFailures + 1;
      if (s.consecutiveFailures >= this.config.breakerFailures) s.openUntil = this.now() + this.config.breakerCooldownMs;
    };
    return {
      providerId,
      succeeded: (latencyMs) => {
        s.latencyMs = s.latencyMs === undefined ? latencyMs : s.latencyMs + LATENCY_ALPHA * (latencyMs - s.latencyMs);
        report(true);
      },
      failed: () => report(false),
      release: () => {
        if (released) return;
        released = true;
        if (probe && !reported) s.probing = false;
        s.inflight -= 1;
      },
    };
  }
}
