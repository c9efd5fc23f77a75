import { randomBytes } from 'node:crypto';
import type { ClerkUserUpdate } from '../../src/store/port.js';

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fresh event or session id: ids never repeat across tests, so a harness whose reset keeps
 * recorded webhook ids (or revoked sessions) cannot make a later test see a false duplicate.
 */
export function freshId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

/** A Clerk `user.updated` for `user_a` at `clerkUpdatedAt`, with overrides. */
export function clerkUpdate(
  clerkUpdatedAt: string,
  overrides: Partial<Omit<ClerkUserUpdate, 'clerkUpdatedAt'>> = {},
): ClerkUserUpdate {
  return {
    clerkUserId: 'user_a',
    email: 'a@example.com',
    clerkName: 'Ada Lovelace',
    isActive: true,
    clerkUpdatedAt: new Date(clerkUpdatedAt),
    ...overrides,
  };
}

/** An Expo push token that differs by `n`. */
export const expoToken = (n: number | string) => `ExponentPushToken[contract-${n}]`;
