import type { mongo } from 'mongoose';

const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?(?:E([+-]?\d+))?$/i;

/**
 * The canonical plain decimal string of a Decimal128: no exponent, no leading zeros, no
 * trailing fractional zeros, no negative zero ("0E-6176" → "0", "1.5E+3" → "1500",
 * "1.50" → "1.5"). Decimal128 keeps the scale it was written with and prints some values in
 * exponent form, but the API promises one spelling per amount. NaN and infinities are not
 * money: they throw.
 */
export function decimal128ToString(value: mongo.Decimal128): string {
  return canonicalDecimal(value.toString());
}

/** @see decimal128ToString; exported for values that arrive as text. */
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
