import { canonicalDecimal } from '../decimal.js';
import type { PortfolioRecord, UserRecord } from '../port.js';
import type { PortfolioRow, UserRow } from './schema.js';

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    clerkUserId: row.clerkUserId,
    email: row.email,
    displayName: row.displayName,
    subscriptionStatus: row.subscriptionStatus,
    entitlements: [...row.entitlements],
    subscriptionExpiresAt: row.subscriptionExpiresAt,
    isActive: row.isActive,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

export function toPortfolioRecord(row: PortfolioRow): PortfolioRecord {
  return {
    id: row.id,
    userId: row.userId,
    baseCurrency: row.baseCurrency,
    totalValue: canonicalDecimal(row.totalValue),
    lastCalculatedAt: row.lastCalculatedAt,
  };
}

/** A row the statement guarantees (INSERT … RETURNING, a row just seen); absent means a bug. */
export function expectRow<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`expected ${what}, got no row`);
  return row;
}
