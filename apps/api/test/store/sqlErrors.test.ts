import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, UnstorableTextError } from '../../src/store/port.js';
import { toStoreError } from '../../src/store/sql/errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('toStoreError', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a query timeout', new Error('Query read timeout')],
    ['a closed PGlite', new Error('PGlite is closed')],
    ['a server shutting down', withCode('terminating connection', '57P01')],
    ['a connection exception (class 08)', withCode('connection failure', '08006')],
  ])('turns %s into DatabaseUnavailableError', (_, cause) => {
    const error = toStoreError(new DrizzleQueryError('select 1', [], cause));

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as DatabaseUnavailableError).cause).toBe(cause);
  });

  it('finds a refused connection inside an AggregateError (dual-stack connect)', () => {
    const refused = withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED');

    const error = toStoreError(new AggregateError([refused], 'connect failed'));

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
  });

  it.each([
    ['U+0000 in a text value', '22021'],
    ['a character the encoding lacks', '22P05'],
  ])('turns %s into UnstorableTextError, without the query or its parameters', (_, code) => {
    const refused = new DrizzleQueryError(
      'update users set display_name = $1',
      ['Ada\u0000'],
      withCode('invalid byte sequence for encoding "UTF8": 0x00', code),
    );

    const error = toStoreError(refused);

    expect(error).toBeInstanceOf(UnstorableTextError);
    expect((error as Error).message).not.toContain('display_name');
  });

  it('leaves a constraint violation as it is', () => {
    const violation = new DrizzleQueryError('insert …', [], withCode('duplicate key', '23505'));

    expect(toStoreError(violation)).toBe(violation);
  });

  it('is not fooled by a query parameter that reads like a connection failure', () => {
    const violation = new DrizzleQueryError(
      'update users set display_name = $1',
      ['Connection terminated'],
      withCode('value too long', '22001'),
    );

    expect(toStoreError(violation)).toBe(violation);
  });
});
