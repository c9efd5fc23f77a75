import { text } from '@assetra/shared';
import { z } from 'zod';

// Bodies the contract names that packages/shared does not (yet) define. They live here, not in
// shared, because only the document needs them; move them to shared once an app parses them.

export const HealthResponseSchema = z.object({ status: z.literal('ok') });

export const ReadyResponseSchema = z.object({ status: z.literal('ready') });

/** `POST /webhooks/*`: also sent for ignored event types and repeated deliveries. */
export const WebhookReceivedResponseSchema = z.object({ received: z.literal(true) });

/** `GET /pro/insights` answers any JSON; only its entitlement gate is part of the contract. */
export const ProInsightsResponseSchema = z.unknown();

/**
 * A Clerk webhook event as Svix delivers it. Loose: the API reads `type` and `data` and must
 * keep accepting the fields Clerk adds.
 */
export const ClerkWebhookEventSchema = z.looseObject({
  object: z.literal('event').optional(),
  type: z.string().min(1),
  data: z.looseObject({}),
  timestamp: z.int().optional(),
});

const REVENUECAT_EVENT_TYPES = [
  'INITIAL_PURCHASE',
  'RENEWAL',
  'UNCANCELLATION',
  'PRODUCT_CHANGE',
  'NON_RENEWING_PURCHASE',
  'BILLING_ISSUE',
  'CANCELLATION',
  'EXPIRATION',
  'TRANSFER',
  'TEST',
];

/**
 * A RevenueCat webhook. `type` stays an open string: RevenueCat adds event types, which the
 * API must answer 200 and ignore. RevenueCat sends `null` entitlements and expiry for some
 * purchases, hence nullable.
 */
export const RevenueCatWebhookEventSchema = z.looseObject({
  api_version: z.string(),
  event: z.looseObject({
    id: text().min(1),
    type: text()
      .min(1)
      .meta({
        description: `Applied: ${REVENUECAT_EVENT_TYPES.join(', ')}; any other type is ignored.`,
      }),
    app_user_id: text().meta({ description: 'The Clerk user id the app logged in with.' }),
    entitlement_ids: z.array(text()).nullable(),
    expiration_at_ms: z.int().nullable(),
    event_timestamp_ms: z.int(),
    transferred_from: z.array(text()).optional(),
    transferred_to: z.array(text()).optional(),
  }),
});
