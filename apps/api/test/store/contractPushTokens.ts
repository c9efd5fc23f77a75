import { beforeEach, describe, expect, it } from 'vitest';
import type { StoreHarness } from './harness.js';
import { delay, expoToken, freshId } from './contractSupport.js';

/** Push tokens: one holder per token, at most 10 per user, the oldest dropped. */
export function pushTokenTests(get: () => StoreHarness): void {
  describe('push tokens', () => {
    let userId: string;
    let sessionId: string;

    beforeEach(async () => {
      const { user } = await get().store.provisionUser({ clerkUserId: 'user_a', email: null });
      userId = user.id;
      sessionId = freshId('sess');
    });

    const register = (token: string, platform: 'ios' | 'android' = 'ios', holder = userId) =>
      get().store.registerPushToken({ userId: holder, sessionId, token, platform });

    it('lists a registered token with its platform and session', async () => {
      await register(expoToken(1), 'android');

      const tokens = await get().store.listPushTokens(userId);

      expect(tokens).toEqual([{ token: expoToken(1), platform: 'android', sessionId }]);
    });

    it('keeps one entry when the same token is registered again, with the latest platform', async () => {
      await register(expoToken(1), 'ios');

      await register(expoToken(1), 'android');

      expect(await get().store.listPushTokens(userId)).toEqual([
        { token: expoToken(1), platform: 'android', sessionId },
      ]);
    });

    it('lists the most recently registered first', async () => {
      for (const n of [1, 2, 3]) {
        await register(expoToken(n));
        await delay(2); // "most recent" needs distinct times, even at millisecond resolution
      }

      const tokens = await get().store.listPushTokens(userId);

      expect(tokens.map((entry) => entry.token)).toEqual([
        expoToken(3),
        expoToken(2),
        expoToken(1),
      ]);
    });

    it('moves a token registered by another user to that user', async () => {
      const { store } = get();
      const { user: other } = await store.provisionUser({ clerkUserId: 'user_b', email: null });
      await register(expoToken(1));

      await register(expoToken(1), 'ios', other.id);

      expect(await store.listPushTokens(userId)).toEqual([]);
      expect((await store.listPushTokens(other.id)).map((entry) => entry.token)).toEqual([
        expoToken(1),
      ]);
    });

    it('drops the oldest token when an 11th is registered', async () => {
      for (let n = 1; n <= 11; n += 1) {
        await register(expoToken(n));
        await delay(2);
      }

      const tokens = (await get().store.listPushTokens(userId)).map((entry) => entry.token);

      expect(tokens).toHaveLength(10);
      expect(tokens).not.toContain(expoToken(1));
      expect(tokens).toContain(expoToken(11));
    });

    it('counts a re-registered token as recent: the next oldest is dropped instead', async () => {
      for (let n = 1; n <= 10; n += 1) {
        await register(expoToken(n));
        await delay(2);
      }
      await register(expoToken(1));
      await delay(2);

      await register(expoToken(11));

      const tokens = (await get().store.listPushTokens(userId)).map((entry) => entry.token);
      expect(tokens).toHaveLength(10);
      expect(tokens).toContain(expoToken(1));
      expect(tokens).not.toContain(expoToken(2));
    });

    it('unregisters a token of this user, and resolves for a token never registered', async () => {
      await register(expoToken(1));

      await get().store.unregisterPushToken(userId, expoToken(1));
      await get().store.unregisterPushToken(userId, expoToken('unknown'));

      expect(await get().store.listPushTokens(userId)).toEqual([]);
    });

    it('leaves another user’s token in place when asked to unregister it', async () => {
      const { store } = get();
      const { user: other } = await store.provisionUser({ clerkUserId: 'user_b', email: null });
      await register(expoToken(1));

      await store.unregisterPushToken(other.id, expoToken(1));

      expect((await store.listPushTokens(userId)).map((entry) => entry.token)).toEqual([
        expoToken(1),
      ]);
    });
  });
}
