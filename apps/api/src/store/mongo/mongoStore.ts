import type { Store } from '../port.js';
import { openHandle, type MongoHandle } from './connection.js';
import * as links from './emailLinks.js';
import { toStoreError, answerWithin } from './errors.js';
import { applyClerkUser, deleteUserData, isSessionRevoked, revokeSession } from './lifecycle.js';
import { getPortfolio, updatePortfolio } from './portfolios.js';
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

  return {
    kind: 'mongodb',
    provisionUser: mapped((input) => provisionUser(h, input)),
    findUserByClerkId: mapped((clerkUserId) => findUserByClerkId(h, clerkUserId)),
    setEmailIfMissing: mapped((clerkUserId, email) => setEmailIfMissing(h, clerkUserId, email)),
    updateProfile: mapped((clerkUserId, changes) => updateProfile(h, clerkUserId, changes)),
    getPortfolio: mapped((userId) => getPortfolio(h, userId)),
    updatePortfolio: mapped((userId, changes) => updatePortfolio(h, userId, changes)),
    applyClerkUser: mapped((eventId, update) => applyClerkUser(h, eventId, update)),
    deleteUserData: mapped((clerkUserId, eventId) => deleteUserData(h, clerkUserId, eventId)),
    revokeSession: mapped((sessionId, eventId, cause) =>
      revokeSession(h, sessionId, eventId, cause),
    ),
    isSessionRevoked: mapped((sessionId) => isSessionRevoked(h, sessionId)),
    recordSignIn: mapped((eventId, input, { knownForMs }) =>
      recordSignIn(h, eventId, input, knownForMs),
    ),
    revokeOtherSessions: mapped((clerkUserId, sessionIds) =>
      revokeOtherSessions(h, clerkUserId, sessionIds),
    ),
    setAccountActive: mapped((clerkUserId, active, change) =>
      setAccountActive(h, clerkUserId, active, change),
    ),
    listSecurityEvents: mapped((userId, page) => security.listSecurityEvents(h, userId, page)),
    claimNewDeviceEmail: mapped((clerkUserId, now, since) =>
      security.claimNewDeviceEmail(h, clerkUserId, now, since),
    ),
    purgeSecurityEvents: mapped((before) => security.purgeSecurityEvents(h, before)),
    registerPushToken: mapped((input) => registerPushToken(h, input)),
    unregisterPushToken: mapped((userId, token) => unregisterPushToken(h, userId, token)),
    listPushTokens: mapped((userId) => listPushTokens(h, userId)),
    applySubscriptionChange: mapped((eventId, eventAt, change) =>
      applySubscriptionChange(h, eventId, eventAt, change),
    ),
    saveEmailLink: mapped((link, quota) => links.saveEmailLink(h, link, quota)),
    claimEmailLink: mapped((input) => links.claimEmailLink(h, input)),
    completeEmailLink: mapped((tokenHash, claimId, now, clerkUserId) =>
      links.completeEmailLink(h, tokenHash, claimId, now, clerkUserId),
    ),
    releaseEmailLink: mapped((tokenHash, claimId) => links.releaseEmailLink(h, tokenHash, claimId)),
    purgeEmailLinks: mapped((expiredBefore) => links.purgeEmailLinks(h, expiredBefore)),
    ping: mapped(() => answerWithin(ping(h), PING_TIMEOUT_MS)),
    close: () => h.close(),
  };
}

async function ping(h: MongoHandle): Promise<void> {
  // Only the connection matters for readiness; index building is the operations' business.
  const db = await h.database();
  await db.admin().ping();
}

/** Every port method reports connection failures as the port's DatabaseUnavailableError. */
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
