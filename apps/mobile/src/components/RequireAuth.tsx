import { useAuth } from '@clerk/expo';
import { Redirect } from 'expo-router';
import type { ReactNode } from 'react';

import { Splash } from './Splash';

/**
 * Guards the `(app)` group. Children render only once Clerk has loaded *and* a session exists,
 * so protected content never flashes while the session is being restored or after sign-out.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  if (!isLoaded) return <Splash />;
  if (!isSignedIn) return <Redirect href="/sign-in" />;
  return <>{children}</>;
}
