import { router } from 'expo-router';

import { signOutOfClerk } from './clerkSession';
import { logOutPurchases } from './purchases';
import { forgetPushToken } from './pushRegistration';

/**
 * Ends the local session: RevenueCat back to anonymous, Clerk signed out, sign-in screen shown.
 * Used when the API refuses a fresh token and, after the API clean-up, by the sign-out button.
 */
export async function endSession(): Promise<void> {
  forgetPushToken();
  await logOutPurchases();
  try {
    await signOutOfClerk();
  } finally {
    router.replace('/sign-in');
  }
}
