import { describe, expect, it } from 'vitest';
import { useApi } from '../support/useApi.js';

const { api, store } = useApi();

const answer = async (response: Response) => ({
  status: response.status,
  challenge: response.headers.get('www-authenticate'),
  ...((await response.json()) as { code?: string; errors?: { path: string }[] }),
});

const unregister = (rawToken: string, token?: string) =>
  api.request(`/users/me/push-tokens/${rawToken}`, { method: 'DELETE', token });

describe('path parameters are decoded after authentication', () => {
  it('answers 401 unauthenticated, not 500, for a bad percent-encoding without credentials', async () => {
    const response = await unregister('%zz');

    expect(await answer(response)).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      challenge: 'Bearer realm="assetra"',
    });
  });

  it('answers 401 invalid_token for a bad percent-encoding with a rejected token', async () => {
    const response = await unregister('ExponentPushToken%5B%E0%A4%A%5D', 'not.a.token');

    expect(await answer(response)).toMatchObject({ status: 401, code: 'invalid_token' });
  });

  it('answers 401 account_deleted for a bad percent-encoding from a deleted account', async () => {
    const { token, userId } = await api.signIn();
    await api.request('/auth/bootstrap', { method: 'POST', token });
    await store.deleteUserData(userId);

    const response = await unregister('%zz', token);

    expect(await answer(response)).toMatchObject({ status: 401, code: 'account_deleted' });
  });

  it.each(['%zz', 'ExponentPushToken%5B%E0%A4%A%5D', '%', 'ExponentPushToken%5Ba%ZZ%5D'])(
    'answers 400 validation_failed at /token when %s does not decode, once authenticated',
    async (raw) => {
      const { token } = await api.signIn();

      const response = await unregister(raw, token);

      expect(await answer(response)).toMatchObject({
        status: 400,
        code: 'validation_failed',
        errors: [{ path: '/token' }],
      });
    },
  );

  it('answers 400 validation_failed for a control character in the decoded parameter', async () => {
    const { token } = await api.signIn();

    const response = await unregister('ExponentPushToken%5Ba%0Ab%5D', token);

    expect(await answer(response)).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('still matches case-insensitively and with a trailing slash, and removes the decoded token', async () => {
    const { token } = await api.signIn();
    await api.request('/users/me/push-tokens', {
      method: 'POST',
      token,
      json: { token: 'ExponentPushToken[path-case]', platform: 'ios' },
    });
    const userId = (await (await api.request('/users/me', { token })).json()) as {
      user: { id: string };
    };

    const response = await api.request('/USERS/me/Push-Tokens/ExponentPushToken%5Bpath-case%5D/', {
      method: 'DELETE',
      token,
    });

    expect(response.status).toBe(204);
    expect(await store.listPushTokens(userId.user.id)).toEqual([]);
  });

  it('still answers 404 for a path with one segment too many', async () => {
    const { token } = await api.signIn();

    const response = await unregister('ExponentPushToken%5Ba%5D/extra', token);

    expect(await answer(response)).toMatchObject({ status: 404, code: 'not_found' });
  });
});
