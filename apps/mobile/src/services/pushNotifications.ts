import Constants from 'expo-constants';
import * as Device from 'expo-device';
import * as Notifications from 'expo-notifications';
import { Platform } from 'react-native';

import { PushTokenSchema, type PushPlatform, type PushToken } from '@assetra/shared';
import { z } from 'zod';

export type DevicePushToken = { token: PushToken; platform: PushPlatform };

const EasExtraSchema = z.object({ eas: z.object({ projectId: z.string().min(1) }) });

/** Written into app.json's `extra.eas.projectId` by `eas init`; push tokens are scoped to it. */
function easProjectId(): string | null {
  const extra: unknown = Constants.expoConfig?.extra;
  const parsed = EasExtraSchema.safeParse(extra);
  return parsed.success ? parsed.data.eas.projectId : null;
}

/** The platform push tokens exist for: a real iOS or Android device (not web, not a simulator). */
function pushPlatform(): PushPlatform | null {
  if (Platform.OS !== 'ios' && Platform.OS !== 'android') return null;
  return Device.isDevice ? Platform.OS : null;
}

export type NotificationPermission = 'granted' | 'ask' | 'denied' | 'unsupported';

/** Whether the app may still ask (the OS shows its dialog only while this is `ask`). */
export async function notificationPermission(): Promise<NotificationPermission> {
  if (pushPlatform() === null || easProjectId() === null) return 'unsupported';
  try {
    const current = await Notifications.getPermissionsAsync();
    if (current.granted) return 'granted';
    return current.canAskAgain ? 'ask' : 'denied';
  } catch {
    return 'unsupported';
  }
}

/**
 * The Expo push token of this device, or null when there is none to register: web, a simulator,
 * notifications not granted, or no EAS project id configured. Never throws. The OS permission
 * dialog is shown only with `ask` (after the app explained why, never straight after sign-in).
 * The only module that imports expo-notifications, so push can be swapped in one place.
 */
export async function getDevicePushToken(
  options: { ask: boolean } = { ask: false },
): Promise<DevicePushToken | null> {
  const platform = pushPlatform();
  if (platform === null) return null;
  const projectId = easProjectId();
  if (projectId === null) return null;
  try {
    const existing = await Notifications.getPermissionsAsync();
    const permission =
      existing.granted || !options.ask ? existing : await Notifications.requestPermissionsAsync();
    if (!permission.granted) return null;
    const { data } = await Notifications.getExpoPushTokenAsync({ projectId });
    const token = PushTokenSchema.safeParse(data);
    return token.success ? { token: token.data, platform } : null;
  } catch {
    return null;
  }
}
