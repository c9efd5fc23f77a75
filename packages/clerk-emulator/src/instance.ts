import type { UserDeletedJSON } from '@clerk/backend';
import { ClerkError, invalidParam, notFound } from './errors.js';
import type {
  CreateSessionParams,
  CreateUserParams,
  InstanceEvent,
  InstanceState,
  SessionEventType,
  SessionFilter,
  UpdateUserParams,
} from './events.js';
import { clerkId } from './ids.js';
import { userJSON, type EmailRecord, type SignInTokenRecord, type UserRecord } from './records.js';
import {
  activityJSON,
  factorAges,
  newSession,
  sessionJSON,
  sessionStatus,
  type SessionActivityParams,
  type SessionRecord,
} from './sessions.js';
import { SignInTokens } from './signInTokens.js';
import type { SessionJSON, UserJSON } from './wire.js';

export { INSTANCE_EVENT_TYPES } from './events.js';
export type {
  CreateSessionParams,
  CreateUserParams,
  InstanceEvent,
  InstanceState,
  SessionFilter,
  UpdateUserParams,
} from './events.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The state of one Clerk instance: users, sessions and sign-in tokens, with Clerk's rules.
 * It knows nothing of HTTP; every change it makes is reported through `onEvent`.
 */
export class ClerkInstance {
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly signInTokens: SignInTokens;

  constructor(
    private readonly onEvent: (event: InstanceEvent) => void,
    private readonly onChange: (state: InstanceState) => void = () => undefined,
    private readonly now: () => number = Date.now,
    initial?: InstanceState,
  ) {
    this.signInTokens = new SignInTokens(now);
    for (const user of initial?.users ?? []) this.users.set(user.id, user);
    for (const session of initial?.sessions ?? []) this.sessions.set(session.id, session);
  }

  createUser(params: CreateUserParams): UserJSON {
    const at = this.now();
    const emailAddresses = (params.emailAddress ?? []).map((email) =>
      this.newEmailAddress(email, at),
    );
    const user: UserRecord = {
      id: clerkId('user'),
      emailAddresses,
      primaryEmailAddressId: emailAddresses[0]?.id ?? null,
      firstName: params.firstName ?? null,
      lastName: params.lastName ?? null,
      externalId: params.externalId ?? null,
      banned: false,
      locked: false,
      publicMetadata: {},
      privateMetadata: {},
      unsafeMetadata: {},
      lastSignInAt: null,
      createdAt: at,
      updatedAt: at,
    };
    this.users.set(user.id, user);
    return this.changed('user.created', user);
  }

  getUser(userId: string): UserJSON {
    return userJSON(this.requireUser(userId));
  }

  listUsers(filter: { emailAddress?: string[]; userId?: string[] }): UserJSON[] {
    const emails = filter.emailAddress?.map((email) => email.trim().toLowerCase());
    return [...this.users.values()]
      .filter((user) => !filter.userId || filter.userId.includes(user.id))
      .filter(
        (user) => !emails || user.emailAddresses.some((address) => emails.includes(address.email)),
      )
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(userJSON);
  }

  updateUser(userId: string, params: UpdateUserParams): UserJSON {
    const user = this.requireUser(userId);
    if (params.primaryEmailAddressId !== undefined) {
      if (!user.emailAddresses.some((address) => address.id === params.primaryEmailAddressId)) {
        throw invalidParam('primary_email_address_id', 'does not belong to this user');
      }
      user.primaryEmailAddressId = params.primaryEmailAddressId;
    }
    if (params.firstName !== undefined) user.firstName = params.firstName;
    if (params.lastName !== undefined) user.lastName = params.lastName;
    if (params.externalId !== undefined) user.externalId = params.externalId;
    return this.changed('user.updated', user);
  }

  addEmailAddress(userId: string, email: string, primary = false): UserJSON {
    const user = this.requireUser(userId);
    const address = this.newEmailAddress(email, this.now());
    user.emailAddresses.push(address);
    if (primary || user.primaryEmailAddressId === null) user.primaryEmailAddressId = address.id;
    return this.changed('user.updated', user);
  }

  /** Ban / lock as Clerk's `POST /v1/users/{id}/ban|unban|lock|unlock` do. */
  setFlag(userId: string, flag: 'banned' | 'locked', value: boolean): UserJSON {
    const user = this.requireUser(userId);
    user[flag] = value;
    if (value)
      for (const session of this.sessionsOf(userId)) this.finishSession(session, 'revoked', false);
    return this.changed('user.updated', user);
  }

  deleteUser(userId: string): UserDeletedJSON {
    const user = this.requireUser(userId);
    this.users.delete(user.id);
    for (const session of this.sessionsOf(userId)) this.finishSession(session, 'removed', false);
    this.signInTokens.forgetUser(userId);
    const deleted: UserDeletedJSON = { object: 'user', id: userId, deleted: true };
    this.onEvent({ type: 'user.deleted', data: deleted });
    this.persist();
    return deleted;
  }

  /** A new active session; sends `session.created`, as every way of signing in does at Clerk. */
  createSession(params: CreateSessionParams): SessionJSON {
    const user = this.requireUser(params.userId);
    const at = this.now();
    const session = newSession(user.id, at, params.factorAgeMinutes, params.activity);
    this.sessions.set(session.id, session);
    user.lastSignInAt = at;
    this.sessionEvent('session.created', session);
    this.persist();
    return sessionJSON(session, at);
  }

  getSession(sessionId: string): SessionJSON {
    return sessionJSON(this.requireSession(sessionId), this.now());
  }

  /** Newest first, as Clerk's `GET /v1/sessions` lists them. */
  listSessions(filter: SessionFilter): SessionJSON[] {
    const at = this.now();
    // Reversed first: the sort is stable, so sessions begun in the same millisecond stay newest first.
    return [...this.sessions.values()]
      .reverse()
      .filter((session) => !filter.userId || session.userId === filter.userId)
      .filter((session) => !filter.clientId || session.clientId === filter.clientId)
      .filter((session) => !filter.status || sessionStatus(session, at) === filter.status)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((session) => sessionJSON(session, at));
  }

  /** The active session a token may be minted for, with its current `fva`; refuses ended ones. */
  activeSession(sessionId: string): { session: SessionRecord; fva: [number, number] } {
    const session = this.requireSession(sessionId);
    const at = this.now();
    const status = sessionStatus(session, at);
    if (status !== 'active') {
      throw new ClerkError(
        400,
        'session_not_active',
        'Session is not active',
        `Session ${sessionId} is ${status}`,
      );
    }
    return { session, fva: factorAges(session, at) };
  }

  /** A token was minted: the session was used now, from `activity`'s device when given. */
  touchSession(sessionId: string, activity?: SessionActivityParams): SessionJSON {
    const session = this.requireSession(sessionId);
    const at = this.now();
    session.lastActiveAt = at;
    session.updatedAt = at;
    if (activity) session.latestActivity = activityJSON(activity);
    this.persist();
    return sessionJSON(session, at);
  }

  /** `POST /v1/sessions/{id}/revoke`: sends `session.revoked`; a no-op on an ended session. */
  revokeSession(sessionId: string): SessionJSON {
    return this.closeSession(sessionId, 'revoked');
  }

  /** The user signed out on that device (Frontend API): sends `session.ended`. */
  endSession(sessionId: string): SessionJSON {
    return this.closeSession(sessionId, 'ended');
  }

  /** The session was removed from its client (Frontend API): sends `session.removed`. */
  removeSession(sessionId: string): SessionJSON {
    return this.closeSession(sessionId, 'removed');
  }

  createSignInToken(userId: string, expiresInSeconds: number): SignInTokenRecord {
    this.requireUser(userId);
    return this.signInTokens.create(userId, expiresInSeconds);
  }

  /** Redeems a sign-in ticket once, into a new session, as Clerk's `ticket` strategy does. */
  redeemTicket(ticket: string): SessionJSON {
    return this.createSession({ userId: this.signInTokens.redeem(ticket) });
  }

  revokeSignInToken(id: string): SignInTokenRecord {
    return this.signInTokens.revoke(id);
  }

  findUserIdByEmail(email: string): string | undefined {
    const normalised = email.trim().toLowerCase();
    for (const user of this.users.values()) {
      if (user.emailAddresses.some((address) => address.email === normalised)) return user.id;
    }
    return undefined;
  }

  /** A verified address, refused when malformed or already anyone's (Clerk's 422s). */
  private newEmailAddress(email: string, at: number): EmailRecord {
    const normalised = email.trim().toLowerCase();
    if (!EMAIL.test(normalised))
      throw invalidParam('email_address', `${email} is not a valid email address`);
    if (this.findUserIdByEmail(normalised)) {
      throw new ClerkError(
        422,
        'form_identifier_exists',
        'That email address is taken. Please try another.',
      );
    }
    return { id: clerkId('idn'), email: normalised, verified: true, createdAt: at };
  }

  private sessionsOf(userId: string): SessionRecord[] {
    const at = this.now();
    return [...this.sessions.values()].filter(
      (session) => session.userId === userId && sessionStatus(session, at) === 'active',
    );
  }

  private closeSession(sessionId: string, status: SessionRecord['status']): SessionJSON {
    const session = this.requireSession(sessionId);
    if (sessionStatus(session, this.now()) === 'active') this.finishSession(session, status, true);
    return sessionJSON(session, this.now());
  }

  private finishSession(session: SessionRecord, status: SessionRecord['status'], notify: boolean) {
    session.status = status;
    session.updatedAt = this.now();
    if (notify && status !== 'active') this.sessionEvent(`session.${status}`, session);
    this.persist();
  }

  private sessionEvent(type: SessionEventType, session: SessionRecord) {
    const user = this.users.get(session.userId);
    if (!user) return; // a deleted user's sessions are removed without events
    this.onEvent({ type, data: { ...sessionJSON(session, this.now()), user: userJSON(user) } });
  }

  private changed(type: 'user.created' | 'user.updated', user: UserRecord): UserJSON {
    user.updatedAt = Math.max(this.now(), user.updatedAt + (type === 'user.updated' ? 1 : 0));
    const json = userJSON(user);
    this.onEvent({ type, data: json });
    this.persist();
    return json;
  }

  private requireUser(userId: string): UserRecord {
    const user = this.users.get(userId);
    if (!user) throw notFound('User');
    return user;
  }

  private requireSession(sessionId: string): SessionRecord {
    const session = this.sessions.get(sessionId);
    if (!session) throw notFound('Session');
    return session;
  }

  private persist() {
    this.onChange({ users: [...this.users.values()], sessions: [...this.sessions.values()] });
  }
}
