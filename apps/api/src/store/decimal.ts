const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?(?:E([+-]?\d+))?$/i;

/**
 * Canonical text of an exact decimal, as the API promises one spelling per amount: no
 * exponent, no leading zeros, no trailing fractional zeros, no negative zero ("1234.50" →
 * "1234.5", "0E-6176" → "0", "1.5E+3" → "1500", "-0.00" → "0"). Both databases keep the scale
 * a value was written with, and Decimal128 prints some values in exponent form. NaN and the
 * infinities (which PostgreSQL's numeric and Decimal128 can both hold) are not money: they
 * throw, so such a row is a logged 500, never a `totalValue` outside the contract.
 */
export function canonicalDecimal(text: string): string {
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`not a finite decimal: ${text}`);
  const [, sign = '', integer = '', fraction = '', exponentText = '0'] = match;

  const significant = `${integer}${fraction}`.replace(/^0+/, '');
  const digits = significant.replace(/0+$/, '');
  if (digits === '') return '0';
  // The value is digits × 10^exponent.
  const exponent = Number(exponentText) - fraction.length + (significant.length - digits.length);

  if (exponent >= 0) return `${sign}${digits}${'0'.repeat(exponent)}`;
  const point = digits.length + exponent;
  const body =
    point > 0
      ? `${digits.slice(0, point)}.${digits.slice(point)}`
      : `0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${body}`;
}
