import type { ErrorCode } from '@assetra/shared';
import type {
  HeaderObject,
  ParameterObject,
  ReferenceObject,
  SchemaObject,
} from 'openapi3-ts/oas31';

import type { SchemaName } from './schemas.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/**
 * How a route authenticates: a Clerk session token, a Svix signature (Clerk webhooks) or the
 * shared `Authorization` value (RevenueCat webhooks).
 */
export type AuthKind = 'none' | 'bearer' | 'svix' | 'revenuecat';

export type SuccessResponse = {
  status: number;
  description: string;
  /** A component schema name (JSON body) or an explicit media type; absent for no body. */
  body?: SchemaName | { contentType: string; schema: SchemaObject };
  headers?: Record<string, HeaderObject | ReferenceObject>;
};

/** One row of the contract's Routes table; the error responses are derived from it. */
export type RouteDescriptor = {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/users/me/push-tokens/{token}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth: AuthKind;
  /** `/healthz` and `/readyz`: exempt from the HTTPS requirement and from rate limits. */
  probe?: boolean;
  /** Component schema name of the JSON request body, which brings the body checks' errors. */
  requestBody?: SchemaName;
  parameters?: ParameterObject[];
  responses: SuccessResponse[];
  /** Codes this route answers beyond those its auth, body and limits imply. */
  errors?: ErrorCode[];
  /** Implied codes this route never answers. */
  omitErrors?: ErrorCode[];
};
