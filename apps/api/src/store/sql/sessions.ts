import { eq, sql, type Placeholder } from 'drizzle-orm';
import type { SessionEndCause, WebhookOutcome } from '../port.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { pushTokens, revokedSessions } from './schema.js';
import { insertEvents, lockLiveUser } from './securityEvents.js';
import { onceForEvent } from './webhookEvents.js';

// Advisory-lock namespace of sessions (the two-key form never meets the migrations' one-key lock).
const sessionLockNamespace = 7_301;

/**
 * Serializes, until commit, a session's revocation with registrations of push tokens for it:
 * under READ COMMITTED neither would otherwise see the other's uncommitted row, and a token
 * registered during the revocation would outlive it.
 */
export async function lockSession(tx: SqlExecutor, sessionId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${sql.raw(String(sessionLockNamespace))}, hashtext(${sessionId}))`,
  );
}

/** A session's revocation row, if any; with a placeholder, for a statement prepared once. */
export const revocationQuery = (db: SqlExecutor, sessionId: string | Placeholder) =>
  db
    .select({ sessionId: revokedSessions.sessionId })
    .from(revokedSessions)
    .where(eq(revokedSessions.sessionId, sessionId))
    .limit(1);

export async function isSessionRevoked(db: SqlExecutor, sessionId: string): Promise<boolean> {
  return (await revocationQuery(db, sessionId)).length > 0;
}

/**
 * Revokes one session inside the caller's transaction; true when this call revoked it (a
 * session already revoked is left as it was).
 */
export async function revokeIn(tx: SqlExecutor, sessionId: string): Promise<boolean> {
  await lockSession(tx, sessionId);
  const inserted = await tx
    .insert(revokedSessions)
    .values({ sessionId })
    .onConflictDoNothing()
    .returning({ sessionId: revokedSessions.sessionId });
  await tx.delete(pushTokens).where(eq(pushTokens.sessionId, sessionId));
  return inserted.length > 0;
}

/**
 * `Store.revokeSession`: the session is refused from now on and its push tokens dropped; with
 * a cause, the first revocation records `session.ended` for a live user.
 */
export function revokeSession(
  db: SqlExecutor,
  sessionId: string,
  eventId: string | undefined,
  cause?: SessionEndCause,
): Promise<WebhookOutcome> {
  return onceForEvent(db, 'clerk', eventId, async (tx) => {
    const userId = cause ? await lockLiveUser(tx, cause.clerkUserId) : undefined;
    const revoked = await revokeIn(tx, sessionId);
    if (revoked && cause && userId !== undefined) {
      await insertEvents(tx, userId, [
        { type: 'session.ended', at: new Date(), detail: { sessionId, by: cause.by } },
      ]);
    }
    return 'applied';
  });
}
