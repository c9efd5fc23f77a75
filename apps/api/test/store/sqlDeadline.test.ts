import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPGliteStore } from '../../src/store/pglite/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { DatabaseUnavailableError, type Store } from '../../src/store/port.js';
import { sqlWriteNotApplied } from '../../src/store/sql/deadline.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';

type Raw = (text: string) => Promise<unknown>;
type Target = { store: Store; raw: Raw; close(): Promise<void> };

const setDeadline = (offset: string) =>
  `select set_config('assetra.write_deadline', (clock_timestamp() + interval '${offset}')::text, true)`;

/**
 * Migration 0004's check, by raw SQL on one connection: it runs at COMMIT, with the database's
 * clock, so a COMMIT that arrives late (a stalled connection) is refused even though every
 * statement before it ran in time.
 */
function commitTimeCheck(name: string, open: () => Promise<Target>): void {
  describe(`write deadline at COMMIT (${name})`, () => {
    let target: Target;
    let displayName: () => Promise<string | null | undefined>;

    beforeAll(async () => {
      target = await open();
      await target.store.provisionUser({ clerkUserId: 'user_a', email: null });
      displayName = async () => (await target.store.findUserByClerkId('user_a'))?.displayName;
    });

    afterAll(async () => {
      await target.close();
    });

    const update = (value: string) =>
      `update users set display_name = '${value}' where clerk_user_id = 'user_a'`;

    it('refuses a COMMIT that arrives after the deadline, and changes nothing', async () => {
      await target.raw('begin');
      await target.raw(setDeadline('150 milliseconds'));
      await target.raw(update('late'));
      await target.raw('select pg_sleep(0.3)');

      await expect(target.raw('commit')).rejects.toMatchObject({ code: 'AW001' });
      expect(await displayName()).not.toBe('late');
    });

    it('commits before the deadline, and leaves transactions without one unchecked', async () => {
      await target.raw('begin');
      await target.raw(setDeadline('1 minute'));
      await target.raw(update('in time'));
      await target.raw('commit');
      expect(await displayName()).toBe('in time');

      await target.raw('begin');
      await target.raw(update('by an operator'));
      await target.raw('select pg_sleep(0.2)');
      await target.raw('commit');
      expect(await displayName()).toBe('by an operator');
    });
  });
}

commitTimeCheck('PGlite', async () => {
  const client = new PGlite();
  const store = createPGliteStore(client);
  await store.ping();
  return { store, raw: (text) => client.query(text), close: () => store.close() };
});

const postgres = requireOrSkip('PostgreSQL', await postgresReachable());
describe.runIf(postgres)('on the PostgreSQL server', () => {
  commitTimeCheck('PostgreSQL', async () => {
    const database = await createPostgresDatabase();
    const store = openPostgresStore(database.url);
    await store.ping();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    return {
      store,
      raw: (text) => client.query(text),
      close: async () => {
        await client.end();
        await store.close();
        await database.drop();
      },
    };
  });
});

describe('sqlWriteNotApplied: which failed writes the API may answer at once', () => {
  const unavailable = (cause: object) => new DatabaseUnavailableError(cause);
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('answers at once when the server reported the failure or nothing was sent', () => {
    const serverError = Object.assign(withCode('canceling statement', '57014'), {
      severity: 'ERROR',
    });
    expect(sqlWriteNotApplied(unavailable(serverError))).toBe(true);
    expect(sqlWriteNotApplied(unavailable(withCode('connect', 'ECONNREFUSED')))).toBe(true);
    expect(
      sqlWriteNotApplied(unavailable(new Error('timeout exceeded when trying to connect'))),
    ).toBe(true);
    expect(sqlWriteNotApplied(new Error('duplicate key value'))).toBe(true);
  });

  it('waits when the connection failed with statements possibly still on their way', () => {
    expect(sqlWriteNotApplied(unavailable(withCode('read', 'ECONNRESET')))).toBe(false);
    expect(sqlWriteNotApplied(unavailable(new Error('Query read timeout')))).toBe(false);
    expect(sqlWriteNotApplied(unavailable(new Error('Connection terminated unexpectedly')))).toBe(
      false,
    );
  });
});
