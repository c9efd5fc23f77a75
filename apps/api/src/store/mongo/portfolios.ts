import { Types, type mongo } from 'mongoose';

import { AccountDeletedError, type PortfolioRecord } from '../port.js';
import type { MongoHandle } from './connection.js';
import { isDuplicateKey } from './errors.js';
import { toPortfolioRecord, type LeanPortfolio } from './records.js';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The API's user id as an ObjectId; anything else is a caller's bug, not a missing user. */
export function parseUserId(userId: string): Types.ObjectId {
  if (!OBJECT_ID.test(userId)) throw new TypeError('not a MongoDB user id');
  return new Types.ObjectId(userId);
}

function emptyPortfolio() {
  return {
    baseCurrency: 'USD',
    totalValue: Types.Decimal128.fromString('0'),
    lastCalculatedAt: null,
  };
}

/**
 * The user's portfolio, inserted empty if missing: an upsert on the unique `userId`, so
 * concurrent callers end up with the same one. Inside a transaction a duplicate key has
 * aborted it, so it is left to the caller to run the transaction again.
 */
export async function ensurePortfolio(
  h: MongoHandle,
  userId: Types.ObjectId,
  session?: mongo.ClientSession,
): Promise<LeanPortfolio> {
  try {
    return await h.portfolios
      .findOneAndUpdate(
        { userId },
        { $setOnInsert: emptyPortfolio() },
        { upsert: true, returnDocument: 'after', session },
      )
      .lean();
  } catch (err) {
    if (session || !isDuplicateKey(err)) throw err;
    // A concurrent caller inserted it between our match and our insert: it exists now.
    const existing = await h.portfolios.findOne({ userId }).lean();
    if (!existing) throw err;
    return existing;
  }
}

/**
 * ensurePortfolio for a user read as live a moment ago; null when it has been tombstoned
 * since. Without a transaction, a deletion may have run its portfolio delete between that
 * read and our insert; it writes the tombstone first, so reading the user after our insert
 * catches it (and the deletion's own delete catches an insert before it). In a transaction
 * the deletion either conflicts with our writes or removes them after its commit.
 */
export async function ensureLivePortfolio(
  h: MongoHandle,
  userId: Types.ObjectId,
  session?: mongo.ClientSession,
): Promise<LeanPortfolio | null> {
  const portfolio = await ensurePortfolio(h, userId, session);
  if (session || (await h.users.exists({ _id: userId, deletedAt: null }))) return portfolio;
  await h.portfolios.deleteOne({ userId });
  return null;
}

export async function getPortfolio(h: MongoHandle, userId: string): Promise<PortfolioRecord> {
  await h.ready();
  const id = parseUserId(userId);
  const existing = await h.portfolios.findOne({ userId: id }).lean();
  if (existing) return toPortfolioRecord(existing);
  // Missing after a crash between provisioning's two writes. Never re-create one for an
  // unknown or deleted user: no deletion would ever remove it.
  const owner = await h.users.exists({ _id: id, deletedAt: null });
  const repaired = owner ? await ensureLivePortfolio(h, id) : null;
  if (!repaired) throw new AccountDeletedError();
  return toPortfolioRecord(repaired);
}

export async function updatePortfolio(
  h: MongoHandle,
  userId: string,
  changes: { baseCurrency?: string },
): Promise<PortfolioRecord> {
  await h.ready();
  const id = parseUserId(userId);
  if (changes.baseCurrency === undefined) return getPortfolio(h, userId);
  const update = { $set: { baseCurrency: changes.baseCurrency } };
  const options = { returnDocument: 'after' } as const;
  const updated = await h.portfolios.findOneAndUpdate({ userId: id }, update, options).lean();
  if (updated) return toPortfolioRecord(updated);
  // Missing: repair it the way getPortfolio does, then apply the change.
  await getPortfolio(h, userId);
  const repaired = await h.portfolios.findOneAndUpdate({ userId: id }, update, options).lean();
  // Only a deletion removes a portfolio once it exists.
  if (!repaired) throw new AccountDeletedError();
  return toPortfolioRecord(repaired);
}
