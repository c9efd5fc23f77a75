import { describe, expect, it } from 'vitest';
import { openMongoStore } from '../../src/store/mongo/mongoStore.js';
import {
  DatabaseUnavailableError,
  type ClerkUserUpdate,
  type Store,
  type SubscriptionChange,
} from '../../src/store/port.js';
import { settleWithin } from '../support/deadline.js';

const userId = '0123456789abcdef01234567';
const update: ClerkUserUpdate = {
  clerkUserId: 'user_a',
  email: 'a@example.com',
  clerkName: '$ally',
  isActive: true,
  clerkUpdatedAt: new Date('2026-01-01T00:00:00Z'),
};
const setPro: SubscriptionChange = {
  kind: 'set',
  clerkUserIds: ['user_a'],
  subscription: { status: 'active', entitlements: ['pro'], expiresAt: null },
};

/** Every port member added for webhooks, deletion, push tokens and subscriptions. */
const newMethods: [string, (store: Store) => Promise<unknown>][] = [
  ['applyClerkUser', (store) => store.applyClerkUser('evt_1', update)],
  ['deleteUserData', (store) => store.deleteUserData('user_a', 'evt_2')],
  ['deleteUserData without an event id', (store) => store.deleteUserData('user_a')],
  ['revokeSession', (store) => store.revokeSession('sess_1', 'evt_3')],
  ['isSessionRevoked', (store) => store.isSessionRevoked('sess_1')],
  [
    'registerPushToken',
    (store) =>
      store.registerPushToken({ userId, sessionId: 'sess_1', token: 'T[1]', platform: 'ios' }),
  ],
  ['unregisterPushToken', (store) => store.unregisterPushToken(userId, 'T[1]')],
  ['listPushTokens', (store) => store.listPushTokens(userId)],
  ['applySubscriptionChange', (store) => store.applySubscriptionChange('rc_1', new Date(), setPro)],
];

const settle = (promise: Promise<unknown>) => settleWithin(promise, 3_000);

describe('MongoDB store lifecycle methods with no server listening', () => {
  it('rejects every new method with DatabaseUnavailableError within 3 s', async () => {
    const store = openMongoStore('mongodb://127.0.0.1:1/x');

    const results = await Promise.all(newMethods.map(([, call]) => settle(call(store))));
    await store.close();

    for (const [index, [name]] of newMethods.entries()) {
      expect.soft(results[index]?.error, name).toBeInstanceOf(DatabaseUnavailableError);
      expect.soft(results[index]?.inTime, name).toBe(true);
    }
  });

  it('rejects every new method with DatabaseUnavailableError once closed', async () => {
    const store = openMongoStore('mongodb://127.0.0.1:1/x');
    await store.close();

    const results = await Promise.all(newMethods.map(([, call]) => settle(call(store))));

    for (const [index, [name]] of newMethods.entries()) {
      expect.soft(results[index]?.error, name).toBeInstanceOf(DatabaseUnavailableError);
    }
  });
});
