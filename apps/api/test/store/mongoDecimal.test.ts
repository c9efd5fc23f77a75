import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { canonicalDecimal } from '../../src/store/decimal.js';
import { decimal128ToString } from '../../src/store/mongo/decimal128.js';
import { openMongoStore } from '../../src/store/mongo/mongoStore.js';
import { DatabaseUnavailableError } from '../../src/store/port.js';
import { settleWithin } from '../support/deadline.js';
import { freePort, startFakeMongod } from './fakeMongod.js';

const decimal = (text: string) => mongoose.Types.Decimal128.fromString(text);

describe('decimal128ToString', () => {
  it.each([
    ['0', '0'],
    ['0E-6176', '0'],
    ['-0', '0'],
    ['-0.00', '0'],
    ['1.5E+3', '1500'],
    ['12E2', '1200'],
    ['100', '100'],
    ['1.50', '1.5'],
    ['0.0100', '0.01'],
    ['0.000001', '0.000001'],
    ['1E-7', '0.0000001'],
    ['-1.23E-10', '-0.000000000123'],
    ['-42.10', '-42.1'],
    ['12345678901234567890.1234567890', '12345678901234567890.123456789'],
    ['1234567890123456789012345678901234', '1234567890123456789012345678901234'],
  ])('turns Decimal128 %s into the plain decimal "%s"', (input, expected) => {
    const value = decimal(input);

    const text = decimal128ToString(value);

    expect(text).toBe(expected);
  });

  it('writes every digit of an exponent beyond 34 digits, with no exponent', () => {
    const value = decimal('9.999999999999999999999999999999999E+40');

    const text = decimal128ToString(value);

    expect(text).toBe(`9999999999999999999999999999999999${'0'.repeat(7)}`);
  });

  it('produces text the API contract accepts and that reads back as the same amount', () => {
    const inputs = ['0E-6176', '1.5E+3', '-1.23E-10', '0.0100', '7E+5'];

    const texts = inputs.map((input) => decimal128ToString(decimal(input)));

    for (const [index, text] of texts.entries()) {
      expect(text).toMatch(/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/);
      expect(decimal(text).toString()).not.toBe('NaN');
      expect(canonicalDecimal(decimal(text).toString())).toBe(text);
      expect(canonicalDecimal(inputs[index]!)).toBe(text);
    }
  });

  it.each(['NaN', 'Infinity', '-Infinity'])('refuses %s, which is not money', (input) => {
    const value = decimal(input);

    expect(() => decimal128ToString(value)).toThrow(RangeError);
  });
});

describe('openMongoStore with no server listening', () => {
  const unreachable = 'mongodb://127.0.0.1:1/x';

  it('throws at once for a malformed connection string, without echoing it', () => {
    const open = () => openMongoStore('mongodb://app:s3cret@db.example.com/x?maxPoolSize=abc');

    expect(open).toThrow(/connection string is invalid/);
    expect(open).not.toThrow(/s3cret/);
  });

  it('returns a store at once, without throwing', async () => {
    const store = openMongoStore(unreachable);

    expect(store).not.toBeInstanceOf(Promise);
    expect(store.kind).toBe('mongodb');
    await store.close();
  });

  it('rejects ping and provisionUser with DatabaseUnavailableError within 3 s, and logs a warning', async () => {
    const warnings: string[] = [];
    const store = openMongoStore(unreachable, {
      logger: { warn: (_obj, msg) => warnings.push(msg) },
    });

    const [ping, provision] = await Promise.all([
      settleWithin(store.ping(), 3_000),
      settleWithin(store.provisionUser({ clerkUserId: 'user_a', email: null }), 3_000),
    ]);
    await store.close();

    expect(ping.error).toBeInstanceOf(DatabaseUnavailableError);
    expect(ping.inTime).toBe(true);
    expect(provision.error).toBeInstanceOf(DatabaseUnavailableError);
    expect(provision.inTime).toBe(true);
    expect(warnings).toEqual([expect.stringMatching(/MongoDB is not ready/)]);
  });

  it('tries to connect again on the next operation, failing the same way', async () => {
    const store = openMongoStore(unreachable);
    await settleWithin(store.ping(), 3_000);

    const again = await settleWithin(store.findUserByClerkId('user_a'), 3_000);
    await store.close();

    expect(again.error).toBeInstanceOf(DatabaseUnavailableError);
    expect(again.inTime).toBe(true);
  });

  it('does not crash the process when its first connection fails and no one is waiting', async () => {
    let failed: () => void = () => undefined;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => {
      rejections.push(reason);
      failed();
    };
    process.on('unhandledRejection', onRejection);
    const warnings: string[] = [];
    const store = openMongoStore(unreachable, {
      logger: {
        warn: (_obj, msg) => {
          warnings.push(msg);
          failed();
        },
      },
    });

    // Waits for the failed first connection (its warning), not for a guess at how long it
    // takes; a rejection it left unhandled is reported by the end of the next macrotask.
    await firstFailure;
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onRejection);
    await store.close();

    expect(rejections).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it('connects once a server starts listening, without being reopened', async () => {
    const port = await freePort();
    const store = openMongoStore(`mongodb://127.0.0.1:${port}/x`);
    const before = await settleWithin(store.ping(), 3_000);
    const server = await startFakeMongod(port);

    try {
      await store.ping();
      const user = await store.findUserByClerkId('user_a');

      expect(before.error).toBeInstanceOf(DatabaseUnavailableError);
      expect(user).toBeNull();
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('closes at once while a connection attempt is pending', async () => {
    const store = openMongoStore(unreachable);

    const closing = await settleWithin(store.close(), 500);

    expect(closing).toEqual({ error: undefined, inTime: true });
  });

  it('rejects operations with DatabaseUnavailableError once closed', async () => {
    const store = openMongoStore(unreachable);
    await store.close();

    const attempt = store.updateProfile('user_a', { displayName: 'Ada' });

    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
