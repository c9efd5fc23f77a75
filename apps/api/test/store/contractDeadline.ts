import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, type EmailLinkInput } from '../../src/store/port.js';
import type { StoreHarness } from './harness.js';
import { clerkUpdate, expoToken, freshId } from './contractSupport.js';

/** A deadline the database's clock has passed: what a write delivered late carries. */
const late = () => ({ deadline: new Date(Date.now() - 1_000) });

const hash = () => randomBytes(32).toString('base64url');
const T0 = Date.parse('2040-01-01T12:00:00Z');

function link(): EmailLinkInput {
  const email = `late-${randomBytes(4).toString('hex')}@example.com`;
  const expiresAt = new Date(T0 + 15 * 60_000);
  return { tokenHash: hash(), email, codeChallenge: hash(), createdAt: new Date(T0), expiresAt };
}

/**
 * A write whose deadline has passed is refused as "database unavailable" (503) and changes
 * nothing, on every adapter; a webhook refused so records nothing, so its retry applies. The
 * database refuses it (no adapter checks the deadline before sending): the SQL stores at
 * COMMIT, MongoDB at each statement (mongoDeadline.test.ts shows what it sends).
 */
export function deadlineTests(get: () => StoreHarness): void {
  describe('writes after their deadline', () => {
    let userId: string;

    beforeEach(async () => {
      const { user } = await get().store.provisionUser({ clerkUserId: 'user_a', email: null });
      userId = user.id;
    });

    const refused = (write: Promise<unknown>) =>
      expect(write).rejects.toBeInstanceOf(DatabaseUnavailableError);

    it('refuses provisioning, profile, email and portfolio changes, leaving the user as it was', async () => {
      const { store } = get();
      const before = await store.findUserByClerkId('user_a');

      await refused(store.provisionUser({ clerkUserId: 'user_b', email: null }, late()));
      await refused(store.updateProfile('user_a', { displayName: 'Late' }, late()));
      await refused(store.setEmailIfMissing('user_a', 'late@example.com', late()));
      await refused(store.updatePortfolio(userId, { baseCurrency: 'EUR' }, late()));

      expect(await store.findUserByClerkId('user_b')).toBeNull();
      expect(await store.findUserByClerkId('user_a')).toEqual(before);
      expect((await store.getPortfolio(userId)).baseCurrency).toBe('USD');
    });

    it('refuses a Clerk user event and records nothing, so its retry applies', async () => {
      const { store } = get();
      const eventId = freshId('evt');
      const update = clerkUpdate('2030-01-01T00:00:00Z', { email: 'new@example.com' });

      await refused(store.applyClerkUser(eventId, update, late()));
      expect((await store.findUserByClerkId('user_a'))?.email).toBeNull();

      expect(await store.applyClerkUser(eventId, update)).toBe('applied');
      expect((await store.findUserByClerkId('user_a'))?.email).toBe('new@example.com');
    });

    it('refuses a deletion and a session revocation, whose retries then apply', async () => {
      const { store } = get();
      const sessionId = freshId('sess');
      const [deletion, revocation] = [freshId('evt'), freshId('evt')];

      await refused(store.deleteUserData('user_a', deletion, late()));
      await refused(store.revokeSession(sessionId, revocation, undefined, late()));

      expect((await store.findUserByClerkId('user_a'))?.deletedAt).toBeNull();
      expect(await store.isSessionRevoked(sessionId)).toBe(false);
      expect(await store.deleteUserData('user_a', deletion)).toBe('applied');
      expect(await store.revokeSession(sessionId, revocation)).toBe('applied');
    });

    it('refuses registering and unregistering push tokens', async () => {
      const { store } = get();
      const sessionId = freshId('sess');
      const input = (n: number) => ({
        userId,
        sessionId,
        token: expoToken(n),
        platform: 'ios' as const,
      });
      await store.registerPushToken(input(1));

      await refused(store.registerPushToken(input(2), late()));
      await refused(store.unregisterPushToken(userId, expoToken(1), late()));

      expect((await store.listPushTokens(userId)).map(({ token }) => token)).toEqual([
        expoToken(1),
      ]);
    });

    it('refuses a subscription event and records nothing, so its retry applies', async () => {
      const { store } = get();
      const eventId = freshId('rc');
      const change = {
        kind: 'status' as const,
        clerkUserIds: ['user_a'],
        status: 'active' as const,
      };

      await refused(store.applySubscriptionChange(eventId, new Date(T0), change, late()));
      expect((await store.findUserByClerkId('user_a'))?.subscriptionStatus).toBe('free');

      expect(await store.applySubscriptionChange(eventId, new Date(T0), change)).toBe('applied');
    });

    it('refuses saving, claiming, completing, releasing and purging email links', async () => {
      const { store } = get();
      const unsaved = link();
      const input = link();
      const quota = { key: input.email, max: 3, since: new Date(T0 - 3_600_000) };
      await store.saveEmailLink(input, quota);
      const claim = (claimId: string, options = {}) =>
        store.claimEmailLink(
          {
            tokenHash: input.tokenHash,
            codeChallenge: input.codeChallenge,
            claimId,
            now: new Date(T0 + 60_000),
            leaseUntil: new Date(T0 + 90_000),
          },
          options,
        );

      await refused(store.saveEmailLink(unsaved, quota, late()));
      await refused(claim('late', late()));
      await refused(store.purgeEmailLinks(new Date(T0 + 3_600_000), late()));
      expect(await claim('first')).toEqual({ status: 'claimed', email: input.email });
      await refused(store.releaseEmailLink(input.tokenHash, 'first', late()));
      await refused(
        store.completeEmailLink(input.tokenHash, 'first', new Date(T0), undefined, late()),
      );

      expect(await store.completeEmailLink(input.tokenHash, 'first', new Date(T0))).toBe(true);
      expect(await store.saveEmailLink(unsaved, quota)).toEqual({ saved: true });
    });

    it('refuses Security center writes: a sign-in, revocations, an operator change, the email slot, a purge', async () => {
      const { store } = get();
      const events = async () => (await store.listSecurityEvents(userId, { limit: 50 })).events;
      const signInId = freshId('evt');
      const signIn = {
        clerkUserId: 'user_a',
        sessionId: freshId('sess'),
        at: new Date(T0),
        device: null,
      };
      const rule = { knownForMs: 90 * 86_400_000 };
      const other = freshId('sess');
      const operator = { detail: { by: 'operator', reason: 'late' }, sessionIds: [other] };
      const before = await events();

      await refused(store.recordSignIn(signInId, signIn, rule, late()));
      await refused(store.revokeOtherSessions('user_a', [other], late()));
      await refused(store.setAccountActive('user_a', false, operator, late()));
      await refused(
        store.claimNewDeviceEmail('user_a', new Date(T0), new Date(T0 - 3_600_000), late()),
      );
      await refused(store.purgeSecurityEvents(new Date(T0 + 86_400_000), late()));

      expect(await events()).toEqual(before);
      expect(await store.isSessionRevoked(other)).toBe(false);
      expect((await store.findUserByClerkId('user_a'))?.isActive).toBe(true);
      // Nothing was taken or recorded, so each retry applies in full.
      expect(
        await store.claimNewDeviceEmail('user_a', new Date(T0), new Date(T0 - 3_600_000)),
      ).toBe(true);
      expect((await store.recordSignIn(signInId, signIn, rule)).outcome).toBe('applied');
      expect(await store.revokeOtherSessions('user_a', [other])).toBe(1);
    });
  });
}
