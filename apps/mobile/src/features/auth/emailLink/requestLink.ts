import { EmailAddressSchema } from '@assetra/shared';

import { ApiError, describeApiError, NetworkError } from '../../../services/apiErrors';
import { getApi } from '../../../services/assetraApi';
import type { FlowProblem } from '../authErrors';
import {
  clearPendingLink,
  LINK_TTL_MS,
  loadPendingLink,
  savePendingLink,
  type PendingLink,
} from './pendingLink';
import { codeChallengeFor, createCodeVerifier } from './pkce';

export type LinkRequestOutcome = { kind: 'sent'; email: string } | FlowProblem;

/** "in 42 minutes" / "in a minute" / "in 30 seconds", from the API's Retry-After. */
export function waitPhrase(seconds: number | null): string {
  if (seconds === null) return 'in a few minutes';
  if (seconds < 60) return `in ${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? 'in a minute' : `in ${minutes} minutes`;
}

function requestProblem(error: unknown): FlowProblem {
  if (error instanceof NetworkError) return { kind: 'offline' };
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'rate_limited':
        return {
          kind: 'error',
          code: 'rate_limited',
          message: `Too many sign-in emails for this address. Try again ${waitPhrase(error.retryAfterSeconds)}, or use a code instead.`,
        };
      case 'not_configured':
        return {
          kind: 'error',
          code: 'not_configured',
          message: 'Sign-in links are not available right now. Use a code instead.',
        };
      case 'validation_failed':
        return { kind: 'error', code: 'invalid_email', message: 'Enter a valid email address.' };
      default:
        break;
    }
  }
  return { kind: 'error', code: 'link_request_failed', message: describeApiError(error) };
}

/**
 * Asks the API to email a sign-in link bound to this install. The verifier is kept in
 * SecureStore *before* the request (the email can arrive before the answer) and reused when the
 * same address asks again, so an earlier, still valid link keeps working after a resend.
 */
export async function requestEmailLink(
  rawEmail: string,
  now: () => number = Date.now,
): Promise<LinkRequestOutcome> {
  const parsed = EmailAddressSchema.safeParse(rawEmail);
  if (!parsed.success) {
    return { kind: 'error', message: 'Enter a valid email address.', code: 'invalid_email' };
  }
  const email = parsed.data;

  let previous: PendingLink | null;
  let codeChallenge: string;
  try {
    previous = await loadPendingLink();
    const reusable = previous !== null && previous.email === email && previous.expiresAt > now();
    const verifier = reusable && previous ? previous.verifier : await createCodeVerifier();
    codeChallenge = await codeChallengeFor(verifier);
    await savePendingLink({ email, verifier, expiresAt: now() + LINK_TTL_MS });
  } catch {
    return {
      kind: 'error',
      code: 'storage_failed',
      message: "This device couldn't store the sign-in link's key. Use a code instead.",
    };
  }

  try {
    await getApi().requestEmailLink({ email, codeChallenge });
  } catch (error) {
    // Nothing was sent: put back what the last successful request left, if anything.
    await (previous ? savePendingLink(previous) : clearPendingLink()).catch(() => undefined);
    return requestProblem(error);
  }
  return { kind: 'sent', email };
}
