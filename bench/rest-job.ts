/**
 * REST benchmark — GET /api/jobs/{id}: the SDK's poll of a queued job.
 *   npx tsx bench/rest-job.ts                                         # embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/rest-job.ts   # fresh database on that server
 * Options: see bench/helpers/rest-bench.ts.
 */
import { main } from './helpers/rest-bench.js';

main('job');
