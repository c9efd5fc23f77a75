import type { AuthFailure, AuthMethod, AuthOutcome } from '../../src/hooks/useAppLock';

// Everything not overridden below is the real module's (Metro swaps the real module for this one
// everywhere except here).
export * from '../../src/features/lock/deviceOwnerAuth';

/**
 * assetra-e2e-lock-double: stands in for the device-owner-auth edge
 * (`src/features/lock/deviceOwnerAuth.ts`) in the end-to-end web build only (Metro swaps it in
 * when ASSETRA_E2E_DOUBLES=1; test/export proves production bundles lack this marker). The app
 * lock then runs in the browser as it does on a phone: the real AppLockGate, useAppLock and
 * unlock overlay, locking after 5 minutes in the background (a hidden tab). Only the Face ID /
 * fingerprint prompt is replaced: the browser test answers it. A browser has no keychain to bind
 * an unlock key in, so there is nothing to enrol.
 */
export const E2E_LOCK_DOUBLE_MARKER = 'assetra-e2e-lock-double';
// A runtime trace the browser test can read, and the production-export scan can look for.
(globalThis as { __ASSETRA_E2E_LOCK_DOUBLE__?: string }).__ASSETRA_E2E_LOCK_DOUBLE__ =
  E2E_LOCK_DOUBLE_MARKER;

/** The prompt's answer: the device owner confirmed, or one of the failures a phone reports. */
export type PromptAnswer = 'success' | AuthFailure;

/**
 * Set by the E2E test in the page: the answers to the next prompts, in order (each prompt takes
 * one). With none left the device owner confirms, so a lock that nobody scripted unlocks at once.
 */
const ANSWERS_HOOK = '__ASSETRA_E2E_PROMPT_ANSWERS__';

export function deviceOwnerAuthAvailable(): boolean {
  return true;
}

export function authenticateDeviceOwner(_method: AuthMethod): Promise<AuthOutcome> {
  const answers: unknown = (globalThis as Record<string, unknown>)[ANSWERS_HOOK];
  const answer = Array.isArray(answers) ? (answers.shift() as PromptAnswer | undefined) : undefined;
  return Promise.resolve(
    answer === undefined || answer === 'success' ? { ok: true } : { ok: false, error: answer },
  );
}

export function canEnrolUnlockKey(): boolean {
  return false;
}

export function hasUnlockKey(): Promise<boolean> {
  return Promise.resolve(false);
}

export function enrolUnlockKey(): Promise<'unavailable'> {
  return Promise.resolve('unavailable');
}
