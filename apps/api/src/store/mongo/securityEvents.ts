import { Types, type mongo } from 'mongoose';

import type { SecurityEventDocument } from '../../models/SecurityEvent.js';
import type {
  NewSecurityEvent,
  SecurityEventPage,
  SecurityEventRecord,
  SignInInput,
  SignInNovelty,
} from '../port.js';
import { pageOf } from '../securityEventPage.js';
import { EARLIER_SIGN_INS, signInNoveltyOf } from '../signInNovelty.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { setValues } from './pipelines.js';
import { parseUserId } from './portfolios.js';

type Session = mongo.ClientSession | undefined;

/** The live user's id, or undefined (unknown or a tombstone). */
export async function liveUserId(
  h: MongoHandle,
  clerkUserId: string,
  session: Session,
): Promise<Types.ObjectId | undefined> {
  const user = await h.users
    .findOne({ clerkUserId, deletedAt: null }, { _id: 1 }, { session })
    .lean();
  return user?._id;
}

/** One insert per event, in order (a user's events are a handful). */
export async function insertEvents(
  h: MongoHandle,
  w: Write,
  userId: mongo.ObjectId,
  events: NewSecurityEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const collection = await guarded(h, w, h.securityEvents);
  for (const event of events) {
    const doc: Omit<SecurityEventDocument, 'userId'> & { userId: mongo.ObjectId } = {
      userId,
      type: event.type,
      at: event.at,
      device: event.device ?? null,
      detail: event.detail ?? {},
    };
    await collection.insertOne(doc);
  }
}

type LeanEvent = SecurityEventDocument & { _id: Types.ObjectId };

function toRecord(doc: LeanEvent): SecurityEventRecord {
  return {
    id: doc._id.toHexString(),
    type: doc.type,
    at: doc.at,
    device: doc.device ?? null,
    detail: doc.detail,
  };
}

/** Compares a sign-in with the user's earlier ones (see SignInNovelty). */
export async function signInNovelty(
  h: MongoHandle,
  userId: Types.ObjectId,
  input: SignInInput,
  since: Date,
  session: Session,
): Promise<SignInNovelty> {
  const earlier = await h.securityEvents
    .find({ userId, type: 'sign_in' }, { device: 1, at: 1 }, { session })
    .sort({ at: -1 })
    .limit(EARLIER_SIGN_INS)
    .lean<LeanEvent[]>();
  return signInNoveltyOf(earlier, input, since);
}

export async function listSecurityEvents(
  h: MongoHandle,
  userId: string,
  page: { before?: { at: Date; id: string }; limit: number },
): Promise<SecurityEventPage> {
  await h.ready();
  const { before, limit } = page;
  const owner = parseUserId(userId);
  const older = before
    ? {
        $or: [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: parseUserId(before.id) } }],
      }
    : {};
  const docs = await h.securityEvents
    .find({ userId: owner, ...older })
    .sort({ at: -1, _id: -1 })
    .limit(limit + 1)
    .lean<LeanEvent[]>();
  return pageOf(docs.map(toRecord), limit);
}

export async function claimNewDeviceEmail(
  h: MongoHandle,
  w: Write,
  clerkUserId: string,
  now: Date,
  since: Date,
): Promise<boolean> {
  const users = await guarded(h, w, h.users);
  const taken = await users.updateOne(
    {
      clerkUserId,
      deletedAt: null,
      $or: [{ newDeviceEmailAt: null }, { newDeviceEmailAt: { $lt: since } }],
    },
    [setValues({ newDeviceEmailAt: now })],
  );
  return taken.matchedCount > 0;
}

export async function purgeSecurityEvents(h: MongoHandle, w: Write, before: Date): Promise<number> {
  const events = await guarded(h, w, h.securityEvents);
  const gone = await events.deleteMany({ at: { $lt: before } });
  return gone.deletedCount;
}
