import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { AccountCache } from './accountCache.js';
import type { ClerkGateway } from './clerk.js';
import type { ProvisionResult, Store, UserRecord } from '../store/port.js';

export type Identity = { clerkUserId: string; email: string | undefined };

const EMAIL_RETRY_MS = 10_000;
/**
 * Users whose email refresh ran within the last 10 s that a process remembers (~1 MB). Past
 * that, refreshes wait for room rather than forget one, so no user is asked twice in 10 s.
 */
const REFRESHES_REMEMBERED = 10_000;

/**
 * First-sight provisioning. Creation is the store's atomic insert-if-absent; the lookup
 * before it is only a fast path for the common case of a known user.
 */
export function createProvisioning(deps: {
  store: Store;
  clerk: ClerkGateway;
  logger: Logger;
  now?: () => number;
  /** Read-only requests may take the user record from here (see accountCache.ts). */
  accounts?: AccountCache;
}) {
  const { store, clerk, logger } = deps;
  const now = deps.now ?? Date.now;
  const lookups = new Map<string, Promise<string | null>>();
  // Entries are never re-aged (no get), so the least recent one is the oldest; allowStale
  // lets rkeys() show it even once expired.
  const recentRefreshes = new LRUCache<string, true>({
    max: REFRESHES_REMEMBERED,
    ttl: EMAIL_RETRY_MS,
    ttlResolution: 0,
    allowStale: true,
    perf: { now },
  });

  /** Whether a refresh now could be remembered for 10 s without forgetting a recent one. */
  function mayRefresh(clerkUserId: string): boolean {
    if (recentRefreshes.has(clerkUserId)) return false;
    if (recentRefreshes.size < REFRESHES_REMEMBERED) return true;
    const oldest = recentRefreshes.rkeys().next();
    return oldest.done === true || recentRefreshes.getRemainingTTL(oldest.value) <= 0;
  }

  /** One Backend API call per user at a time; failures count as "no email yet". */
  function lookupEmail(clerkUserId: string): Promise<string | null> {
    let pending = lookups.get(clerkUserId);
    if (!pending) {
      pending = clerk
        .primaryEmail(clerkUserId)
        .catch((error: unknown) => {
          logger.warn(
            { clerkUserId, err: { message: (error as Error).message } },
            'Clerk email lookup failed',
          );
          return null;
        })
        .finally(() => lookups.delete(clerkUserId));
      lookups.set(clerkUserId, pending);
    }
    return pending;
  }

  /**
   * While a user's email is unknown, look again at most every 10 s, never holding the response.
   * A first sight leaves no entry: its lookup ran just before the user was created.
   */
  function refreshEmailInBackground(user: UserRecord) {
    if (user.email !== null || user.deletedAt !== null) return;
    if (
      lookups.has(user.clerkUserId) ||
      now() - user.createdAt.getTime() < EMAIL_RETRY_MS ||
      !mayRefresh(user.clerkUserId)
    )
      return;
    recentRefreshes.set(user.clerkUserId, true);
    void lookupEmail(user.clerkUserId)
      .then(async (email) => {
        if (email) await store.setEmailIfMissing(user.clerkUserId, email);
      })
      .catch((error: unknown) => {
        logger.warn(
          { clerkUserId: user.clerkUserId, err: { message: (error as Error).message } },
          'email refresh failed',
        );
      });
  }

  async function provision(identity: Identity): Promise<ProvisionResult> {
    const email = identity.email ?? (await lookupEmail(identity.clerkUserId));
    const result = await store.provisionUser({ clerkUserId: identity.clerkUserId, email });
    if (
      !result.created &&
      result.user.email === null &&
      email !== null &&
      result.user.deletedAt === null
    ) {
      const user = await store.setEmailIfMissing(identity.clerkUserId, email);
      return user ? { ...result, user } : result;
    }
    return result;
  }

  /** A known user: fill a missing email from the token's claim, or look it up in the background. */
  function known(existing: UserRecord, identity: Identity): UserRecord | Promise<UserRecord> {
    if (existing.email === null && identity.email && existing.deletedAt === null) {
      return store
        .setEmailIfMissing(identity.clerkUserId, identity.email)
        .then((user) => user ?? existing);
    }
    refreshEmailInBackground(existing);
    return existing;
  }

  const knownOrNew = (existing: UserRecord | null, identity: Identity) =>
    existing ? known(existing, identity) : provision(identity).then((result) => result.user);

  return {
    /**
     * The caller's user, created on first sight. Tombstones are returned, never revived.
     * `cached`: a record up to the cache's TTL old will do (read-only requests); when it is in
     * memory the answer is the record itself, not a promise, so the request goes on at once.
     */
    ensureUser(
      identity: Identity,
      options: { cached?: boolean } = {},
    ): UserRecord | Promise<UserRecord> {
      // async: a native promise whatever the store returns, so `instanceof Promise` below holds.
      const find = async () => store.findUserByClerkId(identity.clerkUserId);
      const existing =
        options.cached && deps.accounts ? deps.accounts.user(identity.clerkUserId, find) : find();
      return existing instanceof Promise
        ? existing.then((user) => knownOrNew(user, identity))
        : knownOrNew(existing, identity);
    },
    /** `POST /auth/bootstrap`: like ensureUser, and says whether this very call created the user. */
    async bootstrap(identity: Identity): Promise<ProvisionResult> {
      const existing = await store.findUserByClerkId(identity.clerkUserId);
      if (!existing) return provision(identity);
      const user = await known(existing, identity);
      const portfolio = user.deletedAt === null ? await store.getPortfolio(user.id) : null;
      return { user, portfolio, created: false };
    },
  };
}

export type Provisioning = ReturnType<typeof createProvisioning>;
