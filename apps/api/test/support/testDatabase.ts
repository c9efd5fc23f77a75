import pg from 'pg';
import { createPGliteStore } from '../../src/store/pglite/index.js';
import type { Store } from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { createPostgresDatabase, postgresReachable } from './databases.js';
import { migratedPGlite, postgresTemplate } from './snapshots.js';

export type TestDatabase = {
  /** `DATABASE_URL` for `startServer`: a fresh PostgreSQL database, or `pglite:memory`. */
  url: string;
  /** A store on that database (opened on first use; `startServer` opens its own). */
  store(): Store;
  /** Raw SQL on the same database, for before/after comparisons. */
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

/**
 * A database for tests that need one but do not test it: a fresh PostgreSQL database when
 * the server answers (migrating it takes a fraction of PGlite's start-up, which dominates
 * these files on a busy machine), else an in-memory PGlite, so they run anywhere.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (await postgresReachable()) {
    const database = await createPostgresDatabase({ template: postgresTemplate() });
    const client = new pg.Client({ connectionString: database.url });
    client.on('error', () => undefined);
    await client.connect();
    let store: Store | undefined;
    return {
      url: database.url,
      store: () => (store ??= openPostgresStore(database.url)),
      query: async <T>(text: string, params?: unknown[]) =>
        (await client.query(text, params)).rows as T[],
      close: async () => {
        await store?.close();
        await client.end();
        await database.drop();
      },
    };
  }
  const client = migratedPGlite();
  const store = createPGliteStore(client);
  return {
    url: 'pglite:memory',
    store: () => store,
    query: async <T>(text: string, params?: unknown[]) =>
      (await client.query<T>(text, params)).rows,
    close: () => store.close(),
  };
}
