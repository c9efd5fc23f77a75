import { sql } from 'drizzle-orm';
import { boolean, check, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { SubscriptionStatus } from '../port.js';

/**
 * The SQL layout of the storage port, shared by PostgreSQL and PGlite. Changing it means a new
 * migration: `npx drizzle-kit generate --name <what>` from apps/api (never edit a generated one).
 */

export const subscriptionStatuses = [
  'free',
  'active',
  'grace_period',
  'expired',
] as const satisfies readonly SubscriptionStatus[];

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // The unique key is the arbiter of exactly-once provisioning, across processes too.
    clerkUserId: text('clerk_user_id').notNull().unique(),
    email: text('email'),
    displayName: text('display_name'),
    subscriptionStatus: text('subscription_status', { enum: subscriptionStatuses })
      .notNull()
      .default('free'),
    entitlements: text('entitlements')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    isActive: boolean('is_active').notNull().default(true),
    ...timestamps,
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (table) => [
    check(
      'users_subscription_status_check',
      sql`${table.subscriptionStatus} in (${sql.raw(subscriptionStatuses.map((s) => `'${s}'`).join(', '))})`,
    ),
  ],
);

export const portfolios = pgTable(
  'portfolios',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: 'cascade' }),
    baseCurrency: text('base_currency').notNull().default('USD'),
    // Unconstrained numeric: exact at any scale; read back as text, never as a float.
    totalValue: numeric('total_value').notNull().default('0'),
    lastCalculatedAt: timestamp('last_calculated_at', { withTimezone: true }),
  },
  (table) => [check('portfolios_base_currency_check', sql`${table.baseCurrency} ~ '^[A-Z]{3}$'`)],
);

export type UserRow = typeof users.$inferSelect;
export type PortfolioRow = typeof portfolios.$inferSelect;
