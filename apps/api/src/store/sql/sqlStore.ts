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
import { sqlWriter, type WithConnection } from './deadline.js';
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
  /**
   * Runs one write transaction on a connection of its own that is never reused after a
   * failure: a statement the client stopped waiting for may still run there later, and what
   * the next user sent would join its transaction (and commit it).
   */
  withConnection: WithConnection;
};

/**
 * The one `Store` over drizzle's PostgreSQL query builder, shared by the PostgreSQL and PGlite
 * adapters. Returns at once, even with the database down: migrations run on first use (and are
 * started in the background now), and every operation waits for them. Connection-level failures
 * reject with `DatabaseUnavailableError`; other errors (constraint violations) pass through.
 */
export function createSqlStore(options: SqlStoreOptions): Store {
  const { db, logger, withConnection } = options;
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

  const write = sqlWriter({ ready, run, withConnection });

  // The two reads a request can cost when its account is not cached: built once, and on
  // PostgreSQL named, so each pooled connection parses and plans them once.
  const findUser = userQuery(db, sql.placeholder('clerkUserId')).prepare('assetra_find_user');
  const findRevocation = revocationQuery(db, sql.placeholder('sessionId')).prepare(
    'assetra_find_revocation',
  );

  /** The portfolio, created if missing (a crash between provisioning's two writes). */
  async function portfolioIn(tx: SqlExecutor, userId: string): Promise<PortfolioRow> {
    const portfolio = await ensurePortfolio(tx, userId);
    // No live user: the account was deleted after the request was admitted.
    if (!portfolio) throw new AccountDeletedError();
    return portfolio;
  }

  /** A read; only a missing portfolio costs a write. */
  async function portfolioOf(userId: string): Promise<PortfolioRow> {
    return (await findPortfolio(db, userId)) ?? write(undefined, (tx) => portfolioIn(tx, userId));
  }

  void ready().catch((error: unknown) => {
    logger?.warn({ err: error }, 'database migrations failed; retrying on next use');
  });

  return {
    kind: options.kind,

    provisionUser: ({ clerkUserId, email }, options) =>
      write(options, (tx) => provision(tx, clerkUserId, email)),

    findUserByClerkId: (clerkUserId) =>
      run(async () => {
        const [row] = await findUser.execute({ clerkUserId });
        return row ? toUserRecord(row) : null;
      }),

    setEmailIfMissing: (clerkUserId, email, options) =>
      write(options, async (tx) => {
        const [filled] = await tx
          .update(users)
          .set({ email, updatedAt: sql`now()` })
          .where(
            and(eq(users.clerkUserId, clerkUserId), isNull(users.deletedAt), isNull(users.email)),
          )
          .returning();
        if (filled) return toUserRecord(filled);
        const current = await selectUser(tx, clerkUserId);
        return current && !current.deletedAt ? toUserRecord(current) : null;
      }),

    updateProfile: (clerkUserId, changes, options) =>
      write(options, async (tx) => {
        // Picked field by field: whatever else the caller's object holds is never written.
        // A name the user sets is theirs: Clerk's name no longer replaces it.
        const profile =
          changes.displayName === undefined
            ? {}
            : { displayName: changes.displayName, displayNameSource: 'user' as const };
        const [updated] = await tx
          .update(users)
          .set({ ...profile, updatedAt: sql`now()` })
          .where(and(eq(users.clerkUserId, clerkUserId), isNull(users.deletedAt)))
          .returning();
        return updated ? toUserRecord(updated) : null;
      }),

    getPortfolio: (userId) => run(async () => toPortfolioRecord(await portfolioOf(userId))),

    updatePortfolio: (userId, changes, options) =>
      write(options, async (tx): Promise<PortfolioRecord> => {
        const { baseCurrency } = changes;
        if (baseCurrency === undefined) return toPortfolioRecord(await portfolioIn(tx, userId));
        const update = () =>
          tx
            .update(portfolios)
            .set({ baseCurrency })
            .where(eq(portfolios.userId, userId))
            .returning();
        const [updated] = await update();
        if (updated) return toPortfolioRecord(updated);
        // Missing after a crash between provisioning's two writes: recreate it, then change it.
        await portfolioIn(tx, userId);
        const [retried] = await update();
        return toPortfolioRecord(expectRow(retried, 'the recreated portfolio'));
      }),

    applyClerkUser: (eventId, update, options) =>
      write(options, (tx) => applyClerkUser(tx, eventId, update)),
    deleteUserData: (clerkUserId, eventId, options) =>
      write(options, (tx) => deleteUserData(tx, clerkUserId, eventId)),
    revokeSession: (sessionId, eventId, cause, options) =>
      write(options, (tx) => revokeSession(tx, sessionId, eventId, cause)),
    isSessionRevoked: (sessionId) =>
      run(async () => (await findRevocation.execute({ sessionId })).length > 0),

    recordSignIn: (eventId, input, { knownForMs }, options) =>
      write(options, (tx) => recordSignIn(tx, eventId, input, knownForMs)),
    revokeOtherSessions: (clerkUserId, sessionIds, options) =>
      write(options, (tx) => revokeOtherSessions(tx, clerkUserId, sessionIds)),
    setAccountActive: (clerkUserId, active, change, options) =>
      write(options, (tx) => setAccountActive(tx, clerkUserId, active, change)),
    listSecurityEvents: (userId, page) => run(() => security.listSecurityEvents(db, userId, page)),
    claimNewDeviceEmail: (clerkUserId, now, since, options) =>
      write(options, (tx) => security.claimNewDeviceEmail(tx, clerkUserId, now, since)),
    purgeSecurityEvents: (before, options) =>
      write(options, (tx) => security.purgeSecurityEvents(tx, before)),

    registerPushToken: (input, options) => write(options, (tx) => registerPushToken(tx, input)),
    unregisterPushToken: (userId, token, options) =>
      write(options, (tx) => unregisterPushToken(tx, userId, token)),
    listPushTokens: (userId) => run(() => listPushTokens(db, userId)),

    applySubscriptionChange: (eventId, eventAt, change, options) =>
      write(options, (tx) => applySubscriptionChange(tx, eventId, eventAt, change)),

    saveEmailLink: (link, quota, options) =>
      write(options, (tx) => links.saveEmailLink(tx, link, quota)),
    claimEmailLink: (input, options) => write(options, (tx) => links.claimEmailLink(tx, input)),
    completeEmailLink: (tokenHash, claimId, now, clerkUserId, options) =>
      write(options, (tx) => links.completeEmailLink(tx, tokenHash, claimId, now, clerkUserId)),
    releaseEmailLink: (tokenHash, claimId, options) =>
      write(options, (tx) => links.releaseEmailLink(tx, tokenHash, claimId)),
    purgeEmailLinks: (expiredBefore, options) =>
      write(options, (tx) => links.purgeEmailLinks(tx, expiredBefore)),

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
