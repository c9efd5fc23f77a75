import type { UserDocument } from '../../models/User.js';
import {
  planSubscriptionChange,
  usersOfChange,
  type SubscriptionWrite,
} from '../subscriptionPlan.js';
import type { SubscriptionChange, WebhookOutcome } from '../port.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { setValues } from './pipelines.js';
import { applyOnce } from './webhookIds.js';

type Event = { eventId: string; eventAt: Date };

/**
 * Carries out `write` for its live users whose last applied event is not newer than this one
 * and is not this one, stamping them with it; returns how many changed. The filter decides,
 * so two deliveries of one event racing without a transaction apply once.
 */
async function setIfFresh(
  h: MongoHandle,
  w: Write,
  event: Event,
  { clerkUserIds, fields }: SubscriptionWrite,
): Promise<number> {
  const { eventId, eventAt } = event;
  const users = await guarded<UserDocument>(h, w, h.users);
  const result = await users.updateMany(
    {
      clerkUserId: { $in: clerkUserIds },
      deletedAt: null,
      subscriptionEventId: { $ne: eventId },
      $or: [{ subscriptionEventAt: null }, { subscriptionEventAt: { $lte: eventAt } }],
    },
    [
      setValues({
        ...fields,
        subscriptionEventAt: eventAt,
        subscriptionEventId: eventId,
        updatedAt: new Date(),
      }),
    ],
  );
  return result.matchedCount;
}

/** `Store.applySubscriptionChange`: a RevenueCat event, once, never creating users. */
export function applySubscriptionChange(
  h: MongoHandle,
  w: Write,
  eventId: string,
  eventAt: Date,
  change: SubscriptionChange,
): Promise<WebhookOutcome> {
  return applyOnce(h, w, { source: 'revenuecat', eventId }, async (tx) => {
    const { session } = tx;
    const targets = usersOfChange(change);
    if (targets.length === 0) return 'ignored';
    const docs = await h.users
      .find(
        { clerkUserId: { $in: targets }, deletedAt: null },
        { clerkUserId: 1, entitlements: 1, subscriptionExpiresAt: 1 },
        { session },
      )
      .lean();
    const onFile = docs.map((doc) => ({
      clerkUserId: doc.clerkUserId,
      entitlements: [...doc.entitlements],
      subscriptionExpiresAt: doc.subscriptionExpiresAt ?? null,
    }));
    const writes = planSubscriptionChange(change, onFile);
    if (writes.length === 0) return 'ignored';
    let changed = 0;
    for (const write of writes) changed += await setIfFresh(h, tx, { eventId, eventAt }, write);
    if (changed > 0) return 'applied';
    // This very event, applied by a delivery racing this one (see applyOnce).
    const applied = await h.users
      .exists({ clerkUserId: { $in: targets }, subscriptionEventId: eventId })
      .session(session ?? null);
    return applied ? 'duplicate' : 'stale';
  });
}
