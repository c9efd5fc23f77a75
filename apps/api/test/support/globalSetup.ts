import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { createPGliteStore } from '../../src/store/pglite/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { createPostgresDatabase, dropPostgresDatabase, postgresReachable } from './databases.js';

declare module 'vitest' {
  // Only an interface merges with vitest's own declaration.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    /** A gzipped PGlite data directory, migrated by this run's migrations (see pglite.ts). */
    pgliteSnapshotPath: string;
    /** A database migrated by this run's migrations, copied by `createPostgresDatabase`. */
    postgresTemplate: string | undefined;
  }
}

/** Migrates a PGlite through the production store, so the snapshot is what it would build. */
async function migratedPGliteDump(): Promise<Blob> {
  const client = new PGlite();
  const store = createPGliteStore(client);
  try {
    await store.ping();
    return await client.dumpDataDir('gzip');
  } finally {
    await store.close();
  }
}

/** The same for PostgreSQL: a database no test connects to, only copies. */
async function migratedPostgresTemplate(): Promise<string | undefined> {
  if (!(await postgresReachable())) return undefined;
  const database = await createPostgresDatabase();
  const store = openPostgresStore(database.url);
  try {
    await store.ping();
  } catch (error) {
    await store.close();
    await database.drop();
    throw error;
  }
  // Closed before any test runs: PostgreSQL copies only a database no one is connected to.
  await store.close();
  return database.name;
}

/**
 * Migrates once per run, from the migrations in the tree now, what each test file would
 * otherwise migrate itself (seconds per PGlite). Nothing is committed: a migration added
 * during the day is in the next run's snapshot.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'assetra-snapshot-'));
  const template = migratedPostgresTemplate();
  // Awaited below; until then a failure must not count as an unhandled rejection.
  template.catch(() => undefined);
  const teardown = async () => {
    await rm(folder, { recursive: true, force: true });
    const name = await template.catch(() => undefined);
    if (name) await dropPostgresDatabase(name);
  };
  try {
    const snapshotPath = join(folder, 'pglite.tar.gz');
    const dump = await migratedPGliteDump();
    await writeFile(snapshotPath, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteSnapshotPath', snapshotPath);
    project.provide('postgresTemplate', await template);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
