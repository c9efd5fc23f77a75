import { describe, expect, it } from 'vitest';
import { createAccountCache } from '../../src/services/accountCache.js';
import type { UserRecord } from '../../src/store/port.js';
import { countingSource as source, userRecord as user } from '../support/accounts.js';

const TTL = 2000;

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('the account cache', () => {
  it('answers from memory for ttl ms after the query started, then asks again', async () => {
    const clock = { now: 0 };
    const cache = createAccountCache({ ttlMs: TTL, now: () => clock.now });
    const { db, load } = source(user('user_a'));
    await cache.user('user_a', load);

    db.row = user('user_a', false);
    clock.now = TTL - 1;
    const stale = await cache.user('user_a', load);
    clock.now = TTL;
    const fresh = await cache.user('user_a', load);

    expect(stale?.isActive).toBe(true);
    expect(fresh?.isActive).toBe(false);
    expect(db.queries).toBe(2);
  });

  it('forgets a user the moment it is invalidated', async () => {
    const cache = createAccountCache({ ttlMs: TTL, now: () => 0 });
    const { db, load } = source(user('user_b'));
    await cache.user('user_b', load);

    db.row = user('user_b', false);
    cache.invalidateUser('user_b');

    expect((await cache.user('user_b', load))?.isActive).toBe(false);
  });

  it('does not keep a query that was in flight when the user was invalidated', async () => {
    const cache = createAccountCache({ ttlMs: TTL, now: () => 0 });
    const slow = deferred<UserRecord | null>();
    const inFlight = cache.user('user_c', () => slow.promise);

    cache.invalidateUser('user_c');
    slow.resolve(user('user_c'));
    await inFlight;
    const { db, load } = source(user('user_c', false));

    expect((await cache.user('user_c', load))?.isActive).toBe(false);
    expect(db.queries).toBe(1);
  });

  it('shares one query between concurrent lookups', async () => {
    const cache = createAccountCache({ ttlMs: TTL, now: () => 0 });
    const { db, load } = source(user('user_d'));

    await Promise.all(Array.from({ length: 50 }, async () => cache.user('user_d', load)));

    expect(db.queries).toBe(1);
  });

  it('never remembers a missing user, so first sight provisions', async () => {
    const cache = createAccountCache({ ttlMs: TTL, now: () => 0 });
    const { db, load } = source(null);
    await cache.user('user_e', load);

    db.row = user('user_e');

    expect(await cache.user('user_e', load)).toMatchObject({ clerkUserId: 'user_e' });
  });

  it('does not remember a failed query', async () => {
    const cache = createAccountCache({ ttlMs: TTL, now: () => 0 });
    await expect(cache.user('user_f', () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );

    expect(await cache.user('user_f', () => Promise.resolve(user('user_f')))).not.toBeNull();
  });

  it('keeps a revocation past the ttl (it is permanent), a non-revocation only for the ttl', async () => {
    const clock = { now: 0 };
    const cache = createAccountCache({ ttlMs: TTL, now: () => clock.now });
    let queries = 0;
    const revoked = () => {
      queries += 1;
      return Promise.resolve(true);
    };
    await cache.sessionRevoked('sess_revoked', revoked);
    await cache.sessionRevoked('sess_live', () => Promise.resolve(false));

    clock.now = 10 * TTL;
    const stillRevoked = await cache.sessionRevoked('sess_revoked', revoked);
    const nowRevoked = await cache.sessionRevoked('sess_live', () => Promise.resolve(true));

    expect(stillRevoked).toBe(true);
    expect(queries).toBe(1);
    expect(nowRevoked).toBe(true);
  });

  it('with ttl 0 asks the store every time', async () => {
    const cache = createAccountCache({ ttlMs: 0 });
    const { db, load } = source(user('user_g'));

    await cache.user('user_g', load);
    await cache.user('user_g', load);

    expect(db.queries).toBe(2);
    expect(cache.size).toEqual({ users: 0, sessions: 0 });
  });

  it(
    // Three times the session bound; the bench fills 1,000,000 tokens and reports memory.
    'stays within its bounds through 60,000 distinct users and sessions',
    async () => {
      const cache = createAccountCache({ ttlMs: TTL, now: () => 0 });
      const record = user('user_synthetic');
      const found = () => Promise.resolve(record);
      const live = () => Promise.resolve(false);

      for (let i = 0; i < 60_000; i += 1) {
        void cache.user(`user_${i}`, found);
        void cache.sessionRevoked(`sess_${i}`, live);
      }
      await Promise.resolve();

      expect(cache.size).toEqual({ users: 10_000, sessions: 20_000 });
    },
  );
});
