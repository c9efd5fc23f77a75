import mongoose from 'mongoose';

import { withTimeout } from '../../timeout.js';
import { DatabaseUnavailableError } from '../port.js';
import { LateWriteError } from '../writeDeadline.js';

const { mongo } = mongoose;

/**
 * Server answers that mean "no usable primary right now" (shutdown, step-down, failover), so
 * the request may succeed a moment later: ShutdownInProgress, PrimarySteppedDown,
 * NotWritablePrimary, InterruptedAtShutdown, InterruptedDueToReplStateChange,
 * NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary.
 */
const UNAVAILABLE_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

const DUPLICATE_KEY = 11000;

/**
 * ConversionFailure: what a statement refused by its deadline guard fails with (pipelines.ts,
 * deadlineGuard). No statement of the store converts anything else. MaxTimeMSExpired: a
 * statement stopped at the write's remaining time (deadline.ts); reads set no time limit.
 */
const CONVERSION_FAILURE = 241;
const MAX_TIME_MS_EXPIRED = 50;

/** True when the server refused a write statement because the write's deadline had passed. */
export function isLateWrite(err: unknown): boolean {
  return (
    err instanceof mongo.MongoServerError &&
    (err.code === CONVERSION_FAILURE || err.code === MAX_TIME_MS_EXPIRED)
  );
}

/** True for failures of the connection rather than of the request itself. */
export function isConnectionFailure(err: unknown): boolean {
  return (
    err instanceof mongo.MongoServerSelectionError ||
    err instanceof mongo.MongoNetworkError ||
    err instanceof mongo.MongoNotConnectedError ||
    err instanceof mongo.MongoTopologyClosedError ||
    err instanceof mongo.MongoOperationTimeoutError ||
    // openUri() rewraps the driver's server-selection error in its own class.
    err instanceof mongoose.Error.MongooseServerSelectionError ||
    (err instanceof mongo.MongoServerError &&
      typeof err.code === 'number' &&
      UNAVAILABLE_CODES.has(err.code))
  );
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof mongo.MongoServerError && err.code === DUPLICATE_KEY;
}

/**
 * What the store throws: a write refused past its deadline becomes LateWriteError, connection
 * failures the port's DatabaseUnavailableError (both answered 503).
 */
export function toStoreError(err: unknown): Error {
  if (err instanceof DatabaseUnavailableError) return err;
  if (isLateWrite(err)) return new LateWriteError(err);
  if (isConnectionFailure(err)) return new DatabaseUnavailableError(err);
  return err instanceof Error ? err : new Error('MongoDB store failed', { cause: err });
}

/** Rejects with DatabaseUnavailableError when `promise` has not settled within `ms`. */
export const answerWithin = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  withTimeout(promise, ms, () => {
    throw new DatabaseUnavailableError(new Error(`MongoDB did not answer within ${ms} ms`));
  });
