import type { StoreHarness } from './contract.js';

/** Runs one raw SQL statement: a pg client's or PGlite's `query`. */
type RawQuery = (text: string, params?: unknown[]) => Promise<unknown>;

/** The raw-SQL parts of a harness, shared by the PostgreSQL and PGlite adapters. */
export function sqlHarnessHelpers(
  query: RawQuery,
): Pick<StoreHarness, 'reset' | 'tombstone' | 'deletePortfolio' | 'setTotalValue'> {
  return {
    reset: async () => {
      // The cascade empties every table that references users; the others are named.
      await query(
        'truncate table users, processed_webhooks, revoked_sessions, email_links cascade',
      );
    },
    tombstone: async (clerkUserId) => {
      await query(
        `with gone as (
           update users set email = null, display_name = null, deleted_at = now(), updated_at = now()
           where clerk_user_id = $1 returning id
         )
         delete from portfolios where user_id in (select id from gone)`,
        [clerkUserId],
      );
    },
    deletePortfolio: async (userId) => {
      await query('delete from portfolios where user_id = $1', [userId]);
    },
    setTotalValue: async (userId, value) => {
      await query('update portfolios set total_value = $2::numeric where user_id = $1', [
        userId,
        value,
      ]);
    },
  };
}
