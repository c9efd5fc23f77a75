import {
  generateKeyPairSync,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, type JWK } from 'jose';
import { clerkId } from './ids.js';

/** The instance's session-token signing key: RSA-2048 (Clerk's size; `jwtKey` refuses 4096). */
export type SigningKey = {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, what Clerk's dashboard shows as the "JWT public key" (`CLERK_JWT_KEY`). */
  publicKeyPem: string;
  jwk: JWK;
};

type StoredKey = { kid: string; privateKeyPem: string };

const KEY_FILE = 'signing-key.json';

async function toSigningKey(kid: string, privateKey: KeyObject): Promise<SigningKey> {
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicKey, publicKeyPem, jwk };
}

export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return toSigningKey(clerkId('ins'), privateKey);
}

/**
 * Loads the key kept in `dir`, or generates one and keeps it there, so a development
 * setup's tokens and `CLERK_JWT_KEY` stay valid across restarts.
 */
export async function loadOrCreateSigningKey(dir: string): Promise<SigningKey> {
  const file = join(dir, KEY_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    return toSigningKey(stored.kid, createPrivateKey(stored.privateKeyPem));
  }
  const key = await generateSigningKey();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stored: StoredKey = {
    kid: key.kid,
    privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  return key;
}
