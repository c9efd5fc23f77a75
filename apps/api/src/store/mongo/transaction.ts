import type { mongo } from 'mongoose';

import { DatabaseUnavailableError } from '../port.js';
import type { MongoHandle } from './connection.js';
import { isConnectionFailure, isDuplicateKey, answerWithin } from './errors.js';

/** A duplicate key aborts a transaction; running it again finds the other writer's document. */
const MAX_TRANSACTION_RUNS = 3;

/**
 * The driver commits a transaction in a loop that retries for up to 120 s; a request must
 * get its 503 long before that.
 */
const TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * Runs `work` in one transaction. The driver retries it on write conflicts; a duplicate key
 * (a concurrent upsert that committed first) runs it again here, at most three times.
 */
export async function runTransaction<T>(
  h: MongoHandle,
  work: (session: mongo.ClientSession) => Promise<T>,
): Promise<T> {
  for (let run = 1; ; run += 1) {
    try {
      return await answerWithin(inTransaction(h, work), TRANSACTION_TIMEOUT_MS);
    } catch (err) {
      if (run >= MAX_TRANSACTION_RUNS || !isDuplicateKey(err)) throw err;
    }
  }
}

function inTransaction<T>(
  h: MongoHandle,
  work: (session: mongo.ClientSession) => Promise<T>,
): Promise<T> {
  return h.connection.transaction(async (session) => {
    try {
      return await work(session);
    } catch (err) {
      // withTransaction retries whatever the driver labels transient, an unreachable server
      // included, for up to 120 s; a non-driver error ends it at once.
      if (isConnectionFailure(err)) throw new DatabaseUnavailableError(err);
      throw err;
    }
  });
}
