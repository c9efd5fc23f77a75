import { useReverification } from '@clerk/expo';
import { useCallback, useRef, useState } from 'react';

import { describeApiError, isApiError } from '../../services/apiErrors';
import { getApi } from '../../services/assetraApi';
import { endSession } from '../../services/sessionEnd';
import { forgetUnlockKey } from '../lock/deviceOwnerAuth';

export type ReverificationRequest = {
  complete: () => void;
  cancel: () => void;
};

/**
 * The shape Clerk's `useReverification` recognises as "verify again, then retry" (the value of
 * `reverificationError()` in @clerk/shared): the API's 403 `reverification_required` maps to it.
 */
const REVERIFICATION_HINT = {
  clerk_error: {
    type: 'forbidden',
    reason: 'reverification-error',
    metadata: { reverification: { level: 'first_factor', afterMinutes: 10 } },
  },
} as const;

export type DeletePhase = 'idle' | 'confirming' | 'deleting';
/** A cancel is the user's choice, said in a neutral tone; a failure is an error. */
export type DeleteNotice = { tone: 'info' | 'error'; text: string };

/**
 * Account deletion: confirm, `DELETE /users/me`; a 403 `reverification_required` runs Clerk's
 * reverification (our own sheet, `onNeedsReverification`) and retries once; then sign out.
 */
export function useDeleteAccount() {
  const [phase, setPhase] = useState<DeletePhase>('idle');
  const [notice, setNotice] = useState<DeleteNotice | null>(null);
  const [reverification, setReverification] = useState<ReverificationRequest | null>(null);
  const attempts = useRef(0);

  const deleteWithReverification = useReverification(
    async () => {
      attempts.current += 1;
      try {
        await getApi().deleteMe();
        return { deleted: true } as const;
      } catch (failure) {
        if (attempts.current === 1 && isApiError(failure, 'reverification_required')) {
          return REVERIFICATION_HINT;
        }
        throw failure;
      }
    },
    {
      onNeedsReverification: ({ complete, cancel }) => {
        setReverification({
          complete: () => {
            setReverification(null);
            complete();
          },
          cancel: () => {
            setReverification(null);
            cancel();
          },
        });
      },
    },
  );

  const confirm = useCallback(async () => {
    attempts.current = 0;
    setPhase('deleting');
    setNotice(null);
    try {
      await deleteWithReverification();
    } catch (failure) {
      const cancelled =
        typeof failure === 'object' && failure !== null && 'code' in failure
          ? failure.code === 'reverification_cancelled'
          : false;
      setNotice(
        cancelled
          ? { tone: 'info', text: 'Account deletion was cancelled. Your account is unchanged.' }
          : { tone: 'error', text: describeApiError(failure) },
      );
      setPhase('confirming');
      return;
    }
    await endSession('deleted', forgetUnlockKey);
  }, [deleteWithReverification]);

  return {
    phase,
    notice,
    reverification,
    start: () => {
      setNotice(null);
      setPhase('confirming');
    },
    dismiss: () => setPhase('idle'),
    confirm,
  };
}
