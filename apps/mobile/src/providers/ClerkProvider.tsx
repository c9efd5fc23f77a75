import { ClerkProvider as ClerkExpoProvider } from '@clerk/expo';
import { passkeys } from '@clerk/expo/passkeys';
import { tokenCache } from '@clerk/expo/token-cache';
import type { ReactNode } from 'react';

import { ConfigurationScreen } from '../components/ConfigurationScreen';
import { configResult } from '../config';

/**
 * Clerk for the whole app: the publishable key from `EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY`, the
 * session persisted in SecureStore (`tokenCache`; Keychain / Keystore, never AsyncStorage), and
 * native passkeys. A missing or wrong key shows what to fix instead of crashing.
 */
export function ClerkProvider({ children }: { children: ReactNode }) {
  if (!configResult.ok) return <ConfigurationScreen problems={configResult.problems} />;
  return (
    <ClerkExpoProvider
      publishableKey={configResult.config.clerkPublishableKey}
      tokenCache={tokenCache}
      __experimental_passkeys={passkeys}
    >
      {children}
    </ClerkExpoProvider>
  );
}
