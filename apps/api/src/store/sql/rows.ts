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

const plainDecimal = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Canonical text of an exact decimal: no exponent, no leading zeros, no trailing fractional
 * zeros ("1234.50" → "1234.5", "0.000" → "0", "-0" → "0"). PostgreSQL keeps the scale a value
 * was written with, so equal amounts could otherwise read back differently.
 */
export function canonicalDecimal(text: string): string {
  const match = plainDecimal.exec(text.trim());
  // numeric never prints an exponent; anything else (NaN, Infinity) is passed through untouched.
  if (!match) return text;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const integer = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  const digits = decimals === '' ? integer : `${integer}.${decimals}`;
  return digits === '0' ? '0' : `${sign}${digits}`;
}

/** A row the statement guarantees (INSERT … RETURNING, a row just seen); absent means a bug. */
export function expectRow<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new Error(`expected ${what}, got no row`);
  return row;
}
