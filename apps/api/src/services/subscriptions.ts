import { text } from '@assetra/shared';
import { z } from 'zod';
import { EventTimeMsSchema } from './eventTime.js';
import type { SubscriptionChange, UserRecord } from '../store/port.js';

/**
 * The part of a RevenueCat webhook body the API reads; everything else is ignored. A control
 * character in any of it is a 400 `validation_failed` (no genuine event has one), not the 500
 * PostgreSQL's refusal of U+0000 would become.
 */
export const RevenueCatEventSchema = z.object({
  api_version: text().optional(),
  event: z.object({
    id: text().min(1).max(200),
    type: text().min(1).max(64),
    app_user_id: text().max(200).nullish(),
    entitlement_ids: z.array(text().max(200)).max(100).nullish(),
    expiration_at_ms: EventTimeMsSchema.nullish(),
    event_timestamp_ms: EventTimeMsSchema,
    transferred_from: z.array(text().max(200)).max(100).nullish(),
    transferred_to: z.array(text().max(200)).max(100).nullish(),
  }),
});
export type RevenueCatEvent = z.infer<typeof RevenueCatEventSchema>['event'];

const PURCHASES = new Set([
  'INITIAL_PURCHASE',
  'RENEWAL',
  'UNCANCELLATION',
  'PRODUCT_CHANGE',
  'NON_RENEWING_PURCHASE',
]);

/**
 * The contract's event mapping. Null = the event changes nothing (CANCELLATION keeps access
 * until EXPIRATION; TEST and types we do not use).
 */
export function subscriptionChangeFor(event: RevenueCatEvent): SubscriptionChange | null {
  const users = event.app_user_id ? [event.app_user_id] : [];
  const expiresAt = event.expiration_at_ms ? new Date(event.expiration_at_ms) : null;
  if (PURCHASES.has(event.type)) {
    return {
      kind: 'set',
      clerkUserIds: users,
      subscription: { status: 'active', entitlements: event.entitlement_ids ?? [], expiresAt },
    };
  }
  switch (event.type) {
    case 'BILLING_ISSUE':
      return { kind: 'status', clerkUserIds: users, status: 'grace_period' };
    case 'EXPIRATION':
      return {
        kind: 'set',
        clerkUserIds: users,
        subscription: { status: 'expired', entitlements: [], expiresAt },
      };
    case 'TRANSFER':
      return {
        kind: 'transfer',
        from: event.transferred_from ?? [],
        to: event.transferred_to ?? [],
        entitlements: event.entitlement_ids ?? null,
      };
    default:
      return null;
  }
}

/** The gate: status active or in grace, the entitlement held, and not past its expiry. */
export function hasEntitlement(user: UserRecord, entitlement: string, now: Date): boolean {
  const statusOpen =
    user.subscriptionStatus === 'active' || user.subscriptionStatus === 'grace_period';
  const notExpired = user.subscriptionExpiresAt === null || user.subscriptionExpiresAt > now;
  return statusOpen && notExpired && user.entitlements.includes(entitlement);
}
