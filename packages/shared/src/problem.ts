import { z } from 'zod';

/** RFC 9457 media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Every `code` of the contract's Errors table; clients branch on these, never on `title`. */
export const ErrorCodeSchema = z.enum([
  'malformed_json',
  'validation_failed',
  'invalid_request',
  'unauthenticated',
  'invalid_token',
  'account_deleted',
  'account_disabled',
  'reverification_required',
  'subscription_required',
  'https_required',
  'not_found',
  'payload_too_large',
  'headers_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'upstream_unavailable',
  'database_unavailable',
  'not_ready',
  'not_configured',
  'invalid_signature',
  'link_invalid',
  'link_used',
  'link_expired',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** The HTTP status each code is sent with; a problem's `status` always equals it. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  malformed_json: 400,
  validation_failed: 400,
  invalid_request: 400,
  unauthenticated: 401,
  invalid_token: 401,
  account_deleted: 401,
  account_disabled: 403,
  reverification_required: 403,
  subscription_required: 403,
  https_required: 403,
  not_found: 404,
  payload_too_large: 413,
  headers_too_large: 431,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  upstream_unavailable: 502,
  database_unavailable: 503,
  not_ready: 503,
  not_configured: 503,
  invalid_signature: 400,
  link_invalid: 400,
  link_used: 400,
  link_expired: 400,
});

/** The problem `title` the API sends for each code; the app may show it as a fallback. */
export const ERROR_TITLE: Readonly<Record<ErrorCode, string>> = Object.freeze({
  malformed_json: 'Malformed JSON',
  validation_failed: 'Validation failed',
  invalid_request: 'Invalid request',
  unauthenticated: 'Authentication required',
  invalid_token: 'Invalid token',
  account_deleted: 'Account deleted',
  account_disabled: 'Account disabled',
  reverification_required: 'Reverification required',
  subscription_required: 'Subscription required',
  https_required: 'HTTPS required',
  not_found: 'Not found',
  payload_too_large: 'Payload too large',
  headers_too_large: 'Request headers too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  internal_error: 'Internal server error',
  upstream_unavailable: 'Upstream service unavailable',
  database_unavailable: 'Database unavailable',
  not_ready: 'Not ready',
  not_configured: 'Not configured',
  invalid_signature: 'Invalid signature',
  link_invalid: 'Invalid sign-in link',
  link_used: 'Sign-in link already used',
  link_expired: 'Sign-in link expired',
});

/** Format of `X-Request-Id` (echoed when a client sends a valid one) and of `requestId`. */
export const RequestIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
export type RequestId = z.infer<typeof RequestIdSchema>;

/** RFC 6901 JSON Pointer, e.g. `/displayName`; `""` points at the whole body. */
export const JsonPointerSchema = z.string().regex(/^(?:\/(?:[^~/]|~[01])*)*$/);

export const FieldErrorSchema = z.object({
  path: JsonPointerSchema,
  message: z.string().min(1),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details. Not strict: RFC 9457 allows extension members. */
export const ProblemSchema = z
  .object({
    type: z.string().min(1),
    title: z.string().min(1),
    status: z.int().min(100).max(599),
    detail: z.string().optional(),
    code: ErrorCodeSchema,
    requestId: RequestIdSchema,
    errors: z.array(FieldErrorSchema).optional(),
  })
  .superRefine((problem, ctx) => {
    // A mismatch means the API mapped an error wrongly; surface it rather than guess which is right.
    if (problem.status !== ERROR_STATUS[problem.code]) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: `Expected ${ERROR_STATUS[problem.code]} for code ${problem.code}`,
      });
    }
    // The app highlights fields from `errors`, so a validation problem without them is useless.
    if (problem.code === 'validation_failed' && !problem.errors?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['errors'],
        message: 'validation_failed requires at least one field error',
      });
    }
  });
export type Problem = z.infer<typeof ProblemSchema>;
