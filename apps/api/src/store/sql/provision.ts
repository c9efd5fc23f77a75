import { eq, type Placeholder } from 'drizzle-orm';
import type { ProvisionResult } from '../port.js';
import { ensurePortfolio, type SqlExecutor } from './portfolioQueries.js';
import { expectRow, toPortfolioRecord, toUserRecord } from './rows.js';
import { portfolios, users, type UserRow } from './schema.js';
import { insertEvents } from './securityEvents.js';

/** A user by Clerk id; with a placeholder, for a statement prepared once (sqlStore.ts). */
export const userQuery = (db: SqlExecutor, clerkUserId: string | Placeholder) =>
  db.select().from(users).where(eq(users.clerkUserId, clerkUserId));

export async function selectUser(
  db: SqlExecutor,
  clerkUserId: string,
): Promise<UserRow | undefined> {
  const [row] = await userQuery(db, clerkUserId);
  return row;
}

/** `Store.provisionUser`; call it inside a transaction. */
export async function provision(
  tx: SqlExecutor,
  clerkUserId: string,
  email: string | null,
  at: Date = new Date(),
): Promise<ProvisionResult> {
  // The unique clerk_user_id decides who creates the user, never a prior read.
  const [inserted] = await tx
    .insert(users)
    .values({ clerkUserId, email })
    .onConflictDoNothing({ target: users.clerkUserId })
    .returning();
  if (inserted) {
    const [portfolio] = await tx.insert(portfolios).values({ userId: inserted.id }).returning();
    const created = expectRow(portfolio, 'the new portfolio');
    await insertEvents(tx, inserted.id, [{ type: 'account.created', at }]);
    return { user: toUserRecord(inserted), portfolio: toPortfolioRecord(created), created: true };
  }
  // READ COMMITTED: this statement's snapshot sees the row whose commit made the insert a no-op.
  const user = expectRow(await selectUser(tx, clerkUserId), 'the conflicting user');
  if (user.deletedAt) return { user: toUserRecord(user), portfolio: null, created: false };
  const portfolio = await ensurePortfolio(tx, user.id);
  if (portfolio) {
    return { user: toUserRecord(user), portfolio: toPortfolioRecord(portfolio), created: false };
  }
  // Tombstoned between our two reads: report it as the tombstone it now is.
  const tombstone = expectRow(await selectUser(tx, clerkUserId), 'the tombstoned user');
  return { user: toUserRecord(tombstone), portfolio: null, created: false };
}
