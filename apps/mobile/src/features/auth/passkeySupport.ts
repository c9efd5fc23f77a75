import { Platform } from 'react-native';

export type PasskeySupport = { available: true } | { available: false; explanation: string };

/** Clerk's native passkeys need iOS 16+ (AuthenticationServices) or Android 9+ (Credential Manager). */
const MIN_IOS = 16;
const MIN_ANDROID_API = 28;

/**
 * Whether this device can sign in with a passkey through the app. The web build cannot: its
 * passkeys would belong to whatever domain serves it, not to assetra.app, where they live.
 */
export function passkeySupport(
  os: typeof Platform.OS = Platform.OS,
  version: string | number = Platform.Version,
): PasskeySupport {
  const major = typeof version === 'number' ? version : Number.parseInt(version, 10);
  if (os === 'ios' && major >= MIN_IOS) return { available: true };
  if (os === 'android' && major >= MIN_ANDROID_API) return { available: true };
  return {
    available: false,
    explanation:
      os === 'web'
        ? 'Have a passkey? Sign in with it in the Assetra app on your phone.'
        : 'Passkeys need iOS 16 or Android 9 or later. Use your email instead.',
  };
}
