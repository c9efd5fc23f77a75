import type { UserDeletedJSON } from '@clerk/backend';
import type { UserRecord } from './records.js';
import type { SessionActivityParams, SessionRecord } from './sessions.js';
import type { SessionEventJSON, UserJSON } from './wire.js';

/** What a `ClerkInstance` is asked to do and what it reports, with no behaviour of its own. */
/** Every webhook event type the stand-in sends. */
export const INSTANCE_EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'session.created',
  'session.revoked',
  'session.ended',
  'session.removed',
] as const;

export type SessionEventType =
  'session.created' | 'session.revoked' | 'session.ended' | 'session.removed';

export type InstanceEvent =
  | { type: 'user.created' | 'user.updated'; data: UserJSON }
  | { type: 'user.deleted'; data: UserDeletedJSON }
  | { type: SessionEventType; data: SessionEventJSON };

export type InstanceState = {
  users: UserRecord[];
  sessions: SessionRecord[];
};

export type CreateUserParams = {
  emailAddress?: string[];
  firstName?: string | null;
  lastName?: string | null;
  externalId?: string | null;
};

export type UpdateUserParams = {
  firstName?: string | null;
  lastName?: string | null;
  externalId?: string | null;
  primaryEmailAddressId?: string;
};

export type CreateSessionParams = {
  userId: string;
  /** Minutes since the first and the second factor were verified; -1 = never (default `[0, -1]`). */
  factorAgeMinutes?: [number, number] | undefined;
  /** The device the session is used from (Clerk's `latest_activity`); none when absent. */
  activity?: SessionActivityParams | undefined;
};

/** `status` may name any of Clerk's statuses, including those no stand-in session reaches. */
export type SessionFilter = { userId?: string; clientId?: string; status?: string };
