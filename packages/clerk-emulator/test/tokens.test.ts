import { verifyToken } from '@clerk/backend';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  signSessionToken,
  startClerkEmulator,
  type ClerkEmulator,
} from '../src/index.js';

let emulator: ClerkEmulator;
let userId: string;

beforeAll(async () => {
  emulator = await startClerkEmulator();
  userId = emulator.instance.createUser({ emailAddress: ['ada@example.com'] }).id;
});

afterAll(async () => {
  await emulator.close();
});

const flipByte = (token: string, index: number) => {
  const chars = token.split('');
  chars[index] = chars[index] === 'A' ? 'B' : 'A';
  return chars.join('');
};

describe('session tokens', () => {
  it('carry Clerk v2 claims and a kid header', async () => {
    const { token, sessionId } = await emulator.mintToken({ userId });

    const claims = decodeJwt(token);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: emulator.kid, typ: 'JWT' });
    expect(claims).toMatchObject({
      sub: userId,
      sid: sessionId,
      iss: emulator.issuer,
      v: 2,
      fva: [0, -1],
    });
    expect(claims.nbf).toBe((claims.iat ?? 0) - 5);
    expect(claims.exp).toBe((claims.iat ?? 0) + 60);
    expect(claims).not.toHaveProperty('azp');
  });

  it('are accepted by verifyToken networklessly with the PEM as jwtKey', async () => {
    const { token, sessionId } = await emulator.mintToken({ userId, azp: 'https://app.example' });

    const payload = await verifyToken(token, {
      jwtKey: emulator.publicKeyPem,
      authorizedParties: ['https://app.example'],
    });

    expect(payload).toMatchObject({ sub: userId, sid: sessionId, azp: 'https://app.example' });
  });

  it('are accepted by verifyToken through the Backend API JWKS', async () => {
    const { token } = await emulator.mintToken({ userId });

    const payload = await verifyToken(token, {
      apiUrl: emulator.url,
      secretKey: emulator.secretKey,
    });

    expect(payload.sub).toBe(userId);
  });

  it('are rejected by verifyToken when any one byte of the signature changes', async () => {
    const { token } = await emulator.mintToken({ userId });
    const tampered = flipByte(token, token.length - 10);

    await expect(verifyToken(tampered, { jwtKey: emulator.publicKeyPem })).rejects.toMatchObject({
      reason: 'token-invalid-signature',
    });
  });

  it('are rejected by verifyToken when a payload byte changes', async () => {
    const { token } = await emulator.mintToken({ userId });
    const payloadStart = token.indexOf('.') + 5;

    await expect(
      verifyToken(flipByte(token, payloadStart), { jwtKey: emulator.publicKeyPem }),
    ).rejects.toThrow();
  });

  it('are rejected by verifyToken once expired', async () => {
    const session = emulator.instance.createSession({ userId });
    const token = await signSessionToken(emulator.signingKey, {
      userId,
      sessionId: session.id,
      issuer: emulator.issuer,
      issuedAt: Math.floor(Date.now() / 1000) - 3600,
    });

    await expect(verifyToken(token, { jwtKey: emulator.publicKeyPem })).rejects.toMatchObject({
      reason: 'token-expired',
    });
  });

  it('signed by another key are rejected by verifyToken, networkless and through JWKS', async () => {
    const stranger = await generateSigningKey();
    const token = await signSessionToken(stranger, {
      userId,
      sessionId: 'sess_x',
      issuer: emulator.issuer,
    });

    await expect(verifyToken(token, { jwtKey: emulator.publicKeyPem })).rejects.toThrow();
    await expect(
      verifyToken(token, { apiUrl: emulator.url, secretKey: emulator.secretKey }),
    ).rejects.toThrow();
  });

  it('report how long ago the first factor was verified in fva', async () => {
    const session = emulator.instance.createSession({ userId, factorAgeMinutes: [45, -1] });

    const { token } = await emulator.mintToken({ userId, sessionId: session.id });

    expect(decodeJwt(token).fva).toEqual([45, -1]);
  });

  it('can no longer be minted for a revoked session', async () => {
    const { sessionId } = await emulator.mintToken({ userId });

    emulator.instance.revokeSession(sessionId);

    await expect(emulator.mintToken({ userId, sessionId })).rejects.toMatchObject({
      code: 'session_not_active',
    });
  });
});

describe('JWKS endpoints', () => {
  it('answer the Backend API JWKS only with the secret key', async () => {
    const anonymous = await fetch(`${emulator.url}/v1/jwks`);
    const wrong = await fetch(`${emulator.url}/v1/jwks`, {
      headers: { authorization: 'Bearer sk_test_nope' },
    });
    const right = await fetch(`${emulator.url}/v1/jwks`, {
      headers: { authorization: `Bearer ${emulator.secretKey}` },
    });

    expect(anonymous.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toBe('application/json');
    expect(await right.json()).toEqual({
      keys: [expect.objectContaining({ kid: emulator.kid, kty: 'RSA', alg: 'RS256' })],
    });
  });

  it('serve the same key publicly at /.well-known/jwks.json', async () => {
    const response = await fetch(`${emulator.url}/.well-known/jwks.json`);

    expect(response.status).toBe(200);
    expect(((await response.json()) as { keys: { kid: string }[] }).keys[0]?.kid).toBe(
      emulator.kid,
    );
  });
});

describe('signing key rotation', () => {
  it('publishes only the new key and signs new tokens with it', async () => {
    const rotating = await startClerkEmulator();
    const user = rotating.instance.createUser({ emailAddress: ['rota@example.com'] }).id;
    const before = await rotating.mintToken({ userId: user });
    const oldKid = rotating.kid;
    const publishedKids = async () => {
      const response = await fetch(`${rotating.url}/v1/jwks`, {
        headers: { authorization: `Bearer ${rotating.secretKey}` },
      });
      return ((await response.json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
    };

    const rotated = await rotating.rotateSigningKey();
    const after = await rotating.mintToken({ userId: user });
    const published = await publishedKids();
    await rotating.close();

    expect(rotated.kid).not.toBe(oldKid);
    expect(rotating.kid).toBe(rotated.kid);
    expect(published).toEqual([rotated.kid]);
    expect(decodeProtectedHeader(after.token).kid).toBe(rotated.kid);
    await expect(
      verifyToken(after.token, { jwtKey: rotating.publicKeyPem }),
    ).resolves.toMatchObject({ sub: user });
    await expect(verifyToken(before.token, { jwtKey: rotating.publicKeyPem })).rejects.toThrow();
  });
});
