import { RequestIdSchema } from '@assetra/shared';
import type { HeaderObject, ParameterObject, ReferenceObject } from 'openapi3-ts/oas31';
import { z } from 'zod';

import { withoutRootKeywords } from './schemas.js';

const requestIdSchema = withoutRootKeywords(z.toJSONSchema(RequestIdSchema));

/** `components.headers`: response headers the contract promises. */
export const HEADERS = {
  'X-Request-Id': {
    description:
      'The request id: the client’s own when it sent a valid one, else generated. ' +
      'Problem bodies carry the same value as `requestId`.',
    required: true,
    schema: requestIdSchema,
  },
  'WWW-Authenticate': {
    description:
      'RFC 6750 challenge: `Bearer realm="assetra"`, plus `error="invalid_token"` when a token ' +
      'was presented and rejected; `error="invalid_request"` on the 400 for a token sent twice.',
    schema: { type: 'string' },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', minimum: 0 },
  },
  RateLimit: {
    description: 'IETF draft-8 remaining quota of this window, e.g. `"300-in-1min"; r=299; t=60`.',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': {
    description: 'IETF draft-8 quota policy, e.g. `"300-in-1min"; q=300; w=60`.',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description: '`no-store` on every response of an authenticated route.',
    schema: { type: 'string', const: 'no-store' },
  },
  Location: {
    description: 'Where the resource is, relative to the request URL.',
    required: true,
    schema: { type: 'string' },
  },
} satisfies Record<string, HeaderObject>;

export type HeaderName = keyof typeof HEADERS;

export const headerRef = (name: HeaderName): ReferenceObject => ({
  $ref: `#/components/headers/${name}`,
});

const svixHeader = (name: string, description: string): ParameterObject => ({
  name,
  in: 'header',
  description,
  required: true,
  schema: { type: 'string', minLength: 1 },
});

/** `components.parameters`: request headers shared by several operations. */
export const PARAMETERS = {
  RequestId: {
    name: 'X-Request-Id',
    in: 'header',
    description: 'Optional; a valid value is echoed back instead of a generated one.',
    required: false,
    schema: requestIdSchema,
  },
  SvixId: svixHeader('svix-id', 'Svix message id; each is applied at most once.'),
  SvixTimestamp: svixHeader(
    'svix-timestamp',
    'Unix seconds; more than 300 s from now is `invalid_signature`.',
  ),
  SvixSignature: svixHeader(
    'svix-signature',
    'Space-separated signatures; one matching `v1,` entry is enough.',
  ),
} satisfies Record<string, ParameterObject>;

export type ParameterName = keyof typeof PARAMETERS;

export const parameterRef = (name: ParameterName): ReferenceObject => ({
  $ref: `#/components/parameters/${name}`,
});
