import { Types, type mongo } from 'mongoose';

import type { UserDocument } from '../../models/User.js';
import { clerkUserEvents } from '../clerkUserEvents.js';
import type { ClerkUserUpdate, SessionEndCause, WebhookOutcome } from '../port.js';
import type { MongoHandle } from './connection.js';
import { isDuplicateKey } from './errors.js';
import { clerkUserFilter, clerkUserPipeline, tombstonePipeline } from './pipelines.js';
import { ensureLivePortfolio } from './portfolios.js';
import { newUser, upsertUser } from './provision.js';
import { insertEvents, liveUserId } from './securityEvents.js';
import { applyOnce } from './webhookIds.js';

/**
 * The users collection through the driver: update pipelines go to the server as written,
 * with none of mongoose's casting or defaults applied to them.
 */
async function usersCollection(h: MongoHandle): Promise<mongo.Collection<UserDocument>> {
  const db = await h.database();
  return db.collection<UserDocument>(h.users.collection.collectionName);
}

/** `Store.applyClerkUser`: Clerk's `user.created` / `user.updated`. */
export function applyClerkUser(
  h: MongoHandle,
  eventId: string,
  update: ClerkUserUpdate,
): Promise<WebhookOutcome> {
  return applyOnce(h, { source: 'clerk', eventId }, async (session) => {
    const now = new Date();
    const onInsert = newUser(now, {
      email: update.email,
      displayName: update.clerkName,
      isActive: update.isActive,
      clerkUpdatedAt: update.clerkUpdatedAt,
      clerkEventId: eventId,
      passkeyIds: update.passkeyIds ?? null,
    });
    const { user, created } = await upsertUser(h, update.clerkUserId, onInsert, session);
    if (user.deletedAt) return 'ignored';
    // Also for an existing user: a retry after a crash between the two writes completes it.
    const portfolio = await ensureLivePortfolio(h, user._id, session);
    if (!portfolio) return 'ignored';
    if (created) {
      await insertEvents(h, user._id, [{ type: 'account.created', at: now }], session);
      return 'applied';
    }
    // The user exists (maybe provisioned a moment ago by a first request): the filter itself
    // decides whether this event is newer, so two deliveries racing apply once.
    const users = await usersCollection(h);
    const result = await users.updateOne(
      clerkUserFilter(update),
      clerkUserPipeline(update, eventId, now),
      { session },
    );
    if (result.matchedCount > 0) {
      const before = {
        email: user.email,
        isActive: user.isActive,
        passkeyIds: user.passkeyIds ?? null,
      };
      await insertEvents(h, user._id, clerkUserEvents(before, update, now), session);
      return 'applied';
    }
    const current = await h.users.findOne({ clerkUserId: update.clerkUserId }, null, { session });
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
  clerkUserId: string,
  eventId?: string,
): Promise<WebhookOutcome> {
  let userId: Types.ObjectId | undefined;
  const key = eventId === undefined ? undefined : { source: 'clerk' as const, eventId };
  const outcome = await applyOnce(h, key, async (session) => {
    const tombstone = await upsertTombstone(h, clerkUserId, session);
    // The driver's ObjectId, re-wrapped as the mongoose one the models' filters expect.
    userId = new Types.ObjectId(tombstone);
    await removeUserData(h, userId, session);
    return 'applied';
  });
  // A token registration or portfolio repair that wrote after the transaction's snapshot was
  // not seen by its deletes; it checks for the tombstone after writing, and this pass, after
  // the commit, removes what it wrote before the tombstone became visible.
  if (userId && (await h.ready()).transactions) await removeUserData(h, userId);
  return outcome;
}

/** The tombstone's id: an update of the user, or an insert for an id never seen. */
async function upsertTombstone(
  h: MongoHandle,
  clerkUserId: string,
  session?: mongo.ClientSession,
): Promise<mongo.ObjectId> {
  const users = await usersCollection(h);
  const upsert = () =>
    users.findOneAndUpdate({ clerkUserId }, tombstonePipeline(new Date()), {
      upsert: true,
      returnDocument: 'after',
      projection: { _id: 1 },
      session,
    });
  let tombstone;
  try {
    tombstone = await upsert();
  } catch (err) {
    // A provisioning inserted the user between our match and our insert: update it now.
    // (Inside a transaction the duplicate key aborted it, and runTransaction runs it again.)
    if (session || !isDuplicateKey(err)) throw err;
    tombstone = await upsert();
  }
  if (!tombstone) throw new Error('the tombstone upsert returned no document');
  return tombstone._id;
}

async function removeUserData(
  h: MongoHandle,
  userId: Types.ObjectId,
  session?: mongo.ClientSession,
): Promise<void> {
  // One after the other: a transaction's session runs one operation at a time.
  await h.portfolios.deleteMany({ userId }, { session });
  await h.pushTokens.deleteMany({ userId }, { session });
  await h.securityEvents.deleteMany({ userId }, { session });
}

/** `Store.revokeSession`: refused from now on, its push tokens dropped. */
export async function revokeSession(
  h: MongoHandle,
  sessionId: string,
  eventId: string | undefined,
  cause?: SessionEndCause,
): Promise<WebhookOutcome> {
  const key = eventId === undefined ? undefined : { source: 'clerk' as const, eventId };
  const outcome = await applyOnce(h, key, async (session) => {
    const revoked = await revokeIn(h, sessionId, session);
    const userId = cause && revoked ? await liveUserId(h, cause.clerkUserId, session) : undefined;
    if (cause && userId) {
      const detail = { sessionId, by: cause.by };
      await insertEvents(h, userId, [{ type: 'session.ended', at: new Date(), detail }], session);
    }
    return 'applied';
  });
  // As in deleteUserData: catches a registration that wrote during the transaction.
  if (outcome !== 'duplicate' && (await h.ready()).transactions) {
    await h.pushTokens.deleteMany({ sessionId });
  }
  return outcome;
}

/** Revokes one session (and drops its push tokens); true when this call revoked it. */
export async function revokeIn(
  h: MongoHandle,
  sessionId: string,
  session?: mongo.ClientSession,
): Promise<boolean> {
  let revoked = false;
  try {
    const result = await h.revokedSessions.updateOne(
      { sessionId },
      { $setOnInsert: { revokedAt: new Date() } },
      { upsert: true, session },
    );
    revoked = result.upsertedCount > 0;
  } catch (err) {
    // Revoked by a concurrent call in the meantime: the same effect.
    if (session || !isDuplicateKey(err)) throw err;
  }
  await h.pushTokens.deleteMany({ sessionId }, { session });
  return revoked;
}

export async function isSessionRevoked(h: MongoHandle, sessionId: string): Promise<boolean> {
  await h.ready();
  return (await h.revokedSessions.exists({ sessionId })) !== null;
}
