import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Whether the installed postgres.js carries the outage patch that scripts/patch-postgres.mjs applies at
 * `npm install` (the marker is the first line it writes into each file it patches). Without it a database
 * restart can crash the process or leave pool connections that never recover; an install run with
 * --ignore-scripts skips it.
 */
const PATCH_MARKER = '/* dcp-gateway: postgres.js outage patch v1 */';
const PATCHED_FILES = ['src/connection.js', 'src/index.js', 'cjs/src/connection.js', 'cjs/src/index.js'];

export function postgresDriverPatched(): boolean {
  try {
    const root = packageRoot(createRequire(import.meta.url).resolve('postgres'));
    return PATCHED_FILES.every((file) => readFileSync(join(root, file), 'utf8').startsWith(PATCH_MARKER));
  } catch {
    return false;
  }
}

/** The directory of the package a resolved entry file belongs to. */
function packageRoot(entry: string): string {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    // cjs/ has a package.json of its own (the module type), without a name.
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'postgres') return dir;
  }
  throw new Error(`no postgres package above ${entry}`);
}
