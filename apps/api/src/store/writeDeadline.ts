import { withTimeout } from '../timeout.js';
import { DatabaseUnavailableError, type WriteOptions } from './port.js';

/**
 * The one database timeout: how long the API waits for a statement (PostgreSQL's
 * `query_timeout`) and for a write as a whole. A write's deadline is this long after it starts.
 */
export const DATABASE_TIMEOUT_MS = 2_000;

/**
 * How long after a write's deadline the API still waits before it answers 503 for a write
 * whose outcome it does not know. The database refuses to commit the write once its own clock
 * has passed the deadline; the API answers only once its clock has passed deadline + margin.
 * So a write can never commit after that answer as long as the database's clock is less than
 * this margin behind the API's (NTP keeps hosts within milliseconds; a skew of half a second is
 * an incident in itself) and the commit becomes visible within the rest of the margin after
 * the database's check (a commit record's flush, normally well under 10 ms).
 */
export const CLOCK_MARGIN_MS = 500;

/** The write's deadline: the caller's, else `DATABASE_TIMEOUT_MS` from now. */
export function writeDeadline(options: WriteOptions | undefined): Date {
  return options?.deadline ?? new Date(Date.now() + DATABASE_TIMEOUT_MS);
}

/** A write refused by the database because it arrived after its deadline. */
export class LateWriteError extends DatabaseUnavailableError {
  constructor(cause?: unknown) {
    super(cause);
    this.name = 'LateWriteError';
  }
}

/** How long until the API may answer for a write with this deadline (see CLOCK_MARGIN_MS). */
function untilAnswerable(deadline: Date): number {
  return Math.max(0, deadline.getTime() + CLOCK_MARGIN_MS - Date.now());
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Runs one write whose every statement the database refuses after `deadline` (each adapter
 * sends it along), and settles no later than deadline + margin (+ the fence's own time):
 * - with the write's result, when it answered in time;
 * - with the write's own error at once when `knownNotApplied` says it cannot take effect after
 *   now (the database answered with an error, or nothing was ever sent);
 * - otherwise (a timeout, a reset connection: the statement may still be on its way) with
 *   `DatabaseUnavailableError`, but only once deadline + margin has passed, after which the
 *   database refuses it, and once `fence` has settled: what an adapter's database cannot refuse
 *   by its clock (MongoDB's commitTransaction) it stops there. An abandoned write carries on in
 *   the background and cannot take effect.
 */
export async function guardWrite<T>(
  deadline: Date,
  write: () => Promise<T>,
  knownNotApplied: (error: unknown) => boolean,
  fence: () => Promise<void> = () => Promise.resolve(),
): Promise<T> {
  const unanswered = new DatabaseUnavailableError(
    new Error('the write did not answer before its deadline'),
  );
  try {
    return await withTimeout(write(), untilAnswerable(deadline), () => {
      throw unanswered;
    });
  } catch (error) {
    if (error === unanswered || !knownNotApplied(error)) {
      const wait = untilAnswerable(deadline);
      if (wait > 0) await sleep(wait);
      // A fence that fails leaves what the database's clock guards; the answer is 503 either way.
      await fence().catch(() => undefined);
    }
    throw error;
  }
}
