import { describe, expect, it } from 'vitest';
import { checkSchema, releaseLabel } from '../../scripts/schema-breaking.js';

/** The breaking-change check (npm run schema:breaking) on small schemas. */
const released = `# Released: v7
type Query {
  "A job by id."
  job(id: ID!): Job
}
type Job {
  id: ID!
  status: String!
  logs(limit: Int): [String!]!
}`;

describe('schema breaking-change check', () => {
  it('passes additions: a new field, a new optional argument', async () => {
    const current = released.replace('  status: String!', '  status: String!\n  model: String').replace('logs(limit: Int)', 'logs(limit: Int, since: Int)');
    const verdict = await checkSchema(released, current, 'Changelog\n\n## v7\n');
    expect(verdict.breaking).toEqual([]);
    expect(verdict.problems).toEqual([]);
  });

  it('fails a removed field, a changed type and a new required argument, naming each', async () => {
    const current = released
      .replace('  status: String!\n', '')
      .replace('logs(limit: Int): [String!]!', 'logs(limit: Int!): [String!]!')
      .replace('job(id: ID!): Job', 'job(id: ID!, owner: ID!): Job');
    const verdict = await checkSchema(released, current, '## v7');
    const messages = verdict.breaking.map((c) => c.message).join('\n');
    expect(verdict.breaking).toHaveLength(3);
    expect(messages).toMatch(/'status'.*'Job'|Job\.status/);
    expect(messages).toMatch(/limit/);
    expect(messages).toMatch(/owner/);
  });

  it('passes a breaking change once it is released: the released copy is the new schema', async () => {
    const next = released.replace('# Released: v7', '# Released: v8').replace('  status: String!\n', '');
    expect((await checkSchema(next, next, '## v8: Job.status removed')).breaking).toEqual([]);
  });

  it('requires the release label in the released copy and in the changelog', async () => {
    expect(releaseLabel(released)).toBe('v7');
    expect((await checkSchema(released.replace('# Released: v7\n', ''), released, '## v7')).problems).toEqual([
      'schema/released.graphql has no "# Released: <label>" first line',
    ]);
    expect((await checkSchema(released, released, '## v6')).problems).toEqual(['docs/graphql-schema.md does not mention the release "v7"']);
  });
});
