import { and, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import {
  planSubscriptionChange,
  usersOfChange,
  type SubscriptionWrite,
} from '../subscriptionPlan.js';
import type { SubscriptionChange, WebhookOutcome } from '../port.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { users } from './schema.js';
import { onceForEvent } from './webhookEvents.js';

/**
 * Carries out `write` for its live users whose last applied event is not newer than
 * `eventAt`, stamping them with it; returns how many changed.
 */
async function setIfFresh(
  tx: SqlExecutor,
  eventAt: Date,
  { clerkUserIds, fields }: SubscriptionWrite,
): Promise<number> {
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

/** `Store.applySubscriptionChange`: a RevenueCat event, once, never creating users. */
export function applySubscriptionChange(
  db: SqlExecutor,
  eventId: string,
  eventAt: Date,
  change: SubscriptionChange,
): Promise<WebhookOutcome> {
  return onceForEvent(db, 'revenuecat', eventId, async (tx) => {
    const targets = usersOfChange(change);
    if (targets.length === 0) return 'ignored';
    // Locked in one order, so concurrent events touching the same users cannot deadlock.
    const onFile = await tx
      .select({
        clerkUserId: users.clerkUserId,
        entitlements: users.entitlements,
        subscriptionExpiresAt: users.subscriptionExpiresAt,
      })
      .from(users)
      .where(and(inArray(users.clerkUserId, targets), isNull(users.deletedAt)))
      .orderBy(users.clerkUserId)
      .for('no key update');
    const writes = planSubscriptionChange(change, onFile);
    if (writes.length === 0) return 'ignored';
    let changed = 0;
    for (const write of writes) changed += await setIfFresh(tx, eventAt, write);
    return changed > 0 ? 'applied' : 'stale';
  });
}
