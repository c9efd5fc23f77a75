import mongoose from 'mongoose';

import { DatabaseUnavailableError, type WriteOptions } from '../port.js';
import { LateWriteError, guardWrite, writeDeadline } from '../writeDeadline.js';
import type { MongoHandle } from './connection.js';
import { answerWithin, toStoreError } from './errors.js';
import { deadlineGuard, guardedFilter, setValues, type PipelineStage } from './pipelines.js';

const { mongo } = mongoose;

/**
 * What every step of one write call gets: the moment the server must refuse it from, and,
 * inside a transaction (transaction.ts), that transaction's session.
 */
export type Write = {
  readonly deadline: Date;
  readonly session?: mongoose.mongo.ClientSession | undefined;
  /** The session this call's transactions run in, started on first use (see killSession). */
  readonly transactionSession: () => mongoose.mongo.ClientSession;
};

/** How long the API waits for the kill of a transaction's session before answering anyway. */
const KILL_TIMEOUT_MS = 1_000;

type Filter = Record<string, unknown>;

/**
 * A model's collection through the driver, each write in it carrying `w`'s deadline guard
 * (pipelines.ts): one place, so no write can go out without it. Updates are pipelines; an
 * insert is an upsert of a fresh `_id`, so that the guard can refuse it. Outside a transaction
 * a statement also gets the write's remaining time as `maxTimeMS`: one that started in time
 * cannot go on changing documents long after the deadline.
 */
export async function guarded<T extends mongoose.mongo.Document>(
  h: MongoHandle,
  w: Write,
  model: { collection: { collectionName: string } },
) {
  const db = await h.database();
  const collection = db.collection<T>(model.collection.collectionName);
  // The store's filters are plain objects; the driver's Filter<T> cannot see a generic T's keys.
  const match = (filter: Filter) => filter as mongoose.mongo.Filter<T>;
  const options = () =>
    w.session
      ? { session: w.session }
      : { maxTimeMS: Math.max(1, w.deadline.getTime() - Date.now()) };
  const pipeline = (stages: PipelineStage[]) => [deadlineGuard(w.deadline), ...stages];
  return {
    updateOne: (filter: Filter, stages: PipelineStage[], upsert = false) =>
      collection.updateOne(match(filter), pipeline(stages), { ...options(), upsert }),
    updateMany: (filter: Filter, stages: PipelineStage[]) =>
      collection.updateMany(match(filter), pipeline(stages), options()),
    /** The document after the update, and whether the upsert inserted it. */
    findOneAndUpdate: async (
      filter: Filter,
      stages: PipelineStage[],
      more: { upsert?: boolean; projection?: Record<string, 0 | 1> } = {},
    ) => {
      const result = await collection.findOneAndUpdate(match(filter), pipeline(stages), {
        ...options(),
        ...more,
        returnDocument: 'after',
        includeResultMetadata: true,
      });
      return { doc: result.value, inserted: result.lastErrorObject?.updatedExisting === false };
    },
    deleteOne: (filter: Filter) =>
      collection.deleteOne(match(guardedFilter(filter, w.deadline)), options()),
    deleteMany: (filter: Filter) =>
      collection.deleteMany(match(guardedFilter(filter, w.deadline)), options()),
    /** Inserts `doc` (without `_id`: a new one is the filter) unless refused. */
    insertOne: async (doc: Record<string, unknown>) => {
      const _id = new mongo.ObjectId();
      await collection.updateOne(match({ _id }), pipeline([setValues(doc)]), {
        ...options(),
        upsert: true,
      });
    },
  };
}

/**
 * True when a failed write cannot take effect after now, so the API may answer at once: the
 * server answered (a refusal, a duplicate key, a step-down), the API's own code threw, or
 * nothing was sent (no server selected, store closed). A lost or timed-out connection, or a
 * client closed under it, is unknown: what it sent may still arrive.
 */
export function mongoWriteNotApplied(error: unknown): boolean {
  if (!(error instanceof DatabaseUnavailableError) || error instanceof LateWriteError) return true;
  const { cause } = error;
  return !(
    cause instanceof mongo.MongoNetworkError ||
    cause instanceof mongo.MongoOperationTimeoutError ||
    cause instanceof mongo.MongoTopologyClosedError
  );
}

/**
 * Kills the session of this call's transactions (`killSessions`, on another connection): the
 * server aborts a transaction of it that has not committed, so a commitTransaction that a frozen
 * connection delivers later fails. MongoDB checks nothing at commit, so this, not the clock, is
 * what keeps a late commit out; it runs before the API answers a write of unknown outcome.
 */
async function killSession(
  h: MongoHandle,
  session: mongoose.mongo.ClientSession | undefined,
): Promise<void> {
  const id = session?.id;
  if (!id) return;
  const db = await h.database();
  await answerWithin(db.admin().command({ killSessions: [id] }), KILL_TIMEOUT_MS);
}

/**
 * The one way the MongoDB store writes: `work` gets the deadline its every statement carries
 * (`guarded`), answered by `guardWrite` (writeDeadline.ts) with `killSession` as its fence. The
 * default deadline counts from when the store is ready (a first connection may take longer).
 */
export function mongoWriter(h: MongoHandle) {
  return async <T>(options: WriteOptions | undefined, work: (w: Write) => Promise<T>) => {
    try {
      await h.ready();
    } catch (err) {
      throw toStoreError(err);
    }
    const deadline = writeDeadline(options);
    let session: mongoose.mongo.ClientSession | undefined;
    const w: Write = {
      deadline,
      transactionSession: () => (session ??= h.connection.getClient().startSession()),
    };
    const running = work(w).catch((err: unknown) => {
      throw toStoreError(err);
    });
    const release = () => session?.endSession().catch(() => undefined);
    try {
      return await guardWrite(
        deadline,
        () => running,
        mongoWriteNotApplied,
        () => killSession(h, session),
      );
    } finally {
      // Back to the driver's pool only once nothing of this call can still use it, and after
      // any kill: a kill of a session reused meanwhile would abort someone else's transaction.
      void running.then(release, release);
    }
  };
}
