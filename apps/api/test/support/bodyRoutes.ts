import { PatchMeBodySchema, PatchPortfolioBodySchema, PushTokenBodySchema } from '@assetra/shared';
import fc from 'fast-check';
import type { z } from 'zod';
import { RevenueCatEventSchema } from '../../src/services/subscriptions.js';
import { parsedJson, type HostileBody } from './hostileBodies.js';

/** The exact `Authorization` the body harness configures for RevenueCat. */
export const REVENUECAT_AUTH = 'Bearer rc-hostile-bodies';

const text = fc.oneof(
  fc.string({ maxLength: 90 }),
  fc.constantFrom('', ' ', '  x  ', 'A'.repeat(81)),
);
const anything = fc.oneof(text, fc.integer(), fc.constant(null), fc.boolean(), fc.array(text));
const forbidden = fc.constantFrom(
  'clerkUserId',
  'email',
  'subscriptionStatus',
  'isActive',
  'role',
  'id',
  'entitlements',
  '__proto__',
);
/** The route's own shape with hostile values, sometimes a forbidden field on top. */
const shaped = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.option(fc.tuple(forbidden, anything), { nil: undefined }),
    )
    .map(([body, extra]) => (extra ? { ...body, [extra[0]]: extra[1] } : body));

/** Placeholder for "this user": replaced by the real id when the body is sent. */
export const USER_PLACEHOLDER = '$USER';

export type Route = {
  name: string;
  method: string;
  path: string;
  headers?: () => Record<string, string>;
  nearValid: fc.Arbitrary<unknown>;
  /** Whether a 2xx is right for this body. */
  valid: (body: HostileBody) => boolean;
  /** A refusal must carry one of these codes when given. */
  refusal?: string[];
};

const schemaValid = (schema: z.ZodType) => (body: HostileBody) => {
  const value = parsedJson(body);
  return value !== undefined && schema.safeParse(value).success;
};

/** Every route that reads a JSON body, and the body it should accept. */
export const ROUTES: Route[] = [
  {
    name: 'PATCH /users/me',
    method: 'PATCH',
    path: '/users/me',
    nearValid: shaped({ displayName: fc.oneof(text, anything) }),
    valid: schemaValid(PatchMeBodySchema),
  },
  {
    name: 'PATCH /portfolio',
    method: 'PATCH',
    path: '/portfolio',
    nearValid: shaped({
      baseCurrency: fc.oneof(fc.constantFrom('EUR', 'eur', 'EURO', 'E1R', ''), anything),
    }),
    valid: schemaValid(PatchPortfolioBodySchema),
  },
  {
    name: 'POST /users/me/push-tokens',
    method: 'POST',
    path: '/users/me/push-tokens',
    nearValid: shaped({
      token: fc.oneof(
        fc.string({ maxLength: 40 }).map((id) => `ExponentPushToken[${id}]`),
        anything,
      ),
      platform: fc.oneof(fc.constantFrom('ios', 'android', 'web', 'IOS'), anything),
    }),
    valid: schemaValid(PushTokenBodySchema),
  },
  {
    name: 'POST /auth/bootstrap',
    method: 'POST',
    path: '/auth/bootstrap',
    nearValid: shaped({ created: fc.boolean(), clerkUserId: text }),
    valid: () => true, // it reads no body
  },
  {
    name: 'POST /webhooks/clerk (unsigned)',
    method: 'POST',
    path: '/webhooks/clerk',
    headers: () => ({ 'svix-id': 'msg_hostile', 'svix-timestamp': '0', 'svix-signature': 'v1,x' }),
    nearValid: shaped({ type: fc.constantFrom('user.created', 'user.deleted'), data: anything }),
    valid: () => false,
    refusal: ['invalid_signature'],
  },
  {
    name: 'POST /webhooks/revenuecat',
    method: 'POST',
    path: '/webhooks/revenuecat',
    headers: () => ({ authorization: REVENUECAT_AUTH }),
    valid: schemaValid(RevenueCatEventSchema),
    nearValid: fc.record({
      api_version: fc.constant('1.0'),
      event: shaped({
        id: fc.oneof(fc.uuid(), anything),
        type: fc.oneof(fc.constantFrom('INITIAL_PURCHASE', 'EXPIRATION', 'TRANSFER', 'TEST'), text),
        app_user_id: fc.oneof(fc.constant(USER_PLACEHOLDER), anything),
        entitlement_ids: fc.oneof(fc.array(text, { maxLength: 3 }), anything),
        expiration_at_ms: fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.double(), anything),
        event_timestamp_ms: fc.oneof(fc.integer({ min: -1e12, max: 4e12 }), anything),
      }),
    }),
  },
];
