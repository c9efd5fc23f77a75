import { z } from 'zod';

import { IdSchema, IsoDateTimeSchema, text } from './common.js';

/** ISO 4217-style code; upper case only, so `usd` and `USD` cannot both be stored. */
export const CurrencyCodeSchema = text().regex(/^[A-Z]{3}$/, 'Expected 3 upper-case letters');
export type CurrencyCode = z.infer<typeof CurrencyCodeSchema>;

/**
 * Money travels as a plain decimal string (`"0"`, `"1234.56"`, `"-3.5"`) because a JSON
 * number becomes a binary float in every client. No exponent, no leading zeros, no `+`.
 */
export const DecimalStringSchema = z
  .string()
  .regex(/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/, 'Expected a decimal string such as "1234.56"');
export type DecimalString = z.infer<typeof DecimalStringSchema>;

export const PortfolioSchema = z.object({
  id: IdSchema,
  userId: IdSchema,
  baseCurrency: CurrencyCodeSchema,
  totalValue: DecimalStringSchema,
  lastCalculatedAt: IsoDateTimeSchema.nullable(),
});
export type Portfolio = z.infer<typeof PortfolioSchema>;

export const PatchPortfolioBodySchema = z.strictObject({
  baseCurrency: CurrencyCodeSchema,
});
export type PatchPortfolioBody = z.infer<typeof PatchPortfolioBodySchema>;
