/**
 * The storage port: everything the API asks of a database, in the domain's words. Every
 * adapter (MongoDB, PostgreSQL, PGlite) passes the same contract suite (test/store/).
 * Invariants every adapter keeps in the database itself, never in read-then-write code:
 * - one user per `clerkUserId` (unique key), one portfolio per user (unique key);
 * - a tombstoned user (`deletedAt` set) is never re-created nor revived;
 * - a write never takes effect after its deadline (`WriteOptions`), judged by the database's own
 *   clock, so a statement a stalled connection delivers late changes nothing. PostgreSQL and
 *   PGlite refuse the transaction at COMMIT. MongoDB refuses each write statement (update,
 *   upsert, insert, delete) that starts after it; its commitTransaction checks nothing, so a late
 *   commit is kept out by killing the transaction's session before the API answers, and, only
 *   when that kill cannot reach the server, by the server's transactionLifetimeLimitSeconds
 *   (docs/security.md, Reliability).
 */

import type {
  Device,
  PushPlatform,
  SecurityActor,
  SecurityEventDetail,
  SecurityEventType,
  SubscriptionStatus,
} from '@assetra/shared';

/** Contract values (packages/shared), defined there once. */
export type { PushPlatform, SubscriptionStatus };
export type { SecurityActor, SecurityEventDetail, SecurityEventType } from '@assetra/shared';
export type SecurityDevice = Device;

/**
 * What every write method takes last. `deadline`: the moment the API gives up on this write;
 * by default `DATABASE_TIMEOUT_MS` after the call (store/writeDeadline.ts). Reads take none.
 */
export type WriteOptions = { deadline?: Date };

export type UserRecord = {
  /** The API's own id (string; a UUID in SQL stores, an ObjectId's hex in MongoDB). */
  id: string;
  clerkUserId: string;
  email: string | null;
  displayName: string | null;
  subscriptionStatus: SubscriptionStatus;
  entitlements: string[];
  /** When the current subscription period ends; null = no end known (or no subscription). */
  subscriptionExpiresAt: Date | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Set when the account was deleted: the row stays as a tombstone with personal fields erased. */
  deletedAt: Date | null;
};

export type PortfolioRecord = {
  id: string;
  userId: string;
  baseCurrency: string;
  /** Money: an exact decimal string ("0", "1234.56"), never a binary float. */
  totalValue: string;
  lastCalculatedAt: Date | null;
};

export type ProvisionInput = {
  clerkUserId: string;
  email: string | null;
};

export type ProvisionResult = {
  user: UserRecord;
  /** Null only when `user` is a tombstone. */
  portfolio: PortfolioRecord | null;
  /** True only for the one call whose insert created the user. */
  created: boolean;
};

/** What a Clerk `user.created` / `user.updated` event says about a user. */
export type ClerkUserUpdate = {
  clerkUserId: string;
  /** The primary email address, or null when Clerk has none. */
  email: string | null;
  /** First and last name joined; used as displayName until the user sets one. */
  clerkName: string | null;
  /** False while Clerk has the user banned or locked. */
  isActive: boolean;
  /** Clerk's `data.updated_at`: only a strictly newer event changes a stored user. */
  clerkUpdatedAt: Date;
  /** The user's passkey ids; null when the payload carried none (nothing is compared then). */
  passkeyIds?: string[] | null;
};

/** One Security center event, as stored: append-only. */
export type SecurityEventRecord = {
  id: string;
  type: SecurityEventType;
  at: Date;
  device: SecurityDevice | null;
  detail: SecurityEventDetail;
};

/** An event to record; `device` and `detail` default to null and `{}`. */
export type NewSecurityEvent = {
  type: SecurityEventType;
  at: Date;
  device?: SecurityDevice | null;
  detail?: SecurityEventDetail;
};

/** Where a page of events starts: strictly older than this event (newest first). */
export type SecurityEventCursor = { at: Date; id: string };

export type SecurityEventPage = {
  events: SecurityEventRecord[];
  /** The last event of this page when an older one exists, else null. */
  next: SecurityEventCursor | null;
};

/** A Clerk `session.created`: who, which session, when, from where. */
export type SignInInput = {
  clerkUserId: string;
  sessionId: string;
  at: Date;
  device: SecurityDevice | null;
};

/**
 * Compared with the user's sign-ins of the last `knownForMs`: `first` = the user never signed
 * in before (or was created by this very event), `new` = the device (type + browser) or the
 * country is not among them, `known` otherwise. Meaningful only when `outcome` is `applied`.
 */
export type SignInNovelty = 'first' | 'known' | 'new';
export type SignInRecorded = { outcome: WebhookOutcome; novelty: SignInNovelty };

/** Who ended a session, for its `session.ended` event (none recorded without it). */
export type SessionEndCause = { clerkUserId: string; by: SecurityActor };

/** How a webhook delivery ended; `duplicate` = this event id was already applied. */
export type WebhookOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

export type SubscriptionRecord = {
  status: SubscriptionStatus;
  entitlements: string[];
  expiresAt: Date | null;
};

/** A RevenueCat event, already mapped to what it does (see services/subscriptions.ts). */
export type SubscriptionChange =
  | { kind: 'set'; clerkUserIds: string[]; subscription: SubscriptionRecord }
  /** BILLING_ISSUE: status only, entitlements and expiry kept. */
  | { kind: 'status'; clerkUserIds: string[]; status: SubscriptionStatus }
  /** TRANSFER: `to` users take the subscription of the `from` users, who are left `expired`. */
  | { kind: 'transfer'; from: string[]; to: string[]; entitlements: string[] | null };

/** A sign-in link as stored: never the token itself, only its SHA-256. */
export type EmailLinkInput = {
  tokenHash: string;
  /** Trimmed and lower-cased. */
  email: string;
  /** base64url SHA-256 of the requesting app instance's verifier. */
  codeChallenge: string;
  createdAt: Date;
  expiresAt: Date;
};

/**
 * The per-address limit `saveEmailLink` enforces: at most `max` links created after `since`
 * among the links saved with the same `key` (the canonical address, services/canonicalEmail.ts,
 * so that variants reaching one mailbox share it).
 */
export type EmailLinkQuota = { key: string; max: number; since: Date };

/** `oldestAt`: when the oldest link inside the window was created (it frees a slot first). */
export type EmailLinkSaved = { saved: true } | { saved: false; oldestAt: Date };

/**
 * Claiming verifies a link and holds it for one redemption (a lease) without using it up, so a
 * failure after the claim (Clerk down) can give it back. `invalid` also covers a wrong verifier.
 */
export type EmailLinkClaim =
  { status: 'claimed'; email: string } | { status: 'invalid' | 'used' | 'expired' };

export type Store = {
  readonly kind: 'mongodb' | 'postgres' | 'pglite';
  /**
   * Creates the user and an empty portfolio if no row has this `clerkUserId` (in one
   * transaction where the store has them), else returns the existing one untouched —
   * tombstones included. Exactly one concurrent caller, across processes, sees `created`.
   */
  provisionUser(input: ProvisionInput, options?: WriteOptions): Promise<ProvisionResult>;
  /** The user with this Clerk id, tombstones included; null if never seen. */
  findUserByClerkId(clerkUserId: string): Promise<UserRecord | null>;
  /** Fills `email` only while it is null and the user is not a tombstone; returns the user after. */
  setEmailIfMissing(
    clerkUserId: string,
    email: string,
    options?: WriteOptions,
  ): Promise<UserRecord | null>;
  /**
   * Changes the given profile fields of a live user; null if none (or a tombstone). A
   * displayName set here is the user's own: Clerk's name no longer replaces it.
   */
  updateProfile(
    clerkUserId: string,
    changes: { displayName?: string },
    options?: WriteOptions,
  ): Promise<UserRecord | null>;
  /**
   * The user's portfolio, created empty if it is missing (a crash between two writes). A read:
   * only that rare repair is a write, with the default deadline.
   */
  getPortfolio(userId: string): Promise<PortfolioRecord>;
  updatePortfolio(
    userId: string,
    changes: { baseCurrency?: string },
    options?: WriteOptions,
  ): Promise<PortfolioRecord>;
  // --- Lifecycle (webhooks, deletion). Every `eventId` is recorded in the same transaction
  // as the effect (where the store has transactions), so a delivery applies at most once.

  /**
   * `user.created` / `user.updated`: creates the user (and portfolio) if absent, else applies
   * the update only when `clerkUpdatedAt` is strictly newer than the stored one. Tombstones
   * never change (`ignored`). displayName follows `clerkName` until the user has set one.
   */
  applyClerkUser(
    eventId: string,
    update: ClerkUserUpdate,
    options?: WriteOptions,
  ): Promise<WebhookOutcome>;
  /**
   * Deletes every record of the user (portfolio, push tokens, sessions' data …) and leaves the
   * tombstone: the user row with personal fields erased and `deletedAt` set — inserted if the
   * id was never seen, so it can never be created. Idempotent. `eventId` for webhook deliveries.
   */
  deleteUserData(
    clerkUserId: string,
    eventId?: string,
    options?: WriteOptions,
  ): Promise<WebhookOutcome>;
  /**
   * Revokes a Clerk session: its tokens are refused from now on, its push tokens dropped. With
   * a `cause`, a `session.ended` event is recorded in the same transaction, only when this call
   * is the one that revoked it (a second revocation of the session adds nothing). `eventId`
   * for webhook deliveries.
   */
  revokeSession(
    sessionId: string,
    eventId: string | undefined,
    cause?: SessionEndCause,
    options?: WriteOptions,
  ): Promise<WebhookOutcome>;
  isSessionRevoked(sessionId: string): Promise<boolean>;

  // --- Security center. Events are written only for a live user (never for a tombstone),
  // in the same transaction as their cause; every write below is such a cause.

  /**
   * `session.created`: a `sign_in` event, once per delivery. An unknown user is provisioned
   * first (with `account.created`), as a first authenticated request would.
   */
  recordSignIn(
    eventId: string,
    input: SignInInput,
    rule: { knownForMs: number },
    options?: WriteOptions,
  ): Promise<SignInRecorded>;
  /**
   * Revokes each of the user's sessions given (the caller's other sessions) and records one
   * `sessions.revoked_others` event with how many were newly revoked; returns that number.
   */
  revokeOtherSessions(
    clerkUserId: string,
    sessionIds: string[],
    options?: WriteOptions,
  ): Promise<number>;
  /**
   * An operator's decision: sets `isActive` and, when it changes, records `account.disabled`
   * or `account.enabled` with `detail` (`by`, `reason`). Disabling also revokes `sessionIds`.
   * Returns the user after, or null when there is no live user.
   */
  setAccountActive(
    clerkUserId: string,
    active: boolean,
    change: { detail: SecurityEventDetail; sessionIds: string[] },
    options?: WriteOptions,
  ): Promise<UserRecord | null>;
  /** The user's events, newest first, strictly older than `before` when given. */
  listSecurityEvents(
    userId: string,
    page: { before?: SecurityEventCursor; limit: number },
  ): Promise<SecurityEventPage>;
  /**
   * Takes the user's new-device email slot: true (and the slot is held from `now`) when no
   * such email was taken after `since`. Atomic across processes.
   */
  claimNewDeviceEmail(
    clerkUserId: string,
    now: Date,
    since: Date,
    options?: WriteOptions,
  ): Promise<boolean>;
  /** Deletes events older than `before`; returns how many. */
  purgeSecurityEvents(before: Date, options?: WriteOptions): Promise<number>;

  // --- Push tokens: unique per token; at most 10 per user, the oldest dropped.

  /** Registers (or moves to this user and session) an Expo push token. */
  registerPushToken(
    input: { userId: string; sessionId: string; token: string; platform: PushPlatform },
    options?: WriteOptions,
  ): Promise<void>;
  /** Removes the token if this user holds it; no error when absent. */
  unregisterPushToken(userId: string, token: string, options?: WriteOptions): Promise<void>;
  listPushTokens(
    userId: string,
  ): Promise<{ token: string; platform: PushPlatform; sessionId: string }[]>;

  // --- Subscriptions (RevenueCat). Never creates users: unknown ids are skipped.

  /**
   * Applies a RevenueCat event once (`eventId`), and to each user only if `eventAt` is not
   * older than the last event applied to that user (`stale` when it changed no one).
   */
  applySubscriptionChange(
    eventId: string,
    eventAt: Date,
    change: SubscriptionChange,
    options?: WriteOptions,
  ): Promise<WebhookOutcome>;

  // --- Email sign-in links. Times come from the caller's clock, never the database's.

  /**
   * Stores the link unless `quota` is used up for its key: counting and inserting are one
   * atomic step per key, so concurrent requests cannot exceed it.
   */
  saveEmailLink(
    link: EmailLinkInput,
    quota: EmailLinkQuota,
    options?: WriteOptions,
  ): Promise<EmailLinkSaved>;
  /**
   * Atomically claims the link when the hash and challenge match, it is unused, unexpired and
   * not claimed by a lease still running at `now`; the claim holds until `leaseUntil`. Of two
   * concurrent claims exactly one succeeds; the other sees `used`. A challenge mismatch changes
   * nothing and answers `invalid`, whatever the link's state.
   */
  claimEmailLink(
    input: {
      tokenHash: string;
      codeChallenge: string;
      claimId: string;
      now: Date;
      leaseUntil: Date;
    },
    options?: WriteOptions,
  ): Promise<EmailLinkClaim>;
  /**
   * Uses the link up, if `claimId` still holds it; false when the claim was lost. With
   * `clerkUserId`, an `email_link.redeemed` event is recorded for that user (if known here).
   */
  completeEmailLink(
    tokenHash: string,
    claimId: string,
    now: Date,
    clerkUserId?: string,
    options?: WriteOptions,
  ): Promise<boolean>;
  /** Gives a claimed link back, unused, if `claimId` still holds it. */
  releaseEmailLink(tokenHash: string, claimId: string, options?: WriteOptions): Promise<void>;
  /** Deletes links that expired before `expiredBefore`; returns how many. */
  purgeEmailLinks(expiredBefore: Date, options?: WriteOptions): Promise<number>;

  /**
   * Optional: a feed of every committed change to a user row or a session's revocation, by
   * any process (PostgreSQL and PGlite: triggers + LISTEN/NOTIFY). Account caches that follow
   * it may keep entries past their TTL; without it (MongoDB) they rely on the TTL alone.
   */
  watchAccountChanges?(handlers: AccountChangeHandlers): AccountFeed;

  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** What changed: one user row, one session's revocation, or (a TRUNCATE) everything. */
export type AccountChange =
  { kind: 'user'; clerkUserId: string } | { kind: 'session'; sessionId: string } | { kind: 'all' };

export type AccountChangeHandlers = {
  changed(change: AccountChange): void;
  /** The feed lost its connection: changes committed meanwhile may never be delivered. */
  interrupted(): void;
};

export type AccountFeed = {
  /**
   * Resolves once every change committed before this call has been passed to `changed`.
   * Rejects while the feed is not listening, when it is interrupted meanwhile, or after
   * `timeoutMs` (a feed that cannot sync in time is dropped and reconnected);
   * `AccountFeedClosedError` once the store is closed.
   */
  sync(timeoutMs: number): Promise<void>;
};

export class AccountFeedClosedError extends Error {
  constructor() {
    super('account feed closed');
    this.name = 'AccountFeedClosedError';
  }
}

/** Thrown by adapters when the database cannot be reached; the API answers 503. */
export class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('database unavailable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * Thrown by adapters when the user an operation is for has been deleted (tombstoned) since the
 * request admitted it: the request raced the deletion, and answers as after it (401).
 */
export class AccountDeletedError extends Error {
  constructor() {
    super('account deleted');
    this.name = 'AccountDeletedError';
  }
}

/**
 * Thrown by adapters when the database refuses a string it cannot store (U+0000 on
 * PostgreSQL). Validation refuses control characters first; this is the second line.
 */
export class UnstorableTextError extends Error {
  constructor(cause?: unknown) {
    super('unstorable text', { cause });
    this.name = 'UnstorableTextError';
  }
}
