import type { KeyObject } from 'node:crypto';
import type { VerifiedSession } from './sessionToken.js';
import { createLru, type Lru } from './lru.js';

/** A verified token's identity and the instants its validity depends on. */
export type CachedToken = {
  session: VerifiedSession;
  /** `exp` in ms: the entry is worthless once now ≥ exp + skew. */
  expMs: number;
  /** The later of `nbf` and `iat` in ms. */
  notBeforeMs: number;
  /** The key that verified it: the entry is worthless once its key source stops trusting it. */
  key: KeyObject;
};

export type TokenCache = Pick<Lru<string, CachedToken>, 'get' | 'delete' | 'size' | 'weight'> & {
  set(token: string, entry: CachedToken): void;
};

/** Map entry, entry object and session object, on top of the token string's own bytes. */
const ENTRY_OVERHEAD_BYTES = 400;

/**
 * Verified session tokens by exact token string. Bounded twice: by entries (default 10,000:
 * Clerk tokens live 60 s, so that is 10,000 active clients per minute per instance before any
 * re-verification) and by bytes (default 16 MiB; a token is ~1 KB, at most 8 KB).
 */
export function createTokenCache(
  options: { maxEntries?: number; maxBytes?: number } = {},
): TokenCache {
  const lru = createLru<string, CachedToken>({
    maxEntries: options.maxEntries ?? 10_000,
    maxWeight: options.maxBytes ?? 16 * 1024 * 1024,
  });
  return {
    get: (token) => lru.get(token),
    delete: (token) => lru.delete(token),
    set(token, entry) {
      lru.set(token, entry, token.length + ENTRY_OVERHEAD_BYTES);
    },
    get size() {
      return lru.size;
    },
    get weight() {
      return lru.weight;
    },
  };
}
