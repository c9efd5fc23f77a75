import type { Store } from '../../src/store/port.js';

/** What an adapter's test file hands the contract suite. */
export type StoreHarness = {
  store: Store;
  /** Empties every table (collection), keeping the schema: webhook ids and revoked sessions too. */
  reset: () => Promise<void>;
  close: () => Promise<void>;
  /** Turns a user into a tombstone behind the port's back, as `deleteUserData` would. */
  tombstone?: (clerkUserId: string) => Promise<void>;
  /** Removes a user's portfolio, as a crash between provisioning's two writes would leave it. */
  deletePortfolio?: (userId: string) => Promise<void>;
  /** Writes a portfolio's total value directly (the port has no setter yet). */
  setTotalValue?: (userId: string, value: string) => Promise<void>;
};

/**
 * Whether the contract's concurrency tests can fail on a store: only where calls really run
 * at once (a pool of connections) does "exactly once under 50 concurrent calls" prove
 * anything. PGlite has one connection and runs them one after another: there the same
 * assertions are a sequential check, and the test says so in its name.
 */
export type Races = { provedOn: 'PostgreSQL' | 'MongoDB' } | { sequentialOn: 'PGlite' };

/** The name of a concurrency test on this store: the race it proves, or the check it is. */
export function raceName(races: Races, race: string, sequential: string): string {
  return 'provedOn' in races
    ? `${race} (proved on ${races.provedOn})`
    : `${sequential} (a sequential check on ${races.sequentialOn}'s one connection, not a race proof)`;
}
