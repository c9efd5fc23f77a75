import { useSyncExternalStore, type ReactNode } from 'react';
import { StyleSheet, View } from 'react-native';

import { DemoBadge } from './DemoBadge';
import { forgetReverification, freshFva, reverifyingSession } from './reverification';
import { createSignIn, mint, type Result } from './standIn';

export { useReverification } from './reverification';

/**
 * assetra-e2e-clerk-double: stands in for `@clerk/expo` in the end-to-end web build only (Metro
 * swaps it in when ASSETRA_E2E_DOUBLES=1; test/export proves production bundles lack this
 * marker). It signs in through the local Clerk stand-in: the email code is fixed, and session
 * tokens are real RS256 tokens minted by the stand-in, which the API verifies as it would Clerk's.
 * Email links: `signIn.create({ strategy: 'ticket', ticket })` goes to the stand-in's Frontend API
 * (`POST /v1/client/sign_ins`, form-encoded like Clerk's SDK sends it), then `setActive`. An email
 * code for an address with no account is refused there with `form_identifier_not_found`.
 */
export const E2E_DOUBLE_MARKER = 'assetra-e2e-clerk-double';
// A runtime trace the browser test can read, and the production-export scan can look for.
(globalThis as { __ASSETRA_E2E_DOUBLE__?: string }).__ASSETRA_E2E_DOUBLE__ = E2E_DOUBLE_MARKER;

export const E2E_EMAIL_CODE = '424242';

type Session = { userId: string; sessionId: string };

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

async function getToken(): Promise<string | null> {
  if (!current) return null;
  const minted = await mint({
    user_id: current.userId,
    session_id: current.sessionId,
    fva: freshFva(),
  });
  return minted?.jwt ?? null;
}

async function signOut(): Promise<void> {
  await Promise.resolve();
  forgetReverification();
  setSession(null);
}

async function startSession(email: string): Promise<Result> {
  const minted = await mint({ email });
  if (minted === null) return { error: { code: 'unexpected', message: 'No session was started' } };
  setSession({ userId: minted.user_id, sessionId: minted.session_id });
  return { error: null };
}

/** Sessions created by a ticket, waiting for `setActive` (Clerk keeps them on the client). */
const activatable = new Map<string, Session>();

async function signInWithTicket(ticket: string): Promise<Result> {
  const created = await createSignIn({ strategy: 'ticket', ticket });
  if ('error' in created) return { error: created.error };
  const { body } = created;
  const sessionId = body.response.created_session_id;
  const session = body.client.sessions.find((candidate) => candidate.id === sessionId);
  if (!session) return { error: { code: 'unexpected', message: 'No session in the answer' } };
  activatable.set(session.id, { userId: session.user.id, sessionId: session.id });
  signIn.status = body.response.status;
  signIn.createdSessionId = session.id;
  return { error: null };
}

async function setActive({ session }: { session: string | null }): Promise<void> {
  await Promise.resolve();
  setSession(session === null ? null : (activatable.get(session) ?? null));
}

const WRONG_CODE: Result = { error: { code: 'form_code_incorrect', message: 'Incorrect code' } };
let pendingEmail = '';

const signIn = {
  status: 'needs_identifier',
  createdSessionId: null as string | null,
  create: async ({ strategy, ticket }: { strategy?: string; ticket?: string }): Promise<Result> => {
    if (strategy !== 'ticket' || !ticket) {
      await Promise.resolve();
      return { error: { code: 'strategy_for_user_invalid', message: 'Tickets only' } };
    }
    return signInWithTicket(ticket);
  },
  emailCode: {
    sendCode: async ({ emailAddress }: { emailAddress: string }): Promise<Result> => {
      const created = await createSignIn({ identifier: emailAddress, strategy: 'email_code' });
      if ('error' in created) return { error: created.error };
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
  return (
    <View style={styles.root}>
      {children}
      <DemoBadge />
    </View>
  );
}

const styles = StyleSheet.create({ root: { flex: 1 } });

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

export const useClerk = () => ({ setActive, signOut });
export const useSignIn = () => ({ signIn, errors: {}, fetchStatus: 'idle' });
export const useSignUp = () => ({ signUp, errors: {}, fetchStatus: 'idle' });
export function useSession() {
  const session = useSessionState();
  return {
    isLoaded: true,
    isSignedIn: session !== null,
    session: session ? { id: session.sessionId, ...reverifyingSession } : null,
  };
}
export const useSSO = () => ({
  startSSOFlow: async () =>
    Promise.resolve({ createdSessionId: null, authSessionResult: { type: 'cancel' } }),
});
