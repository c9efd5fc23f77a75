import { useClerk, useSignIn } from '@clerk/expo';
import { useCallback, useEffect, useRef, useState } from 'react';

import { EmailLinkRedeemBodySchema } from '@assetra/shared';

import { ApiError, describeApiError, NetworkError } from '../../../services/apiErrors';
import { getApi } from '../../../services/assetraApi';
import { classifyAuthError, problemMessage } from '../authErrors';
import { useCompleteSignIn } from '../useCompleteSignIn';
import { clearPendingLink, loadPendingLink, type PendingLink } from './pendingLink';

/** Where opening a link stands; every dead end names its way forward in the screen. */
export type LinkState =
  | { step: 'checking' }
  | { step: 'signing-in' }
  | { step: 'missing-token' }
  | { step: 'wrong-device' }
  | { step: 'expired' }
  | { step: 'used' }
  | { step: 'not-configured' }
  /** The link is still good (the API did not consume it, or Clerk's ticket is kept): retry. */
  | {
      step: 'retry';
      reason: 'offline' | 'upstream' | 'rate-limited' | 'clerk-offline';
      waitSeconds: number | null;
    }
  | { step: 'failed'; message: string };

function redeemFailure(error: unknown): LinkState {
  if (error instanceof NetworkError) return { step: 'retry', reason: 'offline', waitSeconds: null };
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'link_expired':
        return { step: 'expired' };
      case 'link_used':
        return { step: 'used' };
      case 'link_invalid':
      case 'validation_failed':
        return { step: 'wrong-device' };
      case 'upstream_unavailable':
        return { step: 'retry', reason: 'upstream', waitSeconds: null };
      case 'rate_limited':
        return { step: 'retry', reason: 'rate-limited', waitSeconds: error.retryAfterSeconds };
      case 'not_configured':
        return { step: 'not-configured' };
      default:
        break;
    }
  }
  return { step: 'failed', message: describeApiError(error) };
}

/** The link's token and the stored verifier → a Clerk ticket, or the state to show instead. */
async function exchange(
  token: string,
  pending: PendingLink | null,
  now: number,
): Promise<string | LinkState> {
  if (pending === null) return { step: 'wrong-device' };
  if (pending.expiresAt <= now) {
    await clearPendingLink();
    return { step: 'expired' };
  }
  const body = EmailLinkRedeemBodySchema.safeParse({ token, codeVerifier: pending.verifier });
  if (!body.success) return { step: 'wrong-device' };
  try {
    const { ticket } = await getApi().redeemEmailLink(body.data);
    // Spent: the verifier has done its one job on this install.
    await clearPendingLink().catch(() => undefined);
    return ticket;
  } catch (error) {
    return redeemFailure(error);
  }
}

/**
 * Opens an emailed link: the token plus this install's stored verifier → `POST
 * /auth/email-link/redeem` → a Clerk ticket → `signIn.create({ strategy: 'ticket' })` →
 * `setActive` → `/home` (whose layout runs the API bootstrap). Starts once `enabled` (Clerk loaded, signed out).
 */
export function useRedeemEmailLink(token: string | null, enabled: boolean, now = Date.now) {
  const { signIn } = useSignIn();
  const clerk = useClerk();
  const completeSignIn = useCompleteSignIn();
  const [state, setState] = useState<LinkState>(
    token === null ? { step: 'missing-token' } : { step: 'checking' },
  );
  /** The address the link went to, when this install still knows it (to ask for a new one). */
  const [email, setEmail] = useState<string | null>(null);
  const ticket = useRef<string | null>(null);
  const running = useRef(false);
  const started = useRef(false);

  const signInWithTicket = useCallback(
    async (value: string) => {
      setState({ step: 'signing-in' });
      const result = await signIn
        .create({ strategy: 'ticket', ticket: value })
        .catch((error: unknown) => ({ error }));
      if (result.error) {
        const problem = classifyAuthError(result.error);
        if (problem.kind === 'offline') {
          setState({ step: 'retry', reason: 'clerk-offline', waitSeconds: null });
          return;
        }
        ticket.current = null;
        setState({ step: 'failed', message: problemMessage(problem) });
        return;
      }
      ticket.current = null;
      const session = signIn.createdSessionId;
      if (signIn.status !== 'complete' || !session) {
        setState({
          step: 'failed',
          message: 'Sign-in could not be completed. Request a new link.',
        });
        return;
      }
      try {
        await clerk.setActive({ session });
      } catch (error) {
        setState({ step: 'failed', message: problemMessage(classifyAuthError(error)) });
        return;
      }
      // Signed in: /home's layout bootstraps the API user and owns "can't be reached".
      completeSignIn();
    },
    [clerk, completeSignIn, signIn],
  );

  const redeem = useCallback(
    async (value: string) => {
      const pending = await loadPendingLink();
      setEmail(pending?.email ?? null);
      const outcome = await exchange(value, pending, now());
      if (typeof outcome !== 'string') {
        setState(outcome);
        return;
      }
      ticket.current = outcome;
      await signInWithTicket(outcome);
    },
    [now, signInWithTicket],
  );

  const guarded = useCallback(async (work: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    try {
      await work();
    } finally {
      running.current = false;
    }
  }, []);

  useEffect(() => {
    if (!enabled || token === null || started.current) return;
    started.current = true;
    void guarded(() => redeem(token));
  }, [enabled, guarded, redeem, token]);

  /** Offered only where nothing was consumed: the same link (or Clerk ticket) again. */
  const retry = () =>
    void guarded(async () => {
      if (ticket.current !== null) return signInWithTicket(ticket.current);
      if (token === null) return;
      setState({ step: 'checking' });
      await redeem(token);
    });

  return { state, email, retry };
}
