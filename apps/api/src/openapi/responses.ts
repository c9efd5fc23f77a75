import { ERROR_STATUS, PROBLEM_CONTENT_TYPE, type ErrorCode } from '@assetra/shared';
import type { ReferenceObject, ResponseObject } from 'openapi3-ts/oas31';

import { headerRef, type HeaderName } from './headers.js';
import { schemaRef, type SchemaName } from './schemas.js';
import type { RouteDescriptor, SuccessResponse } from './types.js';

export const ok = (body: SchemaName, description: string, status = 200): SuccessResponse => ({
  status,
  description,
  body,
});

export const noContent = (description: string): SuccessResponse => ({ status: 204, description });

/** The contract's Errors table, in its words, so each response says when it happens. */
const SITUATION: Record<ErrorCode, string> = {
  malformed_json: 'the body is not valid JSON',
  validation_failed: 'the body fails validation (unknown or forbidden fields included)',
  invalid_request: 'a token sent twice (header and `access_token` query, or two headers)',
  unauthenticated: 'no credentials, or not the expected scheme',
  invalid_token: 'the token was rejected',
  account_deleted: 'the account was deleted',
  account_disabled: 'the account is disabled (banned or locked in Clerk)',
  reverification_required: 'no first-factor verification in the last 10 minutes',
  subscription_required: 'the required entitlement is missing',
  https_required: 'plain HTTP while HTTPS is required',
  not_found: 'no route matches this method and path, whatever the credentials',
  payload_too_large: 'the body is over 100 KB',
  headers_too_large: "the request headers are over Node's limit (16 KB)",
  unsupported_media_type: 'the body is not JSON',
  rate_limited: 'over the rate limit; retry after `Retry-After` seconds',
  internal_error: 'anything unexpected (logged with the request id)',
  upstream_unavailable: 'the Clerk Backend API failed',
  database_unavailable: 'the database is unavailable',
  not_ready: 'the database did not answer within 2 s',
  not_configured: 'the integration this route needs is not configured',
  invalid_signature: 'the webhook signature is missing, invalid or stale',
  link_invalid: 'unknown link, or a verifier that does not match its challenge',
  link_used: 'the link was already used',
  link_expired: 'the link is older than 15 minutes',
};

const BODY_CODES: ErrorCode[] = [
  'malformed_json',
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
];

const AUTH_CODES: Record<RouteDescriptor['auth'], ErrorCode[]> = {
  none: [],
  bearer: [
    'invalid_request',
    'unauthenticated',
    'invalid_token',
    'account_deleted',
    'account_disabled',
    'database_unavailable',
  ],
  svix: ['invalid_signature', 'not_configured', 'database_unavailable'],
  revenuecat: ['unauthenticated', 'not_configured', 'database_unavailable'],
};

/** Every code a route can answer: implied by its checks, plus its own, minus its exceptions. */
export function routeErrorCodes(route: RouteDescriptor): ErrorCode[] {
  const codes = new Set<ErrorCode>(['not_found', 'headers_too_large', 'internal_error']);
  const add = (more: readonly ErrorCode[]) => {
    for (const code of more) codes.add(code);
  };
  if (route.probe !== true) add(['https_required', 'rate_limited']);
  add(AUTH_CODES[route.auth]);
  if (route.requestBody !== undefined) add(BODY_CODES);
  add(route.errors ?? []);
  for (const code of route.omitErrors ?? []) codes.delete(code);
  return [...codes];
}

/** Headers every response of the route may carry, whatever its status. */
export function commonHeaders(route: RouteDescriptor): Record<string, ReferenceObject> {
  const names: HeaderName[] = ['X-Request-Id'];
  if (route.probe !== true) names.push('RateLimit', 'RateLimit-Policy');
  if (route.auth === 'bearer') names.push('Cache-Control');
  return Object.fromEntries(names.map((name) => [name, headerRef(name)]));
}

function statusHeaders(status: number, codes: ErrorCode[]): HeaderName[] {
  if (status === 401 || codes.includes('invalid_request')) return ['WWW-Authenticate'];
  // The rate limiter and the database mapping both tell the client when to come back.
  if (status === 429 || codes.includes('database_unavailable')) return ['Retry-After'];
  return [];
}

/**
 * One response per status. Each narrows the Problem schema to the codes the route can send
 * with that status, so a client (or a contract test) knows the whole list.
 */
export function errorResponses(route: RouteDescriptor): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrorCodes(route)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const extra = statusHeaders(status, codes);
    responses[String(status)] = {
      description: codes.map((code) => `- \`${code}\`: ${SITUATION[code]}`).join('\n'),
      headers: {
        ...commonHeaders(route),
        ...Object.fromEntries(extra.map((name) => [name, headerRef(name)])),
      },
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: {
            allOf: [schemaRef('Problem'), { properties: { code: { enum: codes } } }],
          },
        },
      },
    };
  }
  return responses;
}
