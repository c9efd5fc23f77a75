import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { createClerkClient } from '@clerk/backend';
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/useApi.js';

const { api, store, sql } = useApi();

const PUSH = 'ExponentPushToken[deletion-device-1]';

async function signedUpUser(fva?: [number, number]) {
  const session = await api.signIn(undefined, { fva });
  await api.request('/auth/bootstrap', { method: 'POST', token: session.token });
  await api.request('/users/me/push-tokens', {
    method: 'POST',
    token: session.token,
    json: { token: PUSH, platform: 'ios' },
  });
  return session;
}

const countRows = async (table: string, column: string, value: string) =>
  (
    await sql<{ n: number }>(`select count(*)::int as n from ${table} where ${column} = $1`, [
      value,
    ])
  )[0]?.n;

describe('DELETE /users/me', () => {
  it('deletes the Clerk user and every local record, leaving a tombstone; the old token then gets 401', async () => {
    const { token, userId } = await signedUpUser();
    const before = await store.findUserByClerkId(userId);

    const response = await api.request('/users/me', { method: 'DELETE', token });
    const clerk = createClerkClient({
      apiUrl: api.emulator.url,
      secretKey: api.emulator.secretKey,
    });
    const inClerk = await clerk.users.getUser(userId).then(
      () => 'present',
      (error: unknown) => (isClerkAPIResponseError(error) ? error.status : 'other'),
    );
    const me = await api.request('/users/me', { token });
    const bootstrap = await api.request('/auth/bootstrap', { method: 'POST', token });
    const repeat = await api.request('/users/me', { method: 'DELETE', token });

    expect(response.status).toBe(204);
    expect(inClerk).toBe(404);
    expect(await store.findUserByClerkId(userId)).toMatchObject({
      email: null,
      displayName: null,
      deletedAt: expect.any(Date),
    });
    expect(await countRows('portfolios', 'user_id', before?.id ?? '')).toBe(0);
    expect(await countRows('push_tokens', 'user_id', before?.id ?? '')).toBe(0);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ code: 'account_deleted' });
    expect(bootstrap.status).toBe(401);
    expect(repeat.status).toBe(204);
  });

  it('refuses with 403 reverification_required after an old sign-in, deleting nothing', async () => {
    const { token, userId } = await signedUpUser([11, -1]);

    const response = await api.request('/users/me', { method: 'DELETE', token });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'reverification_required' });
    expect((await store.findUserByClerkId(userId))?.deletedAt).toBeNull();
    expect(api.emulator.instance.getUser(userId).id).toBe(userId);
  });

  it('accepts a sign-in exactly 10 minutes old', async () => {
    const { token } = await signedUpUser([10, -1]);

    expect((await api.request('/users/me', { method: 'DELETE', token })).status).toBe(204);
  });

  it.each([
    ['fails', 'error'],
    ['hangs', 'hang'],
  ] as const)(
    'answers 502 upstream_unavailable when Clerk %s, with everything still there',
    async (_name, fault) => {
      const { token, userId } = await signedUpUser();
      api.emulator.setFault(fault);

      const response = await api.request('/users/me', { method: 'DELETE', token });
      api.emulator.setFault(null);

      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ code: 'upstream_unavailable' });
      const user = await store.findUserByClerkId(userId);
      expect(user?.deletedAt).toBeNull();
      expect(await countRows('push_tokens', 'user_id', user?.id ?? '')).toBe(1);
      expect(api.emulator.instance.getUser(userId).id).toBe(userId);
      expect((await api.request('/users/me', { token })).status).toBe(200);
    },
  );

  it('counts a Clerk user already gone (404) as deleted', async () => {
    const { token, userId } = await signedUpUser();
    api.emulator.instance.deleteUser(userId);

    const response = await api.request('/users/me', { method: 'DELETE', token });

    expect(response.status).toBe(204);
    expect((await store.findUserByClerkId(userId))?.deletedAt).toBeInstanceOf(Date);
  });
});
