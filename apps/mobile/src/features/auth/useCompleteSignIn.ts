import { router } from 'expo-router';
import { useCallback } from 'react';

import { setSessionEndNotice } from '../../services/sessionEndNotice';
import { markFreshSignIn } from '../lock/freshSignIn';
import type { FlowProblem } from './authErrors';

/**
 * Runs once Clerk has an active session: opens `/home`. The API bootstrap happens there, in the
 * signed-in layout (`features/session/BootstrapGate`), which also owns the "signed in, Assetra
 * can't be reached" state; so this never has a problem to report any more.
 */
export function useCompleteSignIn(): () => Promise<FlowProblem | null> {
  return useCallback(() => {
    markFreshSignIn();
    setSessionEndNotice(null); // "why you were signed out" is stale once signed in again
    router.replace('/home');
    return Promise.resolve(null);
  }, []);
}
