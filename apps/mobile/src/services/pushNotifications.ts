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

/**
 * The Expo push token of this device, or null when there is none to register: web, a simulator,
 * notifications not granted, or no EAS project id configured. Never throws. The only
 * module that imports expo-notifications, so push can be swapped or disabled in one place.
 */
export async function getDevicePushToken(): Promise<DevicePushToken | null> {
  if (Platform.OS !== 'ios' && Platform.OS !== 'android') return null;
  if (!Device.isDevice) return null;
  const projectId = easProjectId();
  if (projectId === null) return null;
  try {
    const existing = await Notifications.getPermissionsAsync();
    const permission = existing.granted ? existing : await Notifications.requestPermissionsAsync();
    if (!permission.granted) return null;
    const { data } = await Notifications.getExpoPushTokenAsync({ projectId });
    const token = PushTokenSchema.safeParse(data);
    return token.success ? { token: token.data, platform: Platform.OS } : null;
  } catch {
    return null;
  }
}
