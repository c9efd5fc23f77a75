import { describe, expect, it } from 'vitest';
import {
  DEADLINE_REFUSAL,
  clerkUserFilter,
  clerkUserPipeline,
  deadlineGuard,
  dropStampsUpTo,
  guardedFilter,
  pushStamp,
  setOnInsert,
  setValues,
  tombstonePipeline,
  type PipelineStage,
} from '../../src/store/mongo/pipelines.js';
import { newUser } from '../../src/store/mongo/provision.js';
import type { ClerkUserUpdate } from '../../src/store/port.js';

type Doc = Record<string, unknown>;

/** The system variables an expression may read: `$$NOW`, and `$$this` inside `$filter`. */
type Vars = { NOW: Date; this?: unknown };

const T = new Date('2026-03-01T00:00:00Z');

/** Ordering of the values the pipelines compare: dates and numbers. */
const ordinal = (value: unknown) => (value instanceof Date ? value.getTime() : Number(value));

/** What `$type` names, for the values the pipelines meet. */
function typeName(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** A field path or a system variable (`$$NOW`, `$$ROOT`, `$$REMOVE`, `$$this`). */
function resolve(path: string, doc: Doc, vars: Vars): unknown {
  if (!path.startsWith('$$')) return doc[path.slice(1)];
  const name = path.slice(2);
  if (name === 'ROOT') return doc;
  if (name === 'REMOVE') return undefined;
  if (name === 'NOW' || name === 'this') return vars[name];
  throw new Error(`variable ${path} is not modelled`);
}

/**
 * The few aggregation operators the pipelines use, as MongoDB evaluates them: a missing field
 * is `undefined`, which `$ifNull` replaces and `$eq` does not equate with null; `$toInt` of
 * text that is no number fails the statement (ConversionFailure). Anything else throws, so a
 * builder cannot drift onto an operator these tests do not model.
 */
function evaluate(expression: unknown, doc: Doc, vars: Vars = { NOW: T }): unknown {
  const at = (item: unknown) => evaluate(item, doc, vars);
  if (typeof expression === 'string') {
    return expression.startsWith('$') ? resolve(expression, doc, vars) : expression;
  }
  if (expression === null || typeof expression !== 'object' || expression instanceof Date) {
    return expression;
  }
  if (Array.isArray(expression)) return expression.map(at);
  const [operator, argument] = Object.entries(expression)[0] ?? [];
  const args = Array.isArray(argument) ? argument : [];
  switch (operator) {
    case '$literal':
      return argument;
    case '$ifNull':
      return at(args[0]) ?? at(args[1]);
    case '$cond':
      return at(args[0]) ? at(args[1]) : at(args[2]);
    case '$eq':
      return at(args[0]) === at(args[1]);
    case '$lt':
      return ordinal(at(args[0])) < ordinal(at(args[1]));
    case '$gt':
      return ordinal(at(args[0])) > ordinal(at(args[1]));
    case '$type':
      return typeName(at(argument));
    case '$concat':
      return args.map((part) => String(at(part))).join('');
    case '$concatArrays':
      return args.flatMap((part) => at(part) as unknown[]);
    case '$toInt': {
      const text = String(at(argument));
      if (!/^-?\d+$/.test(text)) throw new Error(`ConversionFailure: '${text}'`);
      return Number(text);
    }
    case '$filter': {
      const { input, cond } = argument as { input: unknown; cond: unknown };
      return (at(input) as unknown[]).filter((item) =>
        evaluate(cond, doc, { ...vars, this: item }),
      );
    }
    default:
      throw new Error(`operator ${String(operator)} is not modelled`);
  }
}

/** `$set` stages in order; each expression reads the document as the stage received it. */
function run(pipeline: PipelineStage[], doc: Doc, now = T): Doc {
  return pipeline.reduce<Doc>((current, stage) => {
    const kept = Object.entries(current).filter(([field]) => !(field in stage.$set));
    const computed = Object.entries(stage.$set).map(
      ([field, expression]) => [field, evaluate(expression, current, { NOW: now })] as const,
    );
    // A `$set` whose expression yields a missing value leaves the field out.
    return Object.fromEntries([...kept, ...computed].filter(([, value]) => value !== undefined));
  }, doc);
}

const created = new Date('2026-01-01T00:00:00Z');
const now = T;

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

describe('deadlineGuard and guardedFilter: the server refuses a write once its clock passes the deadline', () => {
  const deadline = new Date(T.getTime() + 1_000);
  const late = new Date(deadline.getTime());
  const update = [deadlineGuard(deadline), setValues({ email: 'b@example.com' })];
  const refused = new RegExp(`ConversionFailure: '${DEADLINE_REFUSAL}`);

  it('lets an update through unchanged while the clock is before the deadline', () => {
    const before = storedUser();

    const after = run(update, before, T);

    expect(after).toEqual({ ...before, email: 'b@example.com' });
  });

  it('fails an update that starts at or after the deadline', () => {
    expect(() => run(update, storedUser(), late)).toThrow(refused);
  });

  it('fails the insert of an upsert that matched nothing, which a filter condition could not', () => {
    const inserting = { clerkUserId: 'user_new' };

    expect(() =>
      run([deadlineGuard(deadline), setOnInsert({ email: null })], inserting, late),
    ).toThrow(refused);
  });

  it('matches every document in time, and fails a delete of any document late', () => {
    const { $expr } = guardedFilter({ userId: 'u' }, deadline);

    expect(evaluate($expr, storedUser(), { NOW: T })).toBe(true);
    expect(() => evaluate($expr, storedUser(), { NOW: late })).toThrow(refused);
  });

  it('stores values that start with "$" as text', () => {
    const after = run([deadlineGuard(deadline), setValues({ email: '$displayName' })], {}, T);

    expect(after).toEqual({ email: '$displayName' });
  });
});

describe('setOnInsert', () => {
  const values = { email: 'new@example.com', createdAt: now, passkeyIds: undefined };

  it('writes its values only into the document an upsert inserts (no _id yet)', () => {
    const inserted = run([setOnInsert(values)], { clerkUserId: 'user_a' });

    expect(inserted).toEqual({ clerkUserId: 'user_a', email: 'new@example.com', createdAt: now });
  });

  it('leaves a stored document as it is, null fields and missing ones included', () => {
    const { createdAt: _missing, ...stored } = storedUser({ email: null });

    const after = run([setOnInsert(values)], stored);

    expect(after).toEqual(stored);
  });
});

describe('the email quota stamps', () => {
  const stamp = (minutes: number) => new Date(T.getTime() + minutes * 60_000);

  it('drops the stamps up to the window’s start and appends a new one', () => {
    const quota = { _id: 'q', email: 'a@example.com', stamps: [stamp(0), stamp(5), stamp(10)] };

    const pulled = run([dropStampsUpTo(stamp(5))], quota);
    const pushed = run([pushStamp(stamp(20))], pulled);

    expect(pulled.stamps).toEqual([stamp(10)]);
    expect(pushed).toEqual({ ...quota, stamps: [stamp(10), stamp(20)], updatedAt: stamp(20) });
  });

  it('treats a document without stamps as having none', () => {
    expect(run([dropStampsUpTo(stamp(0)), pushStamp(stamp(1))], { _id: 'q' }).stamps).toEqual([
      stamp(1),
    ]);
  });
});
