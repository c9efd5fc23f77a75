/** What the sign-in screens show after a flow ends without a session. */
export type FlowProblem =
  | { kind: 'cancelled' }
  | { kind: 'offline' }
  | { kind: 'error'; message: string; code: string | null };

const CANCEL_CODES = new Set([
  'passkey_retrieval_cancelled',
  'passkey_registration_cancelled',
  'ERR_REQUEST_CANCELED',
  'ERR_CANCELED',
  'reverification_cancelled',
]);

const FRIENDLY: Record<string, string> = {
  form_identifier_not_found: 'No Assetra account uses this email. Create an account instead.',
  form_identifier_exists: 'An account already uses this email. Sign in instead.',
  form_code_incorrect: 'That code is not right. Check the email and try again.',
  verification_expired: 'That code has expired. Send a new one.',
  too_many_requests: 'Too many attempts. Wait a minute and try again.',
  passkey_not_supported: 'Passkeys are not supported on this device.',
  strategy_for_user_invalid: 'This account cannot sign in this way. Try another option.',
};

type ClerkLikeError = {
  code?: unknown;
  message?: unknown;
  longMessage?: unknown;
  errors?: { code?: unknown; message?: unknown; longMessage?: unknown }[];
};

function asRecord(error: unknown): ClerkLikeError {
  return typeof error === 'object' && error !== null ? error : {};
}

/**
 * Classifies what Clerk (or the OS sheet it opened) threw or returned. Structural on purpose:
 * Clerk's API errors carry `errors[]`, its runtime errors and the Core 3 `{ error }` a `code`.
 */
export function classifyAuthError(error: unknown): FlowProblem {
  const record = asRecord(error);
  const first = Array.isArray(record.errors) ? record.errors[0] : undefined;
  const code =
    typeof first?.code === 'string'
      ? first.code
      : typeof record.code === 'string'
        ? record.code
        : null;
  const text = [first?.longMessage, first?.message, record.longMessage, record.message].find(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );

  if (code !== null && CANCEL_CODES.has(code)) return { kind: 'cancelled' };
  if (
    code === 'network_error' ||
    /network request failed|network error|offline/i.test(text ?? '')
  ) {
    return { kind: 'offline' };
  }
  if (/cancel/i.test(code ?? '')) return { kind: 'cancelled' };
  const friendly = code !== null ? FRIENDLY[code] : undefined;
  return { kind: 'error', message: friendly ?? text ?? 'Sign-in failed. Try again.', code };
}

export function problemMessage(problem: FlowProblem): string {
  switch (problem.kind) {
    case 'cancelled':
      return 'Sign-in was cancelled. Pick an option to try again.';
    case 'offline':
      return "You're offline. Check your connection and try again.";
    case 'error':
      return problem.message;
  }
}
