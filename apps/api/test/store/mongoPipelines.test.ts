import { describe, expect, it } from 'vitest';
import {
  clerkUserFilter,
  clerkUserPipeline,
  tombstonePipeline,
  type PipelineStage,
} from '../../src/store/mongo/pipelines.js';
import { newUser } from '../../src/store/mongo/provision.js';
import type { ClerkUserUpdate } from '../../src/store/port.js';

type Doc = Record<string, unknown>;

/**
 * The few aggregation operators the pipelines use, as MongoDB evaluates them: a missing field
 * is `undefined`, which `$ifNull` replaces and `$eq` does not equate with null. Anything else
 * throws, so a builder cannot drift onto an operator these tests do not model.
 */
function evaluate(expression: unknown, doc: Doc): unknown {
  if (typeof expression === 'string') {
    return expression.startsWith('$') ? doc[expression.slice(1)] : expression;
  }
  if (expression === null || typeof expression !== 'object' || expression instanceof Date) {
    return expression;
  }
  if (Array.isArray(expression)) return expression.map((item) => evaluate(item, doc));
  const [operator, argument] = Object.entries(expression)[0] ?? [];
  const args = Array.isArray(argument) ? argument : [];
  switch (operator) {
    case '$literal':
      return argument;
    case '$ifNull': {
      return evaluate(args[0], doc) ?? evaluate(args[1], doc);
    }
    case '$cond':
      return evaluate(args[0], doc) ? evaluate(args[1], doc) : evaluate(args[2], doc);
    case '$eq':
      return evaluate(args[0], doc) === evaluate(args[1], doc);
    default:
      throw new Error(`operator ${String(operator)} is not modelled`);
  }
}

/** `$set` stages in order; each expression reads the document as the stage received it. */
function run(pipeline: PipelineStage[], doc: Doc): Doc {
  return pipeline.reduce<Doc>((current, stage) => {
    const kept = Object.entries(current).filter(([field]) => !(field in stage.$set));
    const computed = Object.entries(stage.$set).map(
      ([field, expression]) => [field, evaluate(expression, current)] as const,
    );
    // A `$set` whose expression yields a missing value leaves the field out.
    return Object.fromEntries([...kept, ...computed].filter(([, value]) => value !== undefined));
  }, doc);
}

const created = new Date('2026-01-01T00:00:00Z');
const now = new Date('2026-03-01T00:00:00Z');

const storedUser = (fields: Doc = {}): Doc => ({
  _id: 'id_1',
  clerkUserId: 'user_a',
  ...newUser(created, { email: 'old@example.com', displayName: 'Old Name' }),
  ...fields,
});

const update = (fields: Partial<ClerkUserUpdate> = {}): ClerkUserUpdate => ({
  clerkUserId: 'user_a',
  email: 'a@example.com',
  clerkName: 'Ada Lovelace',
  isActive: false,
  clerkUpdatedAt: new Date('2026-02-01T00:00:00Z'),
  ...fields,
});

describe('clerkUserPipeline', () => {
  it('writes Clerk’s email, state, time, event id and name while the name is Clerk’s', () => {
    const before = storedUser();

    const after = run(clerkUserPipeline(update(), 'evt_1', now), before);

    expect(after).toEqual({
      ...before,
      email: 'a@example.com',
      isActive: false,
      clerkUpdatedAt: new Date('2026-02-01T00:00:00Z'),
      clerkEventId: 'evt_1',
      displayName: 'Ada Lovelace',
      updatedAt: now,
    });
  });

  it('replaces the passkey ids when the event carries them, and keeps them when it does not', () => {
    const before = storedUser({ passkeyIds: ['pk_1'] });

    const carried = run(clerkUserPipeline(update({ passkeyIds: ['pk_2'] }), 'evt_1', now), before);
    const silent = run(clerkUserPipeline(update({ passkeyIds: null }), 'evt_2', now), before);

    expect(carried.passkeyIds).toEqual(['pk_2']);
    expect(silent.passkeyIds).toEqual(['pk_1']);
  });

  it('keeps a displayName the user set, still applying the rest', () => {
    const before = storedUser({ displayName: 'Countess', displayNameSource: 'user' });

    const after = run(clerkUserPipeline(update(), 'evt_1', now), before);

    expect(after).toMatchObject({
      displayName: 'Countess',
      displayNameSource: 'user',
      email: 'a@example.com',
    });
  });

  it('treats a name on a document older than displayNameSource as the user’s own', () => {
    const { displayNameSource: _omitted, ...legacy } = storedUser({ displayName: 'Mine' });

    const after = run(clerkUserPipeline(update(), 'evt_1', now), legacy);

    expect(after).toMatchObject({ displayName: 'Mine', displayNameSource: 'user' });
  });

  it('lets Clerk’s name fill an older document that has no name', () => {
    const { displayNameSource: _a, displayName: _b, ...legacy } = storedUser();

    const after = run(clerkUserPipeline(update(), 'evt_1', now), legacy);

    expect(after).toMatchObject({ displayName: 'Ada Lovelace', displayNameSource: 'clerk' });
  });

  it('stores names and emails that start with "$" as text, never as field paths', () => {
    const before = storedUser();

    const after = run(
      clerkUserPipeline(update({ clerkName: '$email', email: '$displayName@x.io' }), 'e', now),
      before,
    );

    expect(after).toMatchObject({ displayName: '$email', email: '$displayName@x.io' });
  });

  it('clears the name when Clerk has none', () => {
    const after = run(clerkUserPipeline(update({ clerkName: null }), 'evt_1', now), storedUser());

    expect(after.displayName).toBeNull();
  });
});

describe('clerkUserFilter', () => {
  it('matches only a live user whose stored Clerk time is missing or strictly older', () => {
    const filter = clerkUserFilter(update());

    expect(filter).toEqual({
      clerkUserId: 'user_a',
      deletedAt: null,
      $or: [
        { clerkUpdatedAt: null },
        { clerkUpdatedAt: { $lt: new Date('2026-02-01T00:00:00Z') } },
      ],
    });
  });
});

describe('tombstonePipeline', () => {
  const personal = {
    email: 'a@example.com',
    displayName: 'Ada',
    displayNameSource: 'user',
    subscriptionStatus: 'active',
    entitlements: ['pro'],
    subscriptionExpiresAt: new Date('2027-01-01T00:00:00Z'),
  };

  it('erases personal fields and the subscription, keeping id, Clerk id and createdAt', () => {
    const before = storedUser(personal);

    const after = run(tombstonePipeline(now), before);

    expect(after).toEqual({
      ...before,
      email: null,
      displayName: null,
      isActive: false,
      subscriptionStatus: 'free',
      entitlements: [],
      subscriptionExpiresAt: null,
      updatedAt: now,
      deletedAt: now,
    });
  });

  it('changes nothing on a tombstone: the first deletedAt and updatedAt stay', () => {
    const first = run(tombstonePipeline(now), storedUser(personal));

    const second = run(tombstonePipeline(new Date('2026-04-01T00:00:00Z')), first);

    expect(second).toEqual(first);
  });

  it('turns an upserted bare document into a complete tombstone with every user field', () => {
    const bare = { _id: 'id_2', clerkUserId: 'user_never_seen' };

    const after = run(tombstonePipeline(now), bare);

    expect(Object.keys(after).sort()).toEqual(
      ['_id', 'clerkUserId', ...Object.keys(newUser(now))].sort(),
    );
    expect(after).toMatchObject({
      createdAt: now,
      updatedAt: now,
      deletedAt: now,
      email: null,
      isActive: false,
      displayNameSource: 'clerk',
      clerkUpdatedAt: null,
    });
  });
});
