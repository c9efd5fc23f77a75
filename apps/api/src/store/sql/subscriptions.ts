import { and, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { SubscriptionChange, SubscriptionStatus, WebhookOutcome } from '../port.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { users } from './schema.js';
import { onceForEvent } from './webhookEvents.js';

type SubscriptionFields = {
  subscriptionStatus: SubscriptionStatus;
  entitlements?: string[];
  subscriptionExpiresAt?: Date | null;
};

/**
 * Writes `fields` to the live users among `clerkUserIds` whose last applied event is not newer
 * than `eventAt`, stamping them with it; returns how many changed.
 */
async function setIfFresh(
  tx: SqlExecutor,
  clerkUserIds: string[],
  eventAt: Date,
  fields: SubscriptionFields,
): Promise<number> {
  if (clerkUserIds.length === 0) return 0;
  const changed = await tx
    .update(users)
    .set({ ...fields, subscriptionEventAt: eventAt, updatedAt: sql`now()` })
    .where(
      and(
        inArray(users.clerkUserId, clerkUserIds),
        isNull(users.deletedAt),
        or(isNull(users.subscriptionEventAt), lte(users.subscriptionEventAt, eventAt)),
      ),
    )
    .returning({ id: users.id });
  return changed.length;
}

type LiveUser = { clerkUserId: string; entitlements: string[]; subscriptionExpiresAt: Date | null };

/** Applies `change` to the fresh ones of its users; returns how many users changed. */
async function applyChange(
  tx: SqlExecutor,
  eventAt: Date,
  change: SubscriptionChange,
  live: LiveUser[],
): Promise<number> {
  switch (change.kind) {
    case 'set':
      return setIfFresh(tx, change.clerkUserIds, eventAt, {
        subscriptionStatus: change.subscription.status,
        entitlements: change.subscription.entitlements,
        subscriptionExpiresAt: change.subscription.expiresAt,
      });
    case 'status':
      return setIfFresh(tx, change.clerkUserIds, eventAt, { subscriptionStatus: change.status });
    case 'transfer': {
      // What moves is the subscription of the first `from` user still on file.
      const source = change.from
        .map((id) => live.find((user) => user.clerkUserId === id))
        .find((user) => user !== undefined);
      const moved = await setIfFresh(tx, change.to, eventAt, {
        subscriptionStatus: 'active',
        entitlements: change.entitlements ?? source?.entitlements ?? [],
        subscriptionExpiresAt: source?.subscriptionExpiresAt ?? null,
      });
      // An id on both sides keeps what it was just given.
      const from = change.from.filter((id) => !change.to.includes(id));
      const left = await setIfFresh(tx, from, eventAt, {
        subscriptionStatus: 'expired',
        entitlements: [],
      });
      return moved + left;
    }
  }
}

/** `Store.applySubscriptionChange`: a RevenueCat event, once, never creating users. */
export function applySubscriptionChange(
  db: SqlExecutor,
  eventId: string,
  eventAt: Date,
  change: SubscriptionChange,
): Promise<WebhookOutcome> {
  return onceForEvent(db, 'revenuecat', eventId, async (tx) => {
    const targets =
      change.kind === 'transfer' ? [...change.to, ...change.from] : change.clerkUserIds;
    if (targets.length === 0) return 'ignored';
    // Locked in one order, so concurrent events touching the same users cannot deadlock.
    const live = await tx
      .select({
        clerkUserId: users.clerkUserId,
        entitlements: users.entitlements,
        subscriptionExpiresAt: users.subscriptionExpiresAt,
      })
      .from(users)
      .where(and(inArray(users.clerkUserId, targets), isNull(users.deletedAt)))
      .orderBy(users.clerkUserId)
      .for('no key update');
    if (live.length === 0) return 'ignored';
    return (await applyChange(tx, eventAt, change, live)) > 0 ? 'applied' : 'stale';
  });
}
