import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';
import { startApi, type ApiHarness } from '../support/api.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';

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
  {
    name: 'PostgreSQL',
    run: onServer,
    open: async () => {
      const database = await createPostgresDatabase();
      const store = await openStore(database.url);
      const close = async () => {
        await store.close();
        await database.drop();
      };
      return { store, close };
    },
  },
  {
    name: 'PGlite',
    run: true,
    open: async () => {
      const store = await openStore('pglite:memory');
      return { store, close: () => store.close() };
    },
  },
];

describe.each(databases)('a request racing its account’s deletion ($name)', ({ run, open }) => {
  let database: { store: Store; close(): Promise<void> };
  let hook: ReturnType<typeof deletingBefore>;
  let api: ApiHarness;

  beforeAll(async () => {
    if (!run) return;
    database = await open();
    hook = deletingBefore(database.store);
    api = await startApi({ store: hook.store });
  }, 30_000);

  afterAll(async () => {
    if (!run) return;
    await api.close();
    await database.close();
  }, 30_000);

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
      const localId = (await database.store.findUserByClerkId(userId))?.id ?? '';
      hook.deleteAccountBefore(racing, userId);

      const response = await api.request(path, { method, token, json });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="assetra"');
      expect(await response.json()).toMatchObject({ status: 401, code: 'account_deleted' });
      expect(await database.store.listPushTokens(localId)).toEqual([]);
      expect((await database.store.findUserByClerkId(userId))?.deletedAt).toBeInstanceOf(Date);
    },
  );
});
