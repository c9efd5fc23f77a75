import { describe, expect, it } from 'vitest';

import {
  BootstrapResponseSchema,
  EmailLinkBodySchema,
  EmailLinkRedeemBodySchema,
  EmailLinkRedeemResponseSchema,
  MeResponseSchema,
  PortfolioResponseSchema,
  PushTokenBodySchema,
  SubscriptionResponseSchema,
} from '@assetra/shared';

import { portfolioBody, userBody } from './fixtures.js';

// base64url of SHA-256("") and a 43-character verifier: real shapes, not placeholders.
const CHALLENGE = '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('response bodies', () => {
  it('parses the bootstrap answer for a newly created user', () => {
    const body = { user: userBody(), portfolio: portfolioBody(), created: true };

    const result = BootstrapResponseSchema.safeParse(body);

    expect(result.data?.created).toBe(true);
  });

  it('rejects a bootstrap answer without created', () => {
    const body = { user: userBody(), portfolio: portfolioBody() };

    const result = BootstrapResponseSchema.safeParse(body);

    expect(result.success).toBe(false);
  });

  it('rejects a /users/me answer whose isActive is not a boolean', () => {
    const body = { user: userBody({ isActive: 'yes' }) };

    const result = MeResponseSchema.safeParse(body);

    expect(result.success).toBe(false);
  });

  it('rejects a /portfolio answer with totalValue as a number', () => {
    const body = { portfolio: portfolioBody({ totalValue: 12.5 }) };

    const result = PortfolioResponseSchema.safeParse(body);

    expect(result.success).toBe(false);
  });

  it('keeps parsing when the API adds a field, so installed apps survive additive changes', () => {
    const body = { user: { ...userBody(), avatarUrl: 'https://example.com/a.png' } };

    const result = MeResponseSchema.safeParse(body);

    expect(result.success).toBe(true);
  });

  it.each([null, '2026-01-01T00:00:00.000Z'])(
    'parses a subscription with expiresAt %j',
    (expiresAt) => {
      const body = { status: 'active', entitlements: ['pro'], expiresAt };

      const result = SubscriptionResponseSchema.safeParse(body);

      expect(result.success).toBe(true);
    },
  );
});

describe('PushTokenBodySchema', () => {
  it.each(['ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]', 'ExpoPushToken[AbC-123_def]'])(
    'accepts the Expo token %s',
    (token) => {
      const result = PushTokenBodySchema.safeParse({ token, platform: 'ios' });

      expect(result.success).toBe(true);
    },
  );

  it.each([
    'ExponentPushToken[]',
    'ExponentPushToken[abc',
    'exponentpushtoken[abc]',
    'fcm-device-token',
    'ExponentPushToken[a b]',
  ])('rejects the malformed token %j', (token) => {
    const result = PushTokenBodySchema.safeParse({ token, platform: 'android' });

    expect(result.success).toBe(false);
  });

  it('rejects a platform other than ios or android', () => {
    const body = { token: 'ExponentPushToken[abc]', platform: 'web' };

    const result = PushTokenBodySchema.safeParse(body);

    expect(result.success).toBe(false);
  });

  it('rejects unknown fields such as userId', () => {
    const body = { token: 'ExponentPushToken[abc]', platform: 'ios', userId: 'someone-else' };

    const result = PushTokenBodySchema.safeParse(body);

    expect(result.success).toBe(false);
  });
});

describe('EmailLinkBodySchema', () => {
  it('accepts an address with a SHA-256 challenge and normalises the address', () => {
    const body = { email: '  Ada@Example.COM ', codeChallenge: CHALLENGE };

    const result = EmailLinkBodySchema.parse(body);

    expect(result).toEqual({ email: 'ada@example.com', codeChallenge: CHALLENGE });
  });

  it.each(['not-an-email', 'ada@', '@example.com', ''])('rejects the address %j', (email) => {
    const result = EmailLinkBodySchema.safeParse({ email, codeChallenge: CHALLENGE });

    expect(result.success).toBe(false);
  });

  it.each([
    ['42 characters', CHALLENGE.slice(1)],
    ['44 characters', `${CHALLENGE}A`],
    ['base64 padding and +/', `${CHALLENGE.slice(0, 41)}+=`],
  ])('rejects a codeChallenge of %s', (_label, codeChallenge) => {
    const result = EmailLinkBodySchema.safeParse({ email: 'ada@example.com', codeChallenge });

    expect(result.success).toBe(false);
  });

  it('rejects a body without codeChallenge, so no link is ever usable without a verifier', () => {
    const result = EmailLinkBodySchema.safeParse({ email: 'ada@example.com' });

    expect(result.success).toBe(false);
  });
});

describe('EmailLinkRedeemBodySchema', () => {
  it('accepts a token with a verifier of 43 to 128 characters', () => {
    const bodies = [VERIFIER, 'a'.repeat(128), `${'A'.repeat(40)}.~-`].map((codeVerifier) => ({
      token: CHALLENGE,
      codeVerifier,
    }));

    const results = bodies.map((body) => EmailLinkRedeemBodySchema.safeParse(body).success);

    expect(results).toEqual([true, true, true]);
  });

  it.each([
    ['42 characters', VERIFIER.slice(1)],
    ['129 characters', 'a'.repeat(129)],
    ['a reserved character', `${VERIFIER}/`],
  ])('rejects a codeVerifier of %s', (_label, codeVerifier) => {
    const result = EmailLinkRedeemBodySchema.safeParse({ token: CHALLENGE, codeVerifier });

    expect(result.success).toBe(false);
  });

  it('rejects an empty token', () => {
    const result = EmailLinkRedeemBodySchema.safeParse({ token: '', codeVerifier: VERIFIER });

    expect(result.success).toBe(false);
  });

  it('parses the ticket answer', () => {
    const result = EmailLinkRedeemResponseSchema.safeParse({ ticket: 'sit_abc' });

    expect(result.data).toEqual({ ticket: 'sit_abc' });
  });
});
