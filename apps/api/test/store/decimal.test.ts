import { describe, expect, it } from 'vitest';
import { canonicalDecimal } from '../../src/store/decimal.js';

describe('canonicalDecimal', () => {
  it.each([
    ['0', '0'],
    ['0.000', '0'],
    ['1234.50', '1234.5'],
    ['007.10', '7.1'],
    ['-12.340', '-12.34'],
    ['1.', '1'],
    ['12345678901234567890.1234567890', '12345678901234567890.123456789'],
    ['1234567890123456789012345678901234', '1234567890123456789012345678901234'],
  ])('writes the plain decimal %s as "%s"', (input, expected) => {
    const text = canonicalDecimal(input);

    expect(text).toBe(expected);
  });

  it.each([
    ['1.5E+3', '1500'],
    ['12E2', '1200'],
    ['7e5', '700000'],
    ['1E-7', '0.0000001'],
    ['-1.23E-10', '-0.000000000123'],
    ['0E-6176', '0'],
    ['1.50E+1', '15'],
    [
      '9.999999999999999999999999999999999E+40',
      `9999999999999999999999999999999999${'0'.repeat(7)}`,
    ],
  ])('writes the exponent form %s without an exponent, as "%s"', (input, expected) => {
    const text = canonicalDecimal(input);

    expect(text).toBe(expected);
  });

  it.each(['-0', '-0.00', '-0E+3', '-0E-6176'])('writes negative zero %s as "0"', (input) => {
    const text = canonicalDecimal(input);

    expect(text).toBe('0');
  });

  it.each(['NaN', '-NaN', 'Infinity', '-Infinity', 'inf', ''])(
    'refuses %j, which is not money',
    (input) => {
      expect(() => canonicalDecimal(input)).toThrow(RangeError);
    },
  );

  it('gives text that the contract accepts and that is its own canonical form', () => {
    const inputs = ['0E-6176', '1.5E+3', '-1.23E-10', '0.0100', '7E+5', '-0012.3400'];

    const texts = inputs.map(canonicalDecimal);

    for (const text of texts) {
      expect(text).toMatch(/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/);
      expect(canonicalDecimal(text)).toBe(text);
    }
  });
});
