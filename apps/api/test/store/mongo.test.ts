import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMongoStore } from '../../src/store/mongo/mongoStore.js';
import { DatabaseUnavailableError, type Store } from '../../src/store/port.js';
import { mongoUri, requireOrSkip } from '../support/databases.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { storeContract, type StoreHarness } from './contract.js';

const MONGO_URI = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(\/[^?]*)?(\?.*)?$/;

/** The same server and options with another database; credentials keep their auth database. */
function withDatabase(uri: string, database: string): string {
  const [, scheme = '', authority = '', path = '', query = ''] = MONGO_URI.exec(uri) ?? [];
  const params = new URLSearchParams(query.slice(1));
  if (authority.includes('@') && !params.has('authSource')) {
    params.set('authSource', decodeURIComponent(path.slice(1)) || 'admin');
  }
  params.sort();
  const rest = params.size > 0 ? `?${params.toString()}` : '';
  return `${scheme}${authority}/${database}${rest}`;
}

/** Host and port of a single loopback mongod, the only kind a local TCP proxy can stand for. */
function loopbackPort(uri: string): number | undefined {
  const hosts = (MONGO_URI.exec(uri)?.[2] ?? '').split('@').pop() ?? '';
  const match = /^(?:127\.0\.0\.1|localhost)(?::(\d+))?$/.exec(hosts);
  return uri.startsWith('mongodb://') && match ? Number(match[1] ?? 27017) : undefined;
}

async function mongoReachable(uri: string | undefined): Promise<boolean> {
  if (uri === undefined) return false;
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1_500 });
  try {
    await connection.asPromise();
    await connection.db!.admin().ping();
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function openHarness(uri: string) {
  const name = `assetra_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const databaseUri = withDatabase(uri, name);
  const store = openMongoStore(databaseUri);
  const admin = await mongoose.createConnection(databaseUri).asPromise();
  const db = admin.db!;
  const users = db.collection('users');
  const portfolios = db.collection('portfolios');
  const byUser = (userId: string) => ({ userId: new mongoose.Types.ObjectId(userId) });
  const harness: StoreHarness & { databaseUri: string } = {
    databaseUri,
    store,
    reset: async () => {
      await Promise.all([users.deleteMany({}), portfolios.deleteMany({})]);
    },
    // As account deletion will: personal fields erased, deletedAt set, other records gone.
    tombstone: async (clerkUserId) => {
      const now = new Date();
      const user = await users.findOneAndUpdate(
        { clerkUserId },
        { $set: { email: null, displayName: null, deletedAt: now, updatedAt: now } },
      );
      if (user) await portfolios.deleteMany({ userId: user._id });
    },
    deletePortfolio: async (userId) => {
      await portfolios.deleteOne(byUser(userId));
    },
    setTotalValue: async (userId, value) => {
      const totalValue = mongoose.Types.Decimal128.fromString(value);
      await portfolios.updateOne(byUser(userId), { $set: { totalValue } });
    },
    close: async () => {
      await store.close();
      await db.dropDatabase();
      await admin.close();
    },
  };
  return harness;
}

const uri = mongoUri();
const run = requireOrSkip('MongoDB', await mongoReachable(uri));
const skipReason =
  uri === undefined ? 'MONGODB_URI is not set' : 'no mongod answers at MONGODB_URI';

describe.skipIf(run)(`MongoDB store: skipped, ${skipReason}`, () => {
  it.skip('runs the store contract against a mongod at MONGODB_URI (a replica set for transactions)', () => {
    // Nothing to run: no mongod can be installed on this machine.
  });
});

describe.runIf(run && uri !== undefined)('MongoDB', () => {
  const baseUri = uri ?? '';

  storeContract('MongoDB store', () => openHarness(baseUri));

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
