/** Opens and migrates the configured store. */
import type { StoreConfig } from './config.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.backend === 'postgres' ? await openPostgresStore({ url: config.url, schema: config.schema }) : openSqliteStore(config.path);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
