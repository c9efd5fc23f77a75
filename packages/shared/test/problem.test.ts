import { describe, expect, it } from 'vitest';

import {
  ERROR_STATUS,
  ERROR_TITLE,
  ErrorCodeSchema,
  PROBLEM_CONTENT_TYPE,
  ProblemSchema,
  type ErrorCode,
} from '@assetra/shared';

// Transcribed from the API contract's Errors table, independently of the source.
const CONTRACT_TABLE: [ErrorCode, number][] = [
  ['malformed_json', 400],
  ['validation_failed', 400],
  ['invalid_request', 400],
  ['unauthenticated', 401],
  ['invalid_token', 401],
  ['account_deleted', 401],
  ['account_disabled', 403],
  ['reverification_required', 403],
  ['subscription_required', 403],
  ['https_required', 403],
  ['not_found', 404],
  ['payload_too_large', 413],
  ['headers_too_large', 431],
  ['unsupported_media_type', 415],
  ['rate_limited', 429],
  ['internal_error', 500],
  ['upstream_unavailable', 502],
  ['database_unavailable', 503],
  ['not_ready', 503],
  ['not_configured', 503],
  ['invalid_signature', 400],
  ['link_invalid', 400],
  ['link_used', 400],
  ['link_expired', 400],
];

function problemBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'about:blank',
    title: 'Invalid token',
    status: 401,
    detail: 'The session token was rejected.',
    code: 'invalid_token',
    requestId: '3f2b8c1e-9d4a-4b6e-8f0a-1c2d3e4f5a6b',
    ...overrides,
  };
}

describe('error codes', () => {
  it.each(CONTRACT_TABLE)('maps %s to HTTP %i', (code, status) => {
    const mapped = ERROR_STATUS[code];

    expect(mapped).toBe(status);
  });

  it('defines exactly the codes of the contract table', () => {
    const codes = [...ErrorCodeSchema.options].sort();

    expect(codes).toEqual(CONTRACT_TABLE.map(([code]) => code).sort());
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(codes);
  });

  it('gives every code a non-empty title', () => {
    const titles = ErrorCodeSchema.options.map((code) => ERROR_TITLE[code]);

    expect(titles.every((title) => title.trim().length > 0)).toBe(true);
  });

  it('cannot be changed at runtime by a consumer', () => {
    const statuses = ERROR_STATUS as Record<string, number>;

    const mutate = () => {
      statuses.not_found = 200;
    };

    expect(mutate).toThrow(TypeError);
    expect(ERROR_STATUS.not_found).toBe(404);
  });

  it('uses the RFC 9457 media type', () => {
    expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
  });
});

describe('ProblemSchema', () => {
  it('parses a problem body the API sends', () => {
    const body = problemBody();

    const result = ProblemSchema.safeParse(body);

    expect(result.success).toBe(true);
    expect(result.data).toEqual(body);
  });

  it('parses a problem without detail', () => {
    const body = problemBody();
    delete body.detail;

    const result = ProblemSchema.safeParse(body);

    expect(result.success).toBe(true);
  });

  it('rejects a problem body without code', () => {
    const body = problemBody();
    delete body.code;

    const result = ProblemSchema.safeParse(body);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(['code']);
  });

  it('rejects a code that is not in the contract', () => {
    const result = ProblemSchema.safeParse(problemBody({ code: 'token_expired' }));

    expect(result.success).toBe(false);
  });

  it('rejects a status that does not match the code', () => {
    const body = problemBody({ code: 'not_found', status: 400 });

    const result = ProblemSchema.safeParse(body);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['status']);
  });

  it.each([99, 600, 401.5, '401'])('rejects the status %j', (status) => {
    const result = ProblemSchema.safeParse(problemBody({ status }));

    expect(result.success).toBe(false);
  });

  it('rejects a problem without requestId', () => {
    const body = problemBody();
    delete body.requestId;

    const result = ProblemSchema.safeParse(body);

    expect(result.success).toBe(false);
  });

  it('parses a validation problem with JSON Pointer field errors', () => {
    const body = problemBody({
      code: 'validation_failed',
      status: 400,
      title: 'Validation failed',
      errors: [
        { path: '/displayName', message: 'Too long' },
        { path: '', message: 'Unrecognized key: "role"' },
        { path: '/a~1b/0', message: 'Escaped pointer' },
      ],
    });

    const result = ProblemSchema.safeParse(body);

    expect(result.success).toBe(true);
  });

  it('rejects a validation problem that names no field', () => {
    const body = problemBody({ code: 'validation_failed', status: 400, errors: [] });

    const result = ProblemSchema.safeParse(body);

    expect(result.success).toBe(false);
  });

  it.each(['displayName', '/bad~2escape'])('rejects the field error path %j', (path) => {
    const body = problemBody({
      code: 'validation_failed',
      status: 400,
      errors: [{ path, message: 'Required' }],
    });

    const result = ProblemSchema.safeParse(body);

    expect(result.success).toBe(false);
  });
});
