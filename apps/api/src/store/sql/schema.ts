import {
  PushPlatformSchema,
  SecurityEventTypeSchema,
  SubscriptionStatusSchema,
} from '@assetra/shared';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SecurityDevice, SecurityEventDetail } from '../port.js';

/**
 * The SQL layout of the storage port, shared by PostgreSQL and PGlite. Changing it means a new
 * migration, from apps/api (never edit a generated one; the condition lets drizzle-kit read the
 * contract's enums from packages/shared's source):
 * `NODE_OPTIONS=--conditions=@assetra/source npx drizzle-kit generate --name <what>`.
 */

/** A contract enum's values (packages/shared), as the non-empty tuple drizzle's `enum` takes. */
function valuesOf<T extends string>(schema: { options: T[] }): [T, ...T[]] {
  const [first, ...rest] = schema.options;
  if (first === undefined) throw new Error('a contract enum has no values');
  return [first, ...rest];
}

export const subscriptionStatuses = valuesOf(SubscriptionStatusSchema);

/** Who wrote `display_name` last: Clerk's name is copied only until the user sets their own. */
export const displayNameSources = ['clerk', 'user'] as const;
export const webhookSources = ['clerk', 'revenuecat'] as const;
export const pushPlatforms = valuesOf(PushPlatformSchema);
export const securityEventTypes = valuesOf(SecurityEventTypeSchema);

const inList = (values: readonly string[]) =>
  sql.raw(values.map((value) => `'${value}'`).join(', '));

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
    displayNameSource: text('display_name_source', { enum: displayNameSources })
      .notNull()
      .default('clerk'),
    // Clerk's `updated_at` of the last applied user event: only a strictly newer one applies.
    clerkUpdatedAt: timestamp('clerk_updated_at', { withTimezone: true }),
    subscriptionExpiresAt: timestamp('subscription_expires_at', { withTimezone: true }),
    // RevenueCat's time of the last applied event: an older one changes nothing.
    subscriptionEventAt: timestamp('subscription_event_at', { withTimezone: true }),
    // The passkey ids of the last applied Clerk user event (null: none seen yet), to tell
    // passkey.added / passkey.removed from successive user.updated events.
    passkeyIds: text('passkey_ids').array(),
    // The last new-device email: at most one per user per hour, across instances.
    newDeviceEmailAt: timestamp('new_device_email_at', { withTimezone: true }),
    ...timestamps,
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (table) => [
    check(
      'users_subscription_status_check',
      sql`${table.subscriptionStatus} in (${inList(subscriptionStatuses)})`,
    ),
    check(
      'users_display_name_source_check',
      sql`${table.displayNameSource} in (${inList(displayNameSources)})`,
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

/**
 * Webhook deliveries already applied, written in the effect's transaction (exactly-once).
 * Retention: Svix and RevenueCat stop retrying within days, so rows older than 30 days may be
 * purged (`processed_at`) without risking a second application.
 */
export const processedWebhooks = pgTable(
  'processed_webhooks',
  {
    source: text('source', { enum: webhookSources }).notNull(),
    eventId: text('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.source, table.eventId] }),
    check('processed_webhooks_source_check', sql`${table.source} in (${inList(webhookSources)})`),
  ],
);

/** Clerk sessions ended or revoked: their tokens are refused even before they expire. */
export const revokedSessions = pgTable('revoked_sessions', {
  sessionId: text('session_id').primaryKey(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pushTokens = pgTable(
  'push_tokens',
  {
    // One holder per token: registering it elsewhere moves it (the device changed hands).
    token: text('token').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').notNull(),
    platform: text('platform', { enum: pushPlatforms }).notNull(),
    ...timestamps,
  },
  (table) => [
    index('push_tokens_user_id_idx').on(table.userId),
    index('push_tokens_session_id_idx').on(table.sessionId),
    check('push_tokens_platform_check', sql`${table.platform} in (${inList(pushPlatforms)})`),
  ],
);

/**
 * Email sign-in links: only the token's SHA-256 is kept. `claim_id` / `claimed_until` hold a
 * link during one redemption (a lease), so a Clerk failure can give it back unused. Rows stay
 * an hour past expiry: they count toward the per-address limit, then the API purges them.
 */
export const emailLinks = pgTable(
  'email_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    email: text('email').notNull(),
    /** The quota's key: the canonical address (services/canonicalEmail.ts). */
    quotaKey: text('quota_key').notNull(),
    codeChallenge: text('code_challenge').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    claimId: text('claim_id'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
  },
  (table) => [
    index('email_links_quota_key_created_at_idx').on(table.quotaKey, table.createdAt),
    index('email_links_expires_at_idx').on(table.expiresAt),
  ],
);

/**
 * What happened to an account (the Security center), append-only, each written in the
 * transaction of its cause. Kept 400 days; erased with the account (the tombstone stays).
 */
export const securityEvents = pgTable(
  'security_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type', { enum: securityEventTypes }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    device: jsonb('device').$type<SecurityDevice>(),
    detail: jsonb('detail').$type<SecurityEventDetail>().notNull().default({}),
  },
  (table) => [
    index('security_events_user_id_at_idx').on(table.userId, table.at, table.id),
    index('security_events_at_idx').on(table.at),
    check('security_events_type_check', sql`${table.type} in (${inList(securityEventTypes)})`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type PortfolioRow = typeof portfolios.$inferSelect;
export type EmailLinkRow = typeof emailLinks.$inferSelect;
export type SecurityEventRow = typeof securityEvents.$inferSelect;
