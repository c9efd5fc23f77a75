import { router } from 'expo-router';
import { useCallback } from 'react';

import { setSessionEndNotice } from '../../services/sessionEndNotice';
import { markFreshSignIn } from '../lock/freshSignIn';

/**
 * Runs once Clerk has an active session: opens `/home`. The API bootstrap happens there, in the
 * signed-in layout (`features/session/BootstrapGate`), which also owns the "signed in, Assetra
 * can't be reached" state, so a sign-in flow has nothing left to fail after this.
 */
export function useCompleteSignIn(): () => void {
  return useCallback(() => {
    markFreshSignIn();
    setSessionEndNotice(null); // "why you were signed out" is stale once signed in again
    router.replace('/home');
  }, []);
}
