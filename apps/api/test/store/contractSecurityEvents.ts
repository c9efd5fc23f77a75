import { describe, expect, it } from 'vitest';
import type { SecurityDevice, SignInInput, Store } from '../../src/store/port.js';
import type { StoreHarness } from './harness.js';
import { clerkUpdate, freshId } from './contractSupport.js';

const DAY = 24 * 60 * 60 * 1000;
const KNOWN_FOR = { knownForMs: 90 * DAY };
const phone: SecurityDevice = {
  type: 'iPhone',
  isMobile: true,
  browser: 'Safari',
  city: 'Zurich',
  country: 'CH',
};

const signIn = (overrides: Partial<SignInInput> = {}): SignInInput => ({
  clerkUserId: 'user_a',
  sessionId: freshId('sess'),
  at: new Date('2040-01-10T12:00:00Z'),
  device: phone,
  ...overrides,
});

async function typesOf(store: Store, clerkUserId = 'user_a'): Promise<string[]> {
  const user = await store.findUserByClerkId(clerkUserId);
  if (!user) return [];
  const { events } = await store.listSecurityEvents(user.id, { limit: 50 });
  return events.map((event) => event.type);
}

/** The Security center's events: written with their causes, once, erased with the account. */
export function securityEventTests(get: () => StoreHarness): void {
  describe('security events', () => {
    it('records account.created once, when provisioning creates the user', async () => {
      const { store } = get();

      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      await store.provisionUser({ clerkUserId: 'user_a', email: null });

      expect(await typesOf(store)).toEqual(['account.created']);
    });

    it('records a sign_in once per delivery, with its device and session, and says first', async () => {
      const { store } = get();
      const eventId = freshId('evt');
      const input = signIn();

      const first = await store.recordSignIn(eventId, input, KNOWN_FOR);
      const replay = await store.recordSignIn(eventId, input, KNOWN_FOR);

      expect(first).toEqual({ outcome: 'applied', novelty: 'first' });
      expect(replay.outcome).toBe('duplicate');
      const user = await store.findUserByClerkId('user_a');
      const { events } = await store.listSecurityEvents(user?.id ?? '', { limit: 50 });
      expect(events.map((event) => event.type).sort()).toEqual(['account.created', 'sign_in']);
      expect(events.find((event) => event.type === 'sign_in')).toMatchObject({
        at: input.at,
        device: phone,
        detail: { sessionId: input.sessionId },
      });
    });

    it('tells a known device from a new country or device, within the window', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      await store.recordSignIn(freshId('evt'), signIn(), KNOWN_FOR);

      const again = await store.recordSignIn(freshId('evt'), signIn(), KNOWN_FOR);
      const abroad = await store.recordSignIn(
        freshId('evt'),
        signIn({ device: { ...phone, country: 'FR', city: 'Paris' } }),
        KNOWN_FOR,
      );
      const later = await store.recordSignIn(
        freshId('evt'),
        signIn({ at: new Date('2040-06-01T12:00:00Z') }),
        KNOWN_FOR,
      );

      expect([again.novelty, abroad.novelty, later.novelty]).toEqual(['known', 'new', 'new']);
    });

    it('records session.ended with who ended it, once, and nothing for a tombstone', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      const sessionId = freshId('sess');

      await store.revokeSession(sessionId, undefined, { clerkUserId: 'user_a', by: 'user' });
      await store.revokeSession(sessionId, freshId('evt'), { clerkUserId: 'user_a', by: 'clerk' });

      expect(await store.isSessionRevoked(sessionId)).toBe(true);
      const user = await store.findUserByClerkId('user_a');
      const { events } = await store.listSecurityEvents(user?.id ?? '', { limit: 50 });
      expect(events.filter((event) => event.type === 'session.ended')).toEqual([
        expect.objectContaining({ detail: { sessionId, by: 'user' } }),
      ]);
    });

    it('revokes the other sessions in one step with one event counting them', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      const [s1, s2] = [freshId('sess'), freshId('sess')];
      await store.revokeSession(s2, undefined);

      const revoked = await store.revokeOtherSessions('user_a', [s1, s2]);

      expect(revoked).toBe(1);
      expect(await store.isSessionRevoked(s1)).toBe(true);
      const user = await store.findUserByClerkId('user_a');
      const { events } = await store.listSecurityEvents(user?.id ?? '', { limit: 50 });
      expect(events[0]).toMatchObject({ type: 'sessions.revoked_others', detail: { revoked: 1 } });
    });

    it('disables with the reason and revokes the sessions; enables; no event without a change', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      const sessionId = freshId('sess');
      const detail = { by: 'operator', reason: 'fraud report' };

      const disabled = await store.setAccountActive('user_a', false, {
        detail,
        sessionIds: [sessionId],
      });
      await store.setAccountActive('user_a', false, { detail, sessionIds: [] });
      const enabled = await store.setAccountActive('user_a', true, {
        detail: { by: 'operator' },
        sessionIds: [],
      });

      expect(disabled?.isActive).toBe(false);
      expect(enabled?.isActive).toBe(true);
      expect(await store.isSessionRevoked(sessionId)).toBe(true);
      expect(await typesOf(store)).toEqual([
        'account.enabled',
        'account.disabled',
        'account.created',
      ]);
      const user = await store.findUserByClerkId('user_a');
      const { events } = await store.listSecurityEvents(user?.id ?? '', { limit: 50 });
      expect(events[1]?.detail).toEqual(detail);
      expect(
        await store.setAccountActive('user_nobody', false, { detail, sessionIds: [] }),
      ).toBeNull();
    });

    it('derives passkey, email and ban events from successive Clerk user events', async () => {
      const { store } = get();
      await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2040-01-01T00:00:00Z', { passkeyIds: ['pk_1'] }),
      );

      await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2040-01-02T00:00:00Z', {
          passkeyIds: ['pk_2'],
          email: 'new@example.com',
          isActive: false,
        }),
      );
      const stale = await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2040-01-01T12:00:00Z', { passkeyIds: [] }),
      );

      expect(stale).toBe('stale');
      const user = await store.findUserByClerkId('user_a');
      const { events } = await store.listSecurityEvents(user?.id ?? '', { limit: 50 });
      expect(events.map((event) => [event.type, event.detail]).sort()).toEqual(
        [
          ['account.created', {}],
          ['account.disabled', { by: 'clerk' }],
          ['email.changed', {}],
          ['passkey.added', { passkeyId: 'pk_2' }],
          ['passkey.removed', { passkeyId: 'pk_1' }],
        ].sort(),
      );
    });

    it('pages newest first with a cursor, and next is null on the last page', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      for (let day = 1; day <= 4; day += 1) {
        const at = new Date(`2040-01-0${String(day)}T00:00:00Z`);
        await store.recordSignIn(freshId('evt'), signIn({ at }), KNOWN_FOR);
      }
      const user = await store.findUserByClerkId('user_a');
      const userId = user?.id ?? '';

      const first = await store.listSecurityEvents(userId, { limit: 2 });
      const second = await store.listSecurityEvents(userId, {
        limit: 2,
        ...(first.next ? { before: first.next } : {}),
      });
      const third = await store.listSecurityEvents(userId, {
        limit: 2,
        ...(second.next ? { before: second.next } : {}),
      });

      const days = (page: typeof first) =>
        page.events.map((event) => event.at.toISOString().slice(0, 10));
      expect(days(first)).toEqual(['2040-01-04', '2040-01-03']);
      expect(days(second)).toEqual(['2040-01-02', '2040-01-01']);
      expect(third.events.map((event) => event.type)).toEqual(['account.created']);
      expect(third.next).toBeNull();
    });

    it('erases the events with the account, keeps none for the tombstone', async () => {
      const { store } = get();
      await store.recordSignIn(freshId('evt'), signIn(), KNOWN_FOR);
      const user = await store.findUserByClerkId('user_a');

      await store.deleteUserData('user_a');
      await store.recordSignIn(freshId('evt'), signIn(), KNOWN_FOR);

      const { events } = await store.listSecurityEvents(user?.id ?? '', { limit: 50 });
      expect(events).toEqual([]);
    });

    it('records email_link.redeemed with the completed link, for a known user only', async () => {
      const { store } = get();
      await store.provisionUser({ clerkUserId: 'user_a', email: 'a@example.com' });
      const tokenHash = freshId('hash');
      const codeChallenge = freshId('challenge');
      const at = new Date('2040-01-01T12:00:00Z');
      const link = { tokenHash, email: 'a@example.com', codeChallenge, createdAt: at };
      await store.saveEmailLink(
        { ...link, expiresAt: new Date(at.getTime() + 15 * 60_000) },
        { key: 'a@example.com', max: 3, since: new Date(at.getTime() - 3_600_000) },
      );
      const now = new Date(at.getTime() + 60_000);
      const leaseUntil = new Date(at.getTime() + 90_000);
      await store.claimEmailLink({ tokenHash, codeChallenge, claimId: 'c1', now, leaseUntil });

      expect(await store.completeEmailLink(tokenHash, 'c1', now, 'user_a')).toBe(true);
      expect(await store.completeEmailLink(tokenHash, 'c1', now, 'user_a')).toBe(false);

      expect(await typesOf(store)).toEqual(['email_link.redeemed', 'account.created']);
    });

    it('gives the new-device email slot once per window, and purges old events', async () => {
      const { store } = get();
      await store.recordSignIn(
        freshId('evt'),
        signIn({ at: new Date('2030-01-01T00:00:00Z') }),
        KNOWN_FOR,
      );
      const now = new Date('2040-01-01T12:00:00Z');
      const hourAgo = new Date(now.getTime() - 3_600_000);

      const first = await store.claimNewDeviceEmail('user_a', now, hourAgo);
      const second = await store.claimNewDeviceEmail(
        'user_a',
        new Date(now.getTime() + 60_000),
        hourAgo,
      );
      const purged = await store.purgeSecurityEvents(new Date('2031-01-01T00:00:00Z'));

      expect([first, second]).toEqual([true, false]);
      expect(purged).toBeGreaterThanOrEqual(1);
      expect(await typesOf(store)).not.toContain('sign_in');
    });
  });
}
