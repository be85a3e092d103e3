import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { expect } from 'vitest';
import * as schema from '../../src/db/schema.js';
import type { JsonResponse, TestGateway } from '../helpers/index.js';

/**
 * The classes of hostile input the gateway must refuse with a 4xx naming the field, on every face,
 * before anything reaches SQL: each class renders itself as raw JSON text, so the test controls the
 * bytes on the wire (JSON.stringify would refuse a 10,000-level value, and a lone surrogate must travel
 * as its `\ud800` escape).
 */

/** Nesting far beyond any limit: what made the gateway's own JSON.stringify overflow its stack. */
export const DEEP = 10_000;

export interface BadValue {
  name: string;
  /** The value as JSON text. */
  json: string;
  /** What the field path of the refusal starts with, given the field the value was put in. */
  field(at: string): string;
}

export const BAD_VALUES: BadValue[] = [
  { name: 'a NUL character in a string', json: '"a\\u0000b"', field: (at) => at },
  { name: 'a lone surrogate in a string', json: '"x\\ud800y"', field: (at) => at },
  { name: 'a NUL character in an object key', json: '{"a\\u0000b":1}', field: (at) => `${at}.` },
  { name: 'a NUL character inside a nested object', json: '{"outer":{"inner":["ok","a\\u0000b"]}}', field: (at) => `${at}.outer.inner.1` },
  { name: `objects nested ${DEEP} levels deep`, json: '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP), field: (at) => `${at}.a` },
  { name: `arrays nested ${DEEP} levels deep`, json: '['.repeat(DEEP) + ']'.repeat(DEEP), field: (at) => `${at}.0` },
];

/** A JSON object text with `fields` (already JSON text) as its members, in order. */
export const objectText = (fields: Record<string, string>) => `{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

/** Whole bodies that are not a JSON object at all. */
export const BAD_BODIES = [
  { name: 'malformed JSON', text: '{"name":"x",' },
  { name: 'a JSON array', text: '[1,2]' },
  { name: 'a JSON string', text: '"text"' },
  { name: 'a JSON number', text: '42' },
  { name: 'JSON null', text: 'null' },
];

/** Path parameters that are not ids of anything. */
export const NOT_IDS = ['abc', '-1', '0', '1.5', '1e3', '0x10', '99999999999999999999', '9'.repeat(400), ' 1', 'job-%E2%80%AE'];

/** Every answer is JSON and never a server error, whatever was sent. */
export function expectJsonClientError(res: JsonResponse<any>, what: string): void {
  expect(res.status, `${what}: ${res.status} ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what}: ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers.get('content-type') ?? '', what).toContain('json');
  expect(res.body, `${what}: body is not JSON: ${res.text.slice(0, 200)}`).not.toBeNull();
}

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

/**
 * A digest of every row of every table, so a test sees any write (an insert, an update, a delete)
 * that a refused request might have made.
 */
export async function databaseDigest(t: TestGateway): Promise<Record<string, string>> {
  const columns = tables.map((table) => {
    const name = getTableName(table);
    return `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${name}" x) as "${name}"`;
  });
  const result = (await t.gateway.store.db.execute(sql.raw(`select ${columns.join(', ')}`))) as unknown;
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, string>>;
  return rows[0];
}

/** The tables whose digest differs between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((name) => before[name] !== after[name]);
}
