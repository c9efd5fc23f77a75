import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { DEADLINE_REFUSAL, deadlineGuard, guardedFilter } from '../../src/store/mongo/pipelines.js';
import { DatabaseUnavailableError, type Store, type WriteOptions } from '../../src/store/port.js';
import {
  CLOCK_MARGIN_MS,
  DATABASE_TIMEOUT_MS,
  LateWriteError,
} from '../../src/store/writeDeadline.js';
import {
  NO_REPLY,
  collectionOf,
  found,
  nameOf,
  storeOnFake,
  type Command,
  type FakeMongod,
  type Responder,
} from './fakeMongod.js';

// Every MongoDB write carries its deadline to the server, watched command by command on a fake
// mongod (standalone, and a one-member replica set for transactions); what the guard does once
// the server's clock has passed it is modelled in mongoPipelines.test.ts.
const { ObjectId } = mongoose.mongo.BSON;

const userId = '0123456789abcdef01234567';
const T0 = Date.parse('2040-01-01T12:00:00Z');
const clerkUpdate = {
  clerkUserId: 'user_a',
  email: 'new@example.com',
  clerkName: 'Ada',
  isActive: true,
  clerkUpdatedAt: new Date('2030-01-01T00:00:00Z'),
};
const status = { kind: 'status' as const, clerkUserIds: ['user_a'], status: 'active' as const };
const link = {
  tokenHash: 'hash_1',
  email: 'a@example.com',
  codeChallenge: 'challenge_1',
  createdAt: new Date(T0),
  expiresAt: new Date(T0 + 900_000),
};
const claim = {
  tokenHash: 'hash_1',
  codeChallenge: 'challenge_1',
  claimId: 'claim_1',
  now: new Date(T0 + 60_000),
  leaseUntil: new Date(T0 + 90_000),
};
const operator = { detail: { by: 'operator', reason: 'test' }, sessionIds: ['sess_2'] };
const signIn = { clerkUserId: 'user_a', sessionId: 'sess_1', at: new Date(T0), device: null };
const pushToken = { userId, sessionId: 'sess_1', token: 'T[1]', platform: 'ios' as const };

type Call = (store: Store, options: WriteOptions) => Promise<unknown>;

/** Every write method of the port, each with arguments that take it through its writes. */
const writes: [string, Call][] = [
  ['provisionUser', (s, o) => s.provisionUser({ clerkUserId: 'user_a', email: null }, o)],
  ['setEmailIfMissing', (s, o) => s.setEmailIfMissing('user_a', 'a@example.com', o)],
  ['updateProfile', (s, o) => s.updateProfile('user_a', { displayName: 'Ada' }, o)],
  ['updatePortfolio', (s, o) => s.updatePortfolio(userId, { baseCurrency: 'EUR' }, o)],
  ['applyClerkUser', (s, o) => s.applyClerkUser('evt_1', clerkUpdate, o)],
  ['deleteUserData', (s, o) => s.deleteUserData('user_a', 'evt_2', o)],
  [
    'revokeSession',
    (s, o) => s.revokeSession('sess_1', 'evt_3', { clerkUserId: 'user_a', by: 'user' }, o),
  ],
  ['recordSignIn', (s, o) => s.recordSignIn('evt_4', signIn, { knownForMs: 86_400_000 }, o)],
  ['revokeOtherSessions', (s, o) => s.revokeOtherSessions('user_a', ['sess_2'], o)],
  ['setAccountActive', (s, o) => s.setAccountActive('user_a', false, operator, o)],
  [
    'claimNewDeviceEmail',
    (s, o) => s.claimNewDeviceEmail('user_a', new Date(T0), new Date(T0 - 3_600_000), o),
  ],
  ['purgeSecurityEvents', (s, o) => s.purgeSecurityEvents(new Date(T0), o)],
  ['registerPushToken', (s, o) => s.registerPushToken(pushToken, o)],
  ['unregisterPushToken', (s, o) => s.unregisterPushToken(userId, 'T[1]', o)],
  ['applySubscriptionChange', (s, o) => s.applySubscriptionChange('rc_1', new Date(T0), status, o)],
  [
    'saveEmailLink',
    (s, o) => s.saveEmailLink(link, { key: link.email, max: 3, since: new Date(T0 - 1) }, o),
  ],
  ['claimEmailLink', (s, o) => s.claimEmailLink(claim, o)],
  ['completeEmailLink', (s, o) => s.completeEmailLink('hash_1', 'claim_1', claim.now, 'user_a', o)],
  ['releaseEmailLink', (s, o) => s.releaseEmailLink('hash_1', 'claim_1', o)],
  ['purgeEmailLinks', (s, o) => s.purgeEmailLinks(new Date(T0), o)],
];

const webhooks = new Set([
  'applyClerkUser',
  'deleteUserData',
  'revokeSession',
  'recordSignIn',
  'applySubscriptionChange',
]);

const liveUser = () => ({
  _id: new ObjectId(userId),
  clerkUserId: 'user_a',
  email: null,
  isActive: true,
  entitlements: [],
  subscriptionExpiresAt: null,
  createdAt: new Date(T0),
  updatedAt: new Date(T0),
  deletedAt: null,
});
const storedDocs: Record<string, () => Record<string, unknown>> = {
  users: liveUser,
  portfolios: () => ({
    _id: new ObjectId(),
    userId: new ObjectId(userId),
    baseCurrency: 'USD',
    totalValue: mongoose.Types.Decimal128.fromString('0'),
    lastCalculatedAt: null,
  }),
  email_links: () => ({ _id: new ObjectId(), ...link, usedAt: null }),
};

/** A database holding user_a (live), its portfolio and a link, and no event id yet. */
const world: Responder = (command) => {
  const [name, collection] = [nameOf(command), collectionOf(command)];
  const stored = storedDocs[collection];
  if (name === 'findandmodify') {
    return { value: stored?.() ?? null, lastErrorObject: { n: 1, updatedExisting: true }, ok: 1 };
  }
  if (name === 'find' && collection === 'users') return found(collection, [liveUser()]);
  // An event id is new (recorded by an insert); every other update finds its document.
  if (name === 'update' && collection === 'processed_webhooks') {
    return { n: 1, nModified: 0, upserted: [{ index: 0, _id: new ObjectId() }], ok: 1 };
  }
  if (name === 'update') return { n: 1, nModified: 1, ok: 1 };
  if (name === 'delete') return { n: 1, ok: 1 };
  return undefined;
};

/** What a server answers to a statement whose deadline guard refused it. */
function refusal(command: Command): Record<string, unknown> {
  const errmsg = `Failed to parse number '${DEADLINE_REFUSAL}: object' in $convert with no onError value`;
  const error = { code: 241, codeName: 'ConversionFailure', errmsg };
  if (nameOf(command) === 'findandmodify') return { ok: 0, ...error };
  return { ok: 1, n: 0, writeErrors: [{ index: 0, ...error }] };
}

const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findandmodify']);

type Statement = { at: string; guard: unknown; command: Command };

/** Each write statement sent, with what it carries where the deadline guard belongs. */
function writeStatements(commands: Command[]): Statement[] {
  return commands.flatMap((command): Statement[] => {
    const name = nameOf(command);
    if (!WRITE_COMMANDS.has(name)) return [];
    const at = `${name}:${collectionOf(command)}`;
    if (name === 'findandmodify') {
      return [{ at, guard: (command.update as unknown[] | undefined)?.[0], command }];
    }
    if (name === 'update') {
      return (command.updates as { u: unknown }[]).map(({ u }) => ({
        at,
        guard: Array.isArray(u) ? u[0] : u,
        command,
      }));
    }
    if (name === 'delete') {
      return (command.deletes as { q: { $expr?: unknown } }[]).map(({ q }) => ({
        at,
        guard: q.$expr,
        command,
      }));
    }
    return [{ at, guard: 'none: a plain insert', command }];
  });
}

/** The deadline a statement's guard carries (the `$lt` against `$$NOW`), if any. */
function sentDeadline({ guard }: Statement): number {
  const [, at = ''] = /"\$lt":\["\$\$NOW","([^"]+)"\]/.exec(JSON.stringify(guard)) ?? [];
  return Date.parse(at);
}

function expectGuarded(statements: Statement[], deadline: Date, label: string): void {
  expect(statements.length, `${label}: no write sent`).toBeGreaterThan(0);
  for (const { at, guard } of statements) {
    const expected = at.startsWith('delete:')
      ? guardedFilter({}, deadline).$expr
      : deadlineGuard(deadline);
    expect.soft(guard, `${label}: ${at}`).toEqual(expected);
  }
}

const openOn = (respond: Responder, replicaSet = false) => storeOnFake(respond, { replicaSet });

describe('MongoDB write deadlines', () => {
  let opened: { server: FakeMongod; store: Store } | undefined;

  afterEach(async () => {
    await opened?.store.close();
    await opened?.server.close();
    opened = undefined;
  });

  describe('on a standalone mongod (fake), without transactions', () => {
    it.each(writes)(
      '%s sends every write statement with its deadline guard and the time left',
      async (name, call) => {
        opened = await openOn(world);
        const deadline = new Date(Date.now() + 60_000);

        await call(opened.store, { deadline });

        const statements = writeStatements(opened.server.commands);
        expectGuarded(statements, deadline, name);
        for (const { at, command } of statements) {
          expect.soft(command.maxTimeMS, `${name}: ${at}`).toBeGreaterThan(0);
          expect.soft(command.maxTimeMS, `${name}: ${at}`).toBeLessThanOrEqual(60_000);
        }
      },
    );

    it('gives a write without a deadline DATABASE_TIMEOUT_MS from its start', async () => {
      opened = await openOn(world);
      const before = Date.now();

      await opened.store.updateProfile('user_a', { displayName: 'Ada' });

      const [statement] = writeStatements(opened.server.commands);
      expect(statement && sentDeadline(statement)).toBeGreaterThanOrEqual(
        before + DATABASE_TIMEOUT_MS,
      );
      expect(statement && sentDeadline(statement)).toBeLessThanOrEqual(
        Date.now() + DATABASE_TIMEOUT_MS,
      );
    });

    it('guards the repair of a missing portfolio, a read’s only write, with the default deadline', async () => {
      opened = await openOn((command) =>
        nameOf(command) === 'find' && collectionOf(command) === 'portfolios'
          ? found('portfolios', [])
          : world(command),
      );
      const before = Date.now();

      await opened.store.getPortfolio(userId);

      const statements = writeStatements(opened.server.commands);
      expect(statements.map(({ at }) => at)).toEqual(['findandmodify:portfolios']);
      expect(statements.map(sentDeadline)[0]).toBeGreaterThanOrEqual(before + DATABASE_TIMEOUT_MS);
    });

    it.each(writes)(
      '%s answers a refusal by the server at once as LateWriteError, and records nothing more',
      async (name, call) => {
        let refused = false;
        opened = await openOn((command) => {
          if (refused || !WRITE_COMMANDS.has(nameOf(command))) return world(command);
          refused = true;
          return refusal(command);
        });
        const started = Date.now();

        const write = call(opened.store, { deadline: new Date(started + 60_000) });

        await expect(write).rejects.toBeInstanceOf(LateWriteError);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(writeStatements(opened.server.commands)).toHaveLength(1);
        if (webhooks.has(name)) {
          expect(opened.server.operations()).not.toContain('update:processed_webhooks');
        }
      },
    );
  });

  describe('on a replica set primary (fake), with transactions', () => {
    const inTransaction = (command: Command) => command.autocommit === false;

    const transactional = ['provisionUser', 'revokeOtherSessions', 'setAccountActive', ...webhooks];

    it.each(writes.filter(([name]) => transactional.includes(name)))(
      '%s runs its writes in one transaction, each guarded, and commits it',
      async (name, call) => {
        opened = await openOn(world, true);
        const deadline = new Date(Date.now() + 60_000);

        await call(opened.store, { deadline });

        const { commands } = opened.server;
        const commit = commands.findIndex((command) => nameOf(command) === 'committransaction');
        expect(commit, name).toBeGreaterThan(0);
        expectGuarded(writeStatements(commands), deadline, name);
        // After the commit: deleteUserData's and revokeSession's second pass, on their own.
        for (const [index, command] of commands.entries()) {
          if (!WRITE_COMMANDS.has(nameOf(command))) continue;
          const label = `${name}: ${nameOf(command)} #${String(index)}`;
          expect.soft(inTransaction(command), label).toBe(index < commit);
          expect.soft(command.maxTimeMS === undefined, label).toBe(index < commit);
        }
      },
    );

    it('aborts the transaction and commits nothing when the server refuses a statement in it', async () => {
      opened = await openOn(
        (command) => (nameOf(command) === 'update' ? refusal(command) : world(command)),
        true,
      );

      const write = opened.store.applyClerkUser('evt_1', clerkUpdate, {
        deadline: new Date(Date.now() + 60_000),
      });

      await expect(write).rejects.toBeInstanceOf(LateWriteError);
      const names = opened.server.commands.map(nameOf);
      expect(names).toContain('aborttransaction');
      expect(names).not.toContain('committransaction');
      expect(opened.server.operations()).toEqual(['update:processed_webhooks']);
    });

    it('kills the session of a commit that never answered before answering, after deadline + margin', async () => {
      opened = await openOn(
        (command) => (nameOf(command) === 'committransaction' ? NO_REPLY : world(command)),
        true,
      );
      const started = Date.now();
      const deadline = new Date(started + 200);

      const write = opened.store.provisionUser(
        { clerkUserId: 'user_a', email: null },
        { deadline },
      );

      await expect(write).rejects.toBeInstanceOf(DatabaseUnavailableError);
      expect(Date.now()).toBeGreaterThanOrEqual(deadline.getTime() + CLOCK_MARGIN_MS - 5);
      const { commands } = opened.server;
      const commit = commands.find((command) => nameOf(command) === 'committransaction');
      const kill = commands.find((command) => nameOf(command) === 'killsessions');
      expect(commands.indexOf(kill ?? {})).toBeGreaterThan(commands.indexOf(commit ?? {}));
      expect(kill?.killSessions).toEqual([commit?.lsid]);
    });

    it('kills no session when a write failed in a way known to change nothing', async () => {
      opened = await openOn(
        (command) => (nameOf(command) === 'findandmodify' ? refusal(command) : world(command)),
        true,
      );

      const write = opened.store.provisionUser(
        { clerkUserId: 'user_a', email: null },
        { deadline: new Date(Date.now() + 60_000) },
      );

      await expect(write).rejects.toBeInstanceOf(LateWriteError);
      expect(opened.server.commands.map(nameOf)).not.toContain('killsessions');
    });
  });
});
