import { router } from 'expo-router';
import { useCallback } from 'react';

import { describeApiError, NetworkError } from '../../services/apiErrors';
import { getApi } from '../../services/assetraApi';
import { markFreshSignIn } from '../lock/freshSignIn';
import type { FlowProblem } from './authErrors';

/**
 * Runs once Clerk has an active session: provisions the Assetra user (`POST /auth/bootstrap`,
 * idempotent) and opens `/home`. Resolves to the problem to show when the API could not be reached.
 */
export function useCompleteSignIn(): () => Promise<FlowProblem | null> {
  return useCallback(async () => {
    markFreshSignIn();
    try {
      await getApi().bootstrap();
    } catch (error) {
      if (error instanceof NetworkError) return { kind: 'offline' };
      return { kind: 'error', message: describeApiError(error), code: 'bootstrap_failed' };
    }
    router.replace('/home');
    return null;
  }, []);
}
