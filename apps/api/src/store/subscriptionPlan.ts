import type { SubscriptionChange, SubscriptionStatus } from './port.js';

/*
 * What a RevenueCat event (already mapped by services/subscriptions.ts) writes, decided once
 * for every store: the adapters read the users it touches, then carry out these writes. It
 * lives in store/ because the adapters use it, and the store sits below the services.
 */

/** A user on file that a change touches, as much of them as the plan reads. */
export type Subscriber = {
  clerkUserId: string;
  entitlements: string[];
  subscriptionExpiresAt: Date | null;
};

/** What a write sets on each of its users; an absent field is kept. */
export type SubscriptionFields = {
  subscriptionStatus: SubscriptionStatus;
  entitlements?: string[];
  subscriptionExpiresAt?: Date | null;
};

/**
 * `fields` for `clerkUserIds`. A store applies it to each user only if the event is not older
 * than the last one applied to that user (the database decides, at the write), and stamps it.
 */
export type SubscriptionWrite = { clerkUserIds: string[]; fields: SubscriptionFields };

/** The users a change may touch: what a store reads (and locks) before planning. */
export function usersOfChange(change: SubscriptionChange): string[] {
  return change.kind === 'transfer' ? [...change.from, ...change.to] : change.clerkUserIds;
}

/**
 * The writes that carry out `change`, for the users of it on file (`onFile`); none when it
 * touches no one on file. A TRANSFER gives its `to` users what is known to move (the event's
 * entitlements, else those of the first `from` user on file, with its expiry), as `active`;
 * when that is nothing, they keep what they have (they may hold a purchase of their own).
 * Its `from` users are left `expired` without entitlements; an id on both sides is untouched.
 */
export function planSubscriptionChange(
  change: SubscriptionChange,
  onFile: Subscriber[],
): SubscriptionWrite[] {
  const find = (id: string) => onFile.find((user) => user.clerkUserId === id);
  const writes: SubscriptionWrite[] = [];
  const write = (ids: string[], fields: SubscriptionFields) => {
    const clerkUserIds = ids.filter((id) => find(id) !== undefined);
    if (clerkUserIds.length > 0) writes.push({ clerkUserIds, fields });
  };
  switch (change.kind) {
    case 'set': {
      const { status, entitlements, expiresAt } = change.subscription;
      write(change.clerkUserIds, {
        subscriptionStatus: status,
        entitlements,
        subscriptionExpiresAt: expiresAt,
      });
      break;
    }
    case 'status':
      write(change.clerkUserIds, { subscriptionStatus: change.status });
      break;
    case 'transfer': {
      const source = change.from.map(find).find((user) => user !== undefined);
      const entitlements = change.entitlements ?? source?.entitlements ?? [];
      if (entitlements.length > 0) {
        write(change.to, {
          subscriptionStatus: 'active',
          entitlements,
          subscriptionExpiresAt: source?.subscriptionExpiresAt ?? null,
        });
      }
      const from = change.from.filter((id) => !change.to.includes(id));
      write(from, { subscriptionStatus: 'expired', entitlements: [] });
      break;
    }
  }
  return writes;
}
