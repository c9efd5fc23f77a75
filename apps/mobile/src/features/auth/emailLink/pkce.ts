import * as Crypto from 'expo-crypto';

/** base64 → base64url without padding (RFC 4648 §5). */
const toBase64url = (base64: string) =>
  base64.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** Bytes as base64url without padding (`btoa` is global in Hermes and on the web). */
export function base64url(bytes: Uint8Array): string {
  return toBase64url(btoa(String.fromCharCode(...bytes)));
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
  return toBase64url(digest);
}
