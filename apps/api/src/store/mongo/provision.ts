import type { UserDocument } from '../../models/User.js';
import type { ProvisionInput, ProvisionResult } from '../port.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { isDuplicateKey } from './errors.js';
import { setOnInsert } from './pipelines.js';
import { ensureLivePortfolio } from './portfolios.js';
import { toPortfolioRecord, toUserRecord, type LeanUser } from './records.js';
import { insertEvents } from './securityEvents.js';
import { runTransaction } from './transaction.js';

/** Every field of a new user but its Clerk id, written out so no default is left implicit. */
export function newUser(
  now: Date,
  fields: Partial<UserDocument> = {},
): Omit<UserDocument, 'clerkUserId'> {
  return {
    email: null,
    displayName: null,
    displayNameSource: 'clerk',
    clerkUpdatedAt: null,
    clerkEventId: null,
    subscriptionStatus: 'free',
    entitlements: [],
    subscriptionExpiresAt: null,
    subscriptionEventAt: null,
    subscriptionEventId: null,
    isActive: true,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    ...fields,
  };
}

/**
 * Creates the user and its empty portfolio unless a document has this `clerkUserId`.
 * With transactions, both writes commit together. Without them (a standalone mongod) the
 * order user → portfolio is idempotent: a crash between the two leaves a user whose
 * portfolio the next call (or getPortfolio) upserts, and `created` was already reported once.
 */
export async function provisionUser(
  h: MongoHandle,
  w: Write,
  input: ProvisionInput,
): Promise<ProvisionResult> {
  const { transactions } = await h.ready();
  if (!transactions) return provisionSteps(h, w, input);
  return runTransaction(w, (tx) => provisionSteps(h, tx, input));
}

/** Provisioning's writes, in the caller's transaction when `w.session` is set. */
export async function provisionSteps(
  h: MongoHandle,
  w: Write,
  input: ProvisionInput,
  at: Date = new Date(),
): Promise<ProvisionResult> {
  const onInsert = newUser(new Date(), { email: input.email });
  const { user, created } = await upsertUser(h, w, input.clerkUserId, onInsert);
  if (created) await insertEvents(h, w, user._id, [{ type: 'account.created', at }]);
  // A tombstone stays as it is: no portfolio, never revived.
  if (user.deletedAt) return { user: toUserRecord(user), portfolio: null, created: false };
  const portfolio = await ensureLivePortfolio(h, w, user._id);
  if (portfolio) {
    return { user: toUserRecord(user), portfolio: toPortfolioRecord(portfolio), created };
  }
  // Deleted while we provisioned: report the tombstone it now is.
  const tombstone = await h.users.findOne({ _id: user._id }).lean();
  if (!tombstone) throw new Error('the provisioned user vanished');
  return { user: toUserRecord(tombstone), portfolio: null, created };
}

/**
 * One atomic upsert, never read-then-insert: only the call whose upsert inserted the
 * document sees `created`, across processes too, because `clerkUserId` is a unique index.
 * An existing document, tombstones included, is returned untouched.
 */
export async function upsertUser(
  h: MongoHandle,
  w: Write,
  clerkUserId: string,
  onInsert: Omit<UserDocument, 'clerkUserId'>,
): Promise<{ user: LeanUser; created: boolean }> {
  try {
    const users = await guarded<UserDocument>(h, w, h.users);
    const { doc, inserted } = await users.findOneAndUpdate(
      { clerkUserId },
      [setOnInsert(onInsert)],
      {
        upsert: true,
      },
    );
    if (!doc) throw new Error('upsert returned no user');
    return { user: doc, created: inserted };
  } catch (err) {
    if (w.session || !isDuplicateKey(err)) throw err;
    // A concurrent upsert inserted the user between our match and our insert; reading it
    // back is safe because the document exists now.
    const existing = await h.users.findOne({ clerkUserId }).lean();
    if (!existing) throw err;
    return { user: existing, created: false };
  }
}
