import { router } from 'expo-router';

import { signOutOfClerk } from './clerkSession';
import { logOutPurchases } from './purchases';
import { queryClient } from './queryClient';
import { forgetPushToken } from './pushRegistration';
import { setSessionEndNotice, type SessionEndReason } from './sessionEndNotice';

let ending: Promise<void> | null = null;

/**
 * Ends the local session: cached server state dropped, RevenueCat back to anonymous, Clerk
 * signed out, sign-in screen shown with why (`expired`, `deleted`; nothing for a sign-out the
 * user asked for). Single-flight: a 401 racing a sign-out neither signs out twice nor waits for
 * it (the API client awaits this from inside a request the sign-out itself may be waiting on).
 */
export function endSession(
  reason: SessionEndReason,
  /** Clean-up that still needs the session (the sign-out's push-token unregistration). */
  before?: () => Promise<void>,
): Promise<void> {
  if (ending !== null) return Promise.resolve();
  ending = (async () => {
    await before?.().catch(() => undefined);
    setSessionEndNotice(reason === 'signed-out' ? null : reason);
    forgetPushToken();
    await logOutPurchases();
    try {
      await signOutOfClerk();
    } finally {
      queryClient.clear();
      router.replace('/sign-in');
    }
  })().finally(() => {
    ending = null;
  });
  return ending;
}
