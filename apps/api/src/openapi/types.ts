import type { ErrorCode } from '@assetra/shared';
import type { z } from 'zod';

import type { SchemaName } from './schemas.js';

/** A JSON Schema 2020-12 object, which is what an OpenAPI 3.1 Schema Object is. */
export type SchemaObject = z.core.JSONSchema.JSONSchema;

export type Reference = { $ref: string; description?: string };

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export type Header = { description: string; required?: boolean; schema: SchemaObject };

export type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  description: string;
  required: boolean;
  schema: SchemaObject;
};

export type MediaType = { schema: SchemaObject };

export type RequestBody = {
  description?: string;
  required: boolean;
  content: Record<string, MediaType>;
};

export type Response = {
  description: string;
  headers?: Record<string, Header | Reference>;
  content?: Record<string, MediaType>;
};

/** Scope lists are empty: neither scheme is OAuth2. */
export type SecurityRequirement = Record<string, string[]>;

export type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: SecurityRequirement[];
  parameters: (Parameter | Reference)[];
  requestBody?: RequestBody;
  responses: Record<string, Response>;
};

export type PathItem = Partial<Record<HttpMethod, Operation>>;

export type SecurityScheme =
  | { type: 'http'; scheme: 'bearer'; bearerFormat?: string; description: string }
  | { type: 'apiKey'; in: 'header'; name: string; description: string };

export type Components = {
  schemas: Record<string, SchemaObject>;
  headers: Record<string, Header>;
  parameters: Record<string, Parameter>;
  securitySchemes: Record<string, SecurityScheme>;
};

/** The subset of OpenAPI 3.1 this API's document uses. */
export type OpenApiDocument = {
  openapi: `3.1.${number}`;
  info: { title: string; version: string; description: string };
  servers?: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  components: Components;
};

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
  headers?: Record<string, Header | Reference>;
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
  parameters?: Parameter[];
  responses: SuccessResponse[];
  /** Codes this route answers beyond those its auth, body and limits imply. */
  errors?: ErrorCode[];
  /** Implied codes this route never answers. */
  omitErrors?: ErrorCode[];
};
