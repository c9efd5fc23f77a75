import type { mongo } from 'mongoose';

import { DatabaseUnavailableError, type ProvisionInput, type ProvisionResult } from '../port.js';
import type { MongoHandle } from './connection.js';
import { isConnectionFailure, isDuplicateKey, withTimeout } from './errors.js';
import { ensurePortfolio } from './portfolios.js';
import { toPortfolioRecord, toUserRecord, type LeanUser } from './records.js';

/** A duplicate key aborts a transaction; running it again finds the other caller's row. */
const MAX_TRANSACTION_RUNS = 3;

/**
 * The driver commits a transaction in a loop that retries for up to 120 s; a request must
 * get its 503 long before that.
 */
const TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * Creates the user and its empty portfolio unless a document has this `clerkUserId`.
 * With transactions, both writes commit together. Without them (a standalone mongod) the
 * order user → portfolio is idempotent: a crash between the two leaves a user whose
 * portfolio the next call (or getPortfolio) upserts, and `created` was already reported once.
 */
export async function provisionUser(
  h: MongoHandle,
  input: ProvisionInput,
): Promise<ProvisionResult> {
  const { transactions } = await h.ready();
  if (!transactions) return provisionSteps(h, input);
  for (let run = 1; ; run += 1) {
    try {
      return await withTimeout(inTransaction(h, input), TRANSACTION_TIMEOUT_MS);
    } catch (err) {
      if (run >= MAX_TRANSACTION_RUNS || !isDuplicateKey(err)) throw err;
    }
  }
}

function inTransaction(h: MongoHandle, input: ProvisionInput): Promise<ProvisionResult> {
  return h.connection.transaction(async (session) => {
    try {
      return await provisionSteps(h, input, session);
    } catch (err) {
      // withTransaction retries whatever the driver labels transient, an unreachable server
      // included, for up to 120 s; a non-driver error ends it at once.
      if (isConnectionFailure(err)) throw new DatabaseUnavailableError(err);
      throw err;
    }
  });
}

async function provisionSteps(
  h: MongoHandle,
  input: ProvisionInput,
  session?: mongo.ClientSession,
): Promise<ProvisionResult> {
  const { user, created } = await upsertUser(h, input, session);
  // A tombstone stays as it is: no portfolio, never revived.
  if (user.deletedAt) return { user: toUserRecord(user), portfolio: null, created: false };
  const portfolio = await ensurePortfolio(h, user._id, session);
  return { user: toUserRecord(user), portfolio: toPortfolioRecord(portfolio), created };
}

/**
 * One atomic upsert, never read-then-insert: only the call whose upsert inserted the
 * document sees `created`, across processes too, because `clerkUserId` is a unique index.
 */
async function upsertUser(
  h: MongoHandle,
  input: ProvisionInput,
  session?: mongo.ClientSession,
): Promise<{ user: LeanUser; created: boolean }> {
  const now = new Date();
  try {
    const result = await h.users.findOneAndUpdate(
      { clerkUserId: input.clerkUserId },
      {
        $setOnInsert: {
          email: input.email,
          displayName: null,
          subscriptionStatus: 'free',
          entitlements: [],
          isActive: true,
          createdAt: now,
          updatedAt: now,
          deletedAt: null,
        },
      },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true, lean: true, session },
    );
    if (!result.value) throw new Error('upsert returned no user');
    return { user: result.value, created: result.lastErrorObject?.updatedExisting === false };
  } catch (err) {
    if (session || !isDuplicateKey(err)) throw err;
    // A concurrent upsert inserted the user between our match and our insert; reading it
    // back is safe because the document exists now.
    const existing = await h.users.findOne({ clerkUserId: input.clerkUserId }).lean();
    if (!existing) throw err;
    return { user: existing, created: false };
  }
}
