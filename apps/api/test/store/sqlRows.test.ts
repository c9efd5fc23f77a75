import { describe, expect, it } from 'vitest';
import { toPortfolioRecord } from '../../src/store/sql/rows.js';
import type { PortfolioRow } from '../../src/store/sql/schema.js';

const row = (totalValue: string): PortfolioRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  userId: '00000000-0000-4000-8000-000000000002',
  baseCurrency: 'USD',
  totalValue,
  lastCalculatedAt: null,
});

describe('toPortfolioRecord', () => {
  it('reads a numeric written with trailing zeros as its canonical decimal', () => {
    const record = toPortfolioRecord(row('1234.50'));

    expect(record.totalValue).toBe('1234.5');
  });

  it.each(['NaN', 'Infinity', '-Infinity'])(
    'refuses a stored %s instead of answering a total outside the contract',
    (stored) => {
      expect(() => toPortfolioRecord(row(stored))).toThrow(RangeError);
    },
  );
});
