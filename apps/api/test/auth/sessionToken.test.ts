import { generateSigningKey, type SigningKey } from '@assetra/clerk-emulator';
import { verifyToken } from '@clerk/backend';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.js';
import { createSessionVerifier } from '../../src/services/sessionVerifier.js';
import { staticKeySource } from '../../src/services/jwks.js';

const ISSUER = 'https://clerk.assetra.test';
let key: SigningKey;

beforeAll(async () => {
  key = await generateSigningKey();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function craft(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  signer: KeyObject = key.privateKey,
): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${b64({
    sub: 'user_edge',
    sid: 'sess_edge',
    iss: ISSUER,
    iat: now,
    nbf: now - 5,
    exp: now + 60,
    ...claims,
  })}`;
  return `${input}.${sign('sha256', Buffer.from(input), signer).toString('base64url')}`;
}

/** Re-signs a token whose header or payload segment was edited. */
function resign(header: string, payload: string): string {
  const input = `${header}.${payload}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

async function verdicts(token: string, pem = key.publicKeyPem) {
  const verify = createSessionVerifier({
    keys: staticKeySource(pem),
    issuer: ISSUER,
    authorizedParties: [],
    allowMissingAzp: false,
  });
  const api = await verify(token).then(
    () => 'accepted',
    (error: unknown) => (error instanceof HttpError ? error.code : error),
  );
  const clerk = await verifyToken(token, { jwtKey: pem, issuer: ISSUER, clockSkewInMs: 5000 }).then(
    () => 'accepted',
    () => 'refused',
  );
  return { api, clerk };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The last character with its unused low bits set: the same bytes to Node, not to Clerk. */
function nonCanonical(segment: string): string {
  const unusedBits = [0, 0, 4, 2][segment.length % 4] ?? 0;
  const last = ALPHABET.indexOf(segment.at(-1) ?? 'A') | ((1 << unusedBits) - 1);
  return `${segment.slice(0, -1)}${ALPHABET[last] ?? ''}`;
}

/** A segment whose length leaves unused bits in its last character. */
function withSpareBits(segment: (pad: string) => string): string {
  const found = ['', 'p', 'pp'].map(segment).find((text) => text.length % 4 !== 0);
  if (!found) throw new Error('no padding gives spare bits');
  return found;
}

describe('session token checks, beyond the differential generator', () => {
  it('accepts what Clerk accepts: a genuine token, no typ, a padded signature', async () => {
    const genuine = craft();

    expect(await verdicts(genuine)).toEqual({ api: 'accepted', clerk: 'accepted' });
    expect(await verdicts(craft({}, { typ: undefined }))).toEqual({
      api: 'accepted',
      clerk: 'accepted',
    });
    expect(await verdicts(`${genuine}==`)).toEqual({ api: 'accepted', clerk: 'accepted' });
  });

  it('refuses what Clerk refuses: typ other than JWT, an M2M category, fractional expiry past', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      craft({}, { typ: 'jwt' }),
      craft({}, { cat: 'cl_B7d4PD333AAA' }),
      craft({ exp: now - 5.9 }), // Clerk truncates: exp = now − 5 s is expired at skew 5 s
      craft({ nbf: now + 6 }),
      craft({ iat: now + 6 }),
      craft({ exp: null }),
    ];

    for (const token of cases)
      expect(await verdicts(token)).toEqual({ api: 'invalid_token', clerk: 'refused' });
  });

  it('refuses non-canonical base64url in any segment, as Clerk does', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = withSpareBits((pad) => b64({ alg: 'RS256', typ: 'JWT', pad }));
    const payload = withSpareBits((pad) =>
      b64({ sub: 'user_edge', sid: 'sess_edge', iss: ISSUER, exp: now + 60, pad }),
    );
    const genuine = resign(header, payload);
    const signature = genuine.split('.')[2] ?? '';

    const tokens = [
      resign(nonCanonical(header), payload),
      resign(header, nonCanonical(payload)),
      `${header}.${payload}.${nonCanonical(signature)}`,
    ];

    expect(await verdicts(genuine)).toEqual({ api: 'accepted', clerk: 'accepted' });
    for (const token of tokens) {
      expect(token).not.toBe(genuine);
      expect(await verdicts(token)).toEqual({ api: 'invalid_token', clerk: 'refused' });
    }
  });

  it('is stricter than Clerk on times JavaScript cannot represent', async () => {
    const result = await verdicts(craft({ exp: 1e300 }));

    // Clerk's Date arithmetic makes this NaN, which is never "expired"; we refuse it.
    expect(result).toEqual({ api: 'invalid_token', clerk: 'accepted' });
  });

  it('refuses every token under a CLERK_JWT_KEY that Clerk cannot use (RSA-4096)', async () => {
    const big = generateKeyPairSync('rsa', { modulusLength: 4096 });
    const pem = big.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    expect(await verdicts(craft({}, {}, big.privateKey), pem)).toEqual({
      api: 'invalid_token',
      clerk: 'refused',
    });
  });
});
