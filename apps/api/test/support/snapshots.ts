import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import type { OpenStoreOptions } from '../../src/store/index.js';

let snapshot: Blob | undefined;

/** The migrated PGlite data directory globalSetup.ts built for this run, read once per worker. */
export function pgliteSnapshot(): Blob {
  snapshot ??= new Blob([readFileSync(inject('pgliteSnapshotPath'))]);
  return snapshot;
}

/** `openStore('pglite:memory', …)` options that start from the migrated snapshot. */
export function migratedStoreOptions(): OpenStoreOptions {
  return { pgliteSnapshot: pgliteSnapshot() };
}

/** An in-memory PGlite already migrated, for tests that reach it with raw SQL too. */
export function migratedPGlite(): PGlite {
  return new PGlite({ loadDataDir: pgliteSnapshot() });
}

/**
 * An in-memory PGlite with no tables and no migration journal, as a new one would be, without
 * paying for initdb again: the snapshot with its schemas dropped.
 */
export async function emptyPGlite(): Promise<PGlite> {
  const client = migratedPGlite();
  await client.exec(
    'drop schema drizzle cascade; drop schema public cascade; create schema public;',
  );
  return client;
}

/** The migrated PostgreSQL database globalSetup.ts built, if the server answered then. */
export function postgresTemplate(): string | undefined {
  return inject('postgresTemplate');
}
