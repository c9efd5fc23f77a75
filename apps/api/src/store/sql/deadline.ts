import { sql } from 'drizzle-orm';
import { DatabaseUnavailableError, type WriteOptions } from '../port.js';
import { LateWriteError, guardWrite, writeDeadline } from '../writeDeadline.js';
import type { SqlExecutor } from './portfolioQueries.js';

/** The SQLSTATE of migration 0004's refusal of a write that reached COMMIT after its deadline. */
const LATE_WRITE_STATE = 'AW001';

/** The error objects inside `error`: drizzle's wrapper, the store's, the driver's own. */
function* causes(error: unknown): Generator<object> {
  for (let at = error, depth = 0; typeof at === 'object' && at !== null && depth < 6; depth += 1) {
    yield at;
    at = 'cause' in at ? at.cause : undefined;
  }
}

const sqlState = (error: object): string | undefined =>
  'code' in error && typeof error.code === 'string' ? error.code : undefined;

/**
 * Runs `work` in one transaction that the database refuses to commit once its clock is past
 * `deadline` (migration 0004's deferred triggers read the setting at COMMIT). Nested
 * `transaction()` calls inside `work` become savepoints of this one.
 */
export async function inWriteTransaction<T>(
  db: SqlExecutor,
  deadline: Date,
  work: (tx: SqlExecutor) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('assetra.write_deadline', ${deadline.toISOString()}, true)`,
      );
      return work(tx);
    });
  } catch (error) {
    for (const cause of causes(error)) {
      if (sqlState(cause) === LATE_WRITE_STATE) throw new LateWriteError(cause);
    }
    throw error;
  }
}

/**
 * True when a failed write cannot have taken effect, so the API may answer at once: any failure
 * but a lost connection (the server's ErrorResponse aborted the transaction, or the API's own
 * code threw: COMMIT was never sent), a refusal by the server, or a connection refused or never
 * handed out by the pool (nothing was sent). A reset or timed-out connection is unknown: its
 * statements may still arrive.
 */
export function sqlWriteNotApplied(error: unknown): boolean {
  if (!(error instanceof DatabaseUnavailableError) || error instanceof LateWriteError) return true;
  for (const cause of causes(error)) {
    if ('severity' in cause && typeof cause.severity === 'string') return true;
    if (sqlState(cause) === 'ECONNREFUSED') return true;
    if (cause instanceof Error && /timeout exceeded when trying to connect/i.test(cause.message)) {
      return true;
    }
  }
  return false;
}

export type WithConnection = <T>(work: (db: SqlExecutor) => Promise<T>) => Promise<T>;

/**
 * The one way the SQL store writes: one transaction the database refuses to commit after the
 * write's deadline, on a connection of its own, answered by `guardWrite` (writeDeadline.ts).
 * The default deadline counts from when migrations are done (a first start may take longer).
 */
export function sqlWriter(deps: {
  ready: () => Promise<void>;
  run: <T>(operation: () => Promise<T>) => Promise<T>;
  withConnection: WithConnection;
}) {
  const { ready, run, withConnection } = deps;
  return async <T>(
    options: WriteOptions | undefined,
    work: (tx: SqlExecutor) => Promise<T>,
  ): Promise<T> => {
    await ready();
    const deadline = writeDeadline(options);
    return guardWrite(
      deadline,
      () => run(() => withConnection((conn) => inWriteTransaction(conn, deadline, work))),
      sqlWriteNotApplied,
    );
  };
}
