import { MAX_PUSH_TOKENS_PER_USER } from '@assetra/shared';
import type { Types } from 'mongoose';

import type { PushTokenDocument } from '../../models/PushToken.js';
import { AccountDeletedError, type PushPlatform } from '../port.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { isDuplicateKey } from './errors.js';
import { setOnInsert, setValues } from './pipelines.js';
import { parseUserId } from './portfolios.js';

// `_id` last: upserts get a server-generated, increasing id, which orders two tokens written
// within the same millisecond.
const newestFirst = { updatedAt: -1, createdAt: -1, _id: -1 } as const;

export type PushTokenInput = {
  userId: string;
  sessionId: string;
  token: string;
  platform: PushPlatform;
};

/**
 * `Store.registerPushToken`: upserts by token (moving it to this user and session), then keeps
 * the user's most recent (MAX_PUSH_TOKENS_PER_USER). AccountDeletedError for a user that is not live (nothing kept);
 * nothing for a revoked session.
 */
export async function registerPushToken(
  h: MongoHandle,
  w: Write,
  input: PushTokenInput,
): Promise<void> {
  const { sessionId, token, platform } = input;
  const userId = parseUserId(input.userId);
  const before = await standing(h, userId, sessionId);
  if (before === 'deleted') throw new AccountDeletedError();
  if (before === 'revoked') return;

  const now = new Date();
  const tokens = await guarded<PushTokenDocument>(h, w, h.pushTokens);
  const upsert = () =>
    tokens.updateOne(
      { token },
      [setValues({ userId, sessionId, platform, updatedAt: now }), setOnInsert({ createdAt: now })],
      true,
    );
  try {
    await upsert();
  } catch (err) {
    // A concurrent registration of the same token inserted it first: now it is an update.
    if (!isDuplicateKey(err)) throw err;
    await upsert();
  }
  await keepNewest(h, w, userId);

  // A deletion or revocation that ran meanwhile may have missed this token: both write their
  // mark (tombstone, revoked session) before deleting tokens, so checking after writing it
  // means one of the two always sees the other.
  const after = await standing(h, userId, sessionId);
  if (after === 'live') return;
  await tokens.deleteOne({ token, userId, sessionId });
  if (after === 'deleted') throw new AccountDeletedError();
}

/** Whether the user and session may hold push tokens, and if not, why. */
async function standing(
  h: MongoHandle,
  userId: Types.ObjectId,
  sessionId: string,
): Promise<'live' | 'deleted' | 'revoked'> {
  const [owner, revoked] = await Promise.all([
    h.users.exists({ _id: userId, deletedAt: null }),
    h.revokedSessions.exists({ sessionId }),
  ]);
  if (owner === null) return 'deleted';
  return revoked === null ? 'live' : 'revoked';
}

/** Drops the user's tokens beyond the most recent ones; concurrent calls converge on them. */
async function keepNewest(h: MongoHandle, w: Write, userId: Types.ObjectId): Promise<void> {
  const surplus = await h.pushTokens
    .find({ userId }, { _id: 1 })
    .sort(newestFirst)
    .skip(MAX_PUSH_TOKENS_PER_USER)
    .lean();
  if (surplus.length === 0) return;
  const tokens = await guarded(h, w, h.pushTokens);
  await tokens.deleteMany({ _id: { $in: surplus.map((doc) => doc._id) } });
}

export async function unregisterPushToken(
  h: MongoHandle,
  w: Write,
  userId: string,
  token: string,
): Promise<void> {
  // Scoped to the user: one cannot unregister a device that has moved to someone else.
  await (await guarded(h, w, h.pushTokens)).deleteOne({ token, userId: parseUserId(userId) });
}

export async function listPushTokens(
  h: MongoHandle,
  userId: string,
): Promise<{ token: string; platform: PushPlatform; sessionId: string }[]> {
  await h.ready();
  const docs = await h.pushTokens
    .find({ userId: parseUserId(userId) })
    .sort(newestFirst)
    .lean();
  return docs.map(({ token, platform, sessionId }) => ({ token, platform, sessionId }));
}
