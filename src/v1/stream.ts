import type { UpstreamResponse } from './upstream.js';

/**
 * Relays a provider's SSE stream to the client line by line as it arrives (docs/decisions.md#v1-requests):
 * the provider's `[DONE]` lines are dropped and exactly one is written at the end, a provider usage
 * chunk gets the billed counts and their pricing, and a stream that breaks, stalls or runs past its
 * longest allowed duration ends with an error event then `[DONE]`.
 * Nothing a provider sends can throw out of here.
 */

type Json = Record<string, unknown>;

export interface StreamOutcome {
  /** The usage object the provider sent, if any. */
  usage: Json | undefined;
  /** Completion text relayed to the client (content, reasoning, tool-call arguments). */
  deliveredText: string;
  /** The last chunk's `id`, `created` and `model`, to give a closing chunk the same identity. */
  identity: { id?: unknown; created?: unknown; model?: unknown };
  error: 'interrupted' | 'stalled' | 'too_long' | undefined;
  clientGone: boolean;
}

export interface RelayLimits {
  /** Longest silence between two provider chunks. */
  idleTimeoutMs: number;
  /** Longest the whole relay may run. */
  maxDurationMs: number;
}

export interface RelayHooks {
  /** The usage object to send in place of a provider's (billed counts, pricing), given the text so far. */
  usage(reported: Json, deliveredText: string): Json;
  /** Runs once when the relay ends, before `[DONE]`; returns final events (usage, error) to send first. */
  finish(outcome: StreamOutcome): Promise<Json[]>;
}

const encoder = new TextEncoder();
const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

class Stalled extends Error {}

/** The next upstream chunk, or a Stalled error when none comes within `ms`. */
function nextWithin<T>(next: Promise<T>, ms: number): Promise<T> {
  // The read may still settle after a stall; its rejection must not go unhandled.
  next.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Stalled()), ms);
  });
  return Promise.race([next, stall]).finally(() => clearTimeout(timer));
}

function completionText(chunk: Json): string {
  const choices = Array.isArray(chunk.choices) ? (chunk.choices as Json[]) : [];
  let text = '';
  for (const choice of choices) {
    const delta = (choice?.delta ?? {}) as Json;
    for (const field of ['content', 'reasoning_content', 'reasoning']) if (typeof delta[field] === 'string') text += delta[field];
    for (const call of Array.isArray(delta.tool_calls) ? (delta.tool_calls as Json[]) : []) {
      const fn = (call?.function ?? {}) as Json;
      text += `${typeof fn.name === 'string' ? fn.name : ''}${typeof fn.arguments === 'string' ? fn.arguments : ''}`;
    }
  }
  return text;
}

export function relayStream(upstream: UpstreamResponse, limits: RelayLimits, hooks: RelayHooks): ReadableStream<Uint8Array> {
  const reader = upstream.body[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  const outcome: StreamOutcome = { usage: undefined, deliveredText: '', identity: {}, error: undefined, clientGone: false };
  let partial = '';
  let finishing: Promise<Json[]> | undefined;
  const finish = () => (finishing ??= hooks.finish(outcome).catch(() => []));

  /** One complete line in, the line to send out (undefined drops it). */
  function relayLine(line: string): string | undefined {
    if (!line.startsWith('data:')) return line;
    const data = line.slice(5).trim();
    if (data === '[DONE]') return undefined;
    let chunk: Json;
    try {
      chunk = JSON.parse(data) as Json;
    } catch {
      return line;
    }
    outcome.identity = { id: chunk.id, created: chunk.created, model: chunk.model };
    outcome.deliveredText += completionText(chunk);
    if (!chunk.usage || typeof chunk.usage !== 'object') return line;
    outcome.usage = chunk.usage as Json;
    return `data: ${JSON.stringify({ ...chunk, usage: hooks.usage(outcome.usage, outcome.deliveredText) })}`;
  }

  function relayChunk(bytes: Uint8Array): string {
    const lines = (partial + decoder.decode(bytes, { stream: true })).split('\n');
    partial = lines.pop() ?? '';
    let out = '';
    for (const raw of lines) {
      const line = relayLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
      if (line !== undefined) out += `${line}\n`;
    }
    return out;
  }

  async function close(controller: ReadableStreamDefaultController<Uint8Array>, error?: StreamOutcome['error']): Promise<void> {
    // After a cancel the read fails because the relay itself cut the upstream; there is no one to tell.
    if (outcome.clientGone) return;
    outcome.error = error;
    if (error) upstream.abort();
    // A cut-off last line is incomplete JSON; only a clean end lets it through.
    const tail = !error && partial ? relayLine(partial) : undefined;
    const closing = (tail ? `${tail}\n` : '') + (await finish()).map(event).join('');
    if (outcome.clientGone) return;
    // The blank line first ends any event the provider left open.
    controller.enqueue(encoder.encode(`\n${closing}data: [DONE]\n\n`));
    controller.close();
  }

  const deadline = performance.now() + limits.maxDurationMs;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          // Checked per chunk too: a provider that never pauses would otherwise never meet the deadline.
          const left = deadline - performance.now();
          if (left <= 0) return close(controller, 'too_long');
          let next: IteratorResult<Buffer>;
          try {
            next = await nextWithin(reader.next(), Math.min(limits.idleTimeoutMs, left));
          } catch (err) {
            if (!(err instanceof Stalled)) return close(controller, 'interrupted');
            return close(controller, left <= limits.idleTimeoutMs ? 'too_long' : 'stalled');
          }
          if (next.done) return close(controller);
          const out = relayChunk(next.value);
          if (out) return controller.enqueue(encoder.encode(out));
        }
      },
      async cancel() {
        outcome.clientGone = true;
        upstream.abort();
        await finish();
      },
    },
    { highWaterMark: 0 },
  );
}
