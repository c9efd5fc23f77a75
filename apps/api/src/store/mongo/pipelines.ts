import type { ClerkUserUpdate } from '../port.js';

/**
 * Update pipelines (MongoDB ≥ 4.2) for the writes whose new value depends on the stored one,
 * so each stays one atomic statement instead of a read-then-write, and the deadline guard every
 * write carries (see deadlineGuard). Pure, so they are tested without a server.
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

/** Part of the error a statement refused past its deadline fails with (see deadlineGuard). */
export const DEADLINE_REFUSAL = 'assetra: write refused, past its deadline';

/**
 * An expression that fails the statement evaluating it: a ConversionFailure (code 241) whose
 * message holds DEADLINE_REFUSAL. MongoDB has no operator that raises an error of one's own;
 * `$toInt` of that text is one. The text depends on `$$ROOT`, so the server cannot fold it into
 * a constant (and fail) while parsing a statement that is in time.
 */
const refusal = { $toInt: { $concat: [`${DEADLINE_REFUSAL}: `, { $type: '$$ROOT' }] } };

/** True while the server's clock, read when the statement starts (`$$NOW`), is before it. */
function inTime(deadline: Date): { $lt: [string, Date] } {
  return { $lt: ['$$NOW', deadline] };
}

/**
 * The first stage of every update the store sends: it fails the statement on each document it
 * would write once the server's clock has passed `deadline`, and otherwise changes nothing
 * (`$$REMOVE` leaves the field out). An upsert that matched nothing runs the pipeline on the
 * document it is about to insert, so an insert is refused too, unlike a `$$NOW` condition in
 * the filter, whose failure would make the upsert insert.
 */
export function deadlineGuard(deadline: Date): PipelineStage {
  return { $set: { _assetraWriteDeadline: { $cond: [inTime(deadline), '$$REMOVE', refusal] } } };
}

/** `filter` for a delete that fails, like deadlineGuard, on each document it would remove late. */
export function guardedFilter(
  filter: Record<string, unknown>,
  deadline: Date,
): Record<string, unknown> {
  return { ...filter, $expr: { $cond: [inTime(deadline), true, refusal] } };
}

/** `$set` of plain values (kept as values, never read as expressions); undefined ones are kept. */
export function setValues(values: Record<string, unknown>): PipelineStage {
  return {
    $set: Object.fromEntries(defined(values).map(([field, value]) => [field, literal(value)])),
  };
}

const defined = (values: Record<string, unknown>) =>
  Object.entries(values).filter(([, value]) => value !== undefined);

/**
 * `$setOnInsert` as a stage: the values only on a document the upsert is inserting. There the
 * server adds `_id` after the pipeline ran (the filters never hold one), so a missing `_id`
 * means a new document; on a stored one each field is set to itself, or stays absent.
 */
export function setOnInsert(values: Record<string, unknown>): PipelineStage {
  const isNew = { $eq: [{ $type: '$_id' }, 'missing'] };
  const fields = defined(values).map(([field, value]): [string, unknown] => [
    field,
    { $cond: [isNew, literal(value), `$${field}`] },
  ]);
  return { $set: Object.fromEntries(fields) };
}

/** The quota stamps after `since` kept (`$pull` of those up to it, as a stage). */
export function dropStampsUpTo(since: Date): PipelineStage {
  const stamps = { $ifNull: ['$stamps', []] };
  return { $set: { stamps: { $filter: { input: stamps, cond: { $gt: ['$$this', since] } } } } };
}

/** One more quota stamp (`$push`, as a stage), which is also the document's last change. */
export function pushStamp(stamp: Date): PipelineStage {
  return {
    $set: {
      stamps: { $concatArrays: [{ $ifNull: ['$stamps', []] }, [literal(stamp)]] },
      updatedAt: literal(stamp),
    },
  };
}
