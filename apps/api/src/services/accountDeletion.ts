import type { Logger } from 'pino';
import { HttpError } from '../errors.js';
import type { Store, UserRecord } from '../store/port.js';
import type { VerifiedSession } from './sessionToken.js';
import { ClerkUnavailableError, type ClerkGateway } from './clerk.js';

/** A sensitive action needs a first factor verified at most this many minutes ago (`fva[0]`). */
export const REVERIFY_AFTER_MINUTES = 10;

/**
 * `DELETE /users/me`: Clerk first (if Clerk refuses, nothing local is touched and the user can
 * retry), then every local record in one store operation that leaves the tombstone. If the
 * local step fails after Clerk's succeeded, Clerk's `user.deleted` webhook completes it.
 */
export function createAccountDeletion(deps: { store: Store; clerk: ClerkGateway; logger: Logger }) {
  return async function deleteAccount(session: VerifiedSession, user: UserRecord): Promise<void> {
    if (user.deletedAt !== null) return; // already gone: 204 again, without calling Clerk
    if (!user.isActive) throw new HttpError('account_disabled');
    const firstFactorAge = session.fva?.[0];
    if (
      firstFactorAge === undefined ||
      firstFactorAge < 0 ||
      firstFactorAge > REVERIFY_AFTER_MINUTES
    ) {
      throw new HttpError('reverification_required', 'Sign in again to delete your account');
    }
    try {
      await deps.clerk.deleteUser(user.clerkUserId);
    } catch (error) {
      if (error instanceof ClerkUnavailableError) {
        deps.logger.warn(
          { clerkUserId: user.clerkUserId, err: { message: error.message } },
          'Clerk user deletion failed',
        );
        throw new HttpError(
          'upstream_unavailable',
          'Could not delete the account at the identity provider; try again',
        );
      }
      throw error;
    }
    await deps.store.deleteUserData(user.clerkUserId);
    deps.logger.info({ clerkUserId: user.clerkUserId }, 'account deleted');
  };
}
