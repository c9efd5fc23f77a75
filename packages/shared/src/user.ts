import { z } from 'zod';

import { IdSchema, IsoDateTimeSchema, text } from './common.js';

export const SubscriptionStatusSchema = z.enum(['free', 'active', 'grace_period', 'expired']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatusSchema>;

// Strings the API sends are not refused for control characters (see `text()`, which requests
// go through): a name stored before that rule must not make the app fail to read its user.
export const UserSchema = z.object({
  id: IdSchema,
  clerkUserId: z.string().min(1),
  // null until Clerk tells us the address (the Backend API may be down at provisioning).
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  subscriptionStatus: SubscriptionStatusSchema,
  entitlements: z.array(z.string().min(1)),
  isActive: z.boolean(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type User = z.infer<typeof UserSchema>;

export const DISPLAY_NAME_MAX_LENGTH = 80;

/**
 * `PATCH /users/me`. Strict: identity, email and subscription fields belong to Clerk and
 * RevenueCat, so sending any of them is a validation error rather than a silent no-op.
 */
export const PatchMeBodySchema = z.strictObject({
  displayName: text().trim().min(1).max(DISPLAY_NAME_MAX_LENGTH).optional(),
});
export type PatchMeBody = z.infer<typeof PatchMeBodySchema>;
