import { describe, expect, it } from 'vitest';

import { PatchMeBodySchema, SubscriptionStatusSchema, UserSchema } from '@assetra/shared';

import { userBody } from './fixtures.js';

describe('UserSchema', () => {
  it('parses a user as GET /users/me returns it', () => {
    const body = userBody({ entitlements: ['pro'], subscriptionStatus: 'active' });

    const result = UserSchema.safeParse(body);

    expect(result.success).toBe(true);
    expect(result.data).toEqual(body);
  });

  it('accepts null email and displayName for a user Clerk has not described yet', () => {
    const body = userBody({ email: null, displayName: null });

    const result = UserSchema.safeParse(body);

    expect(result.success).toBe(true);
  });

  it.each(['free', 'active', 'grace_period', 'expired'])(
    'accepts subscriptionStatus %s',
    (status) => {
      const result = UserSchema.safeParse(userBody({ subscriptionStatus: status }));

      expect(result.success).toBe(true);
    },
  );

  it('rejects an unknown subscriptionStatus', () => {
    const body = userBody({ subscriptionStatus: 'trial' });

    const result = UserSchema.safeParse(body);

    expect(result.success).toBe(false);
  });

  it.each([
    ['a date without time', '2025-01-02'],
    ['a time without zone', '2025-01-02T03:04:05'],
    ['epoch milliseconds', 1735787045678],
  ])('rejects createdAt given as %s', (_label, createdAt) => {
    const result = UserSchema.safeParse(userBody({ createdAt }));

    expect(result.success).toBe(false);
  });

  it('rejects a user without isActive', () => {
    const body = userBody();
    delete body.isActive;

    const result = UserSchema.safeParse(body);

    expect(result.success).toBe(false);
  });

  it('lists the subscription statuses the contract defines, and no others', () => {
    const statuses = SubscriptionStatusSchema.options;

    expect(statuses).toEqual(['free', 'active', 'grace_period', 'expired']);
  });
});

describe('PatchMeBodySchema', () => {
  it('trims displayName', () => {
    const body = { displayName: '  Ada Lovelace  ' };

    const result = PatchMeBodySchema.parse(body);

    expect(result).toEqual({ displayName: 'Ada Lovelace' });
  });

  it('accepts an empty body as a no-op patch', () => {
    const result = PatchMeBodySchema.safeParse({});

    expect(result.success).toBe(true);
  });

  it('accepts a displayName of exactly 80 characters after trimming', () => {
    const body = { displayName: ` ${'a'.repeat(80)} ` };

    const result = PatchMeBodySchema.safeParse(body);

    expect(result.success).toBe(true);
  });

  it('rejects a displayName of 81 characters', () => {
    const body = { displayName: 'a'.repeat(81) };

    const result = PatchMeBodySchema.safeParse(body);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['displayName']);
  });

  it.each(['', '   ', '\t\n'])(
    'rejects a displayName that is blank after trimming (%j)',
    (name) => {
      const result = PatchMeBodySchema.safeParse({ displayName: name });

      expect(result.success).toBe(false);
    },
  );

  it('rejects a null displayName', () => {
    const result = PatchMeBodySchema.safeParse({ displayName: null });

    expect(result.success).toBe(false);
  });

  it.each([
    ['clerkUserId', 'user_evil'],
    ['email', 'evil@example.com'],
    ['subscriptionStatus', 'active'],
    ['isActive', true],
    ['role', 'admin'],
  ])('rejects the forbidden field %s even next to a valid displayName', (field, value) => {
    const body = { displayName: 'Ada', [field]: value };

    const result = PatchMeBodySchema.safeParse(body);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});
