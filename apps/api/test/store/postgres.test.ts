import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, type Store } from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import {
  createPostgresDatabase,
  postgresReachable,
  postgresUrl,
  requireOrSkip,
} from '../support/databases.js';
import { settleWithin } from '../support/deadline.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { storeContract } from './contract.js';
import { sqlHarnessHelpers } from './sqlHarness.js';

const run = requireOrSkip('PostgreSQL', await postgresReachable());

async function openHarness() {
  const database = await createPostgresDatabase();
  const store = openPostgresStore(database.url);
  const admin = new pg.Pool({ connectionString: database.url, max: 2 });
  admin.on('error', () => undefined); // an idle client dropped with the database must not crash the worker
  return {
    database,
    store,
    admin,
    close: async () => {
      await store.close();
      await admin.end();
      await database.drop();
    },
  };
}

describe.runIf(run)('PostgreSQL store', () => {
  storeContract(
    'contract',
    async () => {
      const { store, admin, close } = await openHarness();
      return { store, close, ...sqlHarnessHelpers((text, params) => admin.query(text, params)) };
    },
    { provedOn: 'PostgreSQL' },
  );

  it('provisions exactly one user through two stores (two API processes) racing on a fresh database', async () => {
    const { database, store, admin, close } = await openHarness();
    const other = openPostgresStore(database.url);
    const provision = (target: Store) =>
      Array.from({ length: 25 }, () =>
        target.provisionUser({ clerkUserId: 'user_race', email: null }),
      );

    try {
      const results = await Promise.all([...provision(store), ...provision(other)]);

      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
      const counts = await admin.query<{ users: string; portfolios: string }>(
        'select (select count(*) from users) as users, (select count(*) from portfolios) as portfolios',
      );
      expect(counts.rows[0]).toEqual({ users: '1', portfolios: '1' });
    } finally {
      await other.close();
      await close();
    }
  });

  it('rejects operations and ping with DatabaseUnavailableError within 2 s when nothing listens', async () => {
    const store = openPostgresStore('postgres://postgres@127.0.0.1:1/x');

    const provision = await settleWithin(
      store.provisionUser({ clerkUserId: 'user_a', email: null }),
      2_000,
    );
    const ping = await settleWithin(store.ping(), 2_000);
    await store.close();

    expect(provision.error).toBeInstanceOf(DatabaseUnavailableError);
    expect(provision.inTime).toBe(true);
    expect(ping.error).toBeInstanceOf(DatabaseUnavailableError);
    expect(ping.inTime).toBe(true);
  });

  describe('behind a proxy that can cut the connection', () => {
    let proxy: TcpProxy;
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let store: Store;

    beforeAll(async () => {
      proxy = await startTcpProxy(Number(new URL(postgresUrl()).port || 5432));
      database = await createPostgresDatabase();
      const viaProxy = new URL(database.url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      proxy.cut();
      store = openPostgresStore(viaProxy.toString());
    });

    afterAll(async () => {
      await store.close();
      await proxy.close();
      await database.drop();
    });

    it('rejects with DatabaseUnavailableError while the database is unreachable at start', async () => {
      const ping = await settleWithin(store.ping(), 2_000);

      expect(ping.error).toBeInstanceOf(DatabaseUnavailableError);
      expect(ping.inTime).toBe(true);
    });

    it('migrates and works once the database becomes reachable', async () => {
      proxy.restore();

      const result = await store.provisionUser({ clerkUserId: 'user_a', email: null });

      expect(result.created).toBe(true);
    });

    it('rejects with DatabaseUnavailableError when live connections drop, then recovers', async () => {
      await store.ping();
      proxy.cut();

      const during = await settleWithin(store.findUserByClerkId('user_a'), 2_000);
      proxy.restore();
      const after = await store.findUserByClerkId('user_a');

      expect(during.error).toBeInstanceOf(DatabaseUnavailableError);
      expect(during.inTime).toBe(true);
      expect(after?.clerkUserId).toBe('user_a');
    });
  });
});
