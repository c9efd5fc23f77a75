import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createPGliteStore, openPGliteStore } from '../../src/store/pglite/index.js';
import { storeContract } from './contract.js';
import { sqlHarnessHelpers } from './sqlHarness.js';
import { emptyPGlite, migratedPGlite, pgliteSnapshot } from '../support/snapshots.js';

storeContract(
  'PGlite store (pglite:memory)',
  async () => {
    const client = migratedPGlite();
    await client.waitReady;
    const store = createPGliteStore(client);
    return {
      store,
      close: () => store.close(),
      ...sqlHarnessHelpers((text, params) => client.query(text, params)),
    };
  },
  { sequentialOn: 'PGlite' },
);

describe('PGlite store in a directory', () => {
  let parent: string | undefined;

  afterAll(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('keeps its data across closing and reopening, creating the directory', async () => {
    parent = await mkdtemp(join(tmpdir(), 'assetra-pglite-'));
    const dir = join(parent, 'nested', 'db');
    const first = openPGliteStore({ dir });
    const created = await first.provisionUser({ clerkUserId: 'user_a', email: 'a@example.com' });
    await first.close();

    const reopened = openPGliteStore({ dir });
    const again = await reopened.provisionUser({ clerkUserId: 'user_a', email: null });
    await reopened.close();

    expect(again.created).toBe(false);
    expect(again.user).toEqual(created.user);
    expect(again.portfolio).toEqual(created.portfolio);
  });

  it('rejects operations with DatabaseUnavailableError once closed', async () => {
    const store = openPGliteStore('memory', { snapshot: pgliteSnapshot() });
    await store.ping();
    await store.close();

    const attempt = store.findUserByClerkId('user_a');

    await expect(attempt).rejects.toMatchObject({ name: 'DatabaseUnavailableError' });
  });
});

describe('pglite:memory from a snapshot', () => {
  it('starts with the data of the snapshot it is given', async () => {
    const client = migratedPGlite();
    const source = createPGliteStore(client);
    const { user } = await source.provisionUser({ clerkUserId: 'user_a', email: 'a@example.com' });
    const snapshot = await client.dumpDataDir('gzip');
    await source.close();

    const store = await openStore('pglite:memory', { pgliteSnapshot: snapshot });
    const found = await store.findUserByClerkId('user_a');
    await store.close();

    expect(found).toEqual(user);
  });

  it('still applies the migrations a snapshot predates', async () => {
    const empty = await emptyPGlite();
    const snapshot = await empty.dumpDataDir('gzip');
    await empty.close();

    const store = await openStore('pglite:memory', { pgliteSnapshot: snapshot });
    const provisioned = await store.provisionUser({ clerkUserId: 'user_a', email: null });
    await store.close();

    expect(provisioned.created).toBe(true);
  });
});
