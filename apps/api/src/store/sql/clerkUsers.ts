import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { ClerkUserUpdate, WebhookOutcome } from '../port.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { selectUser } from './provision.js';
import { expectRow } from './rows.js';
import { portfolios, pushTokens, securityEvents, users } from './schema.js';
import { clerkUserEvents } from '../clerkUserEvents.js';
import { insertEvents } from './securityEvents.js';
import { onceForEvent } from './webhookEvents.js';

/** `Store.applyClerkUser`: Clerk's `user.created` / `user.updated`. */
export function applyClerkUser(
  db: SqlExecutor,
  eventId: string,
  update: ClerkUserUpdate,
): Promise<WebhookOutcome> {
  const { clerkUserId, email, clerkName, isActive, clerkUpdatedAt } = update;
  const passkeyIds = update.passkeyIds ?? null;
  return onceForEvent(db, 'clerk', eventId, async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ clerkUserId, email, displayName: clerkName, isActive, clerkUpdatedAt, passkeyIds })
      .onConflictDoNothing({ target: users.clerkUserId })
      .returning({ id: users.id });
    if (created) {
      await tx.insert(portfolios).values({ userId: created.id });
      await insertEvents(tx, created.id, [{ type: 'account.created', at: new Date() }]);
      return 'applied';
    }
    // What the events compare against: the row as it was, locked until commit.
    const [before] = await tx
      .select()
      .from(users)
      .where(and(eq(users.clerkUserId, clerkUserId), isNull(users.deletedAt)))
      .for('update');
    // The user exists (maybe provisioned a moment ago by a first request): the update applies
    // only to a live user and only for a strictly newer Clerk timestamp, decided by the row itself.
    const [updated] = await tx
      .update(users)
      .set({
        email,
        isActive,
        clerkUpdatedAt,
        passkeyIds: passkeyIds ?? sql`${users.passkeyIds}`,
        displayName: sql`case when ${users.displayNameSource} = 'clerk' then ${clerkName}::text else ${users.displayName} end`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(users.clerkUserId, clerkUserId),
          isNull(users.deletedAt),
          or(isNull(users.clerkUpdatedAt), lt(users.clerkUpdatedAt, clerkUpdatedAt)),
        ),
      )
      .returning({ id: users.id });
    if (updated) {
      if (before) await insertEvents(tx, updated.id, clerkUserEvents(before, update, new Date()));
      return 'applied';
    }
    const current = await selectUser(tx, clerkUserId);
    return current?.deletedAt ? 'ignored' : 'stale';
  });
}

// What a tombstone keeps of a user: nothing personal, no subscription, no access.
const erased = {
  email: null,
  displayName: null,
  isActive: false,
  entitlements: [] as string[],
  subscriptionStatus: 'free' as const,
  subscriptionExpiresAt: null,
};

/**
 * `Store.deleteUserData`: turns the user into a tombstone, inserting one for an id never
 * seen, and deletes everything keyed to it, in one transaction. The row lock the upsert takes
 * waits for a provisioning (or portfolio repair, token registration) in flight, so the deletes
 * below see what it wrote; one that starts later finds the tombstone and creates nothing.
 */
export function deleteUserData(
  db: SqlExecutor,
  clerkUserId: string,
  eventId: string | undefined,
): Promise<WebhookOutcome> {
  return onceForEvent(db, 'clerk', eventId, async (tx) => {
    const [tombstone] = await tx
      .insert(users)
      .values({ clerkUserId, ...erased, deletedAt: sql`now()` })
      .onConflictDoUpdate({
        target: users.clerkUserId,
        set: {
          ...erased,
          // A second deletion keeps the first one's times: it is a no-op, not a new event.
          deletedAt: sql`coalesce(${users.deletedAt}, now())`,
          updatedAt: sql`case when ${users.deletedAt} is null then now() else ${users.updatedAt} end`,
        },
      })
      .returning({ id: users.id });
    const { id } = expectRow(tombstone, 'the tombstone');
    await tx.delete(portfolios).where(eq(portfolios.userId, id));
    await tx.delete(pushTokens).where(eq(pushTokens.userId, id));
    await tx.delete(securityEvents).where(eq(securityEvents.userId, id));
    return 'applied';
  });
}
