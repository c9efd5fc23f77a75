import { and, eq, isNull } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { portfolios, users, type PortfolioRow } from './schema.js';

/** A drizzle PostgreSQL database or transaction, whichever driver (node-postgres, PGlite). */
export type SqlExecutor = PgDatabase<PgQueryResultHKT>;

export async function findPortfolio(
  db: SqlExecutor,
  userId: string,
): Promise<PortfolioRow | undefined> {
  const [row] = await db.select().from(portfolios).where(eq(portfolios.userId, userId));
  return row;
}

/**
 * The user's portfolio, inserting an empty one if it is missing; call it inside a transaction.
 * The user row is share-locked so it cannot become a tombstone before the insert (a tombstone
 * never gets a portfolio back), and the unique `user_id` settles concurrent inserts.
 * Undefined: no live user has this id.
 */
export async function ensurePortfolio(
  tx: SqlExecutor,
  userId: string,
): Promise<PortfolioRow | undefined> {
  const existing = await findPortfolio(tx, userId);
  if (existing) return existing;
  const [owner] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .for('share');
  if (!owner) return undefined;
  const [created] = await tx
    .insert(portfolios)
    .values({ userId })
    .onConflictDoNothing({ target: portfolios.userId })
    .returning();
  // Nothing inserted: a concurrent caller committed it first; this statement's snapshot sees it.
  return created ?? (await findPortfolio(tx, userId));
}
