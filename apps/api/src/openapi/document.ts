import type {
  ComponentsObject,
  OpenAPIObject,
  OperationObject,
  PathItemObject,
  PathsObject,
  ResponseObject,
  SecurityRequirementObject,
  SecuritySchemeObject,
} from 'openapi3-ts/oas31';

import { ACCOUNT_ROUTES } from './accountRoutes.js';
import { HEADERS, PARAMETERS, parameterRef, type ParameterName } from './headers.js';
import { PUBLIC_ROUTES } from './publicRoutes.js';
import { SECURITY_ROUTES } from './securityRoutes.js';
import { commonHeaders, errorResponses } from './responses.js';
import { buildSchemaComponents, schemaRef } from './schemas.js';
import type { AuthKind, RouteDescriptor, SuccessResponse } from './types.js';

/** The OAS 3.1 document, with the parts this API always fills in made non-optional. */
export type OpenApiDocument = OpenAPIObject & { paths: PathsObject; components: ComponentsObject };

export type OpenApiDocumentOptions = {
  /** Absolute base URL for `servers`; without it clients resolve paths against the docs' origin. */
  serverUrl?: string;
};

/** The version of this description of the contract, not of OpenAPI. */
const DOCUMENT_VERSION = '0.1.0';

const DESCRIPTION = `The binding contract of the Assetra API.

- Authenticated routes take only \`Authorization: Bearer <Clerk session token>\`; a token in the query string or body is never used.
- Every response carries \`X-Request-Id\`. Every error is \`application/problem+json\` (RFC 9457) with a stable \`code\`.
- The first failing check answers: HTTPS → per-IP rate limit → route match (\`404 not_found\` for an unknown route, whatever the credentials) → authentication → account state → per-user rate limit → media type, size, JSON syntax → validation.
- Rate-limited responses carry IETF draft-8 \`RateLimit\` and \`RateLimit-Policy\` headers; over the limit, \`429 rate_limited\` with \`Retry-After\`.`;

const TAGS = [
  { name: 'Probes', description: 'Liveness and readiness, for orchestrators.' },
  { name: 'Docs', description: 'This document and its interactive rendering.' },
  { name: 'Users', description: 'Provisioning, profile and account deletion.' },
  { name: 'Portfolio', description: 'The user’s single portfolio.' },
  {
    name: 'Security center',
    description: 'Where the user is signed in, what happened to the account, ending sessions.',
  },
  { name: 'Push tokens', description: 'Expo push tokens of the user’s devices.' },
  { name: 'Subscription', description: 'RevenueCat-backed status and entitlement gates.' },
  { name: 'Email link', description: 'PKCE-bound magic links that end in a Clerk sign-in ticket.' },
  { name: 'Webhooks', description: 'Signed events from Clerk and RevenueCat.' },
];

const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Clerk session token (RS256, from the app’s Clerk session; about 60 s).',
  },
  revenueCatAuth: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'Exactly the value configured in `REVENUECAT_WEBHOOK_AUTH`.',
  },
};

// Svix signs Clerk webhooks with three headers, which OpenAPI's security schemes cannot express;
// they are documented as required parameters instead.
const SECURITY: Record<AuthKind, SecurityRequirementObject[]> = {
  none: [],
  bearer: [{ bearerAuth: [] }],
  svix: [],
  revenuecat: [{ revenueCatAuth: [] }],
};

const SVIX_PARAMETERS: ParameterName[] = ['SvixId', 'SvixTimestamp', 'SvixSignature'];

function successResponse(route: RouteDescriptor, success: SuccessResponse): ResponseObject {
  const response: ResponseObject = {
    description: success.description,
    headers: { ...commonHeaders(route), ...success.headers },
  };
  if (typeof success.body === 'string') {
    response.content = { 'application/json': { schema: schemaRef(success.body) } };
  } else if (success.body !== undefined) {
    response.content = { [success.body.contentType]: { schema: success.body.schema } };
  }
  return response;
}

function operation(route: RouteDescriptor): OperationObject {
  const responses: Record<string, ResponseObject> = {};
  for (const success of route.responses) {
    responses[String(success.status)] = successResponse(route, success);
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [route.tag],
    security: SECURITY[route.auth],
    parameters: [
      parameterRef('RequestId'),
      ...(route.auth === 'svix' ? SVIX_PARAMETERS.map(parameterRef) : []),
      ...(route.parameters ?? []),
    ],
    ...(route.requestBody === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaRef(route.requestBody) } },
          },
        }),
    responses: { ...responses, ...errorResponses(route) },
  };
}

/** The OpenAPI 3.1 document of the API contract, derived from the shared zod schemas. */
export function buildOpenApiDocument(options: OpenApiDocumentOptions = {}): OpenApiDocument {
  const paths: Record<string, PathItemObject> = {};
  for (const route of [...PUBLIC_ROUTES, ...ACCOUNT_ROUTES, ...SECURITY_ROUTES]) {
    const item = (paths[route.path] ??= {});
    if (item[route.method] !== undefined) {
      throw new Error(`OpenAPI route ${route.method.toUpperCase()} ${route.path} is listed twice`);
    }
    item[route.method] = operation(route);
  }
  return {
    openapi: '3.1.1',
    info: { title: 'Assetra API', version: DOCUMENT_VERSION, description: DESCRIPTION },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    tags: TAGS,
    paths,
    components: {
      schemas: buildSchemaComponents(),
      headers: HEADERS,
      parameters: PARAMETERS,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
