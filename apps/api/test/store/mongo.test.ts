import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMongoStore } from '../../src/store/mongo/mongoStore.js';
import { DatabaseUnavailableError, type Store } from '../../src/store/port.js';
import { mongoUri, requireOrSkip } from '../support/databases.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { storeContract } from './contract.js';
import { loopbackPort, openHarness, probeMongo } from './mongoHarness.js';

const uri = mongoUri();
const probe = await probeMongo(uri);
const run = requireOrSkip('MongoDB', probe.reachable);
const skipReason =
  uri === undefined ? 'MONGODB_URI is not set' : 'no mongod answers at MONGODB_URI';

describe.skipIf(run)(`MongoDB store: skipped, ${skipReason}`, () => {
  it.skip('runs the store contract against a mongod at MONGODB_URI (a replica set for transactions)', () => {
    // Nothing to run: no mongod can be installed on this machine.
  });
});

describe.runIf(run && uri !== undefined)('MongoDB', () => {
  const baseUri = uri ?? '';

  storeContract(
    `MongoDB store (${probe.transactions ? 'with' : 'without'} transactions)`,
    () => openHarness(baseUri),
    { provedOn: 'MongoDB' },
  );

  // A replica set would otherwise never run the standalone-mongod code paths.
  describe.runIf(probe.transactions)('forced onto the code paths without transactions', () => {
    storeContract(
      'MongoDB store (transactions off)',
      () => openHarness(baseUri, { transactions: false }),
      { provedOn: 'MongoDB' },
    );
  });

  it('provisions exactly one user through two stores (two API processes) racing on a fresh database', async () => {
    const harness = await openHarness(baseUri);
    const other = openMongoStore(harness.databaseUri);
    const provision = (target: Store) =>
      Array.from({ length: 25 }, () =>
        target.provisionUser({ clerkUserId: 'user_race', email: null }),
      );

    try {
      const results = await Promise.all([...provision(harness.store), ...provision(other)]);

      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
      expect(new Set(results.map((result) => result.portfolio?.id)).size).toBe(1);
    } finally {
      await other.close();
      await harness.close();
    }
  });

  describe.runIf(loopbackPort(baseUri) !== undefined)(
    'behind a proxy that can cut the connection',
    () => {
      let proxy: TcpProxy;
      let harness: Awaited<ReturnType<typeof openHarness>>;
      let store: Store;

      beforeAll(async () => {
        proxy = await startTcpProxy(loopbackPort(baseUri) ?? 27017);
        harness = await openHarness(baseUri);
        const viaProxy = harness.databaseUri.replace(
          /^mongodb:\/\/([^@/]*@)?[^/?]*/,
          (_match, credentials: string | undefined) =>
            `mongodb://${credentials ?? ''}127.0.0.1:${proxy.port}`,
        );
        proxy.cut();
        // directConnection: a replica set member would otherwise send the driver to the
        // members' own addresses, around the proxy.
        store = openMongoStore(
          `${viaProxy}${viaProxy.includes('?') ? '&' : '?'}directConnection=true`,
        );
      });

      afterAll(async () => {
        await store.close();
        await proxy.close();
        await harness.close();
      });

      it('rejects with DatabaseUnavailableError while the database is unreachable at start', async () => {
        const ping = store.ping();

        await expect(ping).rejects.toBeInstanceOf(DatabaseUnavailableError);
      });

      it('connects, builds its indexes and works once the database becomes reachable', async () => {
        proxy.restore();

        const result = await store.provisionUser({ clerkUserId: 'user_a', email: null });

        expect(result.created).toBe(true);
      });

      it('rejects with DatabaseUnavailableError when live connections drop, then recovers', async () => {
        await store.ping();
        proxy.cut();

        const during = store.findUserByClerkId('user_a');
        await expect(during).rejects.toBeInstanceOf(DatabaseUnavailableError);
        proxy.restore();
        const after = await store.findUserByClerkId('user_a');

        expect(after?.clerkUserId).toBe('user_a');
      });
    },
  );
});
