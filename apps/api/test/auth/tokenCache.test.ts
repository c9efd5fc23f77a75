import { generateSigningKey, signSessionToken, type SigningKey } from '@assetra/clerk-emulator';
import type { KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.js';
import { createSessionVerifier } from '../../src/services/sessionVerifier.js';
import { staticKeySource, type KeySource } from '../../src/services/jwks.js';
import { CLOCK_SKEW_MS } from '../../src/services/sessionToken.js';
import { createTokenCache, type CachedToken } from '../../src/services/tokenCache.js';

const ISSUER = 'https://clerk.assetra.test';
let key: SigningKey;

beforeAll(async () => {
  key = await generateSigningKey();
});

/** A key source that counts how often the verifier needed a key (i.e. did the RSA work). */
function countingKeys(): KeySource & { calls: number } {
  const inner = staticKeySource(key.publicKeyPem);
  const source = {
    calls: 0,
    keyFor(kid: string | undefined): Promise<KeyObject | null> {
      source.calls += 1;
      return inner.keyFor(kid);
    },
    trusts: (candidate: KeyObject) => inner.trusts(candidate),
  };
  return source;
}

function verifierAt(clock: { now: number }, keys: KeySource = staticKeySource(key.publicKeyPem)) {
  const cache = createTokenCache({ now: () => clock.now });
  const verify = createSessionVerifier({
    keys,
    issuer: ISSUER,
    authorizedParties: [],
    allowMissingAzp: false,
    cache,
    now: () => clock.now,
  });
  return { verify, cache };
}

const verdict = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof HttpError ? error.code : error),
  );

const mint = (issuedAt: number, userId = 'user_cache') =>
  signSessionToken(key, { userId, sessionId: 'sess_cache', issuer: ISSUER, issuedAt });

const synthetic = (i: number): CachedToken => ({
  session: { clerkUserId: `user_${i}`, sessionId: `sess_${i}`, fva: null, email: undefined },
  expMs: Number.MAX_SAFE_INTEGER,
  notBeforeMs: 0,
  key: key.publicKey,
});

describe('the verified-token cache', () => {
  it('serves a repeated token without verifying it again', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const keys = countingKeys();
    const { verify, cache } = verifierAt({ now: iat * 1000 }, keys);
    const token = await mint(iat);

    const first = await verify(token);
    const again = await verify(token);

    expect(again).toEqual(first);
    expect(keys.calls).toBe(1);
    expect(cache.size).toBe(1);
  });

  it('never serves a token past exp + skew, and forgets it then', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const exp = (iat + 60) * 1000; // signSessionToken's default lifetime: 60 s
    const clock = { now: iat * 1000 };
    const { verify, cache } = verifierAt(clock);
    const token = await mint(iat);
    await verify(token);

    clock.now = exp + CLOCK_SKEW_MS - 1;
    const lastMoment = await verdict(verify(token));
    clock.now = exp + CLOCK_SKEW_MS;
    const expired = await verdict(verify(token));

    expect(lastMoment).toBe('accepted');
    expect(expired).toBe('invalid_token');
    expect(cache.size).toBe(0);
  });

  it('re-checks nbf and iat on a hit when the clock steps back', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const clock = { now: iat * 1000 };
    const { verify } = verifierAt(clock);
    const token = await mint(iat);
    await verify(token);

    clock.now = iat * 1000 - CLOCK_SKEW_MS - 1;

    expect(await verdict(verify(token))).toBe('invalid_token');
  });

  it('keeps refused tokens out of the cache', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const { verify, cache } = verifierAt({ now: iat * 1000 });
    const token = await mint(iat);
    const tampered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;

    expect(await verdict(verify(tampered))).toBe('invalid_token');
    expect(await verdict(verify('a.b.c'))).toBe('invalid_token');
    expect(cache.size).toBe(0);
  });

  // Synthetic entries, three times the bound; the bench fills 1,000,000 and reports memory.
  it('stays at 10,000 entries through 30,000 distinct tokens', () => {
    const cache = createTokenCache();

    for (let i = 0; i < 30_000; i += 1) cache.set(`tok_${i}`, synthetic(i));

    expect(cache.size).toBe(10_000);
    expect(cache.get('tok_29999')).toBeDefined();
    expect(cache.get('tok_19999')).toBeUndefined();
    expect(cache.weight).toBeLessThanOrEqual(16 * 1024 * 1024);
  });

  it('is bounded by bytes too: 8 KB tokens stop well before 10,000 entries', () => {
    const cache = createTokenCache();
    const prefix = 'y'.repeat(8000);

    for (let i = 0; i < 20_000; i += 1) cache.set(`${prefix}${i}`, synthetic(i));

    expect(cache.weight).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(cache.size).toBeLessThan(2_100);
  });
});

describe('the token cache bounds', () => {
  it('evicts the least recently used token, not the oldest inserted', () => {
    const cache = createTokenCache({ maxEntries: 2 });
    cache.set('a', synthetic(1));
    cache.set('b', synthetic(2));

    cache.get('a');
    cache.set('c', synthetic(3));

    expect(['a', 'b', 'c'].map((token) => cache.get(token)?.session.clerkUserId)).toEqual([
      'user_1',
      undefined,
      'user_3',
    ]);
  });

  it('never holds a token heavier than its whole byte budget, and keeps the others', () => {
    const cache = createTokenCache({ maxEntries: 10, maxBytes: 1000 });
    cache.set('small', synthetic(1));
    const weight = cache.weight;

    cache.set('h'.repeat(1000), synthetic(2));

    expect(cache.get('h'.repeat(1000))).toBeUndefined();
    expect(cache.get('small')).toBeDefined();
    expect(cache.weight).toBe(weight);
  });

  it('does not keep a token that expires before it could be used', () => {
    const clock = { now: 1_000_000 };
    const cache = createTokenCache({ now: () => clock.now });

    cache.set('dying', { ...synthetic(1), expMs: clock.now - CLOCK_SKEW_MS + 1 });

    expect(cache.size).toBe(0);
  });
});
