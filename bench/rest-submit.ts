/**
 * REST benchmark — POST /api/jobs/submit: one renter with a large balance, the SDK's job body.
 *   npx tsx bench/rest-submit.ts                                         # embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/rest-submit.ts   # fresh database on that server
 * Options: see bench/helpers/rest-bench.ts.
 */
import { main } from './helpers/rest-bench.js';

main('submit');
