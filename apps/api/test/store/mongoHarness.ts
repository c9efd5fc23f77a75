import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { openMongoStore, type MongoStoreOptions } from '../../src/store/mongo/mongoStore.js';
import type { StoreHarness } from './harness.js';

const MONGO_URI = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(\/[^?]*)?(\?.*)?$/;

/** Every collection the store writes. */
export const COLLECTIONS = [
  'users',
  'portfolios',
  'processed_webhooks',
  'revoked_sessions',
  'security_events',
  'push_tokens',
  'email_links',
  'email_link_quotas',
] as const;

/** The same server and options with another database; credentials keep their auth database. */
export function withDatabase(uri: string, database: string): string {
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
export function loopbackPort(uri: string): number | undefined {
  const hosts = (MONGO_URI.exec(uri)?.[2] ?? '').split('@').pop() ?? '';
  const match = /^(?:127\.0\.0\.1|localhost)(?::(\d+))?$/.exec(hosts);
  return uri.startsWith('mongodb://') && match ? Number(match[1] ?? 27017) : undefined;
}

/** Whether a mongod answers at `uri`, and whether it has transactions (replica set, mongos). */
export async function probeMongo(
  uri: string | undefined,
): Promise<{ reachable: boolean; transactions: boolean }> {
  if (uri === undefined) return { reachable: false, transactions: false };
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1_500 });
  try {
    await connection.asPromise();
    const hello = await connection.db!.admin().command({ hello: 1 });
    const transactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
    return { reachable: true, transactions };
  } catch {
    return { reachable: false, transactions: false };
  } finally {
    await connection.close().catch(() => undefined);
  }
}

export type MongoHarness = StoreHarness & {
  databaseUri: string;
  /** The test database, for setting up what the port cannot. */
  db: mongoose.mongo.Db;
};

/** A store on a fresh, uniquely named database, dropped by close(). */
export async function openHarness(
  uri: string,
  options: MongoStoreOptions = {},
): Promise<MongoHarness> {
  const name = `assetra_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const databaseUri = withDatabase(uri, name);
  const store = openMongoStore(databaseUri, options);
  const admin = await mongoose.createConnection(databaseUri).asPromise();
  const db = admin.db!;
  const users = db.collection('users');
  const portfolios = db.collection('portfolios');
  const byUser = (userId: string) => ({ userId: new mongoose.Types.ObjectId(userId) });
  return {
    databaseUri,
    db,
    store,
    reset: async () => {
      await Promise.all(COLLECTIONS.map((collection) => db.collection(collection).deleteMany({})));
    },
    // As deleteUserData does: personal fields and subscription erased, other records gone.
    tombstone: async (clerkUserId) => {
      const now = new Date();
      const erased = { email: null, displayName: null, isActive: false, entitlements: [] };
      const subscription = { subscriptionStatus: 'free', subscriptionExpiresAt: null };
      const user = await users.findOneAndUpdate(
        { clerkUserId },
        { $set: { ...erased, ...subscription, deletedAt: now, updatedAt: now } },
      );
      if (!user) return;
      await portfolios.deleteMany({ userId: user._id });
      await db.collection('push_tokens').deleteMany({ userId: user._id });
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
}
