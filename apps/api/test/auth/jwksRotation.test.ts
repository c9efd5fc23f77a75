import {
  generateSigningKey,
  startClerkEmulator,
  type ClerkEmulator,
} from '@assetra/clerk-emulator';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../../src/errors.js';
import { createSessionVerifier, type SessionVerifier } from '../../src/services/sessionVerifier.js';
import { KeysUnavailableError, jwksKeySource } from '../../src/services/jwks.js';

/**
 * The JWKS key source against the Clerk stand-in, with the clock (Date, which jose reads too)
 * moved by the test. Network and timers stay real.
 */
let emulator: ClerkEmulator;
let userId: string;
let fetches: number;
let verify: SessionVerifier;

beforeAll(async () => {
  emulator = await startClerkEmulator();
  userId = emulator.instance.createUser({ emailAddress: ['rotation@example.com'] }).id;
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
  fetches = 0;
  const keys = jwksKeySource({
    apiUrl: emulator.url,
    secretKey: emulator.secretKey,
    fetch: (input, init) => {
      fetches += 1;
      return fetch(input, init);
    },
  });
  verify = createSessionVerifier({
    keys,
    issuer: emulator.issuer,
    authorizedParties: [],
    allowMissingAzp: false,
  });
});

afterEach(() => {
  emulator.setFault(null);
  vi.useRealTimers();
});

const later = (ms: number) => {
  vi.setSystemTime(Date.now() + ms);
};

/** A session token from the stand-in's current key; `ttlSeconds` for long-lived ones. */
const mint = async (ttlSeconds?: number) =>
  (await emulator.mintToken({ userId, ttlSeconds })).token;

/** A token with a `kid` Clerk never published, signed by the stand-in's current key. */
const forged = (kid: string) =>
  new SignJWT({ sub: userId, sid: 'sess_forged' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuedAt()
    .setExpirationTime('1m')
    .sign(emulator.signingKey.privateKey);

const verdict = (token: string) =>
  verify(token).then(
    () => 'accepted',
    (error: unknown) => {
      if (error instanceof HttpError) return error.code;
      if (error instanceof KeysUnavailableError) return 'keys_unavailable';
      throw error;
    },
  );

describe('a rotated-away signing key', () => {
  it('is refused at once when a token with the new kid forces a refetch, cached tokens too', async () => {
    const cached = await mint(3600);
    expect(await verdict(cached)).toBe('accepted');
    const unseen = await mint(3600);
    later(31_000);

    await emulator.rotateSigningKey();
    const fresh = await mint();

    expect(await verdict(fresh)).toBe('accepted');
    expect(await verdict(unseen)).toBe('invalid_token');
    expect(await verdict(cached)).toBe('invalid_token');
  });

  it('is refused within 5 minutes even when no token with a new kid arrives', async () => {
    const cached = await mint(3600);
    expect(await verdict(cached)).toBe('accepted');
    await emulator.rotateSigningKey();

    later(4 * 60_000);
    const within = await verdict(cached);
    later(60_000 + 1);
    const after = await verdict(cached);

    expect(within).toBe('accepted');
    expect(after).toBe('invalid_token');
    expect(fetches).toBe(2);
  });

  it('keeps a key that is still published trusted across refetches', async () => {
    const token = await mint(3600);
    expect(await verdict(token)).toBe('accepted');

    later(5 * 60_000 + 1);
    const afterRefetch = await verdict(token);

    expect(afterRefetch).toBe('accepted');
    expect(fetches).toBe(2);
  });
});

describe('while Clerk is failing', () => {
  it('lets unknown kids cause at most one fetch per 30 s once keys have loaded', async () => {
    expect(await verdict(await mint())).toBe('accepted');
    later(31_000);
    emulator.setFault('error');

    const first = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => verdict(await forged(`ins_flood_a${i}`))),
    );
    const fetchesAfterFirst = fetches;
    later(1500);
    const second = await verdict(await forged('ins_flood_b'));
    later(20_000);
    const third = await verdict(await forged('ins_flood_c'));
    const fetchesWithin30s = fetches;
    later(10_000);
    await verdict(await forged('ins_flood_d'));

    expect(first.every((answer) => answer === 'invalid_token')).toBe(true);
    expect([second, third]).toEqual(['invalid_token', 'invalid_token']);
    expect(fetchesAfterFirst).toBe(2);
    expect(fetchesWithin30s).toBe(2);
    expect(fetches).toBe(3);
  });

  it('retries a first load that failed at most once per second', async () => {
    emulator.setFault('error');
    const token = await mint();

    const first = await verdict(token);
    const again = await verdict(token);
    const fetchesWithinASecond = fetches;
    later(1001);
    emulator.setFault(null);
    const recovered = await verdict(token);

    expect([first, again]).toEqual(['keys_unavailable', 'keys_unavailable']);
    expect(fetchesWithinASecond).toBe(1);
    expect(recovered).toBe('accepted');
    expect(fetches).toBe(2);
  });

  it('stops trusting keys it cannot confirm for 5 minutes: an outage (502), not a bad token', async () => {
    const token = await mint(3600);
    expect(await verdict(token)).toBe('accepted');
    emulator.setFault('error');

    later(5 * 60_000 + 1);
    const stale = await verdict(token);
    later(1001);
    const soonAfter = await verdict(token);

    expect([stale, soonAfter]).toEqual(['keys_unavailable', 'keys_unavailable']);
    expect(fetches).toBe(2);
  });
});

describe('the published set', () => {
  it('refuses a kid published twice with different keys, and keeps the others', async () => {
    const [one, two, three] = await Promise.all([1, 2, 3].map(() => generateSigningKey()));
    const jwks = {
      keys: [one?.jwk, { ...two?.jwk, kid: one?.kid }, three?.jwk],
    };
    const keys = jwksKeySource({
      apiUrl: 'http://127.0.0.1:1',
      secretKey: 'sk_test_unused',
      fetch: () => Promise.resolve(Response.json(jwks)),
    });

    const ambiguous = await keys.keyFor(one?.kid);
    const single = await keys.keyFor(three?.kid);

    expect(ambiguous).toBeNull();
    expect(single?.export({ format: 'jwk' }).n).toBe(three?.jwk.n);
  });
});
