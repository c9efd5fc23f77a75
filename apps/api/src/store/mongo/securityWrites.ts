import type { UserDocument } from '../../models/User.js';
import type { SecurityEventDetail, SignInInput, SignInRecorded, UserRecord } from '../port.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { revokeIn } from './lifecycle.js';
import { setValues } from './pipelines.js';
import { provisionSteps } from './provision.js';
import { toUserRecord } from './records.js';
import { insertEvents, liveUserId, signInNovelty } from './securityEvents.js';
import { runTransaction } from './transaction.js';
import { applyOnce } from './webhookIds.js';

/** In one transaction where the server has them, else step by step (each step idempotent). */
async function atomically<T>(
  h: MongoHandle,
  w: Write,
  work: (tx: Write) => Promise<T>,
): Promise<T> {
  const { transactions } = await h.ready();
  return transactions ? runTransaction(w, work) : work(w);
}

/** `Store.recordSignIn`: provisions an unknown user, then one `sign_in` event per delivery. */
export async function recordSignIn(
  h: MongoHandle,
  w: Write,
  eventId: string,
  input: SignInInput,
  knownForMs: number,
): Promise<SignInRecorded> {
  let novelty: SignInRecorded['novelty'] = 'known';
  const outcome = await applyOnce(h, w, { source: 'clerk', eventId }, async (tx) => {
    const provisioned = await provisionSteps(
      h,
      tx,
      { clerkUserId: input.clerkUserId, email: null },
      input.at,
    );
    if (provisioned.user.deletedAt) return 'ignored';
    const userId = await liveUserId(h, input.clerkUserId, tx.session);
    if (!userId) return 'ignored';
    const since = new Date(input.at.getTime() - knownForMs);
    novelty = provisioned.created
      ? 'first'
      : await signInNovelty(h, userId, input, since, tx.session);
    const detail = { sessionId: input.sessionId };
    await insertEvents(h, tx, userId, [
      { type: 'sign_in', at: input.at, device: input.device, detail },
    ]);
    return 'applied';
  });
  return { outcome, novelty };
}

/** `Store.revokeOtherSessions`: every session revoked, one `sessions.revoked_others` event. */
export function revokeOtherSessions(
  h: MongoHandle,
  w: Write,
  clerkUserId: string,
  sessionIds: string[],
): Promise<number> {
  return atomically(h, w, async (tx) => {
    let revoked = 0;
    for (const sessionId of [...new Set(sessionIds)]) {
      if (await revokeIn(h, tx, sessionId)) revoked += 1;
    }
    const userId = await liveUserId(h, clerkUserId, tx.session);
    if (userId && sessionIds.length > 0) {
      const event = {
        type: 'sessions.revoked_others' as const,
        at: new Date(),
        detail: { revoked },
      };
      await insertEvents(h, tx, userId, [event]);
    }
    return revoked;
  });
}

/** `Store.setAccountActive`: an operator's disable / enable, with its event when it changed. */
export function setAccountActive(
  h: MongoHandle,
  w: Write,
  clerkUserId: string,
  active: boolean,
  change: { detail: SecurityEventDetail; sessionIds: string[] },
): Promise<UserRecord | null> {
  return atomically(h, w, async (tx) => {
    const now = new Date();
    const users = await guarded<UserDocument>(h, tx, h.users);
    const { doc: changed } = await users.findOneAndUpdate(
      { clerkUserId, deletedAt: null, isActive: !active },
      [setValues({ isActive: active, updatedAt: now })],
    );
    if (changed) {
      const type = active ? ('account.enabled' as const) : ('account.disabled' as const);
      await insertEvents(h, tx, changed._id, [{ type, at: now, detail: change.detail }]);
    }
    if (!active) {
      for (const sessionId of [...new Set(change.sessionIds)]) await revokeIn(h, tx, sessionId);
    }
    if (changed) return toUserRecord(changed);
    const current = await h.users
      .findOne({ clerkUserId, deletedAt: null }, null, { session: tx.session })
      .lean();
    return current ? toUserRecord(current) : null;
  });
}
