import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { canonicalDecimal } from '../../src/store/decimal.js';
import { decimal128ToString } from '../../src/store/mongo/decimal128.js';
import { openMongoStore } from '../../src/store/mongo/mongoStore.js';
import { DatabaseUnavailableError } from '../../src/store/port.js';
import { freePort, startFakeMongod } from './fakeMongod.js';

const decimal = (text: string) => mongoose.Types.Decimal128.fromString(text);

async function elapsed(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const start = performance.now();
  try {
    await promise;
    return { ms: performance.now() - start, error: undefined };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

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
    const start = performance.now();

    const store = openMongoStore(unreachable);

    expect(performance.now() - start).toBeLessThan(100);
    expect(store.kind).toBe('mongodb');
    await store.close();
  });

  it('rejects ping and provisionUser with DatabaseUnavailableError within 3 s, and logs a warning', async () => {
    const warnings: string[] = [];
    const store = openMongoStore(unreachable, {
      logger: { warn: (_obj, msg) => warnings.push(msg) },
    });

    const [ping, provision] = await Promise.all([
      elapsed(store.ping()),
      elapsed(store.provisionUser({ clerkUserId: 'user_a', email: null })),
    ]);
    await store.close();

    expect(ping.error).toBeInstanceOf(DatabaseUnavailableError);
    expect(ping.ms).toBeLessThan(3_000);
    expect(provision.error).toBeInstanceOf(DatabaseUnavailableError);
    expect(provision.ms).toBeLessThan(3_000);
    expect(warnings).toEqual([expect.stringMatching(/MongoDB is not ready/)]);
  });

  it('tries to connect again on the next operation, failing the same way', async () => {
    const store = openMongoStore(unreachable);
    await elapsed(store.ping());

    const again = await elapsed(store.findUserByClerkId('user_a'));
    await store.close();

    expect(again.error).toBeInstanceOf(DatabaseUnavailableError);
    expect(again.ms).toBeLessThan(3_000);
  });

  it('does not crash the process when its first connection fails and no one is waiting', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const warnings: string[] = [];
    const store = openMongoStore(unreachable, {
      logger: { warn: (_obj, msg) => warnings.push(msg) },
    });

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    process.off('unhandledRejection', onRejection);
    await store.close();

    expect(rejections).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it('connects once a server starts listening, without being reopened', async () => {
    const port = await freePort();
    const store = openMongoStore(`mongodb://127.0.0.1:${port}/x`);
    const before = await elapsed(store.ping());
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
    const start = performance.now();

    await store.close();

    expect(performance.now() - start).toBeLessThan(500);
  });

  it('rejects operations with DatabaseUnavailableError once closed', async () => {
    const store = openMongoStore(unreachable);
    await store.close();

    const attempt = store.updateProfile('user_a', { displayName: 'Ada' });

    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
