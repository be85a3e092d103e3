import { expect } from 'vitest';
import type { TestGateway } from '../helpers/index.js';
import { onlineProvider, registerRenter, type Account } from '../rest/restFixtures.js';

/**
 * Set-up for the tooling suites, through the REST face (its contract does not move with the GraphQL
 * schema), and the GraphQL documents they send, kept here so a schema change is one edit.
 */

/** A running job of `renter` on `provider`, with `lines` log lines appended by the provider. */
export async function jobWithLogs(t: TestGateway, lines: number): Promise<{ renter: Account; provider: Account; jobId: string; id: number }> {
  const renter = await registerRenter(t);
  const provider = await onlineProvider(t);
  const submitted = await t.fetchJson('/api/jobs/submit', {
    method: 'POST',
    headers: { 'x-renter-key': renter.apiKey },
    json: { job_type: 'llm_inference', duration_minutes: 5, provider_id: provider.id, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'hello' } },
  });
  expect(submitted.status, submitted.text).toBe(201);
  const claim = await t.fetchJson('/api/providers/jobs/next', { headers: { authorization: `Bearer ${provider.apiKey}` } });
  expect(claim.body?.job?.job_id, claim.text).toBe(submitted.body.job.job_id);
  const body = { api_key: provider.apiKey, lines: Array.from({ length: lines }, (_, i) => ({ level: 'info', message: `line ${i + 1}` })) };
  const wrote = await t.fetchJson(`/api/jobs/${submitted.body.job.id}/logs`, { method: 'POST', json: body });
  expect(wrote.status, wrote.text).toBe(200);
  return { renter, provider, jobId: submitted.body.job.job_id, id: submitted.body.job.id };
}

export const renterHeaders = (a: Account) => ({ 'x-renter-key': a.apiKey });

/** One GraphQL response, or one part of an incremental (multipart/mixed) response. */
export type Part = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; hasNext?: boolean; incremental?: any[] };

/**
 * POSTs a document asking for incremental delivery (multipart/mixed) and collects the parts in order,
 * each parsed as it completes on the wire.
 */
export async function postIncremental(t: TestGateway, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const parts: Part[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body!) {
    buffer += decoder.decode(chunk, { stream: true });
    // A part is headers, a blank line and a JSON body, ended by the next boundary line.
    let end: number;
    while ((end = buffer.indexOf('\r\n---')) >= 0) {
      const part = buffer.slice(0, end);
      buffer = buffer.slice(end + 5);
      const body = part.indexOf('\r\n\r\n');
      if (body >= 0) parts.push(JSON.parse(part.slice(body + 4)));
    }
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', parts };
}
