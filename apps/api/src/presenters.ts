import type { Portfolio, User } from '@assetra/shared';
import type { PortfolioRecord, UserRecord } from './store/port.js';

/** The contract's `user` body: ISO timestamps, nothing internal (no deletedAt). */
export function presentUser(user: UserRecord): User {
  return {
    id: user.id,
    clerkUserId: user.clerkUserId,
    email: user.email,
    displayName: user.displayName,
    subscriptionStatus: user.subscriptionStatus,
    entitlements: user.entitlements,
    isActive: user.isActive,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function presentPortfolio(portfolio: PortfolioRecord): Portfolio {
  return {
    id: portfolio.id,
    userId: portfolio.userId,
    baseCurrency: portfolio.baseCurrency,
    totalValue: portfolio.totalValue,
    lastCalculatedAt: portfolio.lastCalculatedAt?.toISOString() ?? null,
  };
}
