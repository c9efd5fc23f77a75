import { ERROR_STATUS, ERROR_TITLE, type ErrorCode } from '@assetra/shared';

export type FieldError = { path: string; message: string };

/**
 * An answer the API gives on purpose: a stable `code` from the contract's error table. The
 * status comes from the shared table, so a code can never be sent with the wrong status.
 */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? ERROR_TITLE[code]);
    this.name = 'HttpError';
    this.status = ERROR_STATUS[code];
  }
}

/** 401/400 answers of the Bearer scheme carry RFC 6750's challenge. */
export function bearerChallenge(
  error?: 'invalid_token' | 'invalid_request',
): Record<string, string> {
  return {
    'WWW-Authenticate': error
      ? `Bearer realm="assetra", error="${error}"`
      : 'Bearer realm="assetra"',
  };
}
