import { DrizzleQueryError } from 'drizzle-orm';
import { DatabaseUnavailableError, UnstorableTextError } from '../port.js';

// Socket-level failures: the database (or the path to it) is gone, not the query wrong.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

// SQLSTATEs meaning "cannot serve you now": class 08 (connection exception) is matched by prefix;
// shutdowns, "starting up", too many connections, and statement_timeout cancellations.
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300', '57014']);

// Messages of node-postgres, pg-pool and PGlite that carry no code.
const unavailableMessage =
  /connection terminated|timeout exceeded when trying to connect|query read timeout|not queryable|connection ended|cannot use a pool after calling end|pglite is clos(?:ed|ing)|connection timeout/i;

function matchesUnavailable(error: object): boolean {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && (networkCodes.has(code) || unavailableStates.has(code))) return true;
  if (code?.startsWith('08')) return true;
  return error instanceof Error && unavailableMessage.test(error.message);
}

/**
 * The connection-level failure inside `error`, if any: drizzle wraps driver errors
 * (`DrizzleQueryError.cause`) and Node reports a refused dual-stack connect as an AggregateError.
 */
export function findConnectionFailure(error: unknown, depth = 0): object | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  // drizzle's message embeds the query's parameters: user text must not pass for a driver message.
  if (error instanceof DrizzleQueryError) return findConnectionFailure(error.cause, depth + 1);
  if (error instanceof DatabaseUnavailableError || matchesUnavailable(error)) return error;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = findConnectionFailure(inner, depth + 1);
      if (found) return found;
    }
  }
  return 'cause' in error ? findConnectionFailure(error.cause, depth + 1) : undefined;
}

// character_not_in_repertoire (U+0000 in a text value) and untranslatable_character.
const unstorableTextStates = new Set(['22021', '22P05']);

/** The driver's error inside drizzle's wrapper, if it says the value could not be stored. */
function isUnstorableText(error: unknown): boolean {
  const driverError = error instanceof DrizzleQueryError ? error.cause : error;
  if (typeof driverError !== 'object' || driverError === null) return false;
  const code = 'code' in driverError ? driverError.code : undefined;
  return typeof code === 'string' && unstorableTextStates.has(code);
}

/**
 * Rethrow shape of every store failure: connection-level ones become `DatabaseUnavailableError`
 * (the API answers 503), a string the database cannot store becomes `UnstorableTextError`
 * (400), everything else (constraint violations, bugs) is returned untouched.
 * The cause kept is the driver's own error, not drizzle's wrapper, whose message lists the
 * query's parameters (emails) and would otherwise reach the logs.
 */
export function toStoreError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  if (isUnstorableText(error)) return new UnstorableTextError();
  const failure = findConnectionFailure(error);
  if (failure === undefined) return error;
  return failure instanceof DatabaseUnavailableError
    ? failure
    : new DatabaseUnavailableError(failure);
}
