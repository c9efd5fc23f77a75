import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Clerk-style id: a type prefix and 27 base62 characters (`user_2x…`). */
export function clerkId(prefix: string): string {
  const bytes = randomBytes(27);
  let body = '';
  for (const byte of bytes) body += BASE62.charAt(byte % 62);
  return `${prefix}_${body}`;
}

/** Opaque URL-safe secret, as used for sign-in tickets and secret keys. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
