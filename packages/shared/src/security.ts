import { z } from 'zod';

import { IdSchema, IsoDateTimeSchema } from './common.js';

/**
 * Where a session was used, from Clerk's `latest_activity`. Any field may be null (Clerk did
 * not know it); the IP address is never part of it.
 */
export const DeviceSchema = z.object({
  type: z.string().nullable(),
  isMobile: z.boolean().nullable(),
  browser: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
});
export type Device = z.infer<typeof DeviceSchema>;

/** `GET /users/me/sessions`: an active session; `current` marks the caller's own. */
export const SessionSchema = z.object({
  id: z.string().min(1),
  current: z.boolean(),
  createdAt: IsoDateTimeSchema,
  lastActiveAt: IsoDateTimeSchema,
  device: DeviceSchema,
});
export type Session = z.infer<typeof SessionSchema>;

export const SessionsResponseSchema = z.object({ sessions: z.array(SessionSchema) });
export type SessionsResponse = z.infer<typeof SessionsResponseSchema>;

export const RevokeOthersResponseSchema = z.object({ revoked: z.number().int().min(0) });
export type RevokeOthersResponse = z.infer<typeof RevokeOthersResponseSchema>;

export const SECURITY_EVENT_TYPES = [
  'account.created',
  'sign_in',
  'session.ended',
  'sessions.revoked_others',
  'email_link.redeemed',
  'account.disabled',
  'account.enabled',
  'passkey.added',
  'passkey.removed',
  'email.changed',
] as const;
export const SecurityEventTypeSchema = z.enum(SECURITY_EVENT_TYPES);
export type SecurityEventType = z.infer<typeof SecurityEventTypeSchema>;

/** Who ended a session (`session.ended`) or changed the account's state. */
export const SecurityActorSchema = z.enum(['user', 'clerk', 'operator']);
export type SecurityActor = z.infer<typeof SecurityActorSchema>;

/**
 * Facts about an event, by type: `sessionId` (sign_in, session.ended), `by`
 * (session.ended, account.disabled/enabled), `reason` (account.disabled by an operator),
 * `revoked` (sessions.revoked_others), `passkeyId` (passkey.*). Never a token, a full IP
 * address or a secret.
 */
export const SecurityEventDetailSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);
export type SecurityEventDetail = z.infer<typeof SecurityEventDetailSchema>;

export const SecurityEventSchema = z.object({
  id: IdSchema,
  type: SecurityEventTypeSchema,
  at: IsoDateTimeSchema,
  device: DeviceSchema.nullable(),
  detail: SecurityEventDetailSchema,
});
export type SecurityEvent = z.infer<typeof SecurityEventSchema>;

export const SecurityEventsResponseSchema = z.object({
  events: z.array(SecurityEventSchema),
  /** The `before` cursor of the following page; null on the last one. */
  next: z.string().nullable(),
});
export type SecurityEventsResponse = z.infer<typeof SecurityEventsResponseSchema>;

export const SECURITY_EVENTS_MAX_LIMIT = 50;

/** `GET /users/me/security-events` query; `before` is a cursor the API issued (`next`). */
export const SecurityEventsQuerySchema = z.strictObject({
  before: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'Is not a cursor this API issued')
    .optional(),
  limit: z.coerce.number().int().min(1).max(SECURITY_EVENTS_MAX_LIMIT).default(20),
});
export type SecurityEventsQuery = z.infer<typeof SecurityEventsQuerySchema>;
