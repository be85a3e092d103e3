import { createRequire } from 'node:module';

/**
 * The project's package.json, read at run time rather than imported: compiled code in dist/ sits at the
 * same depth as its source in src/, so the one relative path serves both, and the compiler does not copy
 * package.json into dist/.
 */
export const packageInfo = createRequire(import.meta.url)('../package.json') as { name: string; version: string };
