import { createHash, randomBytes } from 'node:crypto';

/**
 * expo-secure-store's async API over a Map: the keychain as seen from JS. `items` lets a test
 * arrange what a previous run of the app left behind, or read what this one stored.
 */
export function fakeSecureStoreModule() {
  const items = new Map<string, string>();
  return {
    WHEN_UNLOCKED_THIS_DEVICE_ONLY: 5,
    AFTER_FIRST_UNLOCK: 0,
    __items: items,
    setItemAsync: jest.fn(async (key: string, value: string) => void items.set(key, value)),
    getItemAsync: jest.fn(async (key: string) => items.get(key) ?? null),
    deleteItemAsync: jest.fn(async (key: string) => void items.delete(key)),
  };
}

/** expo-crypto's CSPRNG and digest, implemented with Node's crypto (what the native side does). */
export function nodeExpoCryptoModule() {
  return {
    CryptoDigestAlgorithm: { SHA256: 'SHA-256' },
    CryptoEncoding: { HEX: 'hex', BASE64: 'base64' },
    getRandomBytesAsync: jest.fn(async (count: number) => new Uint8Array(randomBytes(count))),
    digestStringAsync: jest.fn(
      async (algorithm: string, data: string, options?: { encoding?: string }) => {
        if (algorithm !== 'SHA-256') throw new Error(`unexpected algorithm ${algorithm}`);
        return createHash('sha256')
          .update(data)
          .digest(options?.encoding === 'base64' ? 'base64' : 'hex');
      },
    ),
  };
}

export type FakeSecureStore = ReturnType<typeof fakeSecureStoreModule>;
