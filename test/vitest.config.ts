import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    // Each file boots its own gateway; an embedded PGlite takes seconds on a busy 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // Two worker processes (what 2 cores sustain), each reused across files: every file still gets its
    // own gateway and database, and reusing the process spares a module load and PGlite's WASM start-up
    // per file. Tests share no global state (no module mocks, no fake timers) that would need isolation.
    pool: 'forks',
    poolOptions: { forks: { minForks: 1, maxForks: 2, isolate: false } },
  },
});
