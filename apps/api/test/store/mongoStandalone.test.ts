import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountDeletedError,
  type ClerkUserUpdate,
  type Store,
  type SubscriptionChange,
} from '../../src/store/port.js';
import {
  collectionOf,
  found,
  nameOf,
  storeOnFake,
  type Command,
  type FakeMongod,
  type Responder,
} from './fakeMongod.js';

// The standalone-mongod code paths (no transactions), watched command by command on a fake
// server: the order of effect and event-id recording, and what is never written.
const { ObjectId } = mongoose.mongo.BSON;

const userId = '0123456789abcdef01234567';
const update: ClerkUserUpdate = {
  clerkUserId: 'user_a',
  email: 'a@example.com',
  clerkName: '$ally',
  isActive: true,
  clerkUpdatedAt: new Date('2026-01-01T00:00:00Z'),
};
const setPro: SubscriptionChange = {
  kind: 'set',
  clerkUserIds: ['user_a'],
  subscription: { status: 'active', entitlements: ['pro'], expiresAt: null },
};

const webhookMethods: [string, (store: Store) => Promise<unknown>][] = [
  ['applyClerkUser', (store) => store.applyClerkUser('evt_1', update)],
  ['deleteUserData', (store) => store.deleteUserData('user_a', 'evt_2')],
  ['revokeSession', (store) => store.revokeSession('sess_1', 'evt_3')],
  ['applySubscriptionChange', (store) => store.applySubscriptionChange('rc_1', new Date(), setPro)],
];

const matched = (n: number) => ({ n, nModified: n, ok: 1 });
const liveUser = (fields: Record<string, unknown> = {}) => ({
  _id: new ObjectId(userId),
  clerkUserId: 'user_a',
  deletedAt: null,
  clerkEventId: 'evt_older',
  ...fields,
});
const portfolio = () => ({
  _id: new ObjectId(),
  userId: new ObjectId(userId),
  baseCurrency: 'USD',
  totalValue: mongoose.Types.Decimal128.fromString('0'),
  lastCalculatedAt: null,
});

/** A store on a fake standalone mongod (so: no transactions) answering with `respond`. */
const standalone = (respond?: Responder) => storeOnFake(respond);

/** Answers an existing live user to the upsert, its portfolio, and `onUpdate` to the pipeline. */
function existingUser(onUpdate: Record<string, unknown>, current = liveUser()) {
  return (command: Command) => {
    const [name, collection] = [nameOf(command), collectionOf(command)];
    if (name === 'findandmodify' && collection === 'users') {
      return { value: liveUser(), lastErrorObject: { n: 1, updatedExisting: true }, ok: 1 };
    }
    if (name === 'findandmodify' && collection === 'portfolios') {
      return { value: portfolio(), lastErrorObject: { n: 1, updatedExisting: true }, ok: 1 };
    }
    if (name === 'find' && collection === 'users') return found('users', [current]);
    if (name === 'update' && collection === 'users') return onUpdate;
    return undefined;
  };
}

describe('MongoDB store on a standalone mongod (fake), without transactions', () => {
  let opened: { server: FakeMongod; store: Store } | undefined;

  afterEach(async () => {
    await opened?.store.close();
    await opened?.server.close();
    opened = undefined;
  });

  it('revokes a session, drops its tokens, and only then records the event id', async () => {
    opened = await standalone();

    const outcome = await opened.store.revokeSession('sess_1', 'evt_1');

    expect(outcome).toBe('applied');
    expect(opened.server.operations()).toEqual([
      'find:processed_webhooks',
      'update:revoked_sessions',
      'delete:push_tokens',
      'update:processed_webhooks',
    ]);
  });

  it('writes the tombstone before deleting the user’s data (security events included), and records the id last', async () => {
    opened = await standalone((command) =>
      nameOf(command) === 'findandmodify' && collectionOf(command) === 'users'
        ? { value: { _id: new ObjectId(userId) }, lastErrorObject: { n: 1 }, ok: 1 }
        : undefined,
    );

    const outcome = await opened.store.deleteUserData('user_a', 'evt_1');

    expect(outcome).toBe('applied');
    expect(opened.server.operations()).toEqual([
      'find:processed_webhooks',
      'findAndModify:users',
      'delete:portfolios',
      'delete:push_tokens',
      'delete:security_events',
      'update:processed_webhooks',
    ]);
    const tombstone = opened.server.commands.find((command) => nameOf(command) === 'findandmodify');
    expect(tombstone).toMatchObject({ query: { clerkUserId: 'user_a' }, upsert: true });
    expect(Array.isArray(tombstone?.update)).toBe(true);
  });

  it.each(webhookMethods)(
    '%s answers duplicate for a recorded event id and writes nothing',
    async (_name, call) => {
      opened = await standalone((command) =>
        collectionOf(command) === 'processed_webhooks' && nameOf(command) === 'find'
          ? found('processed_webhooks', [{ _id: new ObjectId() }])
          : undefined,
      );

      const outcome = await call(opened.store);

      expect(outcome).toBe('duplicate');
      expect(opened.server.operations()).toEqual(['find:processed_webhooks']);
    },
  );

  it('applies a Clerk event to an existing user with one guarded pipeline update', async () => {
    opened = await standalone(existingUser(matched(1)));

    const outcome = await opened.store.applyClerkUser('evt_1', update);

    expect(outcome).toBe('applied');
    expect(opened.server.operations().at(-1)).toBe('update:processed_webhooks');
    const write = opened.server.commands.find(
      (command) => nameOf(command) === 'update' && collectionOf(command) === 'users',
    );
    const [statement] = (write?.updates ?? []) as Command[];
    expect(statement?.q).toMatchObject({ clerkUserId: 'user_a', deletedAt: null });
    expect(JSON.stringify(statement?.u)).toContain('{"$literal":"$ally"}');
  });

  it('answers stale for a Clerk event that is not newer, recording its id', async () => {
    opened = await standalone(existingUser(matched(0)));

    const outcome = await opened.store.applyClerkUser('evt_1', update);

    expect(outcome).toBe('stale');
    expect(opened.server.operations().at(-1)).toBe('update:processed_webhooks');
  });

  it('answers duplicate, leaving the recording to it, when a racing delivery applied the event', async () => {
    opened = await standalone(existingUser(matched(0), liveUser({ clerkEventId: 'evt_1' })));

    const outcome = await opened.store.applyClerkUser('evt_1', update);

    expect(outcome).toBe('duplicate');
    expect(opened.server.operations()).not.toContain('update:processed_webhooks');
  });

  it('changes no user for a RevenueCat event about unknown users, and records its id', async () => {
    opened = await standalone();

    const outcome = await opened.store.applySubscriptionChange('rc_1', new Date(), setPro);

    expect(outcome).toBe('ignored');
    expect(opened.server.operations()).toEqual([
      'find:processed_webhooks',
      'find:users',
      'update:processed_webhooks',
    ]);
  });

  it('answers duplicate when a racing delivery of the RevenueCat event already applied it', async () => {
    opened = await standalone((command) => {
      if (collectionOf(command) !== 'users') return undefined;
      if (nameOf(command) === 'update') return matched(0);
      return found('users', [{ _id: new ObjectId(), clerkUserId: 'user_a', entitlements: [] }]);
    });

    const outcome = await opened.store.applySubscriptionChange('rc_1', new Date(), setPro);

    expect(outcome).toBe('duplicate');
    expect(opened.server.operations()).not.toContain('update:processed_webhooks');
  });

  it('removes a push token whose user was deleted while it was being registered, and says so', async () => {
    let userReads = 0;
    opened = await standalone((command) => {
      if (nameOf(command) !== 'find' || collectionOf(command) !== 'users') return undefined;
      userReads += 1;
      return found('users', userReads === 1 ? [{ _id: new ObjectId(userId) }] : []);
    });

    const registered = opened.store.registerPushToken({
      userId,
      sessionId: 'sess_1',
      token: 'T[1]',
      platform: 'ios',
    });

    await expect(registered).rejects.toBeInstanceOf(AccountDeletedError);
    const operations = opened.server.operations();
    expect(operations.indexOf('update:push_tokens')).toBeGreaterThan(-1);
    expect(operations.at(-1)).toBe('delete:push_tokens');
  });

  it('registers no push token for a revoked session', async () => {
    opened = await standalone((command) => {
      if (nameOf(command) !== 'find') return undefined;
      return found(collectionOf(command), [{ _id: new ObjectId(userId) }]);
    });

    await opened.store.registerPushToken({
      userId,
      sessionId: 'sess_1',
      token: 'T[1]',
      platform: 'ios',
    });

    expect(opened.server.operations()).not.toContain('update:push_tokens');
  });
});
