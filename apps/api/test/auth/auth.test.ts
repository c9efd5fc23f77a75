import { generateSigningKey, signSessionToken } from '@assetra/clerk-emulator';
import { SignJWT, base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/rawHttp.js';
import { useApi } from '../support/useApi.js';

const { api, start } = useApi({
  env: { CLERK_AUTHORIZED_PARTIES: 'https://app.assetra.test' },
});
let userId: string;
let sessionId: string;

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  ({ userId, sessionId } = await api.signIn('auth@example.com'));
});

/** A token signed with the stand-in's real key, with any claims and header we choose. */
async function craft(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const iat = now();
  const defaults = {
    sub: userId,
    sid: sessionId,
    iss: api.emulator.issuer,
    azp: 'https://app.assetra.test',
    iat,
    nbf: iat - 5,
    exp: iat + 60,
    v: 2,
    fva: [0, -1],
  };
  // A claim set to undefined is left out of the token.
  const payload = Object.fromEntries(
    Object.entries<unknown>({ ...defaults, ...claims }).filter(([, value]) => value !== undefined),
  );
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: api.emulator.kid, typ: 'JWT', ...header })
    .sign(api.emulator.signingKey.privateKey);
}

const me = (authorization?: string) =>
  api.request('/users/me', { headers: authorization === undefined ? {} : { authorization } });

async function expectRefusal(response: Response, code: string, challenge: string) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe(challenge);
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(await response.json()).toMatchObject({
    status: 401,
    code,
    requestId: response.headers.get('x-request-id'),
  });
}

const INVALID = 'Bearer realm="assetra", error="invalid_token"';
const NO_CREDENTIALS = 'Bearer realm="assetra"';

describe('authentication refusals', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a Basic credential', 'Basic dXNlcjpwYXNz'],
    ['an empty Bearer', 'Bearer '],
    ['the bare word Bearer', 'Bearer'],
  ])('answers 401 unauthenticated for %s', async (_name, header) => {
    await expectRefusal(await me(header), 'unauthenticated', NO_CREDENTIALS);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['a two-part token', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0'],
    ['a token with spaces', 'abc def'],
  ])('answers 401 invalid_token for %s', async (_name, token) => {
    await expectRefusal(await me(`Bearer ${token}`), 'invalid_token', INVALID);
  });

  it('refuses an expired token', async () => {
    const token = await craft({ iat: now() - 120, nbf: now() - 125, exp: now() - 30 });

    await expectRefusal(await me(`Bearer ${token}`), 'invalid_token', INVALID);
  });

  it('refuses a token whose nbf is in the future beyond the 5 s skew', async () => {
    await expectRefusal(
      await me(`Bearer ${await craft({ nbf: now() + 30 })}`),
      'invalid_token',
      INVALID,
    );
  });

  it('refuses a token issued in the future beyond the 5 s skew', async () => {
    const token = await craft({ iat: now() + 30, nbf: now() + 25, exp: now() + 90 });

    await expectRefusal(await me(`Bearer ${token}`), 'invalid_token', INVALID);
  });

  it('refuses a token signed by another key with the same kid', async () => {
    const stranger = await generateSigningKey();
    const token = await signSessionToken(
      { ...stranger, kid: api.emulator.kid },
      { userId, sessionId, issuer: api.emulator.issuer, azp: 'https://app.assetra.test' },
    );

    await expectRefusal(await me(`Bearer ${token}`), 'invalid_token', INVALID);
  });

  it('refuses alg none', async () => {
    const token = await craft({});
    const [, payload] = token.split('.');
    const header = base64url.encode(
      JSON.stringify({ alg: 'none', typ: 'JWT', kid: api.emulator.kid }),
    );

    await expectRefusal(await me(`Bearer ${header}.${payload ?? ''}.`), 'invalid_token', INVALID);
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const token = await new SignJWT({
      sub: userId,
      sid: sessionId,
      iss: api.emulator.issuer,
      azp: 'https://app.assetra.test',
    })
      .setProtectedHeader({ alg: 'HS256', kid: api.emulator.kid })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(api.emulator.publicKeyPem));

    await expectRefusal(await me(`Bearer ${token}`), 'invalid_token', INVALID);
  });

  it('refuses an RS384 token even from the right key', async () => {
    const token = await new SignJWT({
      sub: userId,
      sid: sessionId,
      iss: api.emulator.issuer,
      azp: 'https://app.assetra.test',
    })
      .setProtectedHeader({ alg: 'RS384', kid: api.emulator.kid })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(api.emulator.signingKey.privateKey);

    await expectRefusal(await me(`Bearer ${token}`), 'invalid_token', INVALID);
  });

  it('refuses a wrong azp', async () => {
    await expectRefusal(
      await me(`Bearer ${await craft({ azp: 'https://evil.example' })}`),
      'invalid_token',
      INVALID,
    );
  });

  it('refuses a missing azp while authorized parties are set', async () => {
    await expectRefusal(
      await me(`Bearer ${await craft({ azp: undefined })}`),
      'invalid_token',
      INVALID,
    );
  });

  it('refuses a wrong iss', async () => {
    await expectRefusal(
      await me(`Bearer ${await craft({ iss: 'https://clerk.evil.example' })}`),
      'invalid_token',
      INVALID,
    );
  });

  it('refuses a token without sub', async () => {
    await expectRefusal(
      await me(`Bearer ${await craft({ sub: undefined })}`),
      'invalid_token',
      INVALID,
    );
  });

  it('refuses a token without sid (a JWT-template token is not a session token)', async () => {
    await expectRefusal(
      await me(`Bearer ${await craft({ sid: undefined })}`),
      'invalid_token',
      INVALID,
    );
  });

  it('refuses a payload edited under a valid signature', async () => {
    const token = await craft({});
    const [header, , signature] = token.split('.');
    const edited = base64url.encode(
      JSON.stringify({ sub: 'user_someoneelse', sid: sessionId, exp: now() + 60 }),
    );

    await expectRefusal(
      await me(`Bearer ${header ?? ''}.${edited}.${signature ?? ''}`),
      'invalid_token',
      INVALID,
    );
  });

  it('refuses two Authorization headers with 400 invalid_request', async () => {
    const token = await craft({});
    const response = await rawRequest(`${api.url}/users/me`, {
      headers: { authorization: [`Bearer ${token}`, `Bearer ${token}`] },
    });

    expect(response.status).toBe(400);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="assetra", error="invalid_request"',
    );
    expect(JSON.parse(response.body)).toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('never uses a token from the query string', async () => {
    const token = await craft({});

    const alone = await api.request(`/users/me?access_token=${token}`);
    const both = await api.request(`/users/me?access_token=${token}`, { token });

    await expectRefusal(alone, 'unauthenticated', NO_CREDENTIALS);
    expect(both.status).toBe(400);
    expect(((await both.json()) as { code: string }).code).toBe('invalid_request');
  });
});

describe('authentication acceptance', () => {
  it('accepts a valid token and answers with the caller', async () => {
    const response = await me(`Bearer ${await craft({})}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(((await response.json()) as { user: { clerkUserId: string } }).user.clerkUserId).toBe(
      userId,
    );
  });

  it('accepts a lower-case bearer scheme', async () => {
    expect((await me(`bearer ${await craft({})}`)).status).toBe(200);
  });

  it('accepts a token 4 s past exp (5 s clock skew)', async () => {
    const token = await craft({ iat: now() - 64, nbf: now() - 69, exp: now() - 3 });

    expect((await me(`Bearer ${token}`)).status).toBe(200);
  });

  it('accepts a missing azp with CLERK_ALLOW_MISSING_AZP=true, still refusing a wrong one', async () => {
    const lenient = await start({
      env: {
        CLERK_AUTHORIZED_PARTIES: 'https://app.assetra.test',
        CLERK_ALLOW_MISSING_AZP: 'true',
      },
    });
    const missing = await lenient.request('/users/me', { token: await craft({ azp: undefined }) });
    const wrong = await lenient.request('/users/me', {
      token: await craft({ azp: 'https://evil.example' }),
    });

    expect(missing.status).toBe(200);
    expect(wrong.status).toBe(401);
  });

  it('answers 404 for an unknown route whatever the credentials', async () => {
    const response = await api.request('/nope', { headers: { authorization: 'Basic x' } });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not_found' });
  });
});
