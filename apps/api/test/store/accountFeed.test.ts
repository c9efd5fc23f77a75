import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPGliteStore } from '../../src/store/pglite/index.js';
import {
  AccountFeedClosedError,
  type AccountChange,
  type AccountFeed,
  type Store,
} from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';
import { migratedPGlite } from '../support/snapshots.js';

/**
 * The SQL stores' change feed: what the account caches rely on to keep entries past their
 * TTL. Every change to a user row or a revocation must be announced before a sync started
 * after its commit resolves, whoever wrote it.
 */
const runPostgres = requireOrSkip('PostgreSQL', await postgresReachable());

type Raw = (text: string, params?: unknown[]) => Promise<unknown>;
type Target = { store: Store; raw: Raw; close(): Promise<void> };

function watch(store: Store) {
  const changes: AccountChange[] = [];
  let interruptions = 0;
  const feed = store.watchAccountChanges?.({
    changed: (change) => changes.push(change),
    interrupted: () => {
      interruptions += 1;
    },
  });
  if (!feed) throw new Error('a SQL store has a feed');
  return { feed, changes, interruptions: () => interruptions };
}

/** The first syncs are refused while the feed starts listening: retries for up to 5 s. */
async function synced(feed: AccountFeed): Promise<void> {
  const deadline = performance.now() + 5000;
  for (;;) {
    try {
      await feed.sync(2000);
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const user = (clerkUserId: string): AccountChange => ({ kind: 'user', clerkUserId });

function feedContract(name: string, open: () => Promise<Target>) {
  describe(`${name}: account change feed`, () => {
    let target: Target;
    beforeAll(async () => {
      target = await open();
    });
    afterAll(() => target.close());

    it('announces every write to a user row or a revocation, by the API or by hand', async () => {
      const { store, raw } = target;
      const { feed, changes } = watch(store);
      await synced(feed);
      const id = `user_feed_${name}`;
      const announced = async (write: () => Promise<unknown>) => {
        changes.length = 0;
        await write();
        await feed.sync(2000);
        return [...changes];
      };

      // A user not yet seen is never cached: creating one need not be announced.
      expect(await announced(() => store.provisionUser({ clerkUserId: id, email: null }))).toEqual(
        [],
      );
      expect(await announced(() => store.setEmailIfMissing(id, 'a@example.com'))).toEqual([
        user(id),
      ]);
      expect(await announced(() => store.updateProfile(id, { displayName: 'Ann' }))).toEqual([
        user(id),
      ]);
      const clerkUpdate = {
        clerkUserId: id,
        email: 'a@example.com',
        clerkName: 'Ann B',
        isActive: false,
        clerkUpdatedAt: new Date(),
      };
      expect(await announced(() => store.applyClerkUser(`evt_u_${name}`, clerkUpdate))).toEqual([
        user(id),
      ]);
      const purchase = {
        kind: 'set' as const,
        clerkUserIds: [id],
        subscription: { status: 'active' as const, entitlements: ['pro'], expiresAt: null },
      };
      expect(
        await announced(() => store.applySubscriptionChange(`evt_s_${name}`, new Date(), purchase)),
      ).toEqual([user(id)]);
      expect(
        await announced(() =>
          raw('update users set is_active = true where clerk_user_id = $1', [id]),
        ),
      ).toEqual([user(id)]);
      expect(await announced(() => store.revokeSession(`sess_${name}`, `evt_r_${name}`))).toEqual([
        { kind: 'session', sessionId: `sess_${name}` },
      ]);
      expect(await announced(() => store.deleteUserData(id))).toContainEqual(user(id));
      // A rolled-back change is never announced.
      expect(
        await announced(() =>
          raw(`do $$ begin
              update users set is_active = false where clerk_user_id = '${id}';
              raise exception 'rolled back';
            end $$`).catch(() => undefined),
        ),
      ).toEqual([]);
      expect(await announced(() => raw('truncate table revoked_sessions'))).toEqual([
        { kind: 'all' },
      ]);
    });

    it('refuses to sync once the store is closed', async () => {
      const other = await open();
      const { feed } = watch(other.store);
      await synced(feed);
      await other.close();
      await expect(feed.sync(2000)).rejects.toBeInstanceOf(AccountFeedClosedError);
    });
  });
}

feedContract('PGlite', () => {
  const client = migratedPGlite();
  const store = createPGliteStore(client);
  const raw: Raw = (text, params) => client.query(text, params);
  return Promise.resolve({ store, raw, close: () => store.close() });
});

if (runPostgres) {
  const openServer = async () => {
    const database = await createPostgresDatabase();
    const store = openPostgresStore(database.url);
    const admin = new pg.Pool({ connectionString: database.url, max: 2 });
    admin.on('error', () => undefined);
    return {
      store,
      raw: (text: string, params?: unknown[]) => admin.query(text, params),
      close: async () => {
        await store.close();
        await admin.end();
        await database.drop();
      },
    };
  };
  feedContract('PostgreSQL', openServer);

  describe('PostgreSQL: a lost feed connection', () => {
    it('reports the interruption, refuses syncs meanwhile, and listens again', async () => {
      const { store, raw, close } = await openServer();
      try {
        const { feed, changes, interruptions } = watch(store);
        await synced(feed);
        await raw(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and query like 'LISTEN%'
              or datname = current_database() and query like 'select pg_notify%'`,
        );
        const deadline = performance.now() + 2000;
        while (interruptions() === 0 && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(interruptions()).toBe(1);
        await expect(feed.sync(2000)).rejects.toThrow('not listening');

        await synced(feed);
        await store.provisionUser({ clerkUserId: 'user_after_reconnect', email: null });
        await store.updateProfile('user_after_reconnect', { displayName: 'Back' });
        await feed.sync(2000);
        expect(changes).toContainEqual(user('user_after_reconnect'));
      } finally {
        await close();
      }
    });
  });
}
