import { MAX_PUSH_TOKENS_PER_USER } from '@assetra/shared';
import { and, desc, eq, isNull, notInArray, sql } from 'drizzle-orm';
import { AccountDeletedError, type PushPlatform } from '../port.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { pushTokens, users } from './schema.js';
import { isSessionRevoked, lockSession } from './sessions.js';

export type PushTokenInput = {
  userId: string;
  sessionId: string;
  token: string;
  platform: PushPlatform;
};

const newestFirst = [desc(pushTokens.updatedAt), desc(pushTokens.createdAt)] as const;

/**
 * `Store.registerPushToken`: upserts by token (moving it to this user and session), then keeps
 * the user's most recent (MAX_PUSH_TOKENS_PER_USER). AccountDeletedError for a user that is not live; nothing for a
 * revoked session.
 */
export function registerPushToken(db: SqlExecutor, input: PushTokenInput): Promise<void> {
  const { userId, sessionId, token, platform } = input;
  return db.transaction(async (tx) => {
    // Locking the holder orders this after (or before) a deletion, which then cannot miss the
    // token, and makes concurrent registrations of one user count their tokens in turn.
    const [holder] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.deletedAt)))
      .for('no key update');
    if (!holder) throw new AccountDeletedError();
    await lockSession(tx, sessionId);
    if (await isSessionRevoked(tx, sessionId)) return;
    await tx
      .insert(pushTokens)
      .values({ token, userId, sessionId, platform })
      .onConflictDoUpdate({
        target: pushTokens.token,
        set: { userId, sessionId, platform, updatedAt: sql`now()` },
      });
    const kept = tx
      .select({ token: pushTokens.token })
      .from(pushTokens)
      .where(eq(pushTokens.userId, userId))
      .orderBy(...newestFirst)
      .limit(MAX_PUSH_TOKENS_PER_USER);
    await tx
      .delete(pushTokens)
      .where(and(eq(pushTokens.userId, userId), notInArray(pushTokens.token, kept)));
  });
}

export async function unregisterPushToken(
  db: SqlExecutor,
  userId: string,
  token: string,
): Promise<void> {
  await db
    .delete(pushTokens)
    .where(and(eq(pushTokens.token, token), eq(pushTokens.userId, userId)));
}

export function listPushTokens(
  db: SqlExecutor,
  userId: string,
): Promise<{ token: string; platform: PushPlatform; sessionId: string }[]> {
  return db
    .select({
      token: pushTokens.token,
      platform: pushTokens.platform,
      sessionId: pushTokens.sessionId,
    })
    .from(pushTokens)
    .where(eq(pushTokens.userId, userId))
    .orderBy(...newestFirst);
}
