import type { mongo } from 'mongoose';

import type { SubscriptionChange, SubscriptionStatus, WebhookOutcome } from '../port.js';
import type { MongoHandle } from './connection.js';
import { applyOnce } from './webhookIds.js';

type SubscriptionFields = {
  subscriptionStatus: SubscriptionStatus;
  entitlements?: string[];
  subscriptionExpiresAt?: Date | null;
};

type LiveUser = { clerkUserId: string; entitlements: string[]; subscriptionExpiresAt: Date | null };

type Event = { eventId: string; eventAt: Date; session: mongo.ClientSession | undefined };

/**
 * Writes `fields` to the live users among `clerkUserIds` whose last applied event is not newer
 * than this one and is not this one, stamping them with it; returns how many changed. The
 * filter decides, so two deliveries of one event racing without a transaction apply once.
 */
async function setIfFresh(
  h: MongoHandle,
  clerkUserIds: string[],
  event: Event,
  fields: SubscriptionFields,
): Promise<number> {
  if (clerkUserIds.length === 0) return 0;
  const { eventId, eventAt, session } = event;
  const result = await h.users.updateMany(
    {
      clerkUserId: { $in: clerkUserIds },
      deletedAt: null,
      subscriptionEventId: { $ne: eventId },
      $or: [{ subscriptionEventAt: null }, { subscriptionEventAt: { $lte: eventAt } }],
    },
    {
      $set: {
        ...fields,
        subscriptionEventAt: eventAt,
        subscriptionEventId: eventId,
        updatedAt: new Date(),
      },
    },
    { session },
  );
  return result.matchedCount;
}

/** Applies `change` to the fresh ones of its users; returns how many users changed. */
async function applyChange(
  h: MongoHandle,
  event: Event,
  change: SubscriptionChange,
  live: LiveUser[],
): Promise<number> {
  switch (change.kind) {
    case 'set':
      return setIfFresh(h, change.clerkUserIds, event, {
        subscriptionStatus: change.subscription.status,
        entitlements: change.subscription.entitlements,
        subscriptionExpiresAt: change.subscription.expiresAt,
      });
    case 'status':
      return setIfFresh(h, change.clerkUserIds, event, { subscriptionStatus: change.status });
    case 'transfer': {
      // What moves is the subscription of the first `from` user still on file.
      const source = change.from
        .map((id) => live.find((user) => user.clerkUserId === id))
        .find((user) => user !== undefined);
      const moved = await setIfFresh(h, change.to, event, {
        subscriptionStatus: 'active',
        entitlements: change.entitlements ?? source?.entitlements ?? [],
        subscriptionExpiresAt: source?.subscriptionExpiresAt ?? null,
      });
      // An id on both sides keeps what it was just given.
      const from = change.from.filter((id) => !change.to.includes(id));
      const left = await setIfFresh(h, from, event, {
        subscriptionStatus: 'expired',
        entitlements: [],
      });
      return moved + left;
    }
  }
}

/** `Store.applySubscriptionChange`: a RevenueCat event, once, never creating users. */
export function applySubscriptionChange(
  h: MongoHandle,
  eventId: string,
  eventAt: Date,
  change: SubscriptionChange,
): Promise<WebhookOutcome> {
  return applyOnce(h, { source: 'revenuecat', eventId }, async (session) => {
    const targets =
      change.kind === 'transfer' ? [...change.to, ...change.from] : change.clerkUserIds;
    if (targets.length === 0) return 'ignored';
    const docs = await h.users
      .find(
        { clerkUserId: { $in: targets }, deletedAt: null },
        { clerkUserId: 1, entitlements: 1, subscriptionExpiresAt: 1 },
        { session },
      )
      .lean();
    if (docs.length === 0) return 'ignored';
    const live = docs.map((doc) => ({
      clerkUserId: doc.clerkUserId,
      entitlements: [...doc.entitlements],
      subscriptionExpiresAt: doc.subscriptionExpiresAt ?? null,
    }));
    const changed = await applyChange(h, { eventId, eventAt, session }, change, live);
    if (changed > 0) return 'applied';
    // This very event, applied by a delivery racing this one (see applyOnce).
    const applied = await h.users
      .exists({ clerkUserId: { $in: targets }, subscriptionEventId: eventId })
      .session(session ?? null);
    return applied ? 'duplicate' : 'stale';
  });
}
