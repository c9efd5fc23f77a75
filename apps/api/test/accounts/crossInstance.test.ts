import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountCache } from '../../src/services/accountCache.js';
import { openStore } from '../../src/store/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/port.js';
import { startApi, type ApiHarness } from '../support/api.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';
import { WEBHOOK_SECRET } from '../support/svix.js';
import { migratedStoreOptions } from '../support/snapshots.js';
import { within } from '../support/deadline.js';

/**
 * Two instances sharing one database, each with its own account cache on a clock the test
 * moves. Clerk's webhooks reach instance A only: A must refuse at once. B, on a store without
 * a change feed (MongoDB), may keep answering read-only requests for at most the TTL, never
 * writes; on a PostgreSQL server, whose feed reaches B's cache, B refuses as soon as the feed
 * delivers, with the clocks standing still.
 */
const TTL = 2000;
const RC_AUTH = 'Bearer rc-cache-secret';
const runPostgres = requireOrSkip('PostgreSQL', await postgresReachable());

let emulator: ClerkEmulator;
let a: ApiHarness;
let b: ApiHarness;
const clocks = { a: 0, b: 0 };

/** `cache`: on the test's clocks; `production`: createApp's own (real clock, default sync). */
async function startPair(stores: [Store, Store], cache: 'test clocks' | 'production') {
  emulator = await startClerkEmulator();
  const env = { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET, REVENUECAT_WEBHOOK_AUTH: RC_AUTH };
  const instance = (name: 'a' | 'b', store: Store) =>
    startApi({
      store,
      emulator,
      env,
      accountCache:
        cache === 'production'
          ? undefined
          : createAccountCache({ ttlMs: TTL, now: () => clocks[name], syncEveryMs: 20 }),
    });
  [a, b] = await Promise.all([instance('a', stores[0]), instance('b', stores[1])]);
  emulator.configureWebhook({ url: `${a.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });
}

async function stopPair() {
  await Promise.all([a.close(), b.close()]);
  await emulator.close();
}

beforeEach(() => {
  clocks.a = 0;
  clocks.b = 0;
});

const status = async (api: ApiHarness, token: string, init: RequestInit = {}) => {
  const response = await api.request('/users/me', { ...init, token });
  const body = (await response.json()) as { code?: string };
  return `${response.status}${body.code ? ` ${body.code}` : ''}`;
};
/** A signed-in user both instances have already seen (their caches are warm). */
async function seenByBoth() {
  const session = await a.signIn();
  await a.request('/auth/bootstrap', { method: 'POST', token: session.token });
  for (const api of [a, b]) expect(await status(api, session.token)).toBe('200');
  return session;
}

const rename = { method: 'PATCH', json: { displayName: 'Renamed' } } as RequestInit;

describe('account state across two instances with a 2 s account cache, no change feed', () => {
  let shared: Store;
  beforeAll(async () => {
    shared = await openStore('pglite:memory', migratedStoreOptions());
    // What a MongoDB store offers: no feed, so the TTL alone bounds what B serves.
    const feedless: Store = { ...shared };
    delete feedless.watchAccountChanges;
    await startPair([feedless, feedless], 'test clocks');
  });
  afterAll(async () => {
    await stopPair();
    await shared.close();
  });

  it('a revoked session: refused at once where the webhook landed, within the TTL elsewhere', async () => {
    const { token, sessionId } = await seenByBoth();

    emulator.instance.revokeSession(sessionId);
    await emulator.webhooks.drain();

    expect(await status(a, token)).toBe('401 invalid_token');
    expect(await status(b, token)).toBe('200');
    expect(await status(b, token, rename)).toBe('401 invalid_token');
    clocks.b = TTL;
    expect(await status(b, token)).toBe('401 invalid_token');
  });

  it('a banned account: refused at once where the webhook landed, within the TTL elsewhere', async () => {
    const { token, userId } = await seenByBoth();

    emulator.instance.setFlag(userId, 'banned', true);
    await emulator.webhooks.drain();

    expect(await status(a, token)).toBe('403 account_disabled');
    expect(await status(b, token)).toBe('200');
    expect(await status(b, token, rename)).toBe('403 account_disabled');
    clocks.b = TTL - 1;
    expect(await status(b, token)).toBe('200');
    clocks.b = TTL;
    expect(await status(b, token)).toBe('403 account_disabled');
  });

  it('a deleted account: refused at once where the webhook landed, within the TTL elsewhere', async () => {
    const { token, userId } = await seenByBoth();

    emulator.instance.deleteUser(userId);
    await emulator.webhooks.drain();

    expect(await status(a, token)).toBe('401 account_deleted');
    expect(await status(b, token)).toBe('200');
    clocks.b = TTL;
    expect(await status(b, token)).toBe('401 account_deleted');
  });

  it('DELETE /users/me takes effect at once on the instance that served it', async () => {
    const session = await seenByBoth();
    const recent = await emulator.mintToken({
      userId: session.userId,
      sessionId: session.sessionId,
      fva: [0, -1],
    });

    // Clerk's user.deleted webhook would tell A too: hold it back to see B's own effect.
    emulator.configureWebhook(undefined);
    const deleted = await b.request('/users/me', { method: 'DELETE', token: recent.token });
    emulator.configureWebhook({ url: `${a.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });

    expect(deleted.status).toBe(204);
    expect(await status(b, session.token)).toBe('401 account_deleted');
    expect(await status(a, session.token)).toBe('200');
    clocks.a = TTL;
    expect(await status(a, session.token)).toBe('401 account_deleted');
  });

  it('PATCH /users/me and a subscription webhook show at once on the instance that wrote them', async () => {
    const { token, userId } = await seenByBoth();

    await b.request('/users/me', { ...rename, token });
    const purchase = await b.request('/webhooks/revenuecat', {
      method: 'POST',
      headers: { authorization: RC_AUTH },
      json: {
        api_version: '1.0',
        event: {
          id: `evt_cache_${userId}`,
          type: 'INITIAL_PURCHASE',
          app_user_id: userId,
          entitlement_ids: ['pro'],
          expiration_at_ms: Date.now() + 86_400_000,
          event_timestamp_ms: Date.now(),
        },
      },
    });
    const me = (await (await b.request('/users/me', { token })).json()) as {
      user: { displayName: string; subscriptionStatus: string };
    };

    expect(purchase.status).toBe(200);
    expect(me.user).toMatchObject({ displayName: 'Renamed', subscriptionStatus: 'active' });
    expect((await b.request('/pro/insights', { token })).status).toBe(200);
  });
});

describe.runIf(runPostgres)(
  'account state across two instances following the PostgreSQL feed',
  () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let stores: [Store, Store];
    beforeAll(async () => {
      database = await createPostgresDatabase();
      // One pool and one listening connection each, as two processes would have.
      stores = [openPostgresStore(database.url), openPostgresStore(database.url)];
      await startPair(stores, 'test clocks');
    });
    afterAll(async () => {
      await stopPair();
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    });

    const refusedBy = (api: ApiHarness, token: string, expected: string) =>
      within(TTL, async () => (await status(api, token)) === expected);

    it('a revoked session, a banned and a deleted account are refused by B too, clocks standing still', async () => {
      const revoked = await seenByBoth();
      emulator.instance.revokeSession(revoked.sessionId);
      const banned = await seenByBoth();
      emulator.instance.setFlag(banned.userId, 'banned', true);
      const deleted = await seenByBoth();
      emulator.instance.deleteUser(deleted.userId);
      await emulator.webhooks.drain();

      expect(await status(a, revoked.token)).toBe('401 invalid_token');
      expect(await refusedBy(b, revoked.token, '401 invalid_token')).toBe(true);
      expect(await status(a, banned.token)).toBe('403 account_disabled');
      expect(await refusedBy(b, banned.token, '403 account_disabled')).toBe(true);
      expect(await status(a, deleted.token)).toBe('401 account_deleted');
      expect(await refusedBy(b, deleted.token, '401 account_deleted')).toBe(true);
      expect(clocks).toEqual({ a: 0, b: 0 });
    });

    it('a change written straight into the database reaches both caches through the feed', async () => {
      const { token, userId } = await seenByBoth();
      const rows = new pg.Pool({ connectionString: database.url, max: 1 });
      try {
        // Neither instance wrote it, so neither invalidated anything: only the trigger tells them.
        await rows.query('update users set is_active = false where clerk_user_id = $1', [userId]);
        expect(await refusedBy(a, token, '403 account_disabled')).toBe(true);
        expect(await refusedBy(b, token, '403 account_disabled')).toBe(true);
        expect(clocks).toEqual({ a: 0, b: 0 });
      } finally {
        await rows.end();
      }
    });
  },
);

/**
 * The same two instances as production runs them: createApp's own account cache (2 s TTL,
 * real clock, the feed synced every 500 ms where the store has one). `within` checks once
 * more after the 2 s have passed, so a slow machine can make the test later, never wrong.
 */
describe.each([
  { feed: 'no change feed (as on MongoDB)', postgres: false, run: true },
  { feed: 'the PostgreSQL feed', postgres: true, run: runPostgres },
])('a change made on one instance, production’s account cache, $feed', ({ postgres, run }) => {
  const started: { close(): Promise<void> }[] = [];

  /** Two stores on one database, as two processes have; or one without its feed, twice. */
  async function openStores(): Promise<[Store, Store]> {
    if (postgres) {
      const database = await createPostgresDatabase();
      const stores: [Store, Store] = [
        openPostgresStore(database.url),
        openPostgresStore(database.url),
      ];
      started.push({ close: () => database.drop() }, ...stores);
      return stores;
    }
    const shared = await openStore('pglite:memory', migratedStoreOptions());
    started.push(shared);
    const feedless: Store = { ...shared };
    delete feedless.watchAccountChanges;
    return [feedless, feedless];
  }

  beforeAll(async () => {
    if (!run) return;
    await startPair(await openStores(), 'production');
  });

  afterAll(async () => {
    if (run) await stopPair();
    for (const closing of started.reverse()) await closing.close();
  });

  const nameOn = async (api: ApiHarness, token: string) =>
    (
      (await (await api.request('/users/me', { token })).json()) as {
        user?: { displayName?: string };
      }
    ).user?.displayName;

  it.runIf(run)(
    'is seen by the other within the contract’s 2 s: a rename, then a deletion',
    async () => {
      const session = await a.signIn();
      await a.request('/auth/bootstrap', { method: 'POST', token: session.token });
      expect(await nameOn(b, session.token)).toBeNull(); // the other's cache is warm
      const recent = await emulator.mintToken({ ...session, fva: [0, -1] });

      await a.request('/users/me', { ...rename, token: session.token });
      const renamed = await within(TTL, async () => (await nameOn(b, session.token)) === 'Renamed');
      const deletion = await a.request('/users/me', { method: 'DELETE', token: recent.token });
      const refused = await within(
        TTL,
        async () => (await status(b, session.token)) === '401 account_deleted',
      );

      expect(renamed).toBe(true);
      expect(deletion.status).toBe(204);
      expect(refused).toBe(true);
    },
  );
});
