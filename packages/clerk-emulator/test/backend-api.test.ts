import { createClerkClient, verifyToken, type ClerkClient } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startClerkEmulator, type ClerkEmulator } from '../src/index.js';

let emulator: ClerkEmulator;
let clerk: ClerkClient;

beforeAll(async () => {
  emulator = await startClerkEmulator();
  clerk = createClerkClient({ apiUrl: emulator.url, secretKey: emulator.secretKey });
});

afterEach(() => {
  emulator.setFault(null);
});

afterAll(async () => {
  await emulator.close();
});

async function clerkError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isClerkAPIResponseError(error)) return error;
    throw error;
  }
  throw new Error('expected a ClerkAPIResponseError');
}

describe('Backend API users through createClerkClient', () => {
  it('getUser returns a real User with the right primary email', async () => {
    const created = await clerk.users.createUser({
      emailAddress: ['grace@example.com'],
      firstName: 'Grace',
    });

    const user = await clerk.users.getUser(created.id);

    expect(typeof user).toBe('object'); // a raw JSON string when the content type is off
    expect(user.raw?.object).toBe('user');
    expect(user.id).toMatch(/^user_[0-9A-Za-z]{27}$/);
    expect(user.primaryEmailAddress?.emailAddress).toBe('grace@example.com');
    expect(user.emailAddresses[0]?.verification?.status).toBe('verified');
    expect(user.firstName).toBe('Grace');
    expect(user.createdAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('finds users by email address', async () => {
    const created = await clerk.users.createUser({ emailAddress: ['Linus@Example.com'] });

    const { data, totalCount } = await clerk.users.getUserList({
      emailAddress: ['linus@example.com'],
    });

    expect(totalCount).toBe(1);
    expect(data.map((user) => user.id)).toEqual([created.id]);
  });

  it('refuses a second user with the same email address', async () => {
    await clerk.users.createUser({ emailAddress: ['twice@example.com'] });

    const error = await clerkError(clerk.users.createUser({ emailAddress: ['twice@example.com'] }));

    expect(error.status).toBe(422);
    expect(error.errors[0]?.code).toBe('form_identifier_exists');
  });

  it('updates names and moves updated_at forward', async () => {
    const created = await clerk.users.createUser({ emailAddress: ['ren@example.com'] });

    const updated = await clerk.users.updateUser(created.id, { firstName: 'Ren', lastName: 'Ito' });

    expect(updated.fullName).toBe('Ren Ito');
    expect(updated.updatedAt).toBeGreaterThan(created.updatedAt);
  });

  it('bans and unbans a user', async () => {
    const created = await clerk.users.createUser({ emailAddress: ['ban@example.com'] });

    const banned = await clerk.users.banUser(created.id);
    const unbanned = await clerk.users.unbanUser(created.id);

    expect(banned.banned).toBe(true);
    expect(unbanned.banned).toBe(false);
  });

  it('deleteUser returns a DeletedObject and the user is gone', async () => {
    const created = await clerk.users.createUser({ emailAddress: ['gone@example.com'] });

    const deleted = await clerk.users.deleteUser(created.id);
    const error = await clerkError(clerk.users.getUser(created.id));

    expect(deleted).toMatchObject({ object: 'user', id: created.id, deleted: true });
    expect(error.status).toBe(404);
  });

  it('a missing user raises ClerkAPIResponseError with status 404 and resource_not_found', async () => {
    const error = await clerkError(clerk.users.getUser('user_doesnotexist'));

    expect(error.status).toBe(404);
    expect(error.errors[0]?.code).toBe('resource_not_found');
  });

  it('answers with Content-Type application/json exactly, errors included', async () => {
    const headers = { authorization: `Bearer ${emulator.secretKey}` };

    const found = await fetch(`${emulator.url}/v1/users?limit=1`, { headers });
    const missing = await fetch(`${emulator.url}/v1/users/user_nope`, { headers });

    expect(found.headers.get('content-type')).toBe('application/json');
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect(await missing.json()).toEqual({
      errors: [
        { code: 'resource_not_found', message: 'not found', long_message: 'User not found' },
      ],
    });
  });

  it('refuses a wrong secret key', async () => {
    const stranger = createClerkClient({ apiUrl: emulator.url, secretKey: 'sk_test_wrong' });

    const error = await clerkError(stranger.users.getUserList());

    expect(error.status).toBe(401);
  });
});

describe('email sign-ins (Frontend API)', () => {
  const start = (identifier: string) =>
    fetch(`${emulator.url}/v1/client/sign_ins`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ identifier, strategy: 'email_code' }),
    });

  it('refuses an address with no account with form_identifier_not_found, as Clerk does', async () => {
    const answer = await start('nobody-here@example.com');

    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({
      errors: [{ code: 'form_identifier_not_found', message: "Couldn't find your account." }],
    });
  });

  it('starts a sign-in waiting for the first factor when the address has an account', async () => {
    await clerk.users.createUser({ emailAddress: ['known@example.com'] });

    const answer = await start(' Known@Example.com ');

    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      response: { status: 'needs_first_factor', identifier: 'known@example.com' },
    });
  });
});

describe('sign-in tokens', () => {
  it('are Clerk-shaped and redeem once into a session whose token verifies', async () => {
    const user = await clerk.users.createUser({ emailAddress: ['ticket@example.com'] });
    const signInToken = await clerk.signInTokens.createSignInToken({
      userId: user.id,
      expiresInSeconds: 60,
    });

    const redeem = () =>
      fetch(`${emulator.url}/v1/client/sign_ins`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ strategy: 'ticket', ticket: signInToken.token }),
      });
    const first = await redeem();
    const second = await redeem();
    const body = (await first.json()) as {
      response: { status: string; created_session_id: string };
      client: { sessions: { id: string; last_active_token: { jwt: string } }[] };
    };

    expect(signInToken).toMatchObject({
      id: expect.stringMatching(/^sit_/),
      userId: user.id,
      status: 'pending',
    });
    expect(first.status).toBe(200);
    expect(body.response.status).toBe('complete');
    const jwt = body.client.sessions[0]?.last_active_token.jwt ?? '';
    await expect(verifyToken(jwt, { jwtKey: emulator.publicKeyPem })).resolves.toMatchObject({
      sub: user.id,
      sid: body.response.created_session_id,
    });
    expect(second.status).toBe(400);
  });

  it('expire after expires_in_seconds', async () => {
    const user = emulator.instance.createUser({ emailAddress: ['late@example.com'] });
    const record = emulator.instance.createSignInToken(user.id, 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    expect(() => emulator.instance.redeemTicket(record.token)).toThrow(
      expect.objectContaining({ code: 'ticket_expired' }),
    );
  });
});

describe('sessions through the Backend API', () => {
  it('revoking a session stops tokens being minted for it', async () => {
    const user = await clerk.users.createUser({ emailAddress: ['revoke@example.com'] });
    const session = await clerk.sessions.createSession({ userId: user.id });
    const before = await clerk.sessions.getToken(session.id);

    const revoked = await clerk.sessions.revokeSession(session.id);
    const error = await clerkError(clerk.sessions.getToken(session.id));

    expect(before.jwt.split('.')).toHaveLength(3);
    expect(revoked.status).toBe('revoked');
    expect(error.status).toBe(400);
  });
});

describe('fault switches', () => {
  it('make the Backend API answer 503 until switched back', async () => {
    const user = emulator.instance.createUser({ emailAddress: ['fault@example.com'] });
    emulator.setFault('error');

    const error = await clerkError(clerk.users.getUser(user.id));
    emulator.setFault(null);

    expect(error.status).toBe(503);
    await expect(clerk.users.getUser(user.id)).resolves.toMatchObject({ id: user.id });
  });

  it('make the Backend API hang until the caller gives up', async () => {
    emulator.setFault('hang');

    const attempt = fetch(`${emulator.url}/v1/users`, {
      headers: { authorization: `Bearer ${emulator.secretKey}` },
      signal: AbortSignal.timeout(300),
    });

    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('can be switched over HTTP for tests in another process', async () => {
    const post = (mode: string) =>
      fetch(`${emulator.url}/__dev/fault`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode }),
      });

    await post('error');
    const during = await fetch(`${emulator.url}/v1/jwks`, {
      headers: { authorization: `Bearer ${emulator.secretKey}` },
    });
    await post('none');
    const after = await fetch(`${emulator.url}/v1/jwks`, {
      headers: { authorization: `Bearer ${emulator.secretKey}` },
    });

    expect(during.status).toBe(503);
    expect(after.status).toBe(200);
  });
});

describe('production guard', () => {
  // After the test, not before the next one: the next test file may run in this worker.
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses to start with NODE_ENV=production', async () => {
    vi.stubEnv('NODE_ENV', 'production');

    const attempt = startClerkEmulator();

    await expect(attempt).rejects.toThrow(/production/);
  });
});
