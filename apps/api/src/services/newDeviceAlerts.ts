import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { SignInInput, SignInNovelty, Store } from '../store/port.js';
import { describeMailError, type Mailer } from './mailer.js';
import { newDeviceEmail } from './newDeviceMessage.js';

/** How long a device or country counts as known to the account (the new-device rule). */
export const KNOWN_DEVICE_MS = 90 * 24 * 60 * 60 * 1000;

/** Told of each sign-in a Clerk delivery recorded, after the webhook has been answered. */
export type SignInListener = (signIn: SignInInput, novelty: SignInNovelty) => void;

/** At most one new-device email per user per hour, across instances (the store decides). */
const ONE_EMAIL_PER_MS = 60 * 60 * 1000;

/** A user in logs: enough to follow one user's alerts, not the id itself. */
const userTag = (clerkUserId: string) =>
  createHash('sha256').update(clerkUserId).digest('hex').slice(0, 16);

/**
 * The new-device email, sent after the `session.created` webhook has been answered: never
 * without SMTP, never on the first sign-in, only for a device or country new within 90 days
 * (the store's judgement), at most once per user per hour. A failure is logged, nothing more.
 */
export function createNewDeviceAlerts(deps: {
  store: Store;
  mailer: Mailer | undefined;
  logger: Logger;
  now?: () => number;
}): SignInListener | undefined {
  const { store, logger } = deps;
  const mailer = deps.mailer;
  if (!mailer) return undefined;
  const now = deps.now ?? Date.now;

  async function alert(target: Mailer, signIn: SignInInput) {
    const { clerkUserId, at, device } = signIn;
    const user = await store.findUserByClerkId(clerkUserId);
    // No user, a tombstone, or no address to write to.
    if (user?.deletedAt !== null || user.email === null) return;
    const sentAt = now();
    const slot = await store.claimNewDeviceEmail(
      clerkUserId,
      new Date(sentAt),
      new Date(sentAt - ONE_EMAIL_PER_MS),
    );
    if (!slot) {
      logger.info({ user: userTag(clerkUserId) }, 'new-device email skipped: one sent this hour');
      return;
    }
    await target.send(newDeviceEmail({ to: user.email, at, device }));
    logger.info({ user: userTag(clerkUserId) }, 'new-device email sent');
  }

  return (signIn, novelty) => {
    if (novelty !== 'new') return;
    alert(mailer, signIn).catch((error: unknown) => {
      logger.warn(
        { user: userTag(signIn.clerkUserId), err: describeMailError(error) },
        'new-device email not sent',
      );
    });
  };
}
