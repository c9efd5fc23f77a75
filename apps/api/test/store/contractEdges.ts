import { beforeEach, describe, expect, it } from 'vitest';
import type { StoreHarness } from './harness.js';

/**
 * Contract cases that need the harness to reach past the port: missing portfolios, exact
 * decimals, tombstones. Each is skipped when the adapter's harness cannot set the state up.
 */
export function edgeCaseTests(get: () => StoreHarness): void {
  it('getPortfolio recreates a missing portfolio, empty', async (context) => {
    const { store, deletePortfolio } = get();
    if (!deletePortfolio) return context.skip();
    const { user, portfolio } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
    await deletePortfolio(user.id);

    const recreated = await store.getPortfolio(user.id);

    expect(recreated).toEqual({ ...portfolio, id: expect.any(String) });
    expect(await store.getPortfolio(user.id)).toEqual(recreated);
  });

  it('provisionUser recreates a missing portfolio for an existing user', async (context) => {
    const { store, deletePortfolio } = get();
    if (!deletePortfolio) return context.skip();
    const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
    await deletePortfolio(user.id);

    const again = await store.provisionUser({ clerkUserId: 'user_a', email: null });

    expect(again.created).toBe(false);
    expect(again.portfolio).toMatchObject({
      userId: user.id,
      baseCurrency: 'USD',
      totalValue: '0',
    });
  });

  it('returns totalValue as exact canonical decimal text, beyond float precision', async (context) => {
    const { store, setTotalValue } = get();
    if (!setTotalValue) return context.skip();
    const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
    await setTotalValue(user.id, '12345678901234567890.1234567890');

    const portfolio = await store.getPortfolio(user.id);

    expect(portfolio.totalValue).toBe('12345678901234567890.123456789');
  });

  describe('with a tombstoned user', () => {
    beforeEach(async (context) => {
      const { store, tombstone } = get();
      if (!tombstone) return context.skip();
      await store.provisionUser({ clerkUserId: 'user_gone', email: 'gone@example.com' });
      await tombstone('user_gone');
    });

    it('provisionUser returns the tombstone as-is: deletedAt set, no portfolio, not created', async () => {
      const { store } = get();

      const result = await store.provisionUser({
        clerkUserId: 'user_gone',
        email: 'new@example.com',
      });

      expect(result.created).toBe(false);
      expect(result.user.deletedAt).toBeInstanceOf(Date);
      expect(result.user.email).toBeNull();
      expect(result.portfolio).toBeNull();
    });

    it('findUserByClerkId returns the tombstone', async () => {
      const { store } = get();

      const user = await store.findUserByClerkId('user_gone');

      expect(user?.deletedAt).toBeInstanceOf(Date);
    });

    it('setEmailIfMissing and updateProfile return null and write nothing', async () => {
      const { store } = get();
      const before = await store.findUserByClerkId('user_gone');

      const filled = await store.setEmailIfMissing('user_gone', 'new@example.com');
      const renamed = await store.updateProfile('user_gone', { displayName: 'Back' });

      expect(filled).toBeNull();
      expect(renamed).toBeNull();
      expect(await store.findUserByClerkId('user_gone')).toEqual(before);
    });

    it('getPortfolio rejects rather than give the tombstone a portfolio again', async () => {
      const { store } = get();
      const tombstone = await store.findUserByClerkId('user_gone');

      const attempt = store.getPortfolio(tombstone?.id ?? 'missing');

      await expect(attempt).rejects.toThrow();
      expect(
        (await store.provisionUser({ clerkUserId: 'user_gone', email: null })).portfolio,
      ).toBeNull();
    });
  });
}
