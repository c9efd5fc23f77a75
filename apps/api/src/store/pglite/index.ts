import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Store } from '../port.js';
import { watchPGlite } from '../sql/accountFeed.js';
import { migrationsFolder } from '../sql/migrations.js';
import { createSqlStore, type StoreLogger } from '../sql/sqlStore.js';

/**
 * A `Store` over a PGlite instance the caller created (tests use it to reach the same
 * in-memory database with raw SQL). Closing the store closes the instance.
 */
export function createPGliteStore(client: PGlite, options: { logger?: StoreLogger } = {}): Store {
  // PGlite starts in the background; a failed start rejects every query, which reports it.
  // Without this handler that start-up rejection alone would crash the process.
  client.waitReady.catch(() => undefined);
  const db = drizzle({ client });
  return createSqlStore({
    kind: 'pglite',
    db,
    migrate: () => migrate(db, { migrationsFolder }),
    closeDriver: () => client.close(),
    logger: options.logger,
    watch: watchPGlite(client),
    // One in-process connection: a failed statement has finished, nothing is left running.
    withConnection: (work) => work(db),
  });
}

export type PGliteStoreOptions = {
  logger?: StoreLogger | undefined;
  /**
   * A data directory saved with PGlite's `dumpDataDir`, which an in-memory database starts
   * from instead of an empty one. Migrations already recorded in it are skipped (drizzle keeps
   * a journal), newer ones still run. Tests start from a migrated snapshot this way.
   */
  snapshot?: Blob | undefined;
};

/**
 * Embedded PostgreSQL: `'memory'` lives and dies with the process; `{ dir }` persists there
 * (created if missing). One process per directory: PGlite is a single-connection database.
 */
export function openPGliteStore(
  target: 'memory' | { dir: string },
  options: PGliteStoreOptions = {},
): Store {
  if (target === 'memory') {
    const { snapshot } = options;
    return createPGliteStore(new PGlite(snapshot ? { loadDataDir: snapshot } : {}), options);
  }
  mkdirSync(target.dir, { recursive: true });
  return createPGliteStore(new PGlite(target.dir), options);
}
