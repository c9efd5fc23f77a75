import { passkeys } from '@clerk/expo/passkeys';
import { Platform } from 'react-native';

/**
 * Whether this device can create a passkey for Assetra: a native build whose OS supports them
 * (iOS 16+, Android 9+ with Google Play services). Browsers of the web build are not offered
 * one: its passkey would be bound to the web origin, not to the app's associated domain.
 */
export function canCreatePasskeys(): boolean {
  if (Platform.OS !== 'ios' && Platform.OS !== 'android') return false;
  try {
    return passkeys.isSupported();
  } catch {
    return false;
  }
}

export const PASSKEYS_UNSUPPORTED =
  'Passkeys are added in the Assetra app on an iPhone or Android phone. Once added, you can sign in with one there.';
