import type { Store } from '../port.js';
import { openHandle, type MongoHandle } from './connection.js';
import * as links from './emailLinks.js';
import { mongoWriter } from './deadline.js';
import { toStoreError, answerWithin } from './errors.js';
import { applyClerkUser, deleteUserData, isSessionRevoked, revokeSession } from './lifecycle.js';
import { findPortfolio, repairPortfolio, updatePortfolio } from './portfolios.js';
import { provisionUser } from './provision.js';
import { listPushTokens, registerPushToken, unregisterPushToken } from './pushTokens.js';
import * as security from './securityEvents.js';
import { recordSignIn, revokeOtherSessions, setAccountActive } from './securityWrites.js';
import { applySubscriptionChange } from './subscriptions.js';
import { findUserByClerkId, setEmailIfMissing, updateProfile } from './users.js';

export type MongoStoreOptions = {
  logger?: { warn(obj: object, msg: string): void };
  /**
   * `false` takes the standalone-mongod code paths even on a replica set, so that one test
   * server covers both. Default: transactions wherever the server has them.
   */
  transactions?: boolean;
};

/** /readyz promises an answer within 2 s. */
const PING_TIMEOUT_MS = 2_000;

/**
 * The MongoDB adapter of the storage port. Returns at once, even while mongod is down (the
 * API must listen without its database): connecting and building indexes start now, and an
 * operation that finds them failed tries again, answering DatabaseUnavailableError meanwhile.
 */
export function openMongoStore(uri: string, options: MongoStoreOptions = {}): Store {
  const h = openHandle(uri, { transactions: options.transactions });
  h.ready().catch((err: unknown) => {
    if (h.isClosed()) return;
    options.logger?.warn(
      { err: toStoreError(err) },
      'MongoDB is not ready yet; the next database operation retries',
    );
  });

  const write = mongoWriter(h);

  return {
    kind: 'mongodb',
    provisionUser: (input, options) => write(options, (w) => provisionUser(h, w, input)),
    findUserByClerkId: mapped((clerkUserId) => findUserByClerkId(h, clerkUserId)),
    setEmailIfMissing: (clerkUserId, email, options) =>
      write(options, (w) => setEmailIfMissing(h, w, clerkUserId, email)),
    updateProfile: (clerkUserId, changes, options) =>
      write(options, (w) => updateProfile(h, w, clerkUserId, changes)),
    // A read; only a portfolio missing after a crash costs a write, with the default deadline.
    getPortfolio: mapped(
      async (userId) =>
        (await findPortfolio(h, userId)) ?? write(undefined, (w) => repairPortfolio(h, w, userId)),
    ),
    updatePortfolio: (userId, changes, options) =>
      write(options, (w) => updatePortfolio(h, w, userId, changes)),
    applyClerkUser: (eventId, update, options) =>
      write(options, (w) => applyClerkUser(h, w, eventId, update)),
    deleteUserData: (clerkUserId, eventId, options) =>
      write(options, (w) => deleteUserData(h, w, clerkUserId, eventId)),
    revokeSession: (sessionId, eventId, cause, options) =>
      write(options, (w) => revokeSession(h, w, sessionId, eventId, cause)),
    isSessionRevoked: mapped((sessionId) => isSessionRevoked(h, sessionId)),
    recordSignIn: (eventId, input, { knownForMs }, options) =>
      write(options, (w) => recordSignIn(h, w, eventId, input, knownForMs)),
    revokeOtherSessions: (clerkUserId, sessionIds, options) =>
      write(options, (w) => revokeOtherSessions(h, w, clerkUserId, sessionIds)),
    setAccountActive: (clerkUserId, active, change, options) =>
      write(options, (w) => setAccountActive(h, w, clerkUserId, active, change)),
    listSecurityEvents: mapped((userId, page) => security.listSecurityEvents(h, userId, page)),
    claimNewDeviceEmail: (clerkUserId, now, since, options) =>
      write(options, (w) => security.claimNewDeviceEmail(h, w, clerkUserId, now, since)),
    purgeSecurityEvents: (before, options) =>
      write(options, (w) => security.purgeSecurityEvents(h, w, before)),
    registerPushToken: (input, options) => write(options, (w) => registerPushToken(h, w, input)),
    unregisterPushToken: (userId, token, options) =>
      write(options, (w) => unregisterPushToken(h, w, userId, token)),
    listPushTokens: mapped((userId) => listPushTokens(h, userId)),
    applySubscriptionChange: (eventId, eventAt, change, options) =>
      write(options, (w) => applySubscriptionChange(h, w, eventId, eventAt, change)),
    saveEmailLink: (link, quota, options) =>
      write(options, (w) => links.saveEmailLink(h, w, link, quota)),
    claimEmailLink: (input, options) => write(options, (w) => links.claimEmailLink(h, w, input)),
    completeEmailLink: (tokenHash, claimId, now, clerkUserId, options) =>
      write(options, (w) => links.completeEmailLink(h, w, tokenHash, claimId, now, clerkUserId)),
    releaseEmailLink: (tokenHash, claimId, options) =>
      write(options, (w) => links.releaseEmailLink(h, w, tokenHash, claimId)),
    purgeEmailLinks: (expiredBefore, options) =>
      write(options, (w) => links.purgeEmailLinks(h, w, expiredBefore)),
    ping: mapped(() => answerWithin(ping(h), PING_TIMEOUT_MS)),
    close: () => h.close(),
  };
}

async function ping(h: MongoHandle): Promise<void> {
  // Only the connection matters for readiness; index building is the operations' business.
  const db = await h.database();
  await db.admin().ping();
}

/** Every read reports connection failures as the port's DatabaseUnavailableError. */
function mapped<A extends unknown[], R>(
  operation: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await operation(...args);
    } catch (err) {
      throw toStoreError(err);
    }
  };
}
