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
