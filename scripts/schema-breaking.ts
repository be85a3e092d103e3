import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';

/**
 * `npm run schema:breaking` (docs/graphql-tooling.md): fails when schema/schema.graphql breaks clients of
 * the last released schema, schema/released.graphql. Additions pass; a breaking change passes only once it
 * is released on purpose: the released copy is replaced by the new schema, with a new `# Released:` label
 * that the schema changelog (docs/graphql-schema.md) names, in the same change.
 */

/** graphql-js as graphql-inspector loads it (the CommonJS build): schemas built by another copy are refused. */
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RELEASED = 'schema/released.graphql';
export const CURRENT = 'schema/schema.graphql';
export const CHANGELOG = 'docs/graphql-schema.md';
const LABEL = /^# Released: *(\S.*)$/m;

export interface Verdict {
  breaking: Change[];
  dangerous: Change[];
  /** What is wrong with the release bookkeeping, if anything. */
  problems: string[];
}

/** The release label in the released copy's header, e.g. `# Released: v2 (2026-12-07)` -> `v2 (2026-12-07)`. */
export function releaseLabel(releasedSdl: string): string | undefined {
  return LABEL.exec(releasedSdl)?.[1].trim();
}

export async function checkSchema(releasedSdl: string, currentSdl: string, changelog: string | undefined): Promise<Verdict> {
  const changes = await diff(buildSchema(releasedSdl), buildSchema(currentSdl));
  const problems: string[] = [];
  const label = releaseLabel(releasedSdl);
  if (!label) problems.push(`${RELEASED} has no "# Released: <label>" first line`);
  else if (changelog !== undefined && !changelog.includes(label)) problems.push(`${CHANGELOG} does not mention the release "${label}"`);
  return {
    breaking: changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking),
    dangerous: changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous),
    problems,
  };
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
  const verdict = await checkSchema(read(RELEASED), read(CURRENT), readOptional(`${ROOT}${CHANGELOG}`));
  for (const change of verdict.dangerous) console.log(`dangerous: ${change.message}`);
  for (const change of verdict.breaking) console.log(`BREAKING: ${change.message}`);
  for (const problem of verdict.problems) console.log(`problem: ${problem}`);
  if (verdict.breaking.length > 0) {
    console.log(
      `\n${verdict.breaking.length} breaking change(s) against ${RELEASED}. Keep the old fields (deprecate them) or release the ` +
        `change on purpose: copy ${CURRENT} to ${RELEASED} under a new "# Released:" label and describe it in ${CHANGELOG}.`,
    );
  } else if (verdict.problems.length === 0) {
    console.log(`No breaking changes against ${RELEASED} (${releaseLabel(read(RELEASED))}).`);
  }
  return verdict.breaking.length > 0 || verdict.problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
