import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fake OpenAI-compatible inference server on 127.0.0.1, standing in for a provider's vLLM/Ollama.
 * Its behaviour can be switched between requests; it records every request body it receives.
 */
export type FakeBehaviour =
  | { kind: 'json'; content?: string; usage?: Usage; delayMs?: number; gate?: Promise<void>; answeredModel?: string }
  | { kind: 'sse'; chunks?: string[]; dones?: 0 | 1 | 2; usage?: Usage; afterFirstChunk?: Promise<void> }
  | { kind: 'status'; status: number; body?: unknown }
  /** Answers only once `until` resolves: a provider slower than any timeout, for as long as the test needs. */
  | { kind: 'slow'; until: Promise<void> }
  | { kind: 'dies-midway' }
  | { kind: 'stalls-midway' }
  | { kind: 'trickles'; everyMs: number }
  | { kind: 'context-too-long' };

/** Whether the fake reports usage (PROVIDER_USAGE), or the usage object it reports instead. */
type Usage = boolean | Record<string, unknown>;

export const PROVIDER_CONTENT = 'mock provider response';
export const PROVIDER_USAGE = { prompt_tokens: 8, completion_tokens: 4, total_tokens: 12 };

export class FakeProvider {
  behaviour: FakeBehaviour;
  /** Cut the next request that arrives on an already used connection, as a server closing an idle one does. */
  dropNextReusedConnection = false;
  private readonly usedSockets = new WeakSet<Socket>();
  readonly requests: Array<Record<string, any>> = [];
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  url = '';

  constructor(behaviour: FakeBehaviour = { kind: 'json' }) {
    this.behaviour = behaviour;
  }

  static async start(behaviour?: FakeBehaviour): Promise<FakeProvider> {
    const fake = new FakeProvider(behaviour);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    fake.server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.once('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get hits(): number {
    return this.requests.length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    if (this.dropNextReusedConnection && this.usedSockets.has(req.socket)) {
      this.dropNextReusedConnection = false;
      req.socket.destroy();
      return;
    }
    this.usedSockets.add(req.socket);
    const body = JSON.parse(raw);
    this.requests.push(body);
    const b = this.behaviour;
    switch (b.kind) {
      case 'json':
        if (b.delayMs) await sleep(b.delayMs);
        await b.gate;
        return sendJson(res, 200, { ...completion(body, b.content ?? PROVIDER_CONTENT, b.usage ?? true), ...(b.answeredModel ? { model: b.answeredModel } : {}) });
      case 'sse':
        return streamChunks(res, body, b);
      case 'status':
        return sendJson(res, b.status, b.body ?? { error: { message: `fake provider failure ${b.status}` } });
      case 'slow':
        await b.until;
        if (!res.destroyed) sendJson(res, 200, completion(body, PROVIDER_CONTENT, true));
        return;
      case 'dies-midway':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify(chunk(body, 'Mar'))}\n\n`);
        await sleep(20);
        res.socket?.destroy();
        return;
      case 'stalls-midway':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify(chunk(body, 'Mar'))}\n\n`);
        return;
      case 'trickles':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // Never finishes and never pauses long: only the gateway's duration limit ends it.
        while (!res.destroyed) {
          res.write(`data: ${JSON.stringify(chunk(body, 'la'))}\n\n`);
          await sleep(b.everyMs);
        }
        return;
      case 'context-too-long':
        return sendJson(res, 400, {
          object: 'error',
          message: "This model's maximum context length is 4096 tokens. However, you requested 9000 tokens.",
          type: 'BadRequestError',
          code: 'context_length_exceeded',
        });
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const usageObject = (usage: Usage) => (typeof usage === 'object' ? usage : PROVIDER_USAGE);

function completion(request: Record<string, any>, content: string, usage: Usage) {
  const toolCall = Array.isArray(request.tools) && request.tools.length > 0;
  return {
    id: 'chatcmpl-fake-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: request.model,
    choices: [
      {
        index: 0,
        message: toolCall
          ? {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: request.tools[0].function.name, arguments: '{"city":"Riyadh"}' } }],
            }
          : { role: 'assistant', content },
        finish_reason: toolCall ? 'tool_calls' : 'stop',
      },
    ],
    ...(usage ? { usage: usageObject(usage) } : {}),
  };
}

function chunk(request: Record<string, any>, content: string) {
  return { id: 'chatcmpl-fake-2', object: 'chat.completion.chunk', created: 1_700_000_000, model: request.model, choices: [{ index: 0, delta: { content }, finish_reason: null }] };
}

async function streamChunks(res: ServerResponse, request: Record<string, any>, b: Extract<FakeBehaviour, { kind: 'sse' }>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const [i, content] of (b.chunks ?? ['Mar', 'haba']).entries()) {
    res.write(`data: ${JSON.stringify(chunk(request, content))}\n\n`);
    if (i === 0) await b.afterFirstChunk;
  }
  if (b.usage !== false && request.stream_options?.include_usage)
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake-2', object: 'chat.completion.chunk', created: 1_700_000_000, model: request.model, choices: [], usage: usageObject(b.usage ?? true) })}\n\n`);
  for (let i = 0; i < (b.dones ?? 1); i++) res.write('data: [DONE]\n\n');
  res.end();
}
