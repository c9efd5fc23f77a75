import { useCallback } from 'react';

import { getApi } from '../../services/assetraApi';
import { unregisterPushToken } from '../../services/pushRegistration';
import { endSession } from '../../services/sessionEnd';
import { forgetUnlockKey } from '../lock/deviceOwnerAuth';

/** Sign-out: unregister the push token while the session still authenticates, then end it. */
export function useSignOut(): () => Promise<void> {
  return useCallback(async () => {
    await unregisterPushToken(getApi());
    await forgetUnlockKey();
    await endSession();
  }, []);
}
