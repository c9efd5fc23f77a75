import type { Types } from 'mongoose';

import type { PortfolioDocument } from '../../models/Portfolio.js';
import type { UserDocument } from '../../models/User.js';
import type { PortfolioRecord, UserRecord } from '../port.js';
import { decimal128ToString } from './decimal128.js';

/** A user as `lean()` reads it. */
export type LeanUser = UserDocument & { _id: Types.ObjectId };
export type LeanPortfolio = PortfolioDocument & { _id: Types.ObjectId };

export function toUserRecord(doc: LeanUser): UserRecord {
  return {
    id: doc._id.toHexString(),
    clerkUserId: doc.clerkUserId,
    email: doc.email ?? null,
    displayName: doc.displayName ?? null,
    subscriptionStatus: doc.subscriptionStatus,
    entitlements: [...doc.entitlements],
    // Absent from documents written before subscriptions had an expiry.
    subscriptionExpiresAt: doc.subscriptionExpiresAt ?? null,
    isActive: doc.isActive,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    deletedAt: doc.deletedAt ?? null,
  };
}

export function toPortfolioRecord(doc: LeanPortfolio): PortfolioRecord {
  return {
    id: doc._id.toHexString(),
    userId: doc.userId.toHexString(),
    baseCurrency: doc.baseCurrency,
    totalValue: decimal128ToString(doc.totalValue),
    lastCalculatedAt: doc.lastCalculatedAt ?? null,
  };
}
