/**
 * assetra-e2e-clerk-double: Clerk's `useReverification` and the session's first-factor
 * reverification, as @clerk/expo 4.6 (@clerk/shared 4.41) behaves: the fetcher runs; a
 * reverification hint asks `onNeedsReverification`; `complete` retries the fetcher once,
 * `cancel` rejects with code `reverification_cancelled`; any other failure is thrown as is.
 */
export const REVERIFICATION_CODE = '424242';

type Needs = { complete: () => void; cancel: () => void; level: 'first_factor' };
type Options = { onNeedsReverification?: (needs: Needs) => void };

function isHint(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('clerk_error' in value)) return false;
  const error = (value as { clerk_error?: { type?: string; reason?: string } }).clerk_error;
  return error?.type === 'forbidden' && error.reason === 'reverification-error';
}

export function useReverification<A extends unknown[], R>(
  fetcher: (...args: A) => Promise<R>,
  options?: Options,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const result = await fetcher(...args);
    if (!isHint(result)) return result;
    await new Promise<void>((resolve, reject) => {
      const cancel = () =>
        reject(
          Object.assign(new Error('User cancelled attempted verification'), {
            code: 'reverification_cancelled',
          }),
        );
      // Clerk would open its own modal here; native apps (and this double) have none.
      if (!options?.onNeedsReverification) {
        cancel();
        return;
      }
      options.onNeedsReverification({ complete: () => resolve(), cancel, level: 'first_factor' });
    });
    return fetcher(...args);
  };
}

const MINUTE = 60_000;
let reverifiedAt: number | null = null;

/** Set by the E2E test in the page: how long ago this tab's sign-in should look, in minutes. */
const AGE_HOOK = '__ASSETRA_E2E_SIGN_IN_AGE_MINUTES__';

/**
 * The `fva` claim for the next token: minutes since the last reverification; else the age the
 * E2E test gave this tab's sign-in (the stand-in's clock is real time, so a session signed in
 * during the test is always fresh); else none, and the stand-in puts the session's own.
 */
export function freshFva(): [number, number] | undefined {
  if (reverifiedAt !== null) return [Math.floor((Date.now() - reverifiedAt) / MINUTE), -1];
  const aged: unknown = (globalThis as Record<string, unknown>)[AGE_HOOK];
  return typeof aged === 'number' ? [aged, -1] : undefined;
}

export function forgetReverification(): void {
  reverifiedAt = null;
}

const incorrect = () =>
  Object.assign(new Error('Incorrect code'), {
    errors: [{ code: 'form_code_incorrect', message: 'Incorrect code' }],
  });

/** The session's first-factor reverification: an emailed code (the fixed E2E code), no passkey. */
export const reverifyingSession = {
  startVerification: async () =>
    Promise.resolve({
      status: 'needs_first_factor',
      supportedFirstFactors: [{ strategy: 'email_code', emailAddressId: 'idn_e2e' }],
    }),
  prepareFirstFactorVerification: async () => Promise.resolve({ status: 'needs_first_factor' }),
  attemptFirstFactorVerification: async ({ code }: { code: string }) => {
    await Promise.resolve();
    if (code !== REVERIFICATION_CODE) throw incorrect();
    reverifiedAt = Date.now();
    return { status: 'complete' };
  },
  verifyWithPasskey: async () =>
    Promise.reject(Object.assign(new Error('No passkeys here'), { code: 'passkey_not_supported' })),
};
