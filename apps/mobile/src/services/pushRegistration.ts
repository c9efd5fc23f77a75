import type { PushToken } from '@assetra/shared';

import type { AssetraApi } from './assetraApi';
import { getDevicePushToken } from './pushNotifications';

let registered: PushToken | null = null;

/** Registers this device's Expo push token for the signed-in user; best-effort. */
export async function registerPushToken(api: AssetraApi): Promise<void> {
  const device = await getDevicePushToken();
  if (device === null) return;
  try {
    await api.registerPushToken(device);
    registered = device.token;
  } catch {
    // Offline: the next app start registers again (the route is idempotent).
  }
}

/** Unregisters it while the session is still valid (the API needs the token to know the user). */
export async function unregisterPushToken(api: AssetraApi): Promise<void> {
  const token = registered;
  if (token === null) return;
  try {
    await api.unregisterPushToken(token);
  } catch {
    // The API drops tokens of ended sessions; failing here must not block signing out.
  }
  registered = null;
}

export function forgetPushToken(): void {
  registered = null;
}
