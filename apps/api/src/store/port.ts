/**
 * The storage port: everything the API asks of a database, in the domain's words. Every
 * adapter (MongoDB, PostgreSQL, PGlite) passes the same contract suite (test/store/).
 * Invariants every adapter keeps in the database itself, never in read-then-write code:
 * - one user per `clerkUserId` (unique key), one portfolio per user (unique key);
 * - a tombstoned user (`deletedAt` set) is never re-created nor revived.
 */

export type SubscriptionStatus = 'free' | 'active' | 'grace_period' | 'expired';

export type UserRecord = {
  /** The API's own id (string; a UUID in SQL stores, an ObjectId's hex in MongoDB). */
  id: string;
  clerkUserId: string;
  email: string | null;
  displayName: string | null;
  subscriptionStatus: SubscriptionStatus;
  entitlements: string[];
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

export type Store = {
  readonly kind: 'mongodb' | 'postgres' | 'pglite';
  /**
   * Creates the user and an empty portfolio if no row has this `clerkUserId` (in one
   * transaction where the store has them), else returns the existing one untouched —
   * tombstones included. Exactly one concurrent caller, across processes, sees `created`.
   */
  provisionUser(input: ProvisionInput): Promise<ProvisionResult>;
  /** The user with this Clerk id, tombstones included; null if never seen. */
  findUserByClerkId(clerkUserId: string): Promise<UserRecord | null>;
  /** Fills `email` only while it is null and the user is not a tombstone; returns the user after. */
  setEmailIfMissing(clerkUserId: string, email: string): Promise<UserRecord | null>;
  /** Changes the given profile fields of a live user; null if none (or a tombstone). */
  updateProfile(clerkUserId: string, changes: { displayName?: string }): Promise<UserRecord | null>;
  /** The user's portfolio, created empty if it is missing (a crash between two writes). */
  getPortfolio(userId: string): Promise<PortfolioRecord>;
  updatePortfolio(userId: string, changes: { baseCurrency?: string }): Promise<PortfolioRecord>;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** Thrown by adapters when the database cannot be reached; the API answers 503. */
export class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('database unavailable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}
