import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/port.js';
import { clerkUserTests } from './contractClerkUsers.js';
import { deadlineTests } from './contractDeadline.js';
import { deletionTests } from './contractDeletion.js';
import { edgeCaseTests } from './contractEdges.js';
import { emailLinkTests } from './contractEmailLinks.js';
import { pushTokenTests } from './contractPushTokens.js';
import { securityEventTests } from './contractSecurityEvents.js';
import { subscriptionTests } from './contractSubscriptions.js';
import { raceName, type Races, type StoreHarness } from './harness.js';

export type { Races, StoreHarness } from './harness.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every `Store` adapter must show. One store per file (PGlite takes seconds to
 * start), emptied between tests. `races`: whether its concurrency tests can fail (harness.ts).
 */
export function storeContract(name: string, open: () => Promise<StoreHarness>, races: Races): void {
  describe(name, () => {
    let harness: StoreHarness;
    let store: Store;

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
      await store.ping(); // waits for the migrations, so reset() finds the tables
    });

    afterAll(async () => {
      await harness.close();
    });

    beforeEach(async () => {
      await harness.reset();
    });

    it('creates the user with defaults and an empty portfolio on first provision', async () => {
      const result = await store.provisionUser({ clerkUserId: 'user_a', email: 'a@example.com' });

      expect(result.created).toBe(true);
      expect(result.user).toEqual({
        id: expect.any(String),
        clerkUserId: 'user_a',
        email: 'a@example.com',
        displayName: null,
        subscriptionStatus: 'free',
        entitlements: [],
        subscriptionExpiresAt: null,
        isActive: true,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
        deletedAt: null,
      });
      expect(result.portfolio).toEqual({
        id: expect.any(String),
        userId: result.user.id,
        baseCurrency: 'USD',
        totalValue: '0',
        lastCalculatedAt: null,
      });
    });

    it('returns created: false with the same user and portfolio on a second provision', async () => {
      const first = await store.provisionUser({ clerkUserId: 'user_a', email: null });

      const second = await store.provisionUser({ clerkUserId: 'user_a', email: null });

      expect(second.created).toBe(false);
      expect(second.user).toEqual(first.user);
      expect(second.portfolio).toEqual(first.portfolio);
    });

    it(
      raceName(
        races,
        'creates exactly one user and one portfolio under 50 concurrent provisions of one id',
        'creates one user and one portfolio for 50 provisions of one id',
      ),
      async () => {
        const calls = Array.from({ length: 50 }, () =>
          store.provisionUser({ clerkUserId: 'user_race', email: null }),
        );

        const results = await Promise.all(calls);

        expect(results.filter((result) => result.created)).toHaveLength(1);
        expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
        expect(new Set(results.map((result) => result.portfolio?.id)).size).toBe(1);
        expect(results.every((result) => result.portfolio !== null)).toBe(true);
      },
    );

    it('gives different Clerk ids different users', async () => {
      const a = await store.provisionUser({ clerkUserId: 'user_a', email: null });

      const b = await store.provisionUser({ clerkUserId: 'user_b', email: null });

      expect(b.created).toBe(true);
      expect(b.user.id).not.toBe(a.user.id);
      expect(b.portfolio?.id).not.toBe(a.portfolio?.id);
    });

    it('keeps the first email when a later provision brings another', async () => {
      await store.provisionUser({ clerkUserId: 'user_a', email: 'first@example.com' });

      const again = await store.provisionUser({
        clerkUserId: 'user_a',
        email: 'other@example.com',
      });

      expect(again.user.email).toBe('first@example.com');
    });

    it('finds a provisioned user by Clerk id and returns null for an unknown one', async () => {
      const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });

      const found = await store.findUserByClerkId('user_a');
      const unknown = await store.findUserByClerkId('user_unknown');

      expect(found).toEqual(user);
      expect(unknown).toBeNull();
    });

    it('setEmailIfMissing fills a null email', async () => {
      await store.provisionUser({ clerkUserId: 'user_a', email: null });

      const user = await store.setEmailIfMissing('user_a', 'a@example.com');

      expect(user?.email).toBe('a@example.com');
      expect((await store.findUserByClerkId('user_a'))?.email).toBe('a@example.com');
    });

    it('setEmailIfMissing keeps an email that is already set', async () => {
      await store.provisionUser({ clerkUserId: 'user_a', email: 'a@example.com' });

      const user = await store.setEmailIfMissing('user_a', 'other@example.com');

      expect(user?.email).toBe('a@example.com');
      expect((await store.findUserByClerkId('user_a'))?.email).toBe('a@example.com');
    });

    it('setEmailIfMissing returns null for an unknown user', async () => {
      const user = await store.setEmailIfMissing('user_unknown', 'a@example.com');

      expect(user).toBeNull();
    });

    it('updateProfile changes displayName and updatedAt, and nothing else', async () => {
      const { user: before } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
      await delay(5); // timestamps have millisecond resolution once they are Dates

      const after = await store.updateProfile('user_a', { displayName: 'Ada' });

      expect(after).toEqual({ ...before, displayName: 'Ada', updatedAt: expect.any(Date) });
      expect(after?.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    });

    it('updateProfile returns null for an unknown user', async () => {
      const user = await store.updateProfile('user_unknown', { displayName: 'Ada' });

      expect(user).toBeNull();
    });

    it('updatePortfolio changes baseCurrency and returns the portfolio', async () => {
      const { user, portfolio } = await store.provisionUser({ clerkUserId: 'user_a', email: null });

      const updated = await store.updatePortfolio(user.id, { baseCurrency: 'EUR' });

      expect(updated).toEqual({ ...portfolio, baseCurrency: 'EUR' });
      expect(await store.getPortfolio(user.id)).toEqual(updated);
    });

    it('getPortfolio returns the provisioned portfolio with totalValue the exact decimal "0"', async () => {
      const { user, portfolio } = await store.provisionUser({ clerkUserId: 'user_a', email: null });

      const fetched = await store.getPortfolio(user.id);

      expect(fetched).toEqual(portfolio);
      expect(fetched.totalValue).toBe('0');
    });

    edgeCaseTests(() => harness);
    clerkUserTests(() => harness);
    deletionTests(() => harness, races);
    pushTokenTests(() => harness);
    subscriptionTests(() => harness);
    emailLinkTests(() => harness);
    securityEventTests(() => harness);
    deadlineTests(() => harness);

    it('ping resolves while the database answers', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
