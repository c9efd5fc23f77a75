import { createAuthStore } from './clerkAuthStore';

type Result = { error: unknown };
const ok = async (): Promise<Result> => ({ error: null });

/** Core 3 `SignInFuture` / `SignUpFuture` doubles: methods resolve `{ error }` like Clerk's. */
export function createClerkFakes() {
  const auth = createAuthStore({ isLoaded: true, isSignedIn: false, userId: null });
  const activate = () => auth.set({ isLoaded: true, isSignedIn: true, userId: 'user_123' });

  const signIn = {
    status: 'needs_identifier' as string,
    createdSessionId: null as string | null,
    /** `{ strategy: 'ticket', ticket }`: a Clerk sign-in token becomes a completed sign-in. */
    create: jest.fn(async (_params: { strategy: string; ticket?: string }): Promise<Result> => {
      signIn.status = 'complete';
      signIn.createdSessionId = 'sess_ticket';
      return { error: null };
    }),
    passkey: jest.fn(async (): Promise<Result> => {
      signIn.status = 'complete';
      return { error: null };
    }),
    emailCode: {
      sendCode: jest.fn(ok),
      verifyCode: jest.fn(async (): Promise<Result> => {
        signIn.status = 'complete';
        return { error: null };
      }),
    },
    finalize: jest.fn(async (): Promise<Result> => {
      activate();
      return { error: null };
    }),
  };

  const signUp = {
    status: 'missing_requirements' as string,
    create: jest.fn(ok),
    verifications: {
      sendEmailCode: jest.fn(ok),
      verifyEmailCode: jest.fn(async (): Promise<Result> => {
        signUp.status = 'complete';
        return { error: null };
      }),
    },
    finalize: jest.fn(async (): Promise<Result> => {
      activate();
      return { error: null };
    }),
  };

  const setActive = jest.fn(async (_params: { session: string }) => activate());
  type SessionResult = {
    createdSessionId: string | null;
    setActive: typeof setActive;
    authSessionResult?: { type: string } | null;
  };
  const startSSOFlow = jest.fn(async (_params: { strategy: string }): Promise<SessionResult> => ({
    createdSessionId: 'sess_123',
    setActive,
    authSessionResult: { type: 'success' },
  }));
  const startAppleAuthenticationFlow = jest.fn(async (): Promise<SessionResult> => ({
    createdSessionId: 'sess_123',
    setActive,
  }));

  return { auth, signIn, signUp, setActive, startSSOFlow, startAppleAuthenticationFlow };
}

export type ClerkFakes = ReturnType<typeof createClerkFakes>;
