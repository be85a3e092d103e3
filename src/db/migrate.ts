import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Store } from './client.js';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
/** Advisory lock id that serialises migrations when several instances start at once. */
const MIGRATION_LOCK = 72_001;

/** Applies drizzle-kit's SQL migrations (drizzle/) to either store. */
export async function migrate(store: Store): Promise<void> {
  await store.withExclusiveLock(MIGRATION_LOCK, async () => {
    if (store.kind === 'pglite') await migratePglite(store.db as never, { migrationsFolder });
    else await migratePostgres(store.db as never, { migrationsFolder });
  });
}
