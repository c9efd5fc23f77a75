import * as LocalAuthentication from 'expo-local-authentication';
import * as SecureStore from 'expo-secure-store';

import {
  authenticateDeviceOwner,
  enrolUnlockKey,
  failureFromSecureStoreError,
} from './deviceOwnerAuth';

jest.mock('expo-secure-store', () => {
  const items = new Map<string, string>();
  return {
    WHEN_UNLOCKED_THIS_DEVICE_ONLY: 5,
    __items: items,
    canUseBiometricAuthentication: jest.fn(() => true),
    setItemAsync: jest.fn(async (key: string, value: string) => void items.set(key, value)),
    getItemAsync: jest.fn(async (key: string) => items.get(key) ?? null),
    deleteItemAsync: jest.fn(async (key: string) => void items.delete(key)),
  };
});
jest.mock('expo-local-authentication', () => ({ authenticateAsync: jest.fn() }));
jest.mock('expo-crypto', () => ({
  CryptoDigestAlgorithm: { SHA256: 'SHA-256' },
  digestStringAsync: jest.fn(async (_algorithm: string, value: string) => `sha256(${value})`),
  getRandomBytes: jest.fn((n: number) => new Uint8Array(n).fill(7)),
}));

const store = SecureStore as jest.Mocked<typeof SecureStore> & { __items: Map<string, string> };
const localAuth = jest.mocked(LocalAuthentication);

beforeEach(() => {
  store.__items.clear();
  store.canUseBiometricAuthentication.mockReturnValue(true);
  store.getItemAsync.mockImplementation(async (key: string) => store.__items.get(key) ?? null);
  localAuth.authenticateAsync.mockResolvedValue({ success: true });
});

describe('deviceOwnerAuth', () => {
  it('enrols a keychain item that requires biometrics and never leaves the device', async () => {
    const enrolled = await enrolUnlockKey();

    expect(enrolled).toBe('enrolled');
    expect(store.setItemAsync).toHaveBeenCalledWith(
      'assetra.unlock.key',
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.objectContaining({ requireAuthentication: true, keychainAccessible: 5 }),
    );
  });

  it('unlocks by reading the bound item, without trusting authenticateAsync', async () => {
    await enrolUnlockKey();

    const outcome = await authenticateDeviceOwner('biometric');

    expect(outcome).toEqual({ ok: true });
    expect(store.getItemAsync).toHaveBeenCalledWith(
      'assetra.unlock.key',
      expect.objectContaining({ requireAuthentication: true }),
    );
    expect(localAuth.authenticateAsync).not.toHaveBeenCalled();
  });

  it('stays locked when the OS refuses the item even if authenticateAsync would say success', async () => {
    await enrolUnlockKey();
    store.getItemAsync.mockImplementation(async (key: string) => {
      if (key === 'assetra.unlock.key') throw new Error('User canceled the operation.');
      return store.__items.get(key) ?? null;
    });

    const outcome = await authenticateDeviceOwner('biometric');

    expect(outcome).toEqual({ ok: false, error: 'user_cancel' });
  });

  it('reports changed biometrics when the OS has dropped the item, and forgets the key', async () => {
    await enrolUnlockKey();
    store.__items.delete('assetra.unlock.key');

    const outcome = await authenticateDeviceOwner('biometric');

    expect(outcome).toEqual({ ok: false, error: 'biometrics_changed' });
    expect(store.__items.has('assetra.unlock.digest')).toBe(false);
  });

  it('refuses a value that is not the enrolled one', async () => {
    await enrolUnlockKey();
    store.__items.set('assetra.unlock.key', 'forged');

    const outcome = await authenticateDeviceOwner('biometric');

    expect(outcome).toEqual({ ok: false, error: 'biometrics_changed' });
  });

  it('never reports a key that was never enrolled as a biometry change: the OS prompt unlocks', async () => {
    const outcome = await authenticateDeviceOwner('biometric');

    expect(outcome).toEqual({ ok: true });
    expect(localAuth.authenticateAsync).toHaveBeenCalledWith(
      expect.objectContaining({ disableDeviceFallback: false }),
    );
  });

  it('reports a cancelled enrolment prompt as cancelled and leaves no half-written key', async () => {
    store.setItemAsync.mockRejectedValueOnce(new Error('User canceled the operation.'));

    const outcome = await enrolUnlockKey();

    expect(outcome).toBe('cancelled');
    expect(store.__items.size).toBe(0);
  });

  it('uses the OS prompt with device-passcode fallback for the passcode path', async () => {
    localAuth.authenticateAsync.mockResolvedValue({ success: false, error: 'user_cancel' });

    const outcome = await authenticateDeviceOwner('passcode');

    expect(outcome).toEqual({ ok: false, error: 'user_cancel' });
    expect(localAuth.authenticateAsync).toHaveBeenCalledWith(
      expect.objectContaining({ disableDeviceFallback: false }),
    );
  });

  it('falls back to the OS prompt on a device without usable biometrics', async () => {
    store.canUseBiometricAuthentication.mockReturnValue(false);
    localAuth.authenticateAsync.mockResolvedValue({ success: false, error: 'not_enrolled' });

    const outcome = await authenticateDeviceOwner('biometric');

    expect(outcome).toEqual({ ok: false, error: 'not_enrolled' });
    expect(await enrolUnlockKey()).toBe('unavailable');
  });

  it.each([
    ['User canceled the authentication. Cancel', 'user_cancel'],
    ['Lockout. Too many attempts', 'lockout'],
    ['No biometrics enrolled. None', 'not_enrolled'],
    ['Key permanently invalidated', 'biometrics_changed'],
    ['I/O error.', 'authentication_failed'],
  ])('maps the SecureStore error "%s" to %s', (message, failure) => {
    expect(failureFromSecureStoreError(new Error(message))).toBe(failure);
  });
});
