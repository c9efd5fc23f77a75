import { describe, expect, it } from 'vitest';
import { createAccountCache } from '../../src/services/accountCache.js';
import {
  AccountFeedClosedError,
  type AccountChangeHandlers,
  type Store,
} from '../../src/store/port.js';
import { countingSource as database, userRecord as user } from '../support/accounts.js';

/**
 * The account cache following a store's change feed, against a feed the test drives: each
 * sync waits until the test answers it, and the test delivers changes and interruptions.
 */
const TTL = 2000;

type Pending = { resolve(): void; reject(error: Error): void };

function drivenFeed() {
  let handlers: AccountChangeHandlers | undefined;
  const pending: Pending[] = [];
  const store = {
    watchAccountChanges(given: AccountChangeHandlers) {
      handlers = given;
      return {
        sync: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
      };
    },
  } as unknown as Store;
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
  return {
    store,
    get handlers() {
      if (!handlers) throw new Error('not followed');
      return handlers;
    },
    /** Completes the sync in flight (waiting for the cache to send one). */
    async completeSync() {
      while (pending.length === 0) await tick();
      pending.shift()?.resolve();
      await tick();
    },
    async close() {
      while (pending.length === 0) await tick();
      pending.shift()?.reject(new AccountFeedClosedError());
      await tick();
    },
    pendingSyncs: () => pending.length,
  };
}

async function followed() {
  const clock = { now: 0 };
  const cache = createAccountCache({ ttlMs: TTL, now: () => clock.now, syncEveryMs: 1 });
  const feed = drivenFeed();
  cache.follow(feed.store);
  await feed.completeSync(); // listening from t=0
  return { clock, cache, feed };
}

describe('the account cache following a change feed', () => {
  it('serves an entry past the TTL while syncs complete, and forgets it when the feed names it', async () => {
    const { clock, cache, feed } = await followed();
    const { db, load } = database(user('user_a'));
    await cache.user('user_a', load);

    clock.now = 10 * TTL;
    await feed.completeSync(); // sent at t=0
    await feed.completeSync(); // sent at 10 × TTL
    const remembered = await cache.user('user_a', load);
    db.row = user('user_a', false);
    feed.handlers.changed({ kind: 'user', clerkUserId: 'user_a' });
    const reloaded = await cache.user('user_a', load);

    expect(remembered?.isActive).toBe(true);
    expect(reloaded?.isActive).toBe(false);
    expect(db.queries).toBe(2);
  });

  it('falls back to the TTL when syncs stop completing (a stalled feed vouches for nothing)', async () => {
    const { clock, cache } = await followed();
    const { db, load } = database(user('user_b'));
    await cache.user('user_b', load);

    db.row = user('user_b', false);
    clock.now = TTL - 1;
    const stale = await cache.user('user_b', load);
    clock.now = TTL;
    const fresh = await cache.user('user_b', load);

    expect(stale?.isActive).toBe(true);
    expect(fresh?.isActive).toBe(false);
  });

  it('forgets everything on an interruption, and holds entries to the TTL until a sync completes', async () => {
    const { clock, cache, feed } = await followed();
    const { db, load } = database(user('user_c'));
    await cache.user('user_c', load);

    feed.handlers.interrupted();
    const afterInterruption = db.queries;
    await cache.user('user_c', load);
    clock.now = TTL;
    await cache.user('user_c', load);
    const beforeResync = db.queries;
    clock.now = TTL + 1;
    await feed.completeSync(); // sent before the interruption: proves nothing
    await feed.completeSync(); // sent at TTL + 1: listening again from then
    clock.now = 10 * TTL;
    await feed.completeSync();
    await feed.completeSync();
    await cache.user('user_c', load); // loaded at TTL, before listening resumed: asked again
    await cache.user('user_c', load); // loaded since: served from memory

    expect(afterInterruption).toBe(1);
    // Reloaded at once (forgotten), then again at the TTL (not vouched for).
    expect(beforeResync).toBe(3);
    expect(db.queries).toBe(4);
  });

  it('a sync that was under way when the feed was interrupted vouches for nothing', async () => {
    const { clock, cache, feed } = await followed();
    const { db, load } = database(user('user_d'));
    await cache.user('user_d', load);

    feed.handlers.interrupted();
    await feed.completeSync(); // sent before the interruption, answered after it
    clock.now = 10 * TTL;
    await cache.user('user_d', load);
    await cache.user('user_d', load);

    expect(db.queries).toBe(2);
  });

  it('forgets every user and session when the feed says everything changed', async () => {
    const { cache, feed } = await followed();
    await cache.user('user_e', () => Promise.resolve(user('user_e')));
    await cache.sessionRevoked('sess_e', () => Promise.resolve(true));

    feed.handlers.changed({ kind: 'all' });

    expect(cache.size).toEqual({ users: 0, sessions: 0 });
  });

  it('stops syncing once the store is closed', async () => {
    const { feed } = await followed();

    await feed.close();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(feed.pendingSyncs()).toBe(0);
  });
});
