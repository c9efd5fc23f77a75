import * as Crypto from 'expo-crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** RFC 4648 §5 base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET.charAt((chunk >> (18 - 6 * c)) & 63);
  }
  return out;
}

/**
 * 32 bytes from the OS's CSPRNG as base64url (43 characters, RFC 7636 §4.1). The async variant on
 * purpose: expo-crypto's synchronous `getRandomBytes` falls back to `Math.random` in some
 * development setups.
 */
export async function createCodeVerifier(): Promise<string> {
  return base64url(await Crypto.getRandomBytesAsync(32));
}

/** base64url(SHA-256(verifier)) without padding, as `POST /auth/email-link` expects. */
export async function codeChallengeFor(verifier: string): Promise<string> {
  const digest = await Crypto.digestStringAsync(Crypto.CryptoDigestAlgorithm.SHA256, verifier, {
    encoding: Crypto.CryptoEncoding.BASE64,
  });
  return digest.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}
