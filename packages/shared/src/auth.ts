import { z } from 'zod';

import { IsoDateTimeSchema, text } from './common.js';
import { PortfolioSchema } from './portfolio.js';
import { SubscriptionStatusSchema, UserSchema } from './user.js';

// Response bodies are parsed with z.object (not strict) so the API can add a field
// without breaking app versions already installed; removals and type changes still fail.

/** `POST /auth/bootstrap`: 201 with `created: true` only for the request that created the user. */
export const BootstrapResponseSchema = z.object({
  user: UserSchema,
  portfolio: PortfolioSchema,
  created: z.boolean(),
});
export type BootstrapResponse = z.infer<typeof BootstrapResponseSchema>;

export const MeResponseSchema = z.object({ user: UserSchema });
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const PortfolioResponseSchema = z.object({ portfolio: PortfolioSchema });
export type PortfolioResponse = z.infer<typeof PortfolioResponseSchema>;

export const SubscriptionResponseSchema = z.object({
  status: SubscriptionStatusSchema,
  entitlements: z.array(z.string().min(1)),
  expiresAt: IsoDateTimeSchema.nullable(),
});
export type SubscriptionResponse = z.infer<typeof SubscriptionResponseSchema>;

/**
 * An Expo push token. Older SDKs issue `ExpoPushToken[…]`, current ones `ExponentPushToken[…]`.
 * It is also a path segment of `DELETE /users/me/push-tokens/{token}`, hence the length bound.
 */
export const PushTokenSchema = text()
  .max(255)
  .regex(/^Expo(?:nent)?PushToken\[[^[\]\s]+\]$/, 'Expected an Expo push token');
export type PushToken = z.infer<typeof PushTokenSchema>;

export const PushPlatformSchema = z.enum(['ios', 'android']);

/** How many push tokens a user keeps: registering another drops the least recently registered. */
export const MAX_PUSH_TOKENS_PER_USER = 10;
export type PushPlatform = z.infer<typeof PushPlatformSchema>;

export const PushTokenBodySchema = z.strictObject({
  token: PushTokenSchema,
  platform: PushPlatformSchema,
});
export type PushTokenBody = z.infer<typeof PushTokenBodySchema>;

export const PushTokenResponseSchema = z.object({ registered: z.literal(true) });
export type PushTokenResponse = z.infer<typeof PushTokenResponseSchema>;

/** base64url (no padding) of a SHA-256 digest: always 43 characters. */
export const CodeChallengeSchema = text().regex(
  /^[A-Za-z0-9_-]{43}$/,
  'Expected a base64url SHA-256 digest (43 characters)',
);

/** RFC 7636 verifier: 43–128 unreserved characters (base64url of 32+ random bytes fits). */
export const CodeVerifierSchema = text().regex(
  /^[A-Za-z0-9._~-]{43,128}$/,
  'Expected 43-128 unreserved characters',
);

/**
 * Trimmed and lower-cased so that the per-address limit (3 per hour) cannot be dodged by
 * changing case, and so the lookup matches Clerk, which compares addresses case-insensitively.
 */
export const EmailAddressSchema = text().trim().toLowerCase().max(254).pipe(z.email());

/** `POST /auth/email-link` */
export const EmailLinkBodySchema = z.strictObject({
  email: EmailAddressSchema,
  codeChallenge: CodeChallengeSchema,
});
export type EmailLinkBody = z.infer<typeof EmailLinkBodySchema>;

/** Same body whether or not the address has an account, so it reveals nothing. */
export const EmailLinkResponseSchema = z.object({ sent: z.literal(true) });
export type EmailLinkResponse = z.infer<typeof EmailLinkResponseSchema>;

/** `POST /auth/email-link/redeem` */
export const EmailLinkRedeemBodySchema = z.strictObject({
  // Deliberately loose: a link mangled by a mail client must answer `link_invalid`
  // ("ask for a new link"), not `validation_failed`.
  token: text().min(1).max(512),
  codeVerifier: CodeVerifierSchema,
});
export type EmailLinkRedeemBody = z.infer<typeof EmailLinkRedeemBodySchema>;

/** A Clerk sign-in token, redeemed by the app with the `ticket` strategy. */
export const EmailLinkRedeemResponseSchema = z.object({ ticket: z.string().min(1) });
export type EmailLinkRedeemResponse = z.infer<typeof EmailLinkRedeemResponseSchema>;
