import type { ClerkUserUpdate } from '../port.js';

/**
 * Update pipelines (MongoDB ≥ 4.2) for the writes whose new value depends on the stored one,
 * so each stays one atomic statement instead of a read-then-write. Pure, so they are tested
 * without a server.
 */
export type PipelineStage = { $set: Record<string, unknown> };

/**
 * Inside a pipeline a string starting with `$` is a field path: a Clerk name such as "$ally"
 * would copy a field. Every value that comes from outside is wrapped, so it stays a value.
 */
export function literal(value: unknown): { $literal: unknown } {
  return { $literal: value };
}

/** The stored field, or `fallback` where the document lacks it (older documents, upserts). */
function stored(field: string, fallback: unknown): { $ifNull: [string, unknown] } {
  return { $ifNull: [`$${field}`, literal(fallback)] };
}

/** `$eq` on a missing field is false, not "equal to null": normalise it first. */
function isNull(field: string): { $eq: [unknown, null] } {
  return { $eq: [{ $ifNull: [`$${field}`, null] }, null] };
}

/**
 * Who set displayName. Documents written before the field existed lack it: there, a
 * displayName could only have come from the user (provisioning wrote null), so it is theirs.
 */
const displayNameSource = {
  $ifNull: ['$displayNameSource', { $cond: [isNull('displayName'), 'clerk', 'user'] }],
};

/** A live user whose stored Clerk timestamp is missing or strictly older than this event's. */
export function clerkUserFilter(update: ClerkUserUpdate): Record<string, unknown> {
  return {
    clerkUserId: update.clerkUserId,
    deletedAt: null,
    $or: [{ clerkUpdatedAt: null }, { clerkUpdatedAt: { $lt: update.clerkUpdatedAt } }],
  };
}

/** Applies a Clerk user event; displayName follows Clerk's name only until the user set one. */
export function clerkUserPipeline(
  update: ClerkUserUpdate,
  eventId: string,
  now: Date,
): PipelineStage[] {
  return [
    {
      $set: {
        email: literal(update.email),
        isActive: literal(update.isActive),
        clerkUpdatedAt: literal(update.clerkUpdatedAt),
        clerkEventId: literal(eventId),
        updatedAt: literal(now),
        displayName: {
          $cond: [
            { $eq: [displayNameSource, 'clerk'] },
            literal(update.clerkName),
            stored('displayName', null),
          ],
        },
        displayNameSource,
        // Passkey ids only when the payload carried them: the stored ones are kept otherwise.
        ...(update.passkeyIds == null ? {} : { passkeyIds: literal(update.passkeyIds) }),
      },
    },
  ];
}

/**
 * Turns the user (or, upserted, a bare `{ clerkUserId }`) into a tombstone: personal fields
 * and subscription erased. Expressions in one `$set` all read the document as it was, so a
 * second deletion keeps the first one's `deletedAt` and `updatedAt`: it changes nothing.
 */
export function tombstonePipeline(now: Date): PipelineStage[] {
  return [
    {
      $set: {
        email: literal(null),
        displayName: literal(null),
        displayNameSource: stored('displayNameSource', 'clerk'),
        isActive: literal(false),
        subscriptionStatus: literal('free'),
        entitlements: literal([]),
        subscriptionExpiresAt: literal(null),
        subscriptionEventAt: stored('subscriptionEventAt', null),
        subscriptionEventId: stored('subscriptionEventId', null),
        clerkUpdatedAt: stored('clerkUpdatedAt', null),
        clerkEventId: stored('clerkEventId', null),
        createdAt: stored('createdAt', now),
        updatedAt: { $cond: [isNull('deletedAt'), literal(now), '$updatedAt'] },
        deletedAt: stored('deletedAt', now),
      },
    },
  ];
}
