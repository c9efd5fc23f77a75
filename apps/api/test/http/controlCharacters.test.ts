import { describe, expect, it } from 'vitest';
import { UnstorableTextError } from '../../src/store/port.js';
import { postgresReachable, requireOrSkip } from '../support/databases.js';
import { WEBHOOK_SECRET, clerkUserEvent, svixHeaders } from '../support/svix.js';
import { useApi } from '../support/useApi.js';

// On the PostgreSQL server: it is what refuses U+0000 in a text value (SQLSTATE 22021).
const run = requireOrSkip('PostgreSQL', await postgresReachable());

const RC_AUTH = 'Bearer rc-control-characters';

describe.runIf(run)('control characters (PostgreSQL)', () => {
  const { api, store } = useApi({
    database: 'test', // PostgreSQL: this block runs only where the server answers
    env: { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET, REVENUECAT_WEBHOOK_AUTH: RC_AUTH },
  });

  async function signedUp() {
    const session = await api.signIn();
    expect(
      (await api.request('/auth/bootstrap', { method: 'POST', token: session.token })).status,
    ).toBe(201);
    return session;
  }

  const problemOf = async (response: Response) => ({
    status: response.status,
    ...((await response.json()) as { code?: string; errors?: { path: string }[] }),
  });

  it('answers 400 validation_failed for U+0000 in PATCH /users/me displayName, nothing written', async () => {
    const { token, userId } = await signedUp();

    const response = await api.request('/users/me', {
      method: 'PATCH',
      token,
      json: { displayName: 'Ada\u0000Lovelace' },
    });

    expect(await problemOf(response)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ path: '/displayName' }],
    });
    expect((await store.findUserByClerkId(userId))?.displayName).toBeNull();
  });

  it('answers 400 validation_failed for U+0000 in a push token, in the body and in the path', async () => {
    const { token } = await signedUp();
    const pushToken = 'ExponentPushToken[abc\u0000def]';

    const registered = await api.request('/users/me/push-tokens', {
      method: 'POST',
      token,
      json: { token: pushToken, platform: 'ios' },
    });
    const unregistered = await api.request(
      `/users/me/push-tokens/${encodeURIComponent(pushToken)}`,
      { method: 'DELETE', token },
    );

    expect(await problemOf(registered)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ path: '/token' }],
    });
    expect(await problemOf(unregistered)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ path: '/token' }],
    });
  });

  it.each([
    ['event.id', { id: 'evt_\u0000' }],
    ['event.app_user_id', { app_user_id: 'user_\u0000' }],
    ['an entitlement id', { entitlement_ids: ['pro\u0007'] }],
  ])(
    'answers a RevenueCat event with a control character in %s 400 validation_failed',
    async (_, fields) => {
      const event = {
        id: `evt_${Date.now()}`,
        type: 'INITIAL_PURCHASE',
        app_user_id: 'user_unknown',
        entitlement_ids: ['pro'],
        event_timestamp_ms: Date.now(),
        ...fields,
      };

      const response = await api.request('/webhooks/revenuecat', {
        method: 'POST',
        headers: { authorization: RC_AUTH },
        json: { api_version: '1.0', event },
      });

      expect(await problemOf(response)).toMatchObject({ status: 400, code: 'validation_failed' });
    },
  );

  it('takes a Clerk user whose name holds control characters, each stored as a space', async () => {
    const id = `user_ctl${Date.now()}`;
    const body = clerkUserEvent('user.created', {
      id,
      firstName: 'Ann\u0000Marie',
      lastName: 'Lee\u001f',
      email: `${id}@example.com`,
      updatedAt: Date.now(),
    });

    const response = await api.request('/webhooks/clerk', {
      method: 'POST',
      headers: svixHeaders(body),
      body,
    });

    expect(response.status).toBe(200);
    expect((await store.findUserByClerkId(id))?.displayName).toBe('Ann Marie Lee');
  });

  it('refuses a Clerk user event whose id or email holds a control character: 400, nothing stored', async () => {
    const id = `user_ctl\u0000${Date.now()}`;
    const body = clerkUserEvent('user.created', { id, updatedAt: Date.now() });
    const email = clerkUserEvent('user.created', {
      id: `user_mail${Date.now()}`,
      email: 'a\u0000@example.com',
      updatedAt: Date.now(),
    });

    const byId = await api.request('/webhooks/clerk', {
      method: 'POST',
      headers: svixHeaders(body),
      body,
    });
    const byEmail = await api.request('/webhooks/clerk', {
      method: 'POST',
      headers: svixHeaders(email),
      body: email,
    });

    expect(await problemOf(byId)).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(await problemOf(byEmail)).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('second line: the store turns PostgreSQL refusing U+0000 into UnstorableTextError', async () => {
    const { userId } = await signedUp();

    const write = store.updateProfile(userId, { displayName: 'Ada\u0000' });

    await expect(write).rejects.toBeInstanceOf(UnstorableTextError);
  });
});
