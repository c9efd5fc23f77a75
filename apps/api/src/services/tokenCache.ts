import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { expiredFrom, type VerifiedSession } from './sessionToken.js';

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

export type TokenCache = {
  /** The entry, unless its token has expired (exp + skew) by the cache's clock. */
  get(token: string): CachedToken | undefined;
  delete(token: string): boolean;
  set(token: string, entry: CachedToken): void;
  readonly size: number;
  /** Bytes accounted to the entries. */
  readonly weight: number;
};

/** Map entry, entry object and session object, on top of the token string's own bytes. */
const ENTRY_OVERHEAD_BYTES = 400;

/**
 * Verified session tokens by exact token string, in an lru-cache bounded twice: by entries
 * (default 10,000: Clerk tokens live 60 s, so that is 10,000 active clients per minute per
 * instance before any re-verification) and by bytes (default 16 MiB; a token is ~1 KB, at
 * most 8 KB). Each entry's TTL ends where its token expires, so expiry needs no check of its
 * own. `now` is the wall clock `exp` is compared with: the verifier's (default Date.now).
 */
export function createTokenCache(
  options: { maxEntries?: number; maxBytes?: number; now?: () => number } = {},
): TokenCache {
  const now = options.now ?? Date.now;
  const lru = new LRUCache<string, CachedToken>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxBytes ?? 16 * 1024 * 1024,
    perf: { now },
    // Read the clock on every lookup: the default 1 ms resolution keeps a reading (and a
    // timer) around, which would serve a token up to 1 ms past its expiry.
    ttlResolution: 0,
  });
  return {
    get: (token) => lru.get(token),
    delete: (token) => lru.delete(token),
    set(token, entry) {
      const start = now();
      // lru-cache drops an entry once now − start > ttl, i.e. (in whole ms) at expiredFrom.
      // A TTL of 0 would mean "forever": a token with under 2 ms to live is not kept.
      const ttl = expiredFrom(entry.expMs) - 1 - start;
      if (ttl < 1) return;
      lru.set(token, entry, { ttl, start, size: token.length + ENTRY_OVERHEAD_BYTES });
    },
    get size() {
      return lru.size;
    },
    get weight() {
      return lru.calculatedSize;
    },
  };
}
