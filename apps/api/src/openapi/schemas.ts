import {
  BootstrapResponseSchema,
  EmailLinkBodySchema,
  EmailLinkRedeemBodySchema,
  EmailLinkRedeemResponseSchema,
  EmailLinkResponseSchema,
  ErrorCodeSchema,
  FieldErrorSchema,
  MeResponseSchema,
  PatchMeBodySchema,
  PatchPortfolioBodySchema,
  PortfolioResponseSchema,
  PortfolioSchema,
  ProblemSchema,
  PushTokenBodySchema,
  PushTokenResponseSchema,
  PushTokenSchema,
  RevokeOthersResponseSchema,
  SecurityEventsResponseSchema,
  SessionsResponseSchema,
  SubscriptionResponseSchema,
  SubscriptionStatusSchema,
  UserSchema,
} from '@assetra/shared';
import type { SchemaObject } from 'openapi3-ts/oas31';
import { z } from 'zod';

import {
  ClerkWebhookEventSchema,
  HealthResponseSchema,
  ProInsightsResponseSchema,
  ReadyResponseSchema,
  RevenueCatWebhookEventSchema,
  WebhookReceivedResponseSchema,
} from './extraSchemas.js';

/** What the API sends: converted with `io: 'output'`. */
const RESPONSE_SCHEMAS = {
  User: UserSchema,
  SubscriptionStatus: SubscriptionStatusSchema,
  Portfolio: PortfolioSchema,
  BootstrapResponse: BootstrapResponseSchema,
  MeResponse: MeResponseSchema,
  PortfolioResponse: PortfolioResponseSchema,
  SubscriptionResponse: SubscriptionResponseSchema,
  PushTokenResponse: PushTokenResponseSchema,
  EmailLinkResponse: EmailLinkResponseSchema,
  EmailLinkRedeemResponse: EmailLinkRedeemResponseSchema,
  Problem: ProblemSchema,
  ErrorCode: ErrorCodeSchema,
  FieldError: FieldErrorSchema,
  HealthResponse: HealthResponseSchema,
  ReadyResponse: ReadyResponseSchema,
  WebhookReceivedResponse: WebhookReceivedResponseSchema,
  ProInsightsResponse: ProInsightsResponseSchema,
  SessionsResponse: SessionsResponseSchema,
  RevokeOthersResponse: RevokeOthersResponseSchema,
  SecurityEventsResponse: SecurityEventsResponseSchema,
} satisfies Record<string, z.ZodType>;

/** What the API accepts: converted with `io: 'input'` (before trimming and defaults). */
const REQUEST_SCHEMAS = {
  PatchMeBody: PatchMeBodySchema,
  PatchPortfolioBody: PatchPortfolioBodySchema,
  PushToken: PushTokenSchema,
  PushTokenBody: PushTokenBodySchema,
  EmailLinkBody: EmailLinkBodySchema,
  EmailLinkRedeemBody: EmailLinkRedeemBodySchema,
  ClerkWebhookEvent: ClerkWebhookEventSchema,
  RevenueCatWebhookEvent: RevenueCatWebhookEventSchema,
} satisfies Record<string, z.ZodType>;

export type SchemaName = keyof typeof RESPONSE_SCHEMAS | keyof typeof REQUEST_SCHEMAS;

const SCHEMA_DESCRIPTIONS: Partial<Record<SchemaName, string>> = {
  User: 'The signed-in user. Timestamps are ISO 8601; `email` is null until Clerk provides it.',
  Portfolio: '`totalValue` is a decimal string: money is never a binary float.',
  Problem:
    'RFC 9457 problem details. `status` equals the HTTP status; clients branch on `code`, ' +
    'never on `title`. `errors` comes with `validation_failed`, each `path` a JSON Pointer.',
  PatchMeBody: 'Strict: any other field (`email`, `subscriptionStatus`, …) is `validation_failed`.',
  PatchPortfolioBody: 'Strict: `baseCurrency` is the only field.',
  PushToken: 'An Expo push token; as a path segment, percent-encode its brackets.',
  EmailLinkBody:
    '`codeChallenge` is the base64url SHA-256 of a 32+ byte verifier the app keeps; ' +
    '`email` is trimmed and lower-cased, then must be an address.',
  ProInsightsResponse: 'Any JSON value.',
  SecurityEventsResponse:
    '`type` is one of the Security center event types; `detail` never holds a token, a full ' +
    'IP address or a secret. `next` is null on the last page.',
};

const componentUri = (name: string): string => `#/components/schemas/${name}`;

export const schemaRef = (name: SchemaName): SchemaObject => ({ $ref: componentUri(name) });

const OBJECT_WITHOUT_CATCHALL = (ctx: {
  zodSchema: z.core.$ZodTypes;
  jsonSchema: z.core.JSONSchema.JSONSchema;
}): void => {
  // zod marks every z.object `additionalProperties: false` in output mode, because parsing
  // strips unknown keys. Shared responses are deliberately not strict (the API may add a field
  // without breaking installed apps; RFC 9457 allows extension members), so say that instead.
  if (ctx.zodSchema._zod.def.type === 'object' && ctx.zodSchema._zod.def.catchall === undefined) {
    delete ctx.jsonSchema.additionalProperties;
  }
};

/**
 * zod's JSON Schema 2020-12 as an OAS 3.1 Schema Object (the same dialect). `$id` would be a
 * fragment URI (invalid in 2020-12), and OAS 3.1 implies `$schema`.
 */
export function withoutRootKeywords(schema: z.core.JSONSchema.JSONSchema): SchemaObject {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest as SchemaObject;
}

function convert(schemas: Record<string, z.ZodType>, io: 'input' | 'output') {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri: componentUri,
    ...(io === 'output' ? { override: OBJECT_WITHOUT_CATCHALL } : {}),
  });
  const components: Record<string, SchemaObject> = {};
  for (const [id, jsonSchema] of Object.entries(converted)) {
    const description = SCHEMA_DESCRIPTIONS[id as SchemaName];
    const schema = withoutRootKeywords(jsonSchema);
    components[id] = description === undefined ? schema : { description, ...schema };
  }
  return components;
}

/** `components.schemas`: every body of the contract, converted from its zod schema. */
export function buildSchemaComponents(): Record<string, SchemaObject> {
  const responses = convert(RESPONSE_SCHEMAS, 'output');
  const requests = convert(REQUEST_SCHEMAS, 'input');
  const clash = Object.keys(requests).find((name) => name in responses);
  if (clash !== undefined) throw new Error(`OpenAPI schema ${clash} is defined twice`);
  return { ...responses, ...requests };
}
