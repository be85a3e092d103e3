/**
 * REST benchmark — POST /api/providers/heartbeat: 50 approved providers, the daemon's ~36-key body.
 *   npx tsx bench/rest-heartbeat.ts                                         # embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/rest-heartbeat.ts   # fresh database on that server
 * Options: see bench/helpers/rest-bench.ts.
 */
import { main } from './helpers/rest-bench.js';

main('heartbeat');
