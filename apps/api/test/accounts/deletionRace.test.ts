import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/port.js';
import { postgresReachable, requireOrSkip } from '../support/databases.js';
import { useApi } from '../support/useApi.js';

const onServer = requireOrSkip('PostgreSQL', await postgresReachable());

type Racing = 'getPortfolio' | 'updatePortfolio' | 'updateProfile' | 'registerPushToken';

/**
 * The store the API is given, with one hook: the next call of `racing` first deletes the
 * account (as `DELETE /users/me` or a `user.deleted` webhook would), after the request was
 * authenticated and its account admitted. The race, every time, without relying on timing.
 */
function deletingBefore(store: Store) {
  let pending: { racing: Racing; clerkUserId: string } | undefined;
  const deleteIfDue = async (method: Racing) => {
    if (pending?.racing !== method) return;
    const { clerkUserId } = pending;
    pending = undefined;
    await store.deleteUserData(clerkUserId);
  };
  const racing: Store = {
    ...store,
    getPortfolio: async (userId) => {
      await deleteIfDue('getPortfolio');
      return store.getPortfolio(userId);
    },
    updatePortfolio: async (userId, changes) => {
      await deleteIfDue('updatePortfolio');
      return store.updatePortfolio(userId, changes);
    },
    updateProfile: async (clerkUserId, changes) => {
      await deleteIfDue('updateProfile');
      return store.updateProfile(clerkUserId, changes);
    },
    registerPushToken: async (input) => {
      await deleteIfDue('registerPushToken');
      return store.registerPushToken(input);
    },
  };
  return {
    store: racing,
    deleteAccountBefore(method: Racing, clerkUserId: string) {
      pending = { racing: method, clerkUserId };
    },
  };
}

const databases = [
  // 'test' is a fresh PostgreSQL database wherever the server answers: the only place this runs.
  { name: 'PostgreSQL', run: onServer, database: 'test' as const },
  { name: 'PGlite', run: true, database: 'pglite' as const },
];

describe.each(databases)('a request racing its account’s deletion ($name)', ({ run, database }) => {
  let hook: ReturnType<typeof deletingBefore>;
  const { api, store } = useApi({
    database,
    wrapStore: (raw) => (hook = deletingBefore(raw)).store,
  });

  const requests: [Racing, string, string, unknown][] = [
    ['getPortfolio', 'GET', '/portfolio', undefined],
    ['updatePortfolio', 'PATCH', '/portfolio', { baseCurrency: 'EUR' }],
    ['updateProfile', 'PATCH', '/users/me', { displayName: 'Ada' }],
    [
      'registerPushToken',
      'POST',
      '/users/me/push-tokens',
      { token: 'ExponentPushToken[raced]', platform: 'ios' },
    ],
  ];

  it.runIf(run).each(requests)(
    'answers 401 account_deleted with the Bearer challenge when deleted before %s (%s %s)',
    async (racing, method, path, json) => {
      const { token, userId } = await api.signIn();
      expect((await api.request('/auth/bootstrap', { method: 'POST', token })).status).toBe(201);
      const localId = (await store.findUserByClerkId(userId))?.id ?? '';
      hook.deleteAccountBefore(racing, userId);

      const response = await api.request(path, { method, token, json });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="assetra"');
      expect(await response.json()).toMatchObject({ status: 401, code: 'account_deleted' });
      expect(await store.listPushTokens(localId)).toEqual([]);
      expect((await store.findUserByClerkId(userId))?.deletedAt).toBeInstanceOf(Date);
    },
  );
});
