import type { PushToken, PushTokenBody } from '@assetra/shared';

import { getDevicePushToken } from './pushNotifications';

/** The two routes this needs: assetraApi.ts provides them (and imports this module). */
type PushTokenRoutes = {
  registerPushToken(body: PushTokenBody): Promise<unknown>;
  unregisterPushToken(token: PushToken): Promise<unknown>;
};

let registered: PushToken | null = null;

/** Registers this device's Expo push token for the signed-in user; best-effort. */
export async function registerPushToken(api: PushTokenRoutes): Promise<void> {
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
export async function unregisterPushToken(api: PushTokenRoutes): Promise<void> {
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
