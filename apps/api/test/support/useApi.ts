import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createPGliteStore } from '../../src/store/pglite/index.js';
import type { Store } from '../../src/store/port.js';
import { startApi, type ApiHarness, type HarnessOptions } from './api.js';
import { migratedPGlite } from './snapshots.js';
import { openTestDatabase } from './testDatabase.js';

export type ApiFixture = {
  /** The API of the file (or describe block), started in beforeAll (usable from then on). */
  readonly api: ApiHarness;
  readonly store: Store;
  readonly emulator: ClerkEmulator;
  /** Raw SQL on the store's database, for what the port does not show. */
  sql: <T>(text: string, params?: unknown[]) => Promise<T[]>;
  /** Another API on the same store and stand-in, with these options; stopped after the test. */
  start: (options?: Omit<HarnessOptions, 'store' | 'emulator'>) => Promise<ApiHarness>;
};

export type UseApiOptions = Omit<HarnessOptions, 'store' | 'emulator'> & {
  /**
   * `pglite` (default): an in-memory PGlite from the migrated snapshot. `test`: a fresh
   * PostgreSQL database when the server answers, else PGlite (testDatabase.ts). Or a store
   * of the test's own (closed by the fixture).
   */
  database?: 'pglite' | 'test' | (() => Store | Promise<Store>);
  /** false: no API of the file's own; each test starts what it needs with `start()`. */
  shared?: boolean;
  /** What the file's API is given instead of the store itself (a store with a hook in it). */
  wrapStore?: (store: Store) => Store;
};

type Database = Pick<ApiFixture, 'store' | 'sql'> & { close(): Promise<void> };

async function openDatabase(choice: UseApiOptions['database']): Promise<Database> {
  if (choice === 'test') {
    const database = await openTestDatabase();
    return {
      store: database.store(),
      sql: (text, params) => database.query(text, params),
      close: () => database.close(),
    };
  }
  if (typeof choice === 'function') {
    const store = await choice();
    const sql = () => Promise.reject(new Error('sql(): not on a store the test opened itself'));
    return { store, sql, close: () => store.close() };
  }
  const client = migratedPGlite();
  const store = createPGliteStore(client);
  return {
    store,
    sql: async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
    close: () => store.close(),
  };
}

/**
 * Stands for an object that exists from beforeAll on, so a file can write
 * `const { api, store } = useApi()` at its top: every property read goes to the real one.
 */
export function late<T extends object>(get: () => T): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = get();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
    // A spread copy ({ ...store }, as wrappers of a store make) sees the real one's properties.
    has: (_target, property) => Reflect.has(get(), property),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor(_target, property) {
      const descriptor = Reflect.getOwnPropertyDescriptor(get(), property);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`useApi: ${what} is ready from beforeAll on`);
  return value;
}

/**
 * The one fixture that starts the API for a test file or describe block: a store, the Clerk
 * stand-in and the API in beforeAll; the stand-in's fault cleared and the APIs of `start()`
 * stopped after each test; everything closed in afterAll.
 */
export function useApi(options: UseApiOptions = {}): ApiFixture {
  const {
    database: choice,
    shared = true,
    wrapStore = (store: Store) => store,
    ...harness
  } = options;
  let database: Database | undefined;
  let emulator: ClerkEmulator | undefined;
  let api: ApiHarness | undefined;
  const perTest: ApiHarness[] = [];

  beforeAll(async () => {
    [database, emulator] = await Promise.all([openDatabase(choice), startClerkEmulator()]);
    if (shared) api = await startApi({ ...harness, store: wrapStore(database.store), emulator });
  }, 30_000);

  afterEach(async () => {
    emulator?.setFault(null);
    await Promise.all(perTest.splice(0).map((started) => started.close()));
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
    await database?.close();
  }, 30_000);

  return {
    api: late(() => ready(api, 'the API')),
    store: late(() => ready(database, 'the store').store),
    emulator: late(() => ready(emulator, 'the Clerk stand-in')),
    sql: (text, params) => ready(database, 'the store').sql(text, params),
    async start(extra = {}) {
      const started = await startApi({
        ...extra,
        store: ready(database, 'the store').store,
        emulator: ready(emulator, 'the Clerk stand-in'),
      });
      perTest.push(started);
      return started;
    },
  };
}
