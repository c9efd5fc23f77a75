import type { UserDocument } from '../../models/User.js';
import type { UserRecord } from '../port.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { setValues } from './pipelines.js';
import { toUserRecord } from './records.js';

const live = { deletedAt: null } as const;

export async function findUserByClerkId(
  h: MongoHandle,
  clerkUserId: string,
): Promise<UserRecord | null> {
  await h.ready();
  const doc = await h.users.findOne({ clerkUserId }).lean();
  return doc ? toUserRecord(doc) : null;
}

/** A conditional update, so two concurrent lookups cannot overwrite each other's answer. */
export async function setEmailIfMissing(
  h: MongoHandle,
  w: Write,
  clerkUserId: string,
  email: string,
): Promise<UserRecord | null> {
  const users = await guarded<UserDocument>(h, w, h.users);
  const { doc: updated } = await users.findOneAndUpdate({ clerkUserId, ...live, email: null }, [
    setValues({ email, updatedAt: new Date() }),
  ]);
  if (updated) return toUserRecord(updated);
  // Nothing to fill: the address is already known, or the user is unknown or deleted.
  const current = await h.users.findOne({ clerkUserId, ...live }).lean();
  return current ? toUserRecord(current) : null;
}

export async function updateProfile(
  h: MongoHandle,
  w: Write,
  clerkUserId: string,
  changes: { displayName?: string },
): Promise<UserRecord | null> {
  const filter = { clerkUserId, ...live };
  if (changes.displayName === undefined) {
    const current = await h.users.findOne(filter).lean();
    return current ? toUserRecord(current) : null;
  }
  const users = await guarded<UserDocument>(h, w, h.users);
  const { doc: updated } = await users.findOneAndUpdate(filter, [
    // From now on the name is the user's own: Clerk's user events no longer replace it.
    setValues({
      displayName: changes.displayName,
      displayNameSource: 'user',
      updatedAt: new Date(),
    }),
  ]);
  return updated ? toUserRecord(updated) : null;
}
