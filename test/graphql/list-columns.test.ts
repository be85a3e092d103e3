import type { GraphQLField, GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COLUMN_SETS } from '../../src/domain/cards.js';
import { schema } from '../../src/graphql/schema.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { asAdmin, asProvider, asRenter, expectOk, onlineProvider, registerRenter, submitJob } from './fixtures.js';
import { AppendJobLogsDocument, ClaimNextJobDocument, CompleteJobDocument, FailJobDocument, RetryJobDocument } from './generated/graphql.js';

/**
 * A job list reads only the columns its selection shows (src/graphql/columns.ts): every field of Job, Provider
 * and Renter, asked alone in a list (so no other field brings the columns it reads), answers as a single job
 * does, which reads whole rows. The fields come from the schema, so a new field is covered when it is added.
 */

// Duck-typed: the schema's graphql module is not the one this file would import (CJS and ESM realms).
type Field = GraphQLField<unknown, unknown>;
const objectType = (name: string) => schema.getType(name) as GraphQLObjectType;
const namedType = (field: Field) => schema.getType(String(field.type).replace(/[[\]!]/g, ''))!;
const isLeaf = (field: Field) => !('getFields' in namedType(field));
const usable = (field: Field) => field.args.every((arg) => !String(arg.type).endsWith('!') || arg.defaultValue !== undefined);

/** A field with what it shows: an object field with its type's scalar fields. */
function withSubselection(field: Field): string {
  if (isLeaf(field)) return field.name;
  const leaves = Object.values((namedType(field) as GraphQLObjectType).getFields()).filter((f) => isLeaf(f) && usable(f));
  return `${field.name} { ${leaves.map((f) => f.name).join(' ')} }`;
}

const fieldsOf = (name: string) => Object.values(objectType(name).getFields()).filter(usable);
const allOf = (name: string) => fieldsOf(name).map(withSubselection).join(' ');

describe(`GraphQL job lists read the columns their selection shows (${storeName})`, () => {
  let t: TestGateway;
  let renterId: string;
  let jobIds: string[];
  /** Each listed job as a single read answers it, with every field of the job, its provider and its renter. */
  let singles: Record<string, unknown>[];

  const list = (node: string, first = 10) => `{ jobs(first: ${first}, filter: { renterId: "${renterId}" }) { edges { node { ${node} } } } }`;
  const nodesOf = (res: { data?: { jobs: { edges: { node: Record<string, unknown> }[] } } }) => res.data!.jobs.edges.map((e) => e.node);
  const pageStatement = (queries: string[]) => queries.find((q) => /from "jobs"/.test(q) && /order by/.test(q)) ?? '';

  beforeAll(async () => {
    t = await startTestGateway();
    const renter = await registerRenter(t);
    renterId = renter.id;
    // Queued with no provider online: a job whose provider is null.
    await submitJob(t, renter.key);
    const provider = await onlineProvider(t);
    const run = async () => {
      const job = await submitJob(t, renter.key, { providerId: provider.id, gpuRequirements: { min_vram_gb: 8 } });
      await t.gql(ClaimNextJobDocument, {}, asProvider(provider.key));
      return job;
    };
    const running = await run();
    await t.gql(AppendJobLogsDocument, { input: { job: { jobId: running.jobId }, lines: [{ message: 'loading' }] } }, asProvider(provider.key));
    const completed = await run();
    await t.gql(CompleteJobDocument, { input: { job: { jobId: completed.jobId }, result: { text: 'done' }, gpuSecondsUsed: 30 } }, asProvider(provider.key));
    const failed = await run();
    await t.gql(FailJobDocument, { input: { job: { jobId: failed.jobId }, error: 'CUDA out of memory' } }, asProvider(provider.key));
    expectOk((await t.gql(RetryJobDocument, { input: { job: { jobId: failed.jobId } } }, asRenter(renter.key))).data?.retryJob);

    const listed = await t.gql(list('jobId'), {}, asAdmin(t));
    jobIds = nodesOf(listed).map((n) => n.jobId as string);
    expect(jobIds).toHaveLength(5);
    // Every Job field as the list test asks it, and the provider and renter with every field of theirs.
    const everything = `${allOf('Job')} wholeProvider: provider { ${allOf('Provider')} } wholeRenter: renter { ${allOf('Renter')} }`;
    singles = [];
    for (const jobId of jobIds) {
      const single = await t.gql(`{ job(ref: { jobId: "${jobId}" }) { ${everything} } }`, {}, asAdmin(t));
      expect(single.errors).toBeUndefined();
      singles.push(single.data.job);
    }
    expect(singles.some((s) => s.provider === null) && singles.some((s) => s.retriedFrom) && singles.some((s) => s.result)).toBe(true);
  });
  afterAll(() => t?.close());

  it('answers every Job field asked alone in a list as a single job does', async () => {
    for (const field of fieldsOf('Job')) {
      const res = await t.gql(list(withSubselection(field)), {}, asAdmin(t));
      expect(res.errors, field.name).toBeUndefined();
      expect(nodesOf(res).map((n) => n[field.name]), field.name).toEqual(singles.map((s) => s[field.name]));
    }
  });

  it('answers every Provider and Renter field asked alone in a list as a single job does', async () => {
    for (const [relation, type] of [['provider', 'Provider'], ['renter', 'Renter']] as const) {
      for (const field of fieldsOf(type)) {
        const res = await t.gql(list(`${relation} { ${withSubselection(field)} }`), {}, asAdmin(t));
        expect(res.errors, `${type}.${field.name}`).toBeUndefined();
        const whole = relation === 'provider' ? 'wholeProvider' : 'wholeRenter';
        const expected = singles.map((s) => (s[whole] === null ? null : (s[whole] as Record<string, unknown>)[field.name]));
        expect(nodesOf(res).map((n) => (n[relation] === null ? null : (n[relation] as Record<string, unknown>)[field.name])), `${type}.${field.name}`).toEqual(expected);
      }
    }
  });

  it('reads what aliases, fragments and inline fragments ask for, and only that, in one statement', async () => {
    const fragments = `fragment J on Job { s: status ... on Job { provider { ...P } } renter { b: balance { heldHalala } } }
      fragment P on Provider { online: isOnline ... on Provider { g: gpuModel } }`;
    const measured = await t.gateway.store.statements.measure(() => t.gql(`{ jobs(first: 10, filter: { renterId: "${renterId}" }) { edges { node { ...J } } } } ${fragments}`, {}, asAdmin(t)));
    expect(measured.result.errors).toBeUndefined();
    for (const [i, node] of nodesOf(measured.result).entries()) {
      const single = await t.gql(`{ job(ref: { jobId: "${jobIds[i]}" }) { ...J } } ${fragments}`, {}, asAdmin(t));
      expect(node).toEqual(single.data.job);
    }
    expect(measured.count).toBe(1);
    const statement = pageStatement(measured.queries);
    // What the answer shows, what the rules and relations need (whose job it is, isOnline's heartbeat)...
    for (const column of ['"status"', '"gpu_model"', '"last_heartbeat"', '"held_halala"', '"renter_id"', '"provider_id"']) expect(statement).toContain(column);
    // ...and nothing else.
    for (const column of ['"task_spec_hmac"', '"job_type"', '"gpu_vram_mib"', '"cached_models"', '"email"', '"total_jobs"']) expect(statement).not.toContain(column);
  });

  it(`reads whole cards for selections beyond the ${MAX_COLUMN_SETS} column sets it keeps statements for, answering the same`, async () => {
    // Distinct pairs of fields (never taskSpecHmac), until a new column set finds the handle's sets all taken.
    const job = objectType('Job').getFields();
    const names = Object.keys(job).filter((name) => name !== 'taskSpecHmac' && isLeaf(job[name]));
    const pairs = names.flatMap((a, i) => names.slice(i + 1).map((b) => `${a} ${b}`));
    expect(pairs.length).toBeGreaterThan(2 * MAX_COLUMN_SETS);
    let sent = 0;
    let whole: { pair: string; result: Parameters<typeof nodesOf>[0] } | undefined;
    for (const pair of pairs) {
      const measured = await t.gateway.store.statements.measure(() => t.gql(list(pair), {}, asAdmin(t)));
      sent += 1;
      if (pageStatement(measured.queries).includes('"task_spec_hmac"')) {
        whole = { pair, result: measured.result };
        break;
      }
    }
    expect(whole).toBeDefined();
    expect(sent).toBeGreaterThan(MAX_COLUMN_SETS / 2);
    const [a, b] = whole!.pair.split(' ');
    expect(nodesOf(whole!.result)).toEqual(singles.map((s) => ({ [a]: s[a], [b]: s[b] })));
    // A set seen before keeps its narrow statement.
    const known = await t.gateway.store.statements.measure(() => t.gql(list(pairs[0]), {}, asAdmin(t)));
    expect(pageStatement(known.queries)).not.toContain('"task_spec_hmac"');
  });
});
