import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createPGliteStore } from '../../src/store/pglite/index.js';
import type { Store } from '../../src/store/port.js';
import { migrationsFolder } from '../../src/store/sql/migrations.js';
import { clerkUpdate, expoToken, freshId } from './contractSupport.js';
import { sqlHarnessHelpers } from './sqlHarness.js';
import { emptyPGlite, migratedPGlite } from '../support/snapshots.js';

// SQL-only guarantees that need raw SQL to set up: a failing effect, the migration's backfill.
describe('SQL store lifecycle internals (PGlite)', () => {
  let client: PGlite;
  let store: Store;

  beforeAll(async () => {
    client = migratedPGlite();
    store = createPGliteStore(client);
    await store.ping();
  });

  afterAll(async () => {
    await store.close();
  });

  beforeEach(async () => {
    await sqlHarnessHelpers((text, params) => client.query(text, params)).reset();
  });

  it('rolls the event id back with a failing effect, so the retried delivery applies', async () => {
    await client.exec(`
      create function fail_portfolio() returns trigger language plpgsql as
        $$ begin raise exception 'portfolio insert failed'; end $$;
      create trigger fail_portfolio before insert on portfolios
        for each row execute function fail_portfolio();`);
    const eventId = freshId('evt');

    const failed = store.applyClerkUser(eventId, clerkUpdate('2026-01-01T00:00:00Z'));
    await expect(failed).rejects.toThrow();
    await client.exec('drop trigger fail_portfolio on portfolios; drop function fail_portfolio();');
    const retried = await store.applyClerkUser(eventId, clerkUpdate('2026-01-01T00:00:00Z'));

    expect(retried).toBe('applied');
    expect((await store.findUserByClerkId('user_a'))?.email).toBe('a@example.com');
  });

  it('records webhook ids per source: a Clerk id does not shadow the same RevenueCat id', async () => {
    await store.provisionUser({ clerkUserId: 'user_a', email: null });
    const eventId = freshId('evt');
    await store.revokeSession(freshId('sess'), eventId);

    const outcome = await store.applySubscriptionChange(eventId, new Date(), {
      kind: 'status',
      clerkUserIds: ['user_a'],
      status: 'grace_period',
    });

    expect(outcome).toBe('applied');
  });

  it('registers no push token for a session already revoked', async () => {
    const { user } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
    const sessionId = freshId('sess');
    await store.revokeSession(sessionId, freshId('evt'));

    await store.registerPushToken({
      userId: user.id,
      sessionId,
      token: expoToken(1),
      platform: 'ios',
    });

    expect(await store.listPushTokens(user.id)).toEqual([]);
  });
});

describe('migration 0001_lifecycle', () => {
  let folder: string | undefined;

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('marks display names written before it as set by the user', async () => {
    // A copy of the migrations that stops at 0000, to build a database as it was before.
    folder = await mkdtemp(join(tmpdir(), 'assetra-migrations-'));
    await cp(migrationsFolder, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: unknown[] };
    await writeFile(
      journalPath,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }),
    );
    const client = await emptyPGlite();
    onTestFinished(() => client.close());
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: folder });
    await client.query(
      `insert into users (clerk_user_id, display_name) values ('user_named', 'Ada'), ('user_plain', null)`,
    );

    await migrate(db, { migrationsFolder });

    const { rows } = await client.query<{ clerk_user_id: string; display_name_source: string }>(
      'select clerk_user_id, display_name_source from users order by clerk_user_id',
    );
    expect(rows).toEqual([
      { clerk_user_id: 'user_named', display_name_source: 'user' },
      { clerk_user_id: 'user_plain', display_name_source: 'clerk' },
    ]);
  });
});
