import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Store } from '../port.js';
import { watchPostgres } from './feed.js';
import { migrationsFolder } from '../sql/migrations.js';
import { createSqlStore, type StoreLogger } from '../sql/sqlStore.js';
import { DATABASE_TIMEOUT_MS } from '../writeDeadline.js';

export type PostgresStoreOptions = { logger?: StoreLogger | undefined };

// Any constant shared by every API process; advisory locks are scoped to one database.
const migrationLockKey = 4_172_019_385;

const timeouts = {
  // A dead or unreachable server must answer within 2 s (/readyz, 503 database_unavailable).
  connectionTimeoutMillis: 1_500,
  // Per statement; a write as a whole gets the same budget, enforced at COMMIT (writeDeadline.ts).
  query_timeout: DATABASE_TIMEOUT_MS,
  // The server cancels a slow statement before the client gives up on it, so the
  // connection stays in step and goes back to the pool usable.
  statement_timeout: 1_500,
};

/**
 * Applies pending migrations under a session-level advisory lock, on a connection of its own,
 * so API processes starting together against one server migrate one after the other. Its
 * timeouts are generous: the lock may be waited for while another process migrates.
 */
async function migrateUnderLock(url: string): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeouts.connectionTimeoutMillis,
    query_timeout: 60_000,
    keepAlive: true,
  });
  // A connection lost mid-migration also rejects the pending query; this only keeps the
  // 'error' event from crashing the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    // Ending the session releases the advisory lock, whatever happened above.
    await client.end().catch(() => undefined);
  }
}

/**
 * A `Store` on a PostgreSQL server (node-postgres pool). Returns at once, even while the server
 * is down; see `createSqlStore` for migrations and `DatabaseUnavailableError`.
 */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Store {
  const { logger } = options;
  const pool = new pg.Pool({ connectionString: url, max: 10, keepAlive: true, ...timeouts });
  // An idle client whose server went away emits 'error' on the pool: without a listener
  // Node would crash the process. The next query simply gets a fresh connection.
  pool.on('error', (error) => {
    logger?.warn({ err: { message: error.message } }, 'PostgreSQL connection lost');
  });
  // A client checked out for a transaction has no pool listener: if its socket dies, pg
  // emits 'error' on the client itself, which would crash the process. The failed query
  // rejects anyway (503), so the event only needs a listener.
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      logger?.warn({ err: { message: error.message } }, 'PostgreSQL connection lost mid-use');
    });
  });
  return createSqlStore({
    kind: 'postgres',
    db: drizzle({ client: pool }),
    migrate: () => migrateUnderLock(url),
    closeDriver: () => pool.end(),
    logger,
    watch: watchPostgres(url, logger),
    async withConnection(work) {
      const client = await pool.connect();
      try {
        const result = await work(drizzle({ client }));
        client.release();
        return result;
      } catch (error) {
        client.release(true); // closed, never handed out again
        throw error;
      }
    },
  });
}
