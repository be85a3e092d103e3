import type { IncomingMessage } from 'node:http';

/**
 * Reading a request body as text, at most `limit` bytes, for the faces that read bodies themselves (REST's
 * routes, /v1 chat completions): from Node's IncomingMessage when the face has it (no web Request built per
 * call), else from a web Request's stream. Each face says what a body over the limit and a client gone
 * mid-body are, in its own error shape.
 */
export interface BodyErrors {
  tooLarge(limit: number): Error;
  gone(): Error;
}

export function readNodeBody(incoming: IncomingMessage, limit: number, errors: BodyErrors): Promise<string> {
  if (incoming.readableEnded) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (done: () => void) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      done();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      incoming.pause();
      settle(() => reject(errors.tooLarge(limit)));
    };
    const onEnd = () => settle(() => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
    const onError = (err: Error) => settle(() => reject(err));
    const onClose = () => {
      if (!incoming.complete) settle(() => reject(errors.gone()));
    };
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

export async function readWebBody(request: Request, limit: number, errors: Pick<BodyErrors, 'tooLarge'>): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw errors.tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
