import { useSyncExternalStore, type ReactNode } from 'react';

/**
 * assetra-e2e-clerk-double: stands in for `@clerk/expo` in the end-to-end web build only (Metro
 * swaps it in when ASSETRA_E2E_CLERK_DOUBLE=1; test/export proves production bundles lack this
 * marker). It signs in through the local Clerk stand-in: the email code is fixed, and session
 * tokens are real RS256 tokens minted by the stand-in, which the API verifies as it would Clerk's.
 */
export const E2E_DOUBLE_MARKER = 'assetra-e2e-clerk-double';
// A runtime trace the browser test can read, and the production-export scan can look for.
(globalThis as { __ASSETRA_E2E_DOUBLE__?: string }).__ASSETRA_E2E_DOUBLE__ = E2E_DOUBLE_MARKER;

/** Proxied to the stand-in by the e2e server, so the browser stays same-origin. */
const STAND_IN = '/__clerk';
export const E2E_EMAIL_CODE = '424242';

type Session = { userId: string; sessionId: string; email: string };
type Result = { error: { code: string; message: string } | null };
type Minted = { jwt: string; session_id: string; user_id: string };

let current: Session | null = null;
const listeners = new Set<() => void>();

function setSession(next: Session | null): void {
  current = next;
  listeners.forEach((listener) => listener());
}

function useSessionState(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

async function mint(body: Record<string, unknown>): Promise<Minted> {
  const response = await fetch(`${STAND_IN}/__dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw Object.assign(new Error('stand-in refused'), { code: 'network_error' });
  return (await response.json()) as Minted;
}

async function getToken(): Promise<string | null> {
  if (!current) return null;
  const minted = await mint({ user_id: current.userId, session_id: current.sessionId });
  return minted.jwt;
}

async function signOut(): Promise<void> {
  await Promise.resolve();
  setSession(null);
}

async function startSession(email: string): Promise<Result> {
  const minted = await mint({ email });
  setSession({ userId: minted.user_id, sessionId: minted.session_id, email });
  return { error: null };
}

const WRONG_CODE: Result = { error: { code: 'form_code_incorrect', message: 'Incorrect code' } };
let pendingEmail = '';

const signIn = {
  status: 'needs_identifier',
  emailCode: {
    sendCode: async ({ emailAddress }: { emailAddress: string }): Promise<Result> => {
      await Promise.resolve();
      pendingEmail = emailAddress;
      return { error: null };
    },
    verifyCode: async ({ code }: { code: string }): Promise<Result> => {
      await Promise.resolve();
      if (code !== E2E_EMAIL_CODE) return WRONG_CODE;
      signIn.status = 'complete';
      return { error: null };
    },
  },
  passkey: async (): Promise<Result> => {
    await Promise.resolve();
    return { error: { code: 'passkey_not_supported', message: 'No passkeys in the e2e double' } };
  },
  finalize: async (): Promise<Result> => {
    signIn.status = 'needs_identifier';
    return startSession(pendingEmail);
  },
};

const signUp = {
  status: 'missing_requirements',
  create: async ({ emailAddress }: { emailAddress: string }): Promise<Result> => {
    await Promise.resolve();
    pendingEmail = emailAddress;
    return { error: null };
  },
  verifications: {
    sendEmailCode: async (): Promise<Result> => Promise.resolve({ error: null }),
    verifyEmailCode: async ({ code }: { code: string }): Promise<Result> => {
      await Promise.resolve();
      if (code !== E2E_EMAIL_CODE) return WRONG_CODE;
      signUp.status = 'complete';
      return { error: null };
    },
  },
  finalize: async (): Promise<Result> => {
    signUp.status = 'missing_requirements';
    return startSession(pendingEmail);
  },
};

export function ClerkProvider({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

export function useAuth() {
  const session = useSessionState();
  return {
    isLoaded: true,
    isSignedIn: session !== null,
    userId: session?.userId ?? null,
    sessionId: session?.sessionId ?? null,
    getToken,
    signOut,
  };
}

export function getClerkInstance() {
  return { session: current ? { getToken } : null, signOut };
}

export const useSignIn = () => ({ signIn, errors: {}, fetchStatus: 'idle' });
export const useSignUp = () => ({ signUp, errors: {}, fetchStatus: 'idle' });
export const useSession = () => ({ isLoaded: true, session: null });
export const useReverification = <F,>(fetcher: F): F => fetcher;
export const useSSO = () => ({
  startSSOFlow: async () =>
    Promise.resolve({ createdSessionId: null, authSessionResult: { type: 'cancel' } }),
});
