import { beforeEach, describe, expect, it } from 'vitest';
import type { SubscriptionChange } from '../../src/store/port.js';
import type { StoreHarness } from './harness.js';
import { freshId } from './contractSupport.js';

const t = (day: number) => new Date(Date.UTC(2026, 0, day));
const expiresAt = new Date('2027-01-01T00:00:00.123Z');

const setPro = (clerkUserIds: string[]): SubscriptionChange => ({
  kind: 'set',
  clerkUserIds,
  subscription: { status: 'active', entitlements: ['pro'], expiresAt },
});

/** RevenueCat: once per event id, never older than the last event applied, never creating users. */
export function subscriptionTests(get: () => StoreHarness): void {
  describe('applySubscriptionChange', () => {
    beforeEach(async () => {
      await get().store.provisionUser({ clerkUserId: 'user_a', email: null });
    });

    it('set: writes status, entitlements and expiresAt', async () => {
      const { store } = get();

      const outcome = await store.applySubscriptionChange(freshId('rc'), t(2), setPro(['user_a']));

      expect(outcome).toBe('applied');
      expect(await store.findUserByClerkId('user_a')).toMatchObject({
        subscriptionStatus: 'active',
        entitlements: ['pro'],
        subscriptionExpiresAt: expiresAt,
      });
    });

    it('answers stale for an event older than the last applied and changes nothing', async () => {
      const { store } = get();
      await store.applySubscriptionChange(freshId('rc'), t(2), setPro(['user_a']));
      const before = await store.findUserByClerkId('user_a');

      const outcome = await store.applySubscriptionChange(freshId('rc'), t(1), {
        kind: 'set',
        clerkUserIds: ['user_a'],
        subscription: { status: 'expired', entitlements: [], expiresAt: null },
      });

      expect(outcome).toBe('stale');
      expect(await store.findUserByClerkId('user_a')).toEqual(before);
    });

    it('applies an event as old as the last applied one (not older)', async () => {
      const { store } = get();
      await store.applySubscriptionChange(freshId('rc'), t(2), setPro(['user_a']));

      const outcome = await store.applySubscriptionChange(freshId('rc'), t(2), {
        kind: 'status',
        clerkUserIds: ['user_a'],
        status: 'grace_period',
      });

      expect(outcome).toBe('applied');
      expect((await store.findUserByClerkId('user_a'))?.subscriptionStatus).toBe('grace_period');
    });

    it('answers duplicate for a repeated event id, sequential or concurrent, applying it once', async () => {
      const { store } = get();
      const [first, second] = [freshId('rc'), freshId('rc')];
      await store.applySubscriptionChange(first, t(2), setPro(['user_a']));

      const repeated = await store.applySubscriptionChange(first, t(3), {
        kind: 'status',
        clerkUserIds: ['user_a'],
        status: 'expired',
      });
      const concurrent = await Promise.all([
        store.applySubscriptionChange(second, t(4), setPro(['user_a'])),
        store.applySubscriptionChange(second, t(4), setPro(['user_a'])),
      ]);

      expect(repeated).toBe('duplicate');
      expect(concurrent.sort()).toEqual(['applied', 'duplicate']);
      expect((await store.findUserByClerkId('user_a'))?.subscriptionStatus).toBe('active');
    });

    it('status: changes only the status, keeping entitlements and expiry', async () => {
      const { store } = get();
      await store.applySubscriptionChange(freshId('rc'), t(2), setPro(['user_a']));

      await store.applySubscriptionChange(freshId('rc'), t(3), {
        kind: 'status',
        clerkUserIds: ['user_a'],
        status: 'grace_period',
      });

      expect(await store.findUserByClerkId('user_a')).toMatchObject({
        subscriptionStatus: 'grace_period',
        entitlements: ['pro'],
        subscriptionExpiresAt: expiresAt,
      });
    });

    it('ignores an unknown user and creates no one', async () => {
      const { store } = get();

      const outcome = await store.applySubscriptionChange(
        freshId('rc'),
        t(2),
        setPro(['user_unknown']),
      );

      expect(outcome).toBe('ignored');
      expect(await store.findUserByClerkId('user_unknown')).toBeNull();
    });

    it('ignores a tombstoned user and leaves the tombstone as it was', async () => {
      const { store } = get();
      await store.deleteUserData('user_a');
      const tombstone = await store.findUserByClerkId('user_a');

      const outcome = await store.applySubscriptionChange(freshId('rc'), t(2), setPro(['user_a']));

      expect(outcome).toBe('ignored');
      expect(await store.findUserByClerkId('user_a')).toEqual(tombstone);
    });

    it('applies to the users for whom the event is not stale, skipping the others', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_b', email: null });
      await store.applySubscriptionChange(freshId('rc'), t(5), setPro(['user_b']));

      const outcome = await store.applySubscriptionChange(freshId('rc'), t(3), {
        kind: 'status',
        clerkUserIds: ['user_a', 'user_b', 'user_unknown'],
        status: 'expired',
      });

      expect(outcome).toBe('applied');
      expect((await store.findUserByClerkId('user_a'))?.subscriptionStatus).toBe('expired');
      expect((await store.findUserByClerkId('user_b'))?.subscriptionStatus).toBe('active');
    });

    it('transfer: the to-user takes the from-user’s subscription, which is left expired', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_b', email: null });
      await store.applySubscriptionChange(freshId('rc'), t(2), setPro(['user_a']));

      const outcome = await store.applySubscriptionChange(freshId('rc'), t(3), {
        kind: 'transfer',
        from: ['user_a'],
        to: ['user_b'],
        entitlements: null,
      });

      expect(outcome).toBe('applied');
      expect(await store.findUserByClerkId('user_b')).toMatchObject({
        subscriptionStatus: 'active',
        entitlements: ['pro'],
        subscriptionExpiresAt: expiresAt,
      });
      expect(await store.findUserByClerkId('user_a')).toMatchObject({
        subscriptionStatus: 'expired',
        entitlements: [],
        subscriptionExpiresAt: expiresAt,
      });
    });

    it('transfer: entitlements named by the event win over the from-user’s', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_b', email: null });
      await store.applySubscriptionChange(freshId('rc'), t(2), setPro(['user_a']));

      await store.applySubscriptionChange(freshId('rc'), t(3), {
        kind: 'transfer',
        from: ['user_a', 'user_unknown'],
        to: ['user_b'],
        entitlements: ['pro', 'family'],
      });

      expect((await store.findUserByClerkId('user_b'))?.entitlements).toEqual(['pro', 'family']);
    });

    it('transfer naming no entitlements, from no one on file, leaves the to-user’s own subscription', async () => {
      const { store } = get();
      await store.applySubscriptionChange(freshId('rc'), t(2), setPro(['user_a']));

      const outcome = await store.applySubscriptionChange(freshId('rc'), t(3), {
        kind: 'transfer',
        from: ['$RCAnonymousID:gone'],
        to: ['user_a'],
        entitlements: null,
      });

      expect(outcome).toBe('ignored');
      expect(await store.findUserByClerkId('user_a')).toMatchObject({
        subscriptionStatus: 'active',
        entitlements: ['pro'],
        subscriptionExpiresAt: expiresAt,
      });
    });
  });
}
