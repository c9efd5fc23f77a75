import { describe, expect, it } from 'vitest';
import { useApi } from '../support/useApi.js';

const { api, store } = useApi();

const register = (token: string, pushToken: string, platform = 'ios') =>
  api.request('/users/me/push-tokens', {
    method: 'POST',
    token,
    json: { token: pushToken, platform },
  });

async function userIdOf(clerkUserId: string) {
  return (await store.findUserByClerkId(clerkUserId))?.id ?? '';
}

describe('push tokens', () => {
  it('registers idempotently', async () => {
    const { token, userId } = await api.signIn();

    const first = await register(token, 'ExponentPushToken[aaa]');
    const second = await register(token, 'ExponentPushToken[aaa]');

    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ registered: true });
    expect(second.status).toBe(200);
    expect(await store.listPushTokens(await userIdOf(userId))).toHaveLength(1);
  });

  it.each(['not-a-token', 'ExponentPushToken[]', 'ExponentPushToken[a b]'])(
    'refuses the malformed token %s',
    async (bad) => {
      const { token } = await api.signIn();

      const response = await register(token, bad);

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: '/token' }],
      });
    },
  );

  it('moves a token registered by another user to the new one', async () => {
    const alice = await api.signIn();
    const bob = await api.signIn();

    await register(alice.token, 'ExponentPushToken[shared-device]');
    await register(bob.token, 'ExponentPushToken[shared-device]', 'android');

    expect(await store.listPushTokens(await userIdOf(alice.userId))).toEqual([]);
    expect(await store.listPushTokens(await userIdOf(bob.userId))).toMatchObject([
      { token: 'ExponentPushToken[shared-device]', platform: 'android', sessionId: bob.sessionId },
    ]);
  });

  it('keeps at most 10 per user, dropping the oldest', async () => {
    const { token, userId } = await api.signIn();

    for (let i = 0; i < 11; i++) await register(token, `ExponentPushToken[device-${i}]`);

    const tokens = (await store.listPushTokens(await userIdOf(userId))).map((t) => t.token);
    expect(tokens).toHaveLength(10);
    expect(tokens).not.toContain('ExponentPushToken[device-0]');
    expect(tokens).toContain('ExponentPushToken[device-10]');
  });

  it("DELETE answers 204 whether or not the token was registered, and never removes another user's", async () => {
    const alice = await api.signIn();
    const mallory = await api.signIn();
    await register(alice.token, 'ExponentPushToken[alice-phone]');

    const foreign = await api.request(
      `/users/me/push-tokens/${encodeURIComponent('ExponentPushToken[alice-phone]')}`,
      {
        method: 'DELETE',
        token: mallory.token,
      },
    );
    const afterForeign = await store.listPushTokens(await userIdOf(alice.userId));
    const unknown = await api.request('/users/me/push-tokens/ExponentPushToken%5Bnever%5D', {
      method: 'DELETE',
      token: alice.token,
    });
    const own = await api.request(
      `/users/me/push-tokens/${encodeURIComponent('ExponentPushToken[alice-phone]')}`,
      {
        method: 'DELETE',
        token: alice.token,
      },
    );

    expect([foreign.status, unknown.status, own.status]).toEqual([204, 204, 204]);
    expect(afterForeign).toHaveLength(1);
    expect(await store.listPushTokens(await userIdOf(alice.userId))).toEqual([]);
  });
});
