import * as Crypto from 'expo-crypto';
import * as LocalAuthentication from 'expo-local-authentication';
import * as SecureStore from 'expo-secure-store';
import { Platform } from 'react-native';

import type { AuthFailure, AuthMethod, AuthOutcome } from '../../hooks/useAppLock';

export const UNLOCK_PROMPT = 'Unlock Assetra';

/**
 * Whether this platform can prove the device owner, and so whether the app lock runs: browsers
 * have no biometric prompt, so the web build is not locked. (The end-to-end web build swaps this
 * module for e2e/double/deviceOwnerAuth.ts, whose stand-in prompt the browser test answers.)
 */
export function deviceOwnerAuthAvailable(): boolean {
  return Platform.OS === 'ios' || Platform.OS === 'android';
}

/**
 * The unlock is bound to a keychain / Keystore item that the OS releases only after a
 * biometric match (iOS `.biometryCurrentSet`, Android `setUserAuthenticationRequired` with a
 * CryptoObject), so a hooked `authenticateAsync() → true` does not unlock (OWASP MASTG-TEST-0266).
 * Its SHA-256 is kept beside it to check that what came back is the enrolled value.
 */
const KEY_ITEM = 'assetra.unlock.key';
const DIGEST_ITEM = 'assetra.unlock.digest';

const boundOptions: SecureStore.SecureStoreOptions = {
  requireAuthentication: true,
  keychainAccessible: SecureStore.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
  authenticationPrompt: UNLOCK_PROMPT,
};
const plainOptions: SecureStore.SecureStoreOptions = {
  keychainAccessible: SecureStore.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
};

function digestOf(value: string): Promise<string> {
  return Crypto.digestStringAsync(Crypto.CryptoDigestAlgorithm.SHA256, value);
}

function randomHex(bytes: number): string {
  return Array.from(Crypto.getRandomBytes(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export type EnrolOutcome = 'enrolled' | 'unavailable' | 'cancelled' | 'failed';

/** Whether biometric unlock can be bound to a keychain item on this device. */
export function canEnrolUnlockKey(): boolean {
  return SecureStore.canUseBiometricAuthentication();
}

/** Whether an unlock key was enrolled here (and not dropped as a biometry change since). */
export async function hasUnlockKey(): Promise<boolean> {
  return (await SecureStore.getItemAsync(DIGEST_ITEM, plainOptions)) !== null;
}

/**
 * Creates the bound item. On Android the Keystore asks for a biometric to create it, so the
 * caller explains first and lets a cancel be retried; on iOS writing it prompts for nothing.
 */
export async function enrolUnlockKey(): Promise<EnrolOutcome> {
  if (!canEnrolUnlockKey()) return 'unavailable';
  try {
    const secret = randomHex(32);
    await SecureStore.setItemAsync(KEY_ITEM, secret, boundOptions);
    await SecureStore.setItemAsync(DIGEST_ITEM, await digestOf(secret), plainOptions);
    return 'enrolled';
  } catch (error) {
    await forgetUnlockKey();
    return failureFromSecureStoreError(error) === 'user_cancel' ? 'cancelled' : 'failed';
  }
}

export async function forgetUnlockKey(): Promise<void> {
  await Promise.allSettled([
    SecureStore.deleteItemAsync(KEY_ITEM, boundOptions),
    SecureStore.deleteItemAsync(DIGEST_ITEM, plainOptions),
  ]);
}

/** expo-secure-store rejects with platform messages, not codes; map the ones that matter. */
export function failureFromSecureStoreError(error: unknown): AuthFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (/cancel/i.test(message)) return 'user_cancel';
  if (/lockout/i.test(message)) return 'lockout';
  if (/no biometrics|not enrolled/i.test(message)) return 'not_enrolled';
  if (/invalidated|permanently/i.test(message)) return 'biometrics_changed';
  return 'authentication_failed';
}

async function unlockWithBoundKey(expectedDigest: string): Promise<AuthOutcome> {
  let secret: string | null;
  try {
    secret = await SecureStore.getItemAsync(KEY_ITEM, boundOptions);
  } catch (error) {
    return { ok: false, error: failureFromSecureStoreError(error) };
  }
  // The OS drops the item when the enrolled fingerprints / faces change (design rule 10).
  if (secret === null || (await digestOf(secret)) !== expectedDigest) {
    await forgetUnlockKey();
    return { ok: false, error: 'biometrics_changed' };
  }
  return { ok: true };
}

/**
 * The app lock's `authenticate`. Biometric unlock reads the bound item; the device passcode
 * path (lockout, no biometrics enrolled, no key set up yet) goes through the OS prompt, which
 * is as far as the platform lets a passcode be used.
 */
export async function authenticateDeviceOwner(method: AuthMethod): Promise<AuthOutcome> {
  if (method === 'biometric' && SecureStore.canUseBiometricAuthentication()) {
    const digest = await SecureStore.getItemAsync(DIGEST_ITEM, plainOptions);
    // Never enrolled (set-up declined or cancelled) is not a biometry change: no digest means
    // no key was ever bound here, so the OS prompt unlocks and the app offers set-up again.
    if (digest !== null) return unlockWithBoundKey(digest);
  }
  const result = await LocalAuthentication.authenticateAsync({
    promptMessage: UNLOCK_PROMPT,
    cancelLabel: 'Cancel',
    disableDeviceFallback: false,
  });
  return result.success ? { ok: true } : { ok: false, error: result.error };
}
