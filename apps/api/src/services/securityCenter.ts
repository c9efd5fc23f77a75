import type { Session } from '@assetra/shared';
import type { Logger } from 'pino';
import { HttpError } from '../errors.js';
import type { SecurityEventCursor, Store, UserRecord } from '../store/port.js';
import { ClerkUnavailableError, type ClerkGateway } from './clerk.js';

const DAY = 24 * 60 * 60 * 1000;
/** The contract keeps events 400 days. */
export const SECURITY_EVENT_RETENTION_MS = 400 * DAY;
const PURGE_EVERY_MS = 10 * 60 * 1000;

/** Clerk's session ids; anything else is nobody's session (and never reaches Clerk's URL). */
const SESSION_ID = /^sess_[A-Za-z0-9]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OBJECT_ID = /^[0-9a-f]{24}$/;

/** `next`: the last event's time and id, base64url, so a client treats it as opaque. */
export function encodeCursor(cursor: SecurityEventCursor): string {
  return Buffer.from(`${String(cursor.at.getTime())}.${cursor.id}`).toString('base64url');
}

/** A cursor this API issued for `store`, or a 400 `validation_failed` at `/before`. */
export function decodeCursor(value: string, store: Store): SecurityEventCursor {
  const [ms = '', id = '', ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('.');
  const at = Number(ms);
  const idShape = store.kind === 'mongodb' ? OBJECT_ID : UUID;
  const valid =
    rest.length === 0 &&
    /^\d{1,15}$/.test(ms) &&
    idShape.test(id) &&
    encodeCursor({ at: new Date(at), id }) === value;
  if (!valid) {
    throw new HttpError('validation_failed', undefined, {
      errors: [{ path: '/before', message: 'Is not a cursor this API issued' }],
    });
  }
  return { at: new Date(at), id };
}

const upstream = (error: unknown, logger: Logger, what: string): never => {
  if (!(error instanceof ClerkUnavailableError)) throw error;
  logger.warn({ err: { message: error.message } }, `Clerk failed: ${what}`);
  throw new HttpError('upstream_unavailable', 'The identity provider did not answer; try again');
};

/**
 * The Security center's session use cases. Revocations are local first (every instance
 * refuses the session's tokens within the account cache's bound, without a webhook), then at
 * Clerk; a Clerk failure answers 502 and the local revocation stays.
 */
export function createSecurityCenter(deps: {
  store: Store;
  clerk: ClerkGateway;
  logger: Logger;
  now?: () => number;
}) {
  const { store, clerk, logger } = deps;
  const now = deps.now ?? Date.now;
  let lastPurgeAt = Number.NEGATIVE_INFINITY;

  /** The user's active sessions at Clerk less those revoked here. */
  async function liveSessions(user: UserRecord) {
    const sessions = await clerk
      .activeSessions(user.clerkUserId)
      .catch((error: unknown) => upstream(error, logger, 'session list'));
    const revoked = await Promise.all(sessions.map((s) => store.isSessionRevoked(s.id)));
    return sessions.filter((_session, index) => !revoked[index]);
  }

  async function revokeAtClerk(sessionIds: string[]) {
    await Promise.all(sessionIds.map((id) => clerk.revokeSession(id))).catch((error: unknown) =>
      upstream(error, logger, 'session revocation'),
    );
  }

  return {
    async sessions(user: UserRecord, currentSessionId: string): Promise<Session[]> {
      const sessions = await liveSessions(user);
      return sessions
        .sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime())
        .map((session) => ({
          id: session.id,
          current: session.id === currentSessionId,
          createdAt: session.createdAt.toISOString(),
          lastActiveAt: session.lastActiveAt.toISOString(),
          device: session.device,
        }));
    },

    /** Not this user's (or unknown): 404, the same answer either way. */
    async revoke(user: UserRecord, sessionId: string): Promise<void> {
      if (!SESSION_ID.test(sessionId)) throw new HttpError('not_found');
      const owner = await clerk
        .sessionOwner(sessionId)
        .catch((error: unknown) => upstream(error, logger, 'session lookup'));
      if (owner !== user.clerkUserId) throw new HttpError('not_found');
      await store.revokeSession(sessionId, undefined, {
        clerkUserId: user.clerkUserId,
        by: 'user',
      });
      await revokeAtClerk([sessionId]);
    },

    async revokeOthers(user: UserRecord, currentSessionId: string): Promise<number> {
      const others = (
        await clerk
          .activeSessions(user.clerkUserId)
          .catch((error: unknown) => upstream(error, logger, 'session list'))
      )
        .map((session) => session.id)
        .filter((id) => id !== currentSessionId);
      const revoked = await store.revokeOtherSessions(user.clerkUserId, others);
      await revokeAtClerk(others);
      return revoked;
    },

    /** Opportunistic, at most every 10 minutes per process, never holding a response. */
    purgeInBackground() {
      const at = now();
      if (at - lastPurgeAt < PURGE_EVERY_MS) return;
      lastPurgeAt = at;
      store.purgeSecurityEvents(new Date(at - SECURITY_EVENT_RETENTION_MS)).then(
        (purged) => {
          if (purged > 0) logger.info({ purged }, 'old security events purged');
        },
        (error: unknown) => {
          logger.warn(
            { err: { message: (error as Error).message } },
            'security event purge failed',
          );
        },
      );
    },
  };
}

export type SecurityCenter = ReturnType<typeof createSecurityCenter>;
