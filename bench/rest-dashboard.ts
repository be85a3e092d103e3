/**
 * REST benchmark — GET /api/admin/dashboard with 10k jobs in the store.
 *   npx tsx bench/rest-dashboard.ts                                         # embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/rest-dashboard.ts   # fresh database on that server
 * Options: see bench/helpers/rest-bench.ts.
 */
import { main } from './helpers/rest-bench.js';

main('dashboard');
