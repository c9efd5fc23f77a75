import * as SecureStore from 'expo-secure-store';
import { Platform } from 'react-native';
import { z } from 'zod';

/** How long the API's links live; the stored verifier is useless after that. */
export const LINK_TTL_MS = 15 * 60_000;

const KEY = 'assetra.emailLink.pending';

/**
 * This install's half of a requested link: the PKCE verifier (never sent until redemption), the
 * address it went to, and when the newest link for it expires.
 */
const PendingLinkSchema = z.object({
  email: z.string().min(1),
  verifier: z.string().min(43),
  expiresAt: z.number(),
});
export type PendingLink = z.infer<typeof PendingLinkSchema>;

type Backend = {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
  remove(): Promise<void>;
};

// THIS_DEVICE_ONLY: kept out of backups and device migration, so the link works on this install only.
const keychain: SecureStore.SecureStoreOptions = {
  keychainAccessible: SecureStore.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
};

const native: Backend = {
  get: () => SecureStore.getItemAsync(KEY, keychain),
  set: (value) => SecureStore.setItemAsync(KEY, value, keychain),
  remove: () => SecureStore.deleteItemAsync(KEY, keychain),
};

// Browsers have no SecureStore (Clerk's token cache is off there too). sessionStorage keeps the
// verifier for this tab only, across the reload that opening the link causes; memory if blocked.
const memory = new Map<string, string>();
function tabStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
const web: Backend = {
  get: () => Promise.resolve(tabStorage()?.getItem(KEY) ?? memory.get(KEY) ?? null),
  set: (value) => {
    const storage = tabStorage();
    if (storage) storage.setItem(KEY, value);
    else memory.set(KEY, value);
    return Promise.resolve();
  },
  remove: () => {
    tabStorage()?.removeItem(KEY);
    memory.delete(KEY);
    return Promise.resolve();
  },
};

const backend = (): Backend => (Platform.OS === 'web' ? web : native);

export async function savePendingLink(link: PendingLink): Promise<void> {
  await backend().set(JSON.stringify(link));
}

export async function clearPendingLink(): Promise<void> {
  await backend().remove();
}

/** The stored request, or null when there is none or it cannot be read (treated as absent). */
export async function loadPendingLink(): Promise<PendingLink | null> {
  let raw: string | null;
  try {
    raw = await backend().get();
  } catch {
    return null;
  }
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  const result = PendingLinkSchema.safeParse(parsed);
  if (result.success) return result.data;
  await clearPendingLink().catch(() => undefined);
  return null;
}
