import mongoose from 'mongoose';

import { LateWriteError } from '../writeDeadline.js';
import type { Write } from './deadline.js';
import { isDuplicateKey } from './errors.js';

/** A duplicate key aborts a transaction; running it again finds the other writer's document. */
const MAX_DUPLICATE_KEY_RUNS = 3;

const { mongo } = mongoose;

const transient = (err: unknown) =>
  err instanceof mongo.MongoError && err.hasErrorLabel('TransientTransactionError');

/**
 * Runs `work` in one transaction of `w`'s session, every attempt on that same session: a newer
 * transaction number makes the server refuse whatever of an older attempt arrives late.
 *
 * MongoDB checks nothing at commit, so the deadline is kept three ways: every write statement
 * inside carries the guard (deadline.ts), so none runs after the deadline; commit is sent only
 * before it, and no attempt starts after it (unlike the driver's withTransaction, which retries
 * for 120 s); and a commit that a frozen connection delivers late is stopped by the kill of the
 * session before the API answers (deadline.ts, killSession). Write conflicts and the like
 * (TransientTransactionError) run it again; a duplicate key (a concurrent upsert that committed
 * first) at most three times in all.
 */
export async function runTransaction<T>(w: Write, work: (tx: Write) => Promise<T>): Promise<T> {
  const session = w.transactionSession();
  const tx: Write = { ...w, session };
  const late = (what: string, cause?: unknown) =>
    new LateWriteError(new Error(`${what} after its deadline`, { cause }));
  for (let run = 1; ; run += 1) {
    session.startTransaction();
    try {
      const result = await work(tx);
      if (Date.now() >= w.deadline.getTime()) throw late('the transaction was ready to commit');
      await session.commitTransaction();
      return result;
    } catch (err) {
      if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
      const again = (isDuplicateKey(err) && run < MAX_DUPLICATE_KEY_RUNS) || transient(err);
      if (!again) throw err;
      if (Date.now() >= w.deadline.getTime()) throw late('a transaction to run again', err);
    }
  }
}
