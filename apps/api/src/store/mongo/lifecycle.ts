import { Types, type mongo } from 'mongoose';

import type { UserDocument } from '../../models/User.js';
import { clerkUserEvents } from '../clerkUserEvents.js';
import type { ClerkUserUpdate, SessionEndCause, WebhookOutcome } from '../port.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { isDuplicateKey } from './errors.js';
import { clerkUserFilter, clerkUserPipeline, setOnInsert, tombstonePipeline } from './pipelines.js';
import { ensureLivePortfolio } from './portfolios.js';
import { newUser, upsertUser } from './provision.js';
import { insertEvents, liveUserId } from './securityEvents.js';
import { applyOnce } from './webhookIds.js';

/** `Store.applyClerkUser`: Clerk's `user.created` / `user.updated`. */
export function applyClerkUser(
  h: MongoHandle,
  w: Write,
  eventId: string,
  update: ClerkUserUpdate,
): Promise<WebhookOutcome> {
  return applyOnce(h, w, { source: 'clerk', eventId }, async (tx) => {
    const now = new Date();
    const onInsert = newUser(now, {
      email: update.email,
      displayName: update.clerkName,
      isActive: update.isActive,
      clerkUpdatedAt: update.clerkUpdatedAt,
      clerkEventId: eventId,
      passkeyIds: update.passkeyIds ?? null,
    });
    const { user, created } = await upsertUser(h, tx, update.clerkUserId, onInsert);
    if (user.deletedAt) return 'ignored';
    // Also for an existing user: a retry after a crash between the two writes completes it.
    const portfolio = await ensureLivePortfolio(h, tx, user._id);
    if (!portfolio) return 'ignored';
    if (created) {
      await insertEvents(h, tx, user._id, [{ type: 'account.created', at: now }]);
      return 'applied';
    }
    // The user exists (maybe provisioned a moment ago by a first request): the filter itself
    // decides whether this event is newer, so two deliveries racing apply once.
    const users = await guarded<UserDocument>(h, tx, h.users);
    const result = await users.updateOne(
      clerkUserFilter(update),
      clerkUserPipeline(update, eventId, now),
    );
    if (result.matchedCount > 0) {
      const before = {
        email: user.email,
        isActive: user.isActive,
        passkeyIds: user.passkeyIds ?? null,
      };
      await insertEvents(h, tx, user._id, clerkUserEvents(before, update, now));
      return 'applied';
    }
    const current = await h.users.findOne({ clerkUserId: update.clerkUserId }, null, {
      session: tx.session,
    });
    if (current?.deletedAt) return 'ignored';
    // This very event, applied by a delivery racing this one (see applyOnce).
    return current?.clerkEventId === eventId ? 'duplicate' : 'stale';
  });
}

/**
 * `Store.deleteUserData`: the tombstone first, then what hangs off the user. Without
 * transactions that order is what makes it safe: once the tombstone exists nothing creates
 * the user's data again, and a retry after a crash deletes what is left.
 */
export async function deleteUserData(
  h: MongoHandle,
  w: Write,
  clerkUserId: string,
  eventId?: string,
): Promise<WebhookOutcome> {
  let userId: Types.ObjectId | undefined;
  const key = eventId === undefined ? undefined : { source: 'clerk' as const, eventId };
  const outcome = await applyOnce(h, w, key, async (tx) => {
    const tombstone = await upsertTombstone(h, tx, clerkUserId);
    // The driver's ObjectId, re-wrapped as the mongoose one the models' filters expect.
    userId = new Types.ObjectId(tombstone);
    await removeUserData(h, tx, userId);
    return 'applied';
  });
  // A token registration or portfolio repair that wrote after the transaction's snapshot was
  // not seen by its deletes; it checks for the tombstone after writing, and this pass, after
  // the commit, removes what it wrote before the tombstone became visible.
  if (userId && (await h.ready()).transactions) await removeUserData(h, w, userId);
  return outcome;
}

/** The tombstone's id: an update of the user, or an insert for an id never seen. */
async function upsertTombstone(
  h: MongoHandle,
  w: Write,
  clerkUserId: string,
): Promise<mongo.ObjectId> {
  const users = await guarded<UserDocument>(h, w, h.users);
  const upsert = async () =>
    (
      await users.findOneAndUpdate({ clerkUserId }, tombstonePipeline(new Date()), {
        upsert: true,
        projection: { _id: 1 },
      })
    ).doc;
  let tombstone;
  try {
    tombstone = await upsert();
  } catch (err) {
    // A provisioning inserted the user between our match and our insert: update it now.
    // (Inside a transaction the duplicate key aborted it, and runTransaction runs it again.)
    if (w.session || !isDuplicateKey(err)) throw err;
    tombstone = await upsert();
  }
  if (!tombstone) throw new Error('the tombstone upsert returned no document');
  return tombstone._id;
}

async function removeUserData(h: MongoHandle, w: Write, userId: Types.ObjectId): Promise<void> {
  // One after the other: a transaction's session runs one operation at a time.
  for (const model of [h.portfolios, h.pushTokens, h.securityEvents]) {
    await (await guarded(h, w, model)).deleteMany({ userId });
  }
}

/** `Store.revokeSession`: refused from now on, its push tokens dropped. */
export async function revokeSession(
  h: MongoHandle,
  w: Write,
  sessionId: string,
  eventId: string | undefined,
  cause?: SessionEndCause,
): Promise<WebhookOutcome> {
  const key = eventId === undefined ? undefined : { source: 'clerk' as const, eventId };
  const outcome = await applyOnce(h, w, key, async (tx) => {
    const revoked = await revokeIn(h, tx, sessionId);
    const userId =
      cause && revoked ? await liveUserId(h, cause.clerkUserId, tx.session) : undefined;
    if (cause && userId) {
      const detail = { sessionId, by: cause.by };
      await insertEvents(h, tx, userId, [{ type: 'session.ended', at: new Date(), detail }]);
    }
    return 'applied';
  });
  // As in deleteUserData: catches a registration that wrote during the transaction.
  if (outcome !== 'duplicate' && (await h.ready()).transactions) {
    await (await guarded(h, w, h.pushTokens)).deleteMany({ sessionId });
  }
  return outcome;
}

/** Revokes one session (and drops its push tokens); true when this call revoked it. */
export async function revokeIn(h: MongoHandle, w: Write, sessionId: string): Promise<boolean> {
  let revoked = false;
  try {
    const revocations = await guarded(h, w, h.revokedSessions);
    const result = await revocations.updateOne(
      { sessionId },
      [setOnInsert({ revokedAt: new Date() })],
      true,
    );
    revoked = result.upsertedCount > 0;
  } catch (err) {
    // Revoked by a concurrent call in the meantime: the same effect.
    if (w.session || !isDuplicateKey(err)) throw err;
  }
  await (await guarded(h, w, h.pushTokens)).deleteMany({ sessionId });
  return revoked;
}

export async function isSessionRevoked(h: MongoHandle, sessionId: string): Promise<boolean> {
  await h.ready();
  return (await h.revokedSessions.exists({ sessionId })) !== null;
}
