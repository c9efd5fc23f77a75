import mongoose from 'mongoose';

import { withTimeout } from '../../timeout.js';
import { DatabaseUnavailableError } from '../port.js';

const { mongo } = mongoose;

/**
 * Server answers that mean "no usable primary right now" (shutdown, step-down, failover), so
 * the request may succeed a moment later: ShutdownInProgress, PrimarySteppedDown,
 * NotWritablePrimary, InterruptedAtShutdown, InterruptedDueToReplStateChange,
 * NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary.
 */
const UNAVAILABLE_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

const DUPLICATE_KEY = 11000;

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

/** What the store throws: connection failures become the port's DatabaseUnavailableError. */
export function toStoreError(err: unknown): Error {
  if (err instanceof DatabaseUnavailableError) return err;
  if (isConnectionFailure(err)) return new DatabaseUnavailableError(err);
  return err instanceof Error ? err : new Error('MongoDB store failed', { cause: err });
}

/** Rejects with DatabaseUnavailableError when `promise` has not settled within `ms`. */
export const answerWithin = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  withTimeout(promise, ms, () => {
    throw new DatabaseUnavailableError(new Error(`MongoDB did not answer within ${ms} ms`));
  });
