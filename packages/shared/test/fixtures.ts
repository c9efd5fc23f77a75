import type { Portfolio, User } from '@assetra/shared';

/** A user exactly as `GET /users/me` returns it; override single fields per test. */
export function userBody(
  overrides: Partial<Record<keyof User, unknown>> = {},
): Record<string, unknown> {
  return {
    id: '6650c1f2a1b2c3d4e5f60789',
    clerkUserId: 'user_2abcDEF123',
    email: 'ada@example.com',
    displayName: 'Ada',
    subscriptionStatus: 'free',
    entitlements: [],
    isActive: true,
    createdAt: '2025-01-02T03:04:05.678Z',
    updatedAt: '2025-01-02T03:04:05.678Z',
    ...overrides,
  };
}

export function portfolioBody(
  overrides: Partial<Record<keyof Portfolio, unknown>> = {},
): Record<string, unknown> {
  return {
    id: '0d3c6f5e-8a7b-4c2d-9e1f-0a1b2c3d4e5f',
    userId: '6650c1f2a1b2c3d4e5f60789',
    baseCurrency: 'USD',
    totalValue: '0',
    lastCalculatedAt: null,
    ...overrides,
  };
}
