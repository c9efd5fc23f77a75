import mongoose, { type Connection, type ConnectOptions, type mongo } from 'mongoose';

import {
  emailLinkModel,
  emailLinkQuotaModel,
  type EmailLinkModel,
  type EmailLinkQuotaModel,
} from '../../models/EmailLink.js';
import { portfolioModel, type PortfolioModel } from '../../models/Portfolio.js';
import {
  processedWebhookModel,
  type ProcessedWebhookModel,
} from '../../models/ProcessedWebhook.js';
import { pushTokenModel, type PushTokenModel } from '../../models/PushToken.js';
import { revokedSessionModel, type RevokedSessionModel } from '../../models/RevokedSession.js';
import { securityEventModel, type SecurityEventModel } from '../../models/SecurityEvent.js';
import { userModel, type UserModel } from '../../models/User.js';
import { DatabaseUnavailableError } from '../port.js';

export type Capabilities = {
  /** Replica set or mongos: multi-document transactions are available. */
  transactions: boolean;
};

export type MongoHandle = {
  connection: Connection;
  users: UserModel;
  portfolios: PortfolioModel;
  processedWebhooks: ProcessedWebhookModel;
  revokedSessions: RevokedSessionModel;
  pushTokens: PushTokenModel;
  emailLinks: EmailLinkModel;
  emailLinkQuotas: EmailLinkQuotaModel;
  securityEvents: SecurityEventModel;
  /** The database, once the first connection succeeded; retries a failed first connection. */
  database(): Promise<mongo.Db>;
  /** Connected, indexes built and capabilities known; a failure is retried on the next call. */
  ready(): Promise<Capabilities>;
  close(): Promise<void>;
  /** After close(), every operation rejects with DatabaseUnavailableError. */
  isClosed(): boolean;
};

function connectOptions(): ConnectOptions {
  return {
    // Fail a request within ~2 s while mongod is down (the API answers 503) instead of the
    // driver's default 30 s.
    serverSelectionTimeoutMS: 2_000,
    connectTimeoutMS: 5_000,
    // A stuck server must not hold a request forever.
    socketTimeoutMS: 30_000,
    // No mongoose buffering: every operation waits for ready() instead, which fails fast and
    // retries the connection; buffering would hide an outage for 10 s per request.
    bufferCommands: false,
    // Indexes are built once by ready(), where their failure can be retried and reported.
    autoIndex: false,
    autoCreate: false,
  };
}

/**
 * Opens this store's own connection (not mongoose's global one) without waiting for it:
 * the API listens while its database is down, and every operation awaits ready().
 */
export function openHandle(uri: string, options: { transactions?: boolean } = {}): MongoHandle {
  assertParsable(uri);
  const connection = mongoose.createConnection(uri, connectOptions());
  const models = {
    users: userModel(connection),
    portfolios: portfolioModel(connection),
    processedWebhooks: processedWebhookModel(connection),
    revokedSessions: revokedSessionModel(connection),
    pushTokens: pushTokenModel(connection),
    emailLinks: emailLinkModel(connection),
    emailLinkQuotas: emailLinkQuotaModel(connection),
    securityEvents: securityEventModel(connection),
  };
  let closed = false;
  let firstAttempt = true;
  let connecting: Promise<mongo.Db> | undefined;
  let preparing: Promise<Capabilities> | undefined;

  async function connect(): Promise<mongo.Db> {
    if (firstAttempt) {
      firstAttempt = false;
      await connection.asPromise();
    } else {
      // Only after a failed first connection: once connected, the driver reconnects by itself.
      await connection.openUri(uri, connectOptions());
    }
    if (!connection.db) throw new DatabaseUnavailableError(new Error('MongoDB has no database'));
    return connection.db;
  }

  function database(): Promise<mongo.Db> {
    if (closed) return Promise.reject(closedError());
    connecting ??= connect().catch((err: unknown) => {
      connecting = undefined;
      throw err;
    });
    return connecting;
  }

  async function prepare(): Promise<Capabilities> {
    const db = await database();
    // createIndexes, not syncIndexes: syncIndexes drops indexes missing from this schema,
    // which would race an older or newer instance during a rolling deploy.
    await Promise.all(Object.values(models).map((model) => model.createIndexes()));
    const transactions = options.transactions !== false && (await supportsTransactions(db));
    return { transactions };
  }

  function ready(): Promise<Capabilities> {
    if (closed) return Promise.reject(closedError());
    preparing ??= prepare().catch((err: unknown) => {
      preparing = undefined;
      throw err;
    });
    return preparing;
  }

  async function close(): Promise<void> {
    closed = true;
    // mongoose's close() waits for a pending connection attempt to end (up to the 2 s server
    // selection timeout); closing the driver's client ends that attempt now.
    if (connection.readyState === mongoose.ConnectionStates.connecting) {
      await connection.getClient().close();
    }
    await connection.close();
  }

  return { connection, ...models, database, ready, close, isClosed: () => closed };
}

/**
 * A malformed URI is bad configuration: the API must refuse to start rather than answer 500
 * to every request. Constructing a client parses the URI without connecting. The message
 * does not echo the URI, which may hold a password.
 */
function assertParsable(uri: string): void {
  try {
    new mongoose.mongo.MongoClient(uri);
  } catch (err) {
    throw new Error('the MongoDB connection string is invalid', { cause: err });
  }
}

function closedError(): DatabaseUnavailableError {
  return new DatabaseUnavailableError(new Error('MongoDB store closed'));
}

async function supportsTransactions(db: mongo.Db): Promise<boolean> {
  const hello = await db.admin().command({ hello: 1 });
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}
