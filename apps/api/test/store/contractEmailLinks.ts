import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EmailLinkInput, Store } from '../../src/store/port.js';
import type { StoreHarness } from './harness.js';

const MINUTE = 60_000;
// In the future, so MongoDB's TTL monitor (which uses the real clock) never removes them mid-test.
const T0 = Date.parse('2040-01-01T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * MINUTE);
const hash = () => randomBytes(32).toString('base64url');
const quota = (minutes: number, key: string) => ({ key, max: 3, since: at(minutes - 60) });

function link(overrides: Partial<EmailLinkInput> = {}): EmailLinkInput {
  return {
    tokenHash: hash(),
    email: `a-${randomBytes(4).toString('hex')}@example.com`,
    codeChallenge: hash(),
    createdAt: at(0),
    expiresAt: at(15),
    ...overrides,
  };
}

const claim = (
  store: Store,
  input: EmailLinkInput,
  options: { minutes?: number; challenge?: string; claimId?: string } = {},
) => {
  const minutes = options.minutes ?? 1;
  return store.claimEmailLink({
    tokenHash: input.tokenHash,
    codeChallenge: options.challenge ?? input.codeChallenge,
    claimId: options.claimId ?? randomBytes(8).toString('hex'),
    now: at(minutes),
    leaseUntil: new Date(at(minutes).getTime() + 30_000),
  });
};

/** Email sign-in links: per-address quota, atomic single-use claims, purge. */
export function emailLinkTests(get: () => StoreHarness): void {
  describe('email links', () => {
    const saved = async (overrides: Partial<EmailLinkInput> = {}) => {
      const input = link(overrides);
      expect(await get().store.saveEmailLink(input, quota(0, input.email))).toEqual({
        saved: true,
      });
      return input;
    };

    it('claims a saved link with its challenge, answering its address', async () => {
      const input = await saved();

      const result = await claim(get().store, input);

      expect(result).toEqual({ status: 'claimed', email: input.email });
    });

    it('answers invalid for an unknown hash', async () => {
      const result = await claim(get().store, link());

      expect(result).toEqual({ status: 'invalid' });
    });

    it('answers invalid for a wrong challenge and leaves the link claimable', async () => {
      const input = await saved();

      const wrong = await claim(get().store, input, { challenge: hash() });
      const right = await claim(get().store, input);

      expect(wrong).toEqual({ status: 'invalid' });
      expect(right.status).toBe('claimed');
    });

    it('answers used once completed, and invalid to a wrong challenge even then', async () => {
      const { store } = get();
      const input = await saved();
      await claim(store, input, { claimId: 'c1' });

      const completed = await store.completeEmailLink(input.tokenHash, 'c1', at(2));
      const again = await claim(store, input, { minutes: 3 });
      const wrong = await claim(store, input, { minutes: 3, challenge: hash() });

      expect(completed).toBe(true);
      expect(again).toEqual({ status: 'used' });
      expect(wrong).toEqual({ status: 'invalid' });
    });

    it('answers expired at and after the expiry, and claims just before it', async () => {
      const input = await saved();
      const { store } = get();

      const atExpiry = await claim(store, input, { minutes: 15 });
      const later = await claim(store, input, { minutes: 40 });
      const before = await claim(store, input, { minutes: 14.99 });

      expect(atExpiry).toEqual({ status: 'expired' });
      expect(later).toEqual({ status: 'expired' });
      expect(before.status).toBe('claimed');
    });

    it('lets exactly one of 20 concurrent claims through; the others see used', async () => {
      const input = await saved();

      const results = await Promise.all(
        Array.from({ length: 20 }, () => claim(get().store, input)),
      );

      expect(results.filter((result) => result.status === 'claimed')).toHaveLength(1);
      expect(results.filter((result) => result.status === 'used')).toHaveLength(19);
    });

    it('makes a released link claimable again, and ignores a release by another claim', async () => {
      const { store } = get();
      const input = await saved();
      await claim(store, input, { claimId: 'c1' });

      await store.releaseEmailLink(input.tokenHash, 'other');
      const whileHeld = await claim(store, input);
      await store.releaseEmailLink(input.tokenHash, 'c1');
      const afterRelease = await claim(store, input, { claimId: 'c2' });

      expect(whileHeld).toEqual({ status: 'used' });
      expect(afterRelease.status).toBe('claimed');
      expect(await store.completeEmailLink(input.tokenHash, 'c1', at(2))).toBe(false);
      expect(await store.completeEmailLink(input.tokenHash, 'c2', at(2))).toBe(true);
    });

    it('lets a new claim take over a lapsed lease; the old claim can then not complete', async () => {
      const { store } = get();
      const input = await saved();
      await claim(store, input, { claimId: 'c1', minutes: 1 });

      const takeover = await claim(store, input, { claimId: 'c2', minutes: 2 });
      const stale = await store.completeEmailLink(input.tokenHash, 'c1', at(2));
      const current = await store.completeEmailLink(input.tokenHash, 'c2', at(2));

      expect(takeover.status).toBe('claimed');
      expect(stale).toBe(false);
      expect(current).toBe(true);
    });

    it('saves 3 links per address per window, then answers the oldest one’s time', async () => {
      const { store } = get();
      const email = 'quota@example.com';
      for (const minutes of [0, 10, 20]) {
        await store.saveEmailLink(link({ email, createdAt: at(minutes) }), quota(minutes, email));
      }

      const other = link({ createdAt: at(30) });
      const fourth = await store.saveEmailLink(
        link({ email, createdAt: at(30) }),
        quota(30, email),
      );
      const otherAddress = await store.saveEmailLink(other, quota(30, other.email));
      const nextWindow = await store.saveEmailLink(
        link({ email, createdAt: at(61) }),
        quota(61, email),
      );

      expect(fourth).toEqual({ saved: false, oldestAt: at(0) });
      expect(otherAddress).toEqual({ saved: true });
      expect(nextWindow).toEqual({ saved: true });
    });

    it('counts links by quota key, whatever their address, and keeps each link’s own address', async () => {
      const { store } = get();
      const key = `mailbox-${randomBytes(4).toString('hex')}@gmail.com`;
      const variants = ['a', 'b', 'c', 'd'].map((tag) => key.replace('@', `+${tag}@`));
      const links = variants.map((email, minutes) => link({ email, createdAt: at(minutes) }));

      const results = [];
      for (const [minutes, input] of links.entries()) {
        results.push(await store.saveEmailLink(input, quota(minutes, key)));
      }
      const claimed = links[1] ? await claim(store, links[1], { minutes: 5 }) : undefined;

      expect(results).toEqual([
        { saved: true },
        { saved: true },
        { saved: true },
        { saved: false, oldestAt: at(0) },
      ]);
      expect(claimed).toEqual({ status: 'claimed', email: variants[1] });
    });

    it('saves exactly 3 of 12 concurrent links for one address', async () => {
      const { store } = get();
      const email = 'race@example.com';

      const results = await Promise.all(
        Array.from({ length: 12 }, () => store.saveEmailLink(link({ email }), quota(0, email))),
      );

      expect(results.filter((result) => result.saved)).toHaveLength(3);
    });

    it('purges links that expired before the cutoff, and only those', async () => {
      const { store } = get();
      const old = await saved({ createdAt: at(-120), expiresAt: at(-105) });
      const recent = await saved({ createdAt: at(-30), expiresAt: at(-15) });

      const purged = await store.purgeEmailLinks(at(-60));

      expect(purged).toBe(1);
      expect(await claim(store, old)).toEqual({ status: 'invalid' });
      expect(await claim(store, recent)).toEqual({ status: 'expired' });
    });
  });
}
