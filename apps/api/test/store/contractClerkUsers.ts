import { describe, expect, it } from 'vitest';
import type { StoreHarness } from './harness.js';
import { clerkUpdate, freshId } from './contractSupport.js';

/** `applyClerkUser`: Clerk's user.created / user.updated, once per event id, newest wins. */
export function clerkUserTests(get: () => StoreHarness): void {
  describe('applyClerkUser', () => {
    it('creates an absent user with its portfolio, taking Clerk name, email and state', async () => {
      const { store } = get();

      const outcome = await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-01T00:00:00Z'),
      );

      expect(outcome).toBe('applied');
      const provisioned = await store.provisionUser({ clerkUserId: 'user_a', email: null });
      expect(provisioned.created).toBe(false);
      expect(provisioned.portfolio).not.toBeNull();
      expect(provisioned.user).toMatchObject({
        email: 'a@example.com',
        displayName: 'Ada Lovelace',
        isActive: true,
        deletedAt: null,
      });
    });

    it('updates a user provisioned by a request before any Clerk event', async () => {
      const { store } = get();
      const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });

      const outcome = await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-01T00:00:00Z'),
      );

      expect(outcome).toBe('applied');
      expect(await store.findUserByClerkId('user_a')).toMatchObject({
        id: user.id,
        email: 'a@example.com',
        displayName: 'Ada Lovelace',
      });
    });

    it('answers duplicate for an event id seen before and applies nothing the second time', async () => {
      const { store } = get();
      const eventId = freshId('evt');
      await store.applyClerkUser(eventId, clerkUpdate('2026-01-01T00:00:00Z'));

      const again = await store.applyClerkUser(
        eventId,
        clerkUpdate('2026-01-02T00:00:00Z', { clerkName: 'Someone Else' }),
      );

      expect(again).toBe('duplicate');
      expect((await store.findUserByClerkId('user_a'))?.displayName).toBe('Ada Lovelace');
    });

    it('applies one of two concurrent deliveries of one event id; the other is a duplicate', async () => {
      const { store } = get();
      const eventId = freshId('evt');
      const update = clerkUpdate('2026-01-01T00:00:00Z');

      const outcomes = await Promise.all([
        store.applyClerkUser(eventId, update),
        store.applyClerkUser(eventId, update),
      ]);

      expect(outcomes.sort()).toEqual(['applied', 'duplicate']);
      const { created, portfolio } = await store.provisionUser({
        clerkUserId: 'user_a',
        email: null,
      });
      expect(created).toBe(false);
      expect(portfolio).not.toBeNull();
    });

    it('creates one user and one portfolio when racing first requests that provision it', async () => {
      const { store } = get();

      const [outcome, ...provisioned] = await Promise.all([
        store.applyClerkUser(freshId('evt'), clerkUpdate('2026-01-01T00:00:00Z')),
        ...Array.from({ length: 5 }, () =>
          store.provisionUser({ clerkUserId: 'user_a', email: null }),
        ),
      ]);

      expect(outcome).toBe('applied');
      expect(new Set(provisioned.map((result) => result.user.id)).size).toBe(1);
      expect(new Set(provisioned.map((result) => result.portfolio?.id)).size).toBe(1);
      expect(provisioned.filter((result) => result.created).length).toBeLessThanOrEqual(1);
      expect((await store.findUserByClerkId('user_a'))?.email).toBe('a@example.com');
    });

    it('answers stale for an older clerkUpdatedAt and changes nothing', async () => {
      const { store } = get();
      await store.applyClerkUser(freshId('evt'), clerkUpdate('2026-01-02T00:00:00Z'));
      const before = await store.findUserByClerkId('user_a');

      const outcome = await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-01T00:00:00Z', { email: 'old@example.com', isActive: false }),
      );

      expect(outcome).toBe('stale');
      expect(await store.findUserByClerkId('user_a')).toEqual(before);
    });

    it('answers stale for an equal clerkUpdatedAt: only a strictly newer event applies', async () => {
      const { store } = get();
      await store.applyClerkUser(freshId('evt'), clerkUpdate('2026-01-01T00:00:00Z'));
      const before = await store.findUserByClerkId('user_a');

      const outcome = await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-01T00:00:00Z', { email: 'same-time@example.com' }),
      );

      expect(outcome).toBe('stale');
      expect(await store.findUserByClerkId('user_a')).toEqual(before);
    });

    it('sets isActive false for a ban and true again for a later unban', async () => {
      const { store } = get();
      await store.applyClerkUser(freshId('evt'), clerkUpdate('2026-01-01T00:00:00Z'));

      await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-02T00:00:00Z', { isActive: false }),
      );
      const banned = await store.findUserByClerkId('user_a');
      await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-03T00:00:00Z', { isActive: true }),
      );
      const unbanned = await store.findUserByClerkId('user_a');

      expect(banned?.isActive).toBe(false);
      expect(unbanned?.isActive).toBe(true);
    });

    it('follows Clerk name changes until the user sets a displayName, then keeps theirs', async () => {
      const { store } = get();
      await store.applyClerkUser(freshId('evt'), clerkUpdate('2026-01-01T00:00:00Z'));
      await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-02T00:00:00Z', { clerkName: 'Ada King' }),
      );
      const followed = await store.findUserByClerkId('user_a');

      await store.updateProfile('user_a', { displayName: 'Countess' });
      const outcome = await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-03T00:00:00Z', { clerkName: 'Augusta Ada', email: 'new@example.com' }),
      );

      expect(followed?.displayName).toBe('Ada King');
      expect(outcome).toBe('applied');
      expect(await store.findUserByClerkId('user_a')).toMatchObject({
        displayName: 'Countess',
        email: 'new@example.com',
      });
    });

    it('ignores events for a tombstone, changing nothing, and records their id', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: 'a@example.com' });
      await store.deleteUserData('user_a');
      const tombstone = await store.findUserByClerkId('user_a');
      const eventId = freshId('evt');

      const outcome = await store.applyClerkUser(eventId, clerkUpdate('2030-01-01T00:00:00Z'));
      const again = await store.applyClerkUser(eventId, clerkUpdate('2030-01-01T00:00:00Z'));

      expect(outcome).toBe('ignored');
      expect(again).toBe('duplicate');
      expect(await store.findUserByClerkId('user_a')).toEqual(tombstone);
    });
  });
}
