import { describe, expect, it } from 'vitest';

import { PatchPortfolioBodySchema, PortfolioSchema } from '@assetra/shared';

import { portfolioBody } from './fixtures.js';

describe('PortfolioSchema', () => {
  it('parses a fresh portfolio with the contract defaults', () => {
    const body = portfolioBody();

    const result = PortfolioSchema.safeParse(body);

    expect(result.success).toBe(true);
    expect(result.data).toEqual(body);
  });

  it('parses a calculated portfolio', () => {
    const body = portfolioBody({
      totalValue: '1234.56',
      lastCalculatedAt: '2025-01-02T03:04:05+02:00',
    });

    const result = PortfolioSchema.safeParse(body);

    expect(result.success).toBe(true);
  });

  it.each(['0', '1234.56', '-3.5', '0.00', '100000000000000000000.01'])(
    'accepts totalValue %j',
    (totalValue) => {
      const result = PortfolioSchema.safeParse(portfolioBody({ totalValue }));

      expect(result.success).toBe(true);
    },
  );

  it.each([0, 1234.56])('rejects totalValue sent as the JS number %j', (totalValue) => {
    const result = PortfolioSchema.safeParse(portfolioBody({ totalValue }));

    expect(result.success).toBe(false);
  });

  it.each(['', '1e3', '1.', '.5', '+1', '007', '1,5', 'NaN', 'Infinity', ' 1'])(
    'rejects the non-decimal string %j as totalValue',
    (totalValue) => {
      const result = PortfolioSchema.safeParse(portfolioBody({ totalValue }));

      expect(result.success).toBe(false);
    },
  );

  it.each(['usd', 'US', 'USDT', 'U5D'])('rejects baseCurrency %j', (baseCurrency) => {
    const result = PortfolioSchema.safeParse(portfolioBody({ baseCurrency }));

    expect(result.success).toBe(false);
  });
});

describe('PatchPortfolioBodySchema', () => {
  it('accepts a 3-letter upper-case currency', () => {
    const result = PatchPortfolioBodySchema.safeParse({ baseCurrency: 'EUR' });

    expect(result.data).toEqual({ baseCurrency: 'EUR' });
  });

  it('rejects a lower-case currency instead of guessing', () => {
    const result = PatchPortfolioBodySchema.safeParse({ baseCurrency: 'eur' });

    expect(result.success).toBe(false);
  });

  it('rejects a body without baseCurrency', () => {
    const result = PatchPortfolioBodySchema.safeParse({});

    expect(result.success).toBe(false);
  });

  it('rejects unknown fields such as totalValue', () => {
    const body = { baseCurrency: 'EUR', totalValue: '1000000' };

    const result = PatchPortfolioBodySchema.safeParse(body);

    expect(result.success).toBe(false);
  });
});
