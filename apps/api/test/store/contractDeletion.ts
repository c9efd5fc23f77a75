import { describe, expect, it } from 'vitest';
import { AccountDeletedError } from '../../src/store/port.js';
import { raceName, type Races, type StoreHarness } from './harness.js';
import { clerkUpdate, expoToken, freshId } from './contractSupport.js';

/** `deleteUserData` and session revocation: what a deleted account or ended session leaves. */
export function deletionTests(get: () => StoreHarness, races: Races): void {
  describe('deleteUserData', () => {
    it('leaves a tombstone: same id, personal fields and subscription erased, deletedAt set', async () => {
      const { store } = get();
      const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: 'a@example.com' });
      await store.updateProfile('user_a', { displayName: 'Ada' });
      await store.applySubscriptionChange(freshId('rc'), new Date('2026-01-01T00:00:00Z'), {
        kind: 'set',
        clerkUserIds: ['user_a'],
        subscription: {
          status: 'active',
          entitlements: ['pro'],
          expiresAt: new Date('2027-01-01T00:00:00Z'),
        },
      });

      const outcome = await store.deleteUserData('user_a');

      expect(outcome).toBe('applied');
      expect(await store.findUserByClerkId('user_a')).toEqual({
        ...user,
        email: null,
        displayName: null,
        isActive: false,
        subscriptionStatus: 'free',
        entitlements: [],
        subscriptionExpiresAt: null,
        updatedAt: expect.any(Date),
        deletedAt: expect.any(Date),
      });
    });

    it('deletes the portfolio and push tokens; provisionUser then returns the tombstone', async () => {
      const { store } = get();
      const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
      const sessionId = freshId('sess');
      await store.registerPushToken({
        userId: user.id,
        sessionId,
        token: expoToken(1),
        platform: 'ios',
      });

      await store.deleteUserData('user_a');

      await expect(store.getPortfolio(user.id)).rejects.toThrow();
      expect(await store.listPushTokens(user.id)).toEqual([]);
      const again = await store.provisionUser({ clerkUserId: 'user_a', email: 'a@example.com' });
      expect(again).toMatchObject({
        created: false,
        portfolio: null,
        user: { id: user.id, email: null },
      });
      expect(again.user.deletedAt).toBeInstanceOf(Date);
    });

    it('ignores a later Clerk user event for the tombstone', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      await store.deleteUserData('user_a');

      const outcome = await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2030-01-01T00:00:00Z'),
      );

      expect(outcome).toBe('ignored');
      expect(await store.findUserByClerkId('user_a')).toMatchObject({
        email: null,
        displayName: null,
      });
    });

    it('is idempotent: a second call answers applied and keeps the first deletedAt', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      await store.deleteUserData('user_a');
      const first = await store.findUserByClerkId('user_a');

      const outcome = await store.deleteUserData('user_a');

      expect(outcome).toBe('applied');
      expect((await store.findUserByClerkId('user_a'))?.deletedAt).toEqual(first?.deletedAt);
    });

    it('answers duplicate for a repeated event id', async () => {
      const { store } = get();
      const eventId = freshId('evt');
      await store.deleteUserData('user_a', eventId);

      const outcome = await store.deleteUserData('user_a', eventId);

      expect(outcome).toBe('duplicate');
    });

    it('creates the tombstone for an id never seen, so it can never be provisioned', async () => {
      const { store } = get();

      const outcome = await store.deleteUserData('user_never_seen', freshId('evt'));

      expect(outcome).toBe('applied');
      const provisioned = await store.provisionUser({
        clerkUserId: 'user_never_seen',
        email: null,
      });
      expect(provisioned.created).toBe(false);
      expect(provisioned.portfolio).toBeNull();
      expect(provisioned.user.deletedAt).toBeInstanceOf(Date);
    });

    it(
      raceName(
        races,
        'ends as a tombstone without a portfolio when 20 provisions race the deletion',
        'ends as a tombstone without a portfolio for 20 provisions sent with the deletion',
      ),
      async () => {
        const { store } = get();
        const provisions = Array.from({ length: 20 }, () =>
          store.provisionUser({ clerkUserId: 'user_race', email: 'race@example.com' }),
        );

        const [results, outcome] = await Promise.all([
          Promise.all(provisions),
          store.deleteUserData('user_race'),
        ]);

        expect(outcome).toBe('applied');
        expect(results.filter((result) => result.created).length).toBeLessThanOrEqual(1);
        const after = await store.provisionUser({ clerkUserId: 'user_race', email: null });
        expect(after.created).toBe(false);
        expect(after.portfolio).toBeNull();
        expect(after.user).toMatchObject({ email: null, deletedAt: expect.any(Date) });
        await expect(store.getPortfolio(after.user.id)).rejects.toBeInstanceOf(AccountDeletedError);
      },
    );

    it('refuses portfolio reads and writes for a tombstone with AccountDeletedError', async () => {
      const { store } = get();
      const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
      await store.deleteUserData('user_a');

      const [read, write] = await Promise.allSettled([
        store.getPortfolio(user.id),
        store.updatePortfolio(user.id, { baseCurrency: 'EUR' }),
      ]);

      expect(read).toMatchObject({ status: 'rejected', reason: expect.any(AccountDeletedError) });
      expect(write).toMatchObject({ status: 'rejected', reason: expect.any(AccountDeletedError) });
    });

    it('refuses a push token for the tombstone with AccountDeletedError, holding none', async () => {
      const { store } = get();
      const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
      await store.deleteUserData('user_a');

      const registered = store.registerPushToken({
        userId: user.id,
        sessionId: freshId('sess'),
        token: expoToken(1),
        platform: 'ios',
      });

      await expect(registered).rejects.toBeInstanceOf(AccountDeletedError);
      expect(await store.listPushTokens(user.id)).toEqual([]);
    });
  });

  describe('revokeSession', () => {
    it('marks the session revoked and drops its push tokens, keeping other sessions’ tokens', async () => {
      const { store } = get();
      const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
      const [ended, other] = [freshId('sess'), freshId('sess')];
      await store.registerPushToken({
        userId: user.id,
        sessionId: ended,
        token: expoToken(1),
        platform: 'ios',
      });
      await store.registerPushToken({
        userId: user.id,
        sessionId: other,
        token: expoToken(2),
        platform: 'android',
      });
      const before = await store.isSessionRevoked(ended);

      const outcome = await store.revokeSession(ended, freshId('evt'));

      expect(before).toBe(false);
      expect(outcome).toBe('applied');
      expect(await store.isSessionRevoked(ended)).toBe(true);
      expect(await store.isSessionRevoked(other)).toBe(false);
      expect(await store.listPushTokens(user.id)).toEqual([
        { token: expoToken(2), platform: 'android', sessionId: other },
      ]);
    });

    it('answers duplicate for a repeated event id, and stays revoked after another event', async () => {
      const { store } = get();
      const sessionId = freshId('sess');
      const eventId = freshId('evt');
      await store.revokeSession(sessionId, eventId);

      const repeated = await store.revokeSession(sessionId, eventId);
      const another = await store.revokeSession(sessionId, freshId('evt'));

      expect(repeated).toBe('duplicate');
      expect(another).not.toBe('duplicate');
      expect(await store.isSessionRevoked(sessionId)).toBe(true);
    });
  });
}
