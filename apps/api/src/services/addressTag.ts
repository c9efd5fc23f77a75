import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** HKDF's `info`: this key is for address tags only, whatever else the secret keys. */
const PURPOSE = 'assetra/log/email-address-tag/v1';

/**
 * How an email address appears in logs: enough to follow one address's deliveries, never the
 * address. An HMAC, so nobody can match tags against a list of addresses without the key.
 * The key comes from `CLERK_SECRET_KEY` (HKDF-SHA-256), so every instance of a deployment
 * tags an address alike; without it (development) it is random per process, and tags then
 * correlate within one process only.
 */
export function createAddressTagger(secret: string | undefined): (email: string) => string {
  const key =
    secret === undefined
      ? randomBytes(32)
      : Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), PURPOSE, 32));
  return (email) => createHmac('sha256', key).update(email).digest('hex').slice(0, 16);
}
