import type { PushToken, PushTokenBody } from '@assetra/shared';

import { getDevicePushToken } from './pushNotifications';

/** The two routes this needs: assetraApi.ts provides them (and imports this module). */
type PushTokenRoutes = {
  registerPushToken(body: PushTokenBody): Promise<unknown>;
  unregisterPushToken(token: PushToken): Promise<unknown>;
};

let registered: PushToken | null = null;

/**
 * Registers this device's Expo push token for the signed-in user; best-effort. Asks for the OS
 * permission only with `ask` (the user just tapped "Turn on notifications"). True when registered.
 */
export async function registerPushToken(
  api: PushTokenRoutes,
  options: { ask: boolean } = { ask: false },
): Promise<boolean> {
  const device = await getDevicePushToken(options);
  if (device === null) return false;
  try {
    await api.registerPushToken(device);
    registered = device.token;
    return true;
  } catch {
    // Offline: the next app start registers again (the route is idempotent).
    return false;
  }
}

/** Sign-out waits for the unregistration at most this long (the API client's own is 15 s). */
export const UNREGISTER_TIMEOUT_MS = 1_500;

/**
 * Unregisters it while the session is still valid (the API needs the token to know the user).
 * Best effort and bounded: the API drops the tokens of ended sessions anyway, so a slow or
 * unreachable API must not hold the sign-out.
 */
export async function unregisterPushToken(
  api: PushTokenRoutes,
  timeoutMs = UNREGISTER_TIMEOUT_MS,
): Promise<void> {
  const token = registered;
  if (token === null) return;
  registered = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([api.unregisterPushToken(token).catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function forgetPushToken(): void {
  registered = null;
}
