import { useCallback } from 'react';

import { getApi } from '../../services/assetraApi';
import { unregisterPushToken } from '../../services/pushRegistration';
import { endSession } from '../../services/sessionEnd';
import { forgetUnlockKey } from '../lock/deviceOwnerAuth';

/**
 * Sign-out: the push token is unregistered first, while the session still authenticates, but
 * for a bounded moment only (best effort); then the session ends without a notice.
 */
export function useSignOut(): () => Promise<void> {
  return useCallback(
    () =>
      endSession('signed-out', async () => {
        await Promise.all([unregisterPushToken(getApi()), forgetUnlockKey()]);
      }),
    [],
  );
}
