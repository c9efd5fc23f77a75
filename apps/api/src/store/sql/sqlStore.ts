import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  AccountDeletedError,
  DatabaseUnavailableError,
  type PortfolioRecord,
  type Store,
} from '../port.js';
import type { Watch, WatchedFeed } from './accountFeed.js';
import { applyClerkUser, deleteUserData } from './clerkUsers.js';
import * as links from './emailLinks.js';
import { toStoreError } from './errors.js';
import { ensurePortfolio, findPortfolio, type SqlExecutor } from './portfolioQueries.js';
import { provision, selectUser, userQuery } from './provision.js';
import { listPushTokens, registerPushToken, unregisterPushToken } from './pushTokens.js';
import { expectRow, toPortfolioRecord, toUserRecord } from './rows.js';
import { portfolios, users, type PortfolioRow } from './schema.js';
import * as security from './securityEvents.js';
import { recordSignIn, revokeOtherSessions, setAccountActive } from './securityWrites.js';
import { revocationQuery, revokeSession } from './sessions.js';
import { applySubscriptionChange } from './subscriptions.js';

/** Where a store reports what no caller sees: a failed background migration, a lost connection. */
export type StoreLogger = { warn(obj: object, msg: string): void };

export type SqlStoreOptions = {
  kind: 'postgres' | 'pglite';
  db: SqlExecutor;
  /** Applies pending migrations. Called lazily, one run at a time, and again after a failure. */
  migrate: () => Promise<void>;
  /** Releases the driver (pool, PGlite instance). */
  closeDriver: () => Promise<void>;
  logger?: StoreLogger | undefined;
  /** Starts a feed of account changes (see accountFeed.ts). */
  watch: Watch;
};

/**
 * The one `Store` over drizzle's PostgreSQL query builder, shared by the PostgreSQL and PGlite
 * adapters. Returns at once, even with the database down: migrations run on first use (and are
 * started in the background now), and every operation waits for them. Connection-level failures
 * reject with `DatabaseUnavailableError`; other errors (constraint violations) pass through.
 */
export function createSqlStore(options: SqlStoreOptions): Store {
  const { db, logger } = options;
  let migrated: Promise<void> | undefined;
  let closed = false;
  const feeds = new Set<WatchedFeed>();

  function ready(): Promise<void> {
    if (closed) return Promise.reject(new DatabaseUnavailableError(new Error('store closed')));
    migrated ??= options.migrate().catch((error: unknown) => {
      migrated = undefined; // the next operation tries again
      throw toStoreError(error);
    });
    return migrated;
  }

  async function run<T>(operation: () => Promise<T>): Promise<T> {
    await ready();
    try {
      return await operation();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  // The two reads a request can cost when its account is not cached: built once, and on
  // PostgreSQL named, so each pooled connection parses and plans them once.
  const findUser = userQuery(db, sql.placeholder('clerkUserId')).prepare('assetra_find_user');
  const findRevocation = revocationQuery(db, sql.placeholder('sessionId')).prepare(
    'assetra_find_revocation',
  );

  async function portfolioOf(userId: string): Promise<PortfolioRow> {
    const existing = await findPortfolio(db, userId);
    if (existing) return existing;
    const created = await db.transaction((tx) => ensurePortfolio(tx, userId));
    // No live user: the account was deleted after the request was admitted.
    if (!created) throw new AccountDeletedError();
    return created;
  }

  void ready().catch((error: unknown) => {
    logger?.warn({ err: error }, 'database migrations failed; retrying on next use');
  });

  return {
    kind: options.kind,

    provisionUser: ({ clerkUserId, email }) =>
      run(() => db.transaction((tx) => provision(tx, clerkUserId, email))),

    findUserByClerkId: (clerkUserId) =>
      run(async () => {
        const [row] = await findUser.execute({ clerkUserId });
        return row ? toUserRecord(row) : null;
      }),

    setEmailIfMissing: (clerkUserId, email) =>
      run(async () => {
        const [filled] = await db
          .update(users)
          .set({ email, updatedAt: sql`now()` })
          .where(
            and(eq(users.clerkUserId, clerkUserId), isNull(users.deletedAt), isNull(users.email)),
          )
          .returning();
        if (filled) return toUserRecord(filled);
        const current = await selectUser(db, clerkUserId);
        return current && !current.deletedAt ? toUserRecord(current) : null;
      }),

    updateProfile: (clerkUserId, changes) =>
      run(async () => {
        // Picked field by field: whatever else the caller's object holds is never written.
        // A name the user sets is theirs: Clerk's name no longer replaces it.
        const profile =
          changes.displayName === undefined
            ? {}
            : { displayName: changes.displayName, displayNameSource: 'user' as const };
        const [updated] = await db
          .update(users)
          .set({ ...profile, updatedAt: sql`now()` })
          .where(and(eq(users.clerkUserId, clerkUserId), isNull(users.deletedAt)))
          .returning();
        return updated ? toUserRecord(updated) : null;
      }),

    getPortfolio: (userId) => run(async () => toPortfolioRecord(await portfolioOf(userId))),

    updatePortfolio: (userId, changes) =>
      run(async (): Promise<PortfolioRecord> => {
        const { baseCurrency } = changes;
        if (baseCurrency === undefined) return toPortfolioRecord(await portfolioOf(userId));
        const update = () =>
          db
            .update(portfolios)
            .set({ baseCurrency })
            .where(eq(portfolios.userId, userId))
            .returning();
        const [updated] = await update();
        if (updated) return toPortfolioRecord(updated);
        // Missing after a crash between provisioning's two writes: recreate it, then change it.
        await portfolioOf(userId);
        const [retried] = await update();
        return toPortfolioRecord(expectRow(retried, 'the recreated portfolio'));
      }),

    applyClerkUser: (eventId, update) => run(() => applyClerkUser(db, eventId, update)),
    deleteUserData: (clerkUserId, eventId) => run(() => deleteUserData(db, clerkUserId, eventId)),
    revokeSession: (sessionId, eventId, cause) =>
      run(() => revokeSession(db, sessionId, eventId, cause)),
    isSessionRevoked: (sessionId) =>
      run(async () => (await findRevocation.execute({ sessionId })).length > 0),

    recordSignIn: (eventId, input, { knownForMs }) =>
      run(() => recordSignIn(db, eventId, input, knownForMs)),
    revokeOtherSessions: (clerkUserId, sessionIds) =>
      run(() => revokeOtherSessions(db, clerkUserId, sessionIds)),
    setAccountActive: (clerkUserId, active, change) =>
      run(() => setAccountActive(db, clerkUserId, active, change)),
    listSecurityEvents: (userId, page) => run(() => security.listSecurityEvents(db, userId, page)),
    claimNewDeviceEmail: (clerkUserId, now, since) =>
      run(() => security.claimNewDeviceEmail(db, clerkUserId, now, since)),
    purgeSecurityEvents: (before) => run(() => security.purgeSecurityEvents(db, before)),

    registerPushToken: (input) => run(() => registerPushToken(db, input)),
    unregisterPushToken: (userId, token) => run(() => unregisterPushToken(db, userId, token)),
    listPushTokens: (userId) => run(() => listPushTokens(db, userId)),

    applySubscriptionChange: (eventId, eventAt, change) =>
      run(() => applySubscriptionChange(db, eventId, eventAt, change)),

    saveEmailLink: (link, quota) => run(() => links.saveEmailLink(db, link, quota)),
    claimEmailLink: (input) => run(() => links.claimEmailLink(db, input)),
    completeEmailLink: (tokenHash, claimId, now, clerkUserId) =>
      run(() => links.completeEmailLink(db, tokenHash, claimId, now, clerkUserId)),
    releaseEmailLink: (tokenHash, claimId) =>
      run(() => links.releaseEmailLink(db, tokenHash, claimId)),
    purgeEmailLinks: (expiredBefore) => run(() => links.purgeEmailLinks(db, expiredBefore)),

    watchAccountChanges(handlers) {
      const watched = options.watch(handlers, ready);
      feeds.add(watched);
      return watched.feed;
    },

    ping: () =>
      run(async () => {
        await db.execute(sql`select 1`);
      }),

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...feeds].map((watched) => watched.close()));
      // Let a running migration finish, so the driver is not closed under it.
      await migrated?.catch(() => undefined);
      await options.closeDriver();
    },
  };
}
