import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { RateLimitInfo } from 'express-rate-limit';
import { LRUCache } from 'lru-cache';

/**
 * The IETF draft-8 `RateLimit` and `RateLimit-Policy` headers, and `Retry-After`, exactly as
 * express-rate-limit 8 writes them (setDraft8Headers, setRetryAfterHeader; proved equal by
 * test/rate-limits/rateLimitHeaders.test.ts). Only the partition key differs in how it is made:
 * the library hashes the key with SHA-256 on every request (a new Hash object each time, two
 * per authenticated request); here a key's partition key is remembered.
 */
export function createDraft8Headers(windowMs: number) {
  const windowSeconds = Math.ceil(windowMs / 1000);
  const partitionKeys = new LRUCache<string, string>({ max: 10_000 });

  const partitionKey = (key: string) => {
    let known = partitionKeys.get(key);
    if (known === undefined) {
      const hex = createHash('sha256').update(key).digest('hex').slice(0, 12);
      known = Buffer.from(hex).toString('base64');
      partitionKeys.set(key, known);
    }
    return known;
  };
  const resetSeconds = (info: RateLimitInfo) =>
    info.resetTime
      ? Math.max(0, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000))
      : windowSeconds;

  return {
    set(res: Response, name: string, info: RateLimitInfo): void {
      if (res.headersSent) return;
      res.append('RateLimit', `"${name}"; r=${info.remaining}; t=${resetSeconds(info)}`);
      res.append(
        'RateLimit-Policy',
        `"${name}"; q=${info.limit}; w=${windowSeconds}; pk=:${partitionKey(info.key)}:`,
      );
    },
    retryAfter(res: Response, info: RateLimitInfo): void {
      if (res.headersSent) return;
      res.setHeader('Retry-After', resetSeconds(info).toString());
    },
  };
}
