import { ProblemSchema, type ErrorCode, type FieldError, type Problem } from '@assetra/shared';

/** The API answered with an error; `code` is the contract's stable code when the body was a problem. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'unexpected_response';
  readonly problem: Problem | null;
  readonly requestId: string | null;
  readonly fieldErrors: readonly FieldError[];
  /** From `Retry-After` (429, 503): how long the API asks the client to wait. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    problem: Problem | null,
    requestId: string | null,
    retryAfterSeconds: number | null = null,
  ) {
    super(problem?.detail ?? problem?.title ?? `The server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? 'unexpected_response';
    this.requestId = problem?.requestId ?? requestId;
    this.fieldErrors = problem?.errors ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No answer from the API (offline, DNS, TLS, timeout). Never a reason to sign the user out. */
export class NetworkError extends Error {
  constructor(readonly reason: 'offline' | 'timeout') {
    super(
      reason === 'timeout' ? 'The server took too long to answer' : 'Cannot connect to Assetra',
    );
    this.name = 'NetworkError';
  }
}

/** A 2xx body that does not match the shared contract: a deployment mismatch, surfaced loudly. */
export class ContractError extends Error {
  constructor(
    readonly url: string,
    readonly issues: readonly string[],
  ) {
    super(`Unexpected response from ${url}`);
    this.name = 'ContractError';
  }
}

export function problemFromBody(body: unknown): Problem | null {
  const parsed = ProblemSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** `Retry-After` in delay-seconds form; an HTTP-date or garbage is ignored. */
export function parseRetryAfter(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

export function isApiError(error: unknown, code?: ApiError['code']): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** A user-facing sentence for any error the API layer throws. */
export function describeApiError(error: unknown): string {
  if (error instanceof NetworkError)
    return "You're offline or Assetra can't be reached. Try again.";
  if (error instanceof ApiError) {
    if (error.code === 'rate_limited') return 'Too many attempts. Wait a moment and try again.';
    if (error.code === 'account_disabled') return 'This account is disabled. Contact support.';
    return error.problem?.title ?? 'Something went wrong. Try again.';
  }
  if (error instanceof ContractError) return 'This version of the app needs an update.';
  return 'Something went wrong. Try again.';
}
