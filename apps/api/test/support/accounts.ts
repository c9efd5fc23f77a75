import type { UserRecord } from '../../src/store/port.js';

/** A live user record as a store would return it. */
export function userRecord(clerkUserId: string, isActive = true): UserRecord {
  const at = new Date(0);
  return {
    id: `id_${clerkUserId}`,
    clerkUserId,
    email: null,
    displayName: null,
    subscriptionStatus: 'free',
    entitlements: [],
    subscriptionExpiresAt: null,
    isActive,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
}

/** A loader over a mutable "database" row that counts its queries. */
export function countingSource(initial: UserRecord | null) {
  const db = { row: initial, queries: 0 };
  return {
    db,
    load: () => {
      db.queries += 1;
      return Promise.resolve(db.row);
    },
  };
}
