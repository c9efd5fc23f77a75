import { LRUCache } from 'lru-cache';
import {
  AccountFeedClosedError,
  type AccountChange,
  type Store,
  type UserRecord,
} from '../store/port.js';
import { usersOfChange } from '../store/subscriptionPlan.js';

/** Production default: how stale an instance that did not learn of a change may be. */
export const DEFAULT_ACCOUNT_CACHE_TTL_MS = 2000;

export type AccountCacheOptions = {
  /** 0 disables the cache: every lookup goes to the store. */
  ttlMs: number;
  maxUsers?: number;
  maxSessions?: number;
  /** Monotonic clock in ms (default performance.now). */
  now?: () => number;
  /** How often a followed feed is synced (default a quarter of the TTL). */
  syncEveryMs?: number;
};

/**
 * Memory of user records and session revocations, so a busy client does not cost two queries
 * per request. Invariants:
 * - a change committed at T is seen by every request starting at or after T + ttlMs, on every
 *   instance. Without a feed, an entry is served for at most `ttlMs` after its query *started*.
 *   Following the store's feed (follow()), an entry loaded while the feed was listening is
 *   also served while the feed's last completed sync started less than `ttlMs` ago: every
 *   change committed before that sync has then reached forget(). A feed that stalls or drops
 *   lets entries fall back to the TTL rule; one that was interrupted forgets everything;
 * - this instance forgets an entry the moment it writes the change itself (invalidatingStore),
 *   and a query in flight during that write is never kept;
 * - a missing user is never remembered (first sight must provision), a revocation forever
 *   (it is permanent); both maps are LRU-bounded.
 */
export type AccountCache = {
  readonly ttlMs: number;
  /** The remembered answer, or the (shared) query. */
  user(clerkUserId: string, load: () => Promise<UserRecord | null>): Promise<UserRecord | null>;
  sessionRevoked(sessionId: string, load: () => Promise<boolean>): Promise<boolean>;
  invalidateUser(clerkUserId: string): void;
  invalidateSession(sessionId: string): void;
  /**
   * Follows the store's change feed, if it has one, syncing every `syncEveryMs` until the
   * store closes. One store per cache; no-op when the cache is disabled.
   */
  follow(store: Store): void;
  readonly size: { users: number; sessions: number };
};

type Entry<V> = { startedAt: number; value: Promise<V> };
/** What to do with a loaded value: drop it, keep it for the TTL, or keep it until evicted. */
type Retention = 'drop' | 'ttl' | 'forever';

/** Whether the feed vouches, at `at`, for an entry whose query started at `startedAt`. */
type Vouch = (startedAt: number, at: number) => boolean;

function memo<V>(
  ttlMs: number,
  maxEntries: number,
  now: () => number,
  vouch: Vouch,
  retention: (value: V) => Retention,
) {
  const lru = new LRUCache<string, Entry<V>>({ max: maxEntries });
  return {
    lru,
    get(key: string, load: () => Promise<V>): Promise<V> {
      if (ttlMs <= 0) return load();
      const at = now();
      const hit = lru.get(key);
      if (hit && (at - hit.startedAt < ttlMs || vouch(hit.startedAt, at))) {
        return hit.value;
      }
      const entry: Entry<V> = { startedAt: at, value: load() };
      lru.set(key, entry);
      // Concurrent callers share this query; if the key was invalidated meanwhile, the result
      // may predate the write and is not kept.
      entry.value.then(
        (value) => {
          if (lru.peek(key) !== entry) return;
          const keep = retention(value);
          if (keep === 'drop') lru.delete(key);
          else if (keep === 'forever') entry.startedAt = Number.POSITIVE_INFINITY;
        },
        () => {
          if (lru.peek(key) === entry) lru.delete(key);
        },
      );
      return entry.value;
    },
  };
}

export function createAccountCache(options: AccountCacheOptions): AccountCache {
  const now = options.now ?? (() => performance.now());
  const { ttlMs } = options;
  const syncEveryMs = options.syncEveryMs ?? ttlMs / 4;
  // The feed: listening since (entries loaded before are not vouched for), and the start of
  // the last completed sync. `epoch` tells a sync that an interruption happened meanwhile.
  let listeningSince = Number.POSITIVE_INFINITY;
  let syncedFrom = Number.NEGATIVE_INFINITY;
  let epoch = 0;
  let following = false;
  const vouch: Vouch = (startedAt, at) => startedAt >= listeningSince && at - syncedFrom < ttlMs;

  const users = memo<UserRecord | null>(ttlMs, options.maxUsers ?? 10_000, now, vouch, (user) =>
    user ? 'ttl' : 'drop',
  );
  const sessions = memo<boolean>(ttlMs, options.maxSessions ?? 20_000, now, vouch, (revoked) =>
    revoked ? 'forever' : 'ttl',
  );
  const forget = (change: AccountChange) => {
    if (change.kind === 'user') users.lru.delete(change.clerkUserId);
    else if (change.kind === 'session') sessions.lru.delete(change.sessionId);
    else {
      users.lru.clear();
      sessions.lru.clear();
    }
  };

  function follow(store: Store) {
    if (ttlMs <= 0 || !store.watchAccountChanges) return;
    if (following) throw new Error('an account cache follows one store');
    following = true;
    const feed = store.watchAccountChanges({
      changed: forget,
      interrupted() {
        epoch += 1;
        listeningSince = Number.POSITIVE_INFINITY;
        syncedFrom = Number.NEGATIVE_INFINITY;
        forget({ kind: 'all' });
      },
    });
    const tick = () => {
      const at = now();
      const during = epoch;
      feed.sync(ttlMs).then(
        () => {
          // A sync that straddled an interruption proves nothing about what came after it.
          if (epoch === during) {
            if (listeningSince === Number.POSITIVE_INFINITY) listeningSince = at;
            syncedFrom = Math.max(syncedFrom, at);
          }
          setTimeout(tick, syncEveryMs).unref();
        },
        (error: unknown) => {
          if (!(error instanceof AccountFeedClosedError)) setTimeout(tick, syncEveryMs).unref();
        },
      );
    };
    tick();
  }

  return {
    ttlMs,
    user: (clerkUserId, load) => users.get(clerkUserId, load),
    sessionRevoked: (sessionId, load) => sessions.get(sessionId, load),
    invalidateUser: (clerkUserId) => void users.lru.delete(clerkUserId),
    invalidateSession: (sessionId) => void sessions.lru.delete(sessionId),
    follow,
    get size() {
      return { users: users.lru.size, sessions: sessions.lru.size };
    },
  };
}

/**
 * The store, with every write that changes a cached user or session forgetting it once the
 * write is done (also when it failed: it may have committed). A new store method that
 * changes a user record or a session must be added here.
 */
export function invalidatingStore(store: Store, cache: AccountCache): Store {
  if (cache.ttlMs <= 0) return store;
  const after = async <T>(write: Promise<T>, forget: () => void): Promise<T> => {
    try {
      return await write;
    } finally {
      forget();
    }
  };
  const forgetUsers = (ids: string[]) => () => {
    for (const id of ids) cache.invalidateUser(id);
  };
  return {
    ...store,
    setEmailIfMissing: (clerkUserId, email) =>
      after(store.setEmailIfMissing(clerkUserId, email), forgetUsers([clerkUserId])),
    updateProfile: (clerkUserId, changes) =>
      after(store.updateProfile(clerkUserId, changes), forgetUsers([clerkUserId])),
    applyClerkUser: (eventId, update) =>
      after(store.applyClerkUser(eventId, update), forgetUsers([update.clerkUserId])),
    deleteUserData: (clerkUserId, eventId) =>
      after(store.deleteUserData(clerkUserId, eventId), forgetUsers([clerkUserId])),
    revokeSession: (sessionId, eventId, cause) =>
      after(store.revokeSession(sessionId, eventId, cause), () => {
        cache.invalidateSession(sessionId);
      }),
    revokeOtherSessions: (clerkUserId, sessionIds) =>
      after(store.revokeOtherSessions(clerkUserId, sessionIds), () => {
        for (const id of sessionIds) cache.invalidateSession(id);
      }),
    setAccountActive: (clerkUserId, active, change) =>
      after(store.setAccountActive(clerkUserId, active, change), () => {
        cache.invalidateUser(clerkUserId);
        for (const id of change.sessionIds) cache.invalidateSession(id);
      }),
    applySubscriptionChange: (eventId, eventAt, change) =>
      after(
        store.applySubscriptionChange(eventId, eventAt, change),
        forgetUsers(usersOfChange(change)),
      ),
  };
}
