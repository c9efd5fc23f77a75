import type { SessionJSON, SessionWebhookEvent, UserDeletedJSON, UserJSON } from '@clerk/backend';
import { ClerkError, invalidParam, notFound } from './errors.js';
import { clerkId, randomToken } from './ids.js';
import {
  sessionJSON,
  userJSON,
  type SessionRecord,
  type SessionStatus,
  type SignInTokenRecord,
  type UserRecord,
} from './records.js';

export type InstanceEvent =
  | { type: 'user.created' | 'user.updated'; data: UserJSON }
  | { type: 'user.deleted'; data: UserDeletedJSON }
  | {
      type: 'session.revoked' | 'session.ended' | 'session.removed';
      data: SessionWebhookEvent['data'];
    };

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
  factorAgeMinutes?: [number, number];
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MINUTE = 60_000;

/**
 * The state of one Clerk instance: users, sessions and sign-in tokens, with Clerk's rules.
 * It knows nothing of HTTP; every change it makes is reported through `onEvent`.
 */
export class ClerkInstance {
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly signInTokens = new Map<string, SignInTokenRecord>();

  constructor(
    private readonly onEvent: (event: InstanceEvent) => void,
    private readonly onChange: (state: InstanceState) => void = () => undefined,
    private readonly now: () => number = Date.now,
    initial?: InstanceState,
  ) {
    for (const user of initial?.users ?? []) this.users.set(user.id, user);
    for (const session of initial?.sessions ?? []) this.sessions.set(session.id, session);
  }

  createUser(params: CreateUserParams): UserJSON {
    const emails = (params.emailAddress ?? []).map((email) => email.trim().toLowerCase());
    for (const email of emails) {
      if (!EMAIL.test(email))
        throw invalidParam('email_address', `${email} is not a valid email address`);
      if (this.findUserIdByEmail(email)) {
        throw new ClerkError(
          422,
          'form_identifier_exists',
          'That email address is taken. Please try another.',
        );
      }
    }
    const at = this.now();
    const emailAddresses = emails.map((email) => ({ id: clerkId('idn'), email, verified: true }));
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
    const address = { id: clerkId('idn'), email: normalised, verified: true };
    user.emailAddresses.push(address);
    if (primary || user.primaryEmailAddressId === null) user.primaryEmailAddressId = address.id;
    return this.changed('user.updated', user);
  }

  /** Ban / lock as Clerk's `POST /v1/users/{id}/ban|unban|lock|unlock` do. */
  setFlag(userId: string, flag: 'banned' | 'locked', value: boolean): UserJSON {
    const user = this.requireUser(userId);
    user[flag] = value;
    if (value)
      for (const session of this.sessionsOf(userId)) this.endSession(session, 'revoked', false);
    return this.changed('user.updated', user);
  }

  deleteUser(userId: string): UserDeletedJSON {
    const user = this.requireUser(userId);
    this.users.delete(user.id);
    for (const session of this.sessionsOf(userId)) this.endSession(session, 'removed', false);
    for (const token of this.signInTokens.values()) {
      if (token.userId === userId) this.signInTokens.delete(token.token);
    }
    const deleted: UserDeletedJSON = { object: 'user', id: userId, deleted: true };
    this.onEvent({ type: 'user.deleted', data: deleted });
    this.persist();
    return deleted;
  }

  createSession(params: CreateSessionParams): SessionJSON {
    const user = this.requireUser(params.userId);
    const at = this.now();
    const [first, second] = params.factorAgeMinutes ?? [0, -1];
    const session: SessionRecord = {
      id: clerkId('sess'),
      userId: user.id,
      clientId: clerkId('client'),
      status: 'active',
      firstFactorVerifiedAt: at - first * MINUTE,
      secondFactorVerifiedAt: second < 0 ? null : at - second * MINUTE,
      createdAt: at,
      updatedAt: at,
    };
    this.sessions.set(session.id, session);
    user.lastSignInAt = at;
    this.persist();
    return sessionJSON(session);
  }

  getSession(sessionId: string): SessionJSON {
    return sessionJSON(this.requireSession(sessionId));
  }

  /** The active session a token may be minted for, with its current `fva`; refuses ended ones. */
  activeSession(sessionId: string): { session: SessionRecord; fva: [number, number] } {
    const session = this.requireSession(sessionId);
    if (session.status !== 'active') {
      throw new ClerkError(
        400,
        'session_not_active',
        'Session is not active',
        `Session ${sessionId} is ${session.status}`,
      );
    }
    const at = this.now();
    const minutes = (since: number | null) =>
      since === null ? -1 : Math.floor((at - since) / MINUTE);
    return {
      session,
      fva: [minutes(session.firstFactorVerifiedAt), minutes(session.secondFactorVerifiedAt)],
    };
  }

  revokeSession(sessionId: string): SessionJSON {
    const session = this.requireSession(sessionId);
    if (session.status === 'active') this.endSession(session, 'revoked', true);
    return sessionJSON(session);
  }

  createSignInToken(userId: string, expiresInSeconds: number): SignInTokenRecord {
    this.requireUser(userId);
    const at = this.now();
    const record: SignInTokenRecord = {
      id: clerkId('sit'),
      userId,
      token: randomToken(48),
      status: 'pending',
      expiresAt: at + expiresInSeconds * 1000,
      createdAt: at,
      updatedAt: at,
    };
    this.signInTokens.set(record.token, record);
    return record;
  }

  /** Redeems a sign-in ticket once, into a new session, as Clerk's `ticket` strategy does. */
  redeemTicket(ticket: string): SessionJSON {
    const record = this.signInTokens.get(ticket);
    if (record?.status !== 'pending') {
      throw new ClerkError(
        400,
        'ticket_invalid',
        'Sign-in ticket is invalid',
        'The ticket is unknown, used or revoked.',
      );
    }
    if (record.expiresAt <= this.now()) {
      throw new ClerkError(
        400,
        'ticket_expired',
        'Sign-in ticket has expired',
        'Ask for a new sign-in link.',
      );
    }
    record.status = 'accepted';
    record.updatedAt = this.now();
    return this.createSession({ userId: record.userId });
  }

  revokeSignInToken(id: string): SignInTokenRecord {
    const record = [...this.signInTokens.values()].find((token) => token.id === id);
    if (!record) throw notFound('Sign-in token');
    if (record.status === 'pending') record.status = 'revoked';
    record.updatedAt = this.now();
    return record;
  }

  findUserIdByEmail(email: string): string | undefined {
    const normalised = email.trim().toLowerCase();
    for (const user of this.users.values()) {
      if (user.emailAddresses.some((address) => address.email === normalised)) return user.id;
    }
    return undefined;
  }

  private sessionsOf(userId: string): SessionRecord[] {
    return [...this.sessions.values()].filter((s) => s.userId === userId && s.status === 'active');
  }

  private endSession(
    session: SessionRecord,
    status: Exclude<SessionStatus, 'active'>,
    notify: boolean,
  ) {
    session.status = status;
    session.updatedAt = this.now();
    if (notify) {
      const user = this.users.get(session.userId);
      this.onEvent({
        type: `session.${status}`,
        data: { ...sessionJSON(session), user: user ? userJSON(user) : null },
      });
    }
    this.persist();
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
