import type { mongo } from 'mongoose';

import type { SecurityEventDetail, SignInInput, SignInRecorded, UserRecord } from '../port.js';
import type { MongoHandle } from './connection.js';
import { revokeIn } from './lifecycle.js';
import { provisionSteps } from './provision.js';
import { toUserRecord } from './records.js';
import { insertEvents, liveUserId, signInNovelty } from './securityEvents.js';
import { runTransaction } from './transaction.js';
import { applyOnce } from './webhookIds.js';

type Session = mongo.ClientSession | undefined;

/** In one transaction where the server has them, else step by step (each step idempotent). */
async function atomically<T>(h: MongoHandle, work: (session: Session) => Promise<T>): Promise<T> {
  const { transactions } = await h.ready();
  return transactions ? runTransaction(h, work) : work(undefined);
}

/** `Store.recordSignIn`: provisions an unknown user, then one `sign_in` event per delivery. */
export async function recordSignIn(
  h: MongoHandle,
  eventId: string,
  input: SignInInput,
  knownForMs: number,
): Promise<SignInRecorded> {
  let novelty: SignInRecorded['novelty'] = 'known';
  const outcome = await applyOnce(h, { source: 'clerk', eventId }, async (session) => {
    const provisioned = await provisionSteps(
      h,
      { clerkUserId: input.clerkUserId, email: null },
      session,
      input.at,
    );
    if (provisioned.user.deletedAt) return 'ignored';
    const userId = await liveUserId(h, input.clerkUserId, session);
    if (!userId) return 'ignored';
    const since = new Date(input.at.getTime() - knownForMs);
    novelty = provisioned.created ? 'first' : await signInNovelty(h, userId, input, since, session);
    const detail = { sessionId: input.sessionId };
    await insertEvents(
      h,
      userId,
      [{ type: 'sign_in', at: input.at, device: input.device, detail }],
      session,
    );
    return 'applied';
  });
  return { outcome, novelty };
}

/** `Store.revokeOtherSessions`: every session revoked, one `sessions.revoked_others` event. */
export function revokeOtherSessions(
  h: MongoHandle,
  clerkUserId: string,
  sessionIds: string[],
): Promise<number> {
  return atomically(h, async (session) => {
    let revoked = 0;
    for (const sessionId of [...new Set(sessionIds)]) {
      if (await revokeIn(h, sessionId, session)) revoked += 1;
    }
    const userId = await liveUserId(h, clerkUserId, session);
    if (userId && sessionIds.length > 0) {
      const event = {
        type: 'sessions.revoked_others' as const,
        at: new Date(),
        detail: { revoked },
      };
      await insertEvents(h, userId, [event], session);
    }
    return revoked;
  });
}

/** `Store.setAccountActive`: an operator's disable / enable, with its event when it changed. */
export function setAccountActive(
  h: MongoHandle,
  clerkUserId: string,
  active: boolean,
  change: { detail: SecurityEventDetail; sessionIds: string[] },
): Promise<UserRecord | null> {
  return atomically(h, async (session) => {
    const now = new Date();
    const changed = await h.users
      .findOneAndUpdate(
        { clerkUserId, deletedAt: null, isActive: !active },
        { $set: { isActive: active, updatedAt: now } },
        { returnDocument: 'after', session },
      )
      .lean();
    if (changed) {
      const type = active ? ('account.enabled' as const) : ('account.disabled' as const);
      await insertEvents(h, changed._id, [{ type, at: now, detail: change.detail }], session);
    }
    if (!active) {
      for (const sessionId of [...new Set(change.sessionIds)])
        await revokeIn(h, sessionId, session);
    }
    if (changed) return toUserRecord(changed);
    const current = await h.users
      .findOne({ clerkUserId, deletedAt: null }, null, { session })
      .lean();
    return current ? toUserRecord(current) : null;
  });
}
