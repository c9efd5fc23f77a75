import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { SecurityEventDetail, SignInInput, SignInRecorded, UserRecord } from '../port.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { provision } from './provision.js';
import { toUserRecord } from './rows.js';
import { users } from './schema.js';
import { insertEvents, lockLiveUser, signInNovelty } from './securityEvents.js';
import { revokeIn } from './sessions.js';
import { onceForEvent } from './webhookEvents.js';

/** `Store.recordSignIn`: provisions an unknown user, then one `sign_in` event per delivery. */
export async function recordSignIn(
  db: SqlExecutor,
  eventId: string,
  input: SignInInput,
  knownForMs: number,
): Promise<SignInRecorded> {
  let novelty: SignInRecorded['novelty'] = 'known';
  const outcome = await onceForEvent(db, 'clerk', eventId, async (tx) => {
    const provisioned = await provision(tx, input.clerkUserId, null, input.at);
    if (provisioned.user.deletedAt) return 'ignored';
    const userId = await lockLiveUser(tx, input.clerkUserId);
    if (userId === undefined) return 'ignored';
    const since = new Date(input.at.getTime() - knownForMs);
    novelty = provisioned.created ? 'first' : await signInNovelty(tx, userId, input, since);
    await insertEvents(tx, userId, [
      {
        type: 'sign_in',
        at: input.at,
        device: input.device,
        detail: { sessionId: input.sessionId },
      },
    ]);
    return 'applied';
  });
  return { outcome, novelty };
}

/** `Store.revokeOtherSessions`: one transaction, one `sessions.revoked_others` event. */
export function revokeOtherSessions(
  db: SqlExecutor,
  clerkUserId: string,
  sessionIds: string[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const userId = await lockLiveUser(tx, clerkUserId);
    let revoked = 0;
    // One at a time, in a stable order: concurrent calls take the session locks alike.
    for (const sessionId of [...new Set(sessionIds)].sort()) {
      if (await revokeIn(tx, sessionId)) revoked += 1;
    }
    if (userId !== undefined && sessionIds.length > 0) {
      await insertEvents(tx, userId, [
        { type: 'sessions.revoked_others', at: new Date(), detail: { revoked } },
      ]);
    }
    return revoked;
  });
}

/** `Store.setAccountActive`: an operator's disable / enable, with its event when it changed. */
export function setAccountActive(
  db: SqlExecutor,
  clerkUserId: string,
  active: boolean,
  change: { detail: SecurityEventDetail; sessionIds: string[] },
): Promise<UserRecord | null> {
  return db.transaction(async (tx) => {
    const [changed] = await tx
      .update(users)
      .set({ isActive: active, updatedAt: sql`now()` })
      .where(
        and(
          eq(users.clerkUserId, clerkUserId),
          isNull(users.deletedAt),
          ne(users.isActive, active),
        ),
      )
      .returning();
    if (changed) {
      await insertEvents(tx, changed.id, [
        {
          type: active ? 'account.enabled' : 'account.disabled',
          at: new Date(),
          detail: change.detail,
        },
      ]);
    }
    if (!active) {
      for (const sessionId of [...new Set(change.sessionIds)].sort()) await revokeIn(tx, sessionId);
    }
    if (changed) return toUserRecord(changed);
    const userId = await lockLiveUser(tx, clerkUserId);
    if (userId === undefined) return null;
    const [current] = await tx.select().from(users).where(eq(users.id, userId));
    return current ? toUserRecord(current) : null;
  });
}
