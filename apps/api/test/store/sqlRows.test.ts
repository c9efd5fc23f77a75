import { describe, expect, it } from 'vitest';
import { canonicalDecimal } from '../../src/store/sql/rows.js';

describe('canonicalDecimal', () => {
  it.each([
    ['0', '0'],
    ['0.000', '0'],
    ['-0.00', '0'],
    ['1234.50', '1234.5'],
    ['007.10', '7.1'],
    ['-12.340', '-12.34'],
    ['12345678901234567890.1234567890', '12345678901234567890.123456789'],
  ])('writes %s as %s', (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected);
  });

  it('passes a non-finite numeric through untouched', () => {
    expect(canonicalDecimal('NaN')).toBe('NaN');
  });
});
