import { useSignIn, useSignUp, useSSO } from '@clerk/expo';
import { useSignInWithApple } from '@clerk/expo/apple';
import { useCallback, useRef, useState } from 'react';
import { Platform } from 'react-native';

import { EmailAddressSchema } from '@assetra/shared';

import { classifyAuthError, type FlowProblem } from './authErrors';
import { requestEmailLink } from './emailLink/requestLink';
import { useCompleteSignIn } from './useCompleteSignIn';

export type AuthMode = 'sign-in' | 'sign-up';
export type FlowName = 'apple' | 'google' | 'passkey' | 'link' | 'email' | 'code';
type Outcome = { kind: 'session' } | FlowProblem;
/** The flow is waiting for the user (an email was sent); nothing to show as a problem. */
const WAITING = 'waiting';

type SessionResult = {
  createdSessionId: string | null;
  setActive?: (params: { session: string }) => Promise<void>;
  authSessionResult?: { type: string } | null;
};

const SESSION: Outcome = { kind: 'session' };
const CANCELLED: Outcome = { kind: 'cancelled' };
const INCOMPLETE: Outcome = {
  kind: 'error',
  message: 'Your account needs more details to finish. Try another sign-in option.',
  code: 'incomplete',
};

/** Apple (native sheet) and SSO flows return a session id that this app activates itself. */
async function activate(result: SessionResult): Promise<Outcome> {
  if (result.createdSessionId && result.setActive) {
    await result.setActive({ session: result.createdSessionId });
    return SESSION;
  }
  const type = result.authSessionResult?.type;
  // No session and the browser/sheet did not report success: the user backed out.
  if (type === undefined || type === 'cancel' || type === 'dismiss') return CANCELLED;
  return INCOMPLETE;
}

function fromResult(result: { error: unknown }): Outcome | null {
  return result.error ? classifyAuthError(result.error) : null;
}

/**
 * Every sign-in method of the auth screens. Each flow ends in a session (then `/home`, whose
 * layout runs the API bootstrap), or in a problem the screen shows: cancelled, offline, or
 * Clerk's message.
 */
export function useAuthFlows(mode: AuthMode) {
  const { startSSOFlow } = useSSO();
  const { startAppleAuthenticationFlow } = useSignInWithApple();
  const { signIn } = useSignIn();
  const { signUp } = useSignUp();
  const completeSignIn = useCompleteSignIn();

  const [busy, setBusy] = useState<FlowName | null>(null);
  const [problem, setProblem] = useState<FlowProblem | null>(null);
  /** Which flow the problem came from, so the screen can show it next to what was tapped. */
  const [problemFlow, setProblemFlow] = useState<FlowName | null>(null);
  const [codeSentTo, setCodeSentTo] = useState<string | null>(null);
  const [linkSentTo, setLinkSentTo] = useState<string | null>(null);
  const [linksSent, setLinksSent] = useState(0);
  const running = useRef(false);

  const run = useCallback(
    async (name: FlowName, flow: () => Promise<Outcome | typeof WAITING>) => {
      if (running.current) return;
      running.current = true;
      setBusy(name);
      setProblem(null);
      try {
        const outcome = await flow().catch((error: unknown) => classifyAuthError(error));
        if (outcome === WAITING) return;
        if (outcome.kind !== 'session') {
          setProblem(outcome);
          setProblemFlow(name);
          return;
        }
        completeSignIn();
      } finally {
        running.current = false;
        setBusy(null);
      }
    },
    [completeSignIn],
  );

  const apple = () =>
    void run('apple', async () =>
      activate(
        Platform.OS === 'ios'
          ? await startAppleAuthenticationFlow()
          : await startSSOFlow({ strategy: 'oauth_apple' }),
      ),
    );

  const google = () =>
    void run('google', async () => activate(await startSSOFlow({ strategy: 'oauth_google' })));

  const passkey = () =>
    void run('passkey', async () => {
      const failed = fromResult(await signIn.passkey({ flow: 'discoverable' }));
      if (failed) return failed;
      if (signIn.status !== 'complete') return INCOMPLETE;
      return fromResult(await signIn.finalize()) ?? SESSION;
    });

  const sendCode = (email: string) =>
    void run('email', async () => {
      const parsed = EmailAddressSchema.safeParse(email);
      if (!parsed.success) {
        return { kind: 'error', message: 'Enter a valid email address.', code: 'invalid_email' };
      }
      const emailAddress = parsed.data;
      const failed =
        mode === 'sign-in'
          ? fromResult(await signIn.emailCode.sendCode({ emailAddress }))
          : (fromResult(await signUp.create({ emailAddress })) ??
            fromResult(await signUp.verifications.sendEmailCode()));
      if (failed) return failed;
      setLinkSentTo(null);
      setCodeSentTo(emailAddress);
      return WAITING;
    });

  /** The API's own magic link (Clerk has none for native apps); also used to resend it. */
  const sendLink = (email: string) =>
    void run('link', async () => {
      const outcome = await requestEmailLink(email);
      if (outcome.kind !== 'sent') return outcome;
      setLinkSentTo(outcome.email);
      setLinksSent((count) => count + 1);
      return WAITING;
    });

  /** From "Check your email": the same address gets a 6-digit code instead. */
  const codeInstead = () => {
    if (linkSentTo !== null) sendCode(linkSentTo);
  };

  const verifyCode = (code: string) =>
    void run('code', async () => {
      const trimmed = code.trim();
      if (!/^\d{6}$/.test(trimmed)) {
        return {
          kind: 'error',
          message: 'Enter the 6-digit code from the email.',
          code: 'invalid_code',
        };
      }
      if (mode === 'sign-in') {
        const failed = fromResult(await signIn.emailCode.verifyCode({ code: trimmed }));
        if (failed) return failed;
        if (signIn.status !== 'complete') return INCOMPLETE;
        return fromResult(await signIn.finalize()) ?? SESSION;
      }
      const failed = fromResult(await signUp.verifications.verifyEmailCode({ code: trimmed }));
      if (failed) return failed;
      if (signUp.status !== 'complete') return INCOMPLETE;
      return fromResult(await signUp.finalize()) ?? SESSION;
    });

  const changeEmail = () => {
    setCodeSentTo(null);
    setLinkSentTo(null);
    setLinksSent(0);
    setProblem(null);
  };

  return {
    busy,
    problem,
    problemFlow,
    codeSentTo,
    linkSentTo,
    linksSent,
    apple,
    google,
    passkey,
    sendLink,
    codeInstead,
    sendCode,
    verifyCode,
    changeEmail,
  };
}
