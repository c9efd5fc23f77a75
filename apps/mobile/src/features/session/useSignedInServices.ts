import { useAuth } from '@clerk/expo';
import { useEffect } from 'react';

import { getApi } from '../../services/assetraApi';
import { logInPurchases } from '../../services/purchases';
import { registerPushToken } from '../../services/pushRegistration';

/**
 * Once per signed-in Clerk user (fresh sign-in or restored session): RevenueCat is keyed by the
 * Clerk user id, and this device's push token is registered with the API.
 */
export function useSignedInServices(): void {
  const { userId } = useAuth();
  useEffect(() => {
    if (!userId) return;
    void logInPurchases(userId);
    void registerPushToken(getApi());
  }, [userId]);
}
