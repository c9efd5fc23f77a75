import { Types } from 'mongoose';

import type { PortfolioDocument } from '../../models/Portfolio.js';
import { AccountDeletedError, type PortfolioRecord } from '../port.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { isDuplicateKey } from './errors.js';
import { setOnInsert, setValues } from './pipelines.js';
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
  w: Write,
  userId: Types.ObjectId,
): Promise<LeanPortfolio> {
  const portfolios = await guarded<PortfolioDocument>(h, w, h.portfolios);
  const upsert = async () => {
    const { doc } = await portfolios.findOneAndUpdate({ userId }, [setOnInsert(emptyPortfolio())], {
      upsert: true,
    });
    if (!doc) throw new Error('the portfolio upsert returned no document');
    return doc;
  };
  try {
    return await upsert();
  } catch (err) {
    if (w.session || !isDuplicateKey(err)) throw err;
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
  w: Write,
  userId: Types.ObjectId,
): Promise<LeanPortfolio | null> {
  const portfolio = await ensurePortfolio(h, w, userId);
  if (w.session || (await h.users.exists({ _id: userId, deletedAt: null }))) return portfolio;
  await (await guarded(h, w, h.portfolios)).deleteOne({ userId });
  return null;
}

/** The user's portfolio as stored; null when missing. */
export async function findPortfolio(
  h: MongoHandle,
  userId: string,
): Promise<PortfolioRecord | null> {
  await h.ready();
  const existing = await h.portfolios.findOne({ userId: parseUserId(userId) }).lean();
  return existing ? toPortfolioRecord(existing) : null;
}

/**
 * Recreates a portfolio missing after a crash between provisioning's two writes. Never one for
 * an unknown or deleted user, which no deletion would ever remove: AccountDeletedError.
 */
export async function repairPortfolio(
  h: MongoHandle,
  w: Write,
  userId: string,
): Promise<PortfolioRecord> {
  const id = parseUserId(userId);
  const owner = await h.users.exists({ _id: id, deletedAt: null });
  const repaired = owner ? await ensureLivePortfolio(h, w, id) : null;
  if (!repaired) throw new AccountDeletedError();
  return toPortfolioRecord(repaired);
}

export async function updatePortfolio(
  h: MongoHandle,
  w: Write,
  userId: string,
  changes: { baseCurrency?: string },
): Promise<PortfolioRecord> {
  const id = parseUserId(userId);
  const { baseCurrency } = changes;
  if (baseCurrency === undefined) {
    return (await findPortfolio(h, userId)) ?? repairPortfolio(h, w, userId);
  }
  const portfolios = await guarded<PortfolioDocument>(h, w, h.portfolios);
  const update = async () =>
    (await portfolios.findOneAndUpdate({ userId: id }, [setValues({ baseCurrency })])).doc;
  const updated = await update();
  if (updated) return toPortfolioRecord(updated);
  // Missing: repair it the way getPortfolio does, then apply the change.
  await repairPortfolio(h, w, userId);
  const repaired = await update();
  // Only a deletion removes a portfolio once it exists.
  if (!repaired) throw new AccountDeletedError();
  return toPortfolioRecord(repaired);
}
