import type { ClerkClient } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import type { SecurityDevice } from '../store/port.js';

/** An active Clerk session, as the Security center shows it. */
export type ClerkSession = {
  id: string;
  createdAt: Date;
  lastActiveAt: Date;
  device: SecurityDevice;
};

/** The session and ban calls of the gateway (see clerk.ts); each throws ClerkUnavailableError. */
export type ClerkAccountCalls = {
  /** The user's active sessions (Backend API `GET /v1/sessions?status=active`). */
  activeSessions(clerkUserId: string): Promise<ClerkSession[]>;
  /** The Clerk user a session belongs to; null for an unknown session (404). */
  sessionOwner(sessionId: string): Promise<string | null>;
  /** Revokes a session at Clerk; one already ended (or unknown: 404) counts as done. */
  revokeSession(sessionId: string): Promise<void>;
  /** The id of the Clerk user with this email address; null when there is none. */
  userIdForEmail(email: string): Promise<string | null>;
  /** Bans (every session ends at Clerk) or unbans the user. */
  setBanned(clerkUserId: string, banned: boolean): Promise<void>;
};

/** Clerk's most sessions per page; a user has far fewer active ones. */
const SESSIONS_PER_PAGE = 100;

// @clerk/backend's Session and SessionActivity, as far as this API reads them.
type SdkSession = {
  id: string;
  createdAt: number;
  lastActiveAt: number;
  latestActivity?: {
    deviceType?: string | undefined;
    browserName?: string | undefined;
    city?: string | undefined;
    country?: string | undefined;
    isMobile: boolean;
  };
};

const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);

function toClerkSession(session: SdkSession): ClerkSession {
  const activity = session.latestActivity;
  return {
    id: session.id,
    createdAt: new Date(session.createdAt),
    lastActiveAt: new Date(session.lastActiveAt),
    // The IP address is never read: the Security center does not show it.
    device: {
      type: orNull(activity?.deviceType),
      isMobile: activity ? activity.isMobile : null,
      browser: orNull(activity?.browserName),
      city: orNull(activity?.city),
      country: orNull(activity?.country),
    },
  };
}

/** A guarded call's failure that was Clerk answering 404. */
const notFound = (error: unknown) => {
  const cause = error instanceof Error ? error.cause : undefined;
  return isClerkAPIResponseError(cause) && cause.status === 404;
};

export function clerkAccountCalls(
  client: () => ClerkClient,
  guard: <T>(call: () => Promise<T>) => Promise<T>,
): ClerkAccountCalls {
  return {
    async activeSessions(clerkUserId) {
      const list = await guard(() =>
        client().sessions.getSessionList({
          userId: clerkUserId,
          status: 'active',
          limit: SESSIONS_PER_PAGE,
        }),
      );
      return list.data.map(toClerkSession);
    },
    async sessionOwner(sessionId) {
      try {
        const session = await guard(() => client().sessions.getSession(sessionId));
        return session.userId;
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
    async revokeSession(sessionId) {
      try {
        await guard(() => client().sessions.revokeSession(sessionId));
      } catch (error) {
        if (notFound(error)) return;
        throw error;
      }
    },
    async userIdForEmail(email) {
      const found = await guard(() =>
        client().users.getUserList({ emailAddress: [email], limit: 1 }),
      );
      return found.data[0]?.id ?? null;
    },
    async setBanned(clerkUserId, banned) {
      await guard(() =>
        banned ? client().users.banUser(clerkUserId) : client().users.unbanUser(clerkUserId),
      );
    },
  };
}
