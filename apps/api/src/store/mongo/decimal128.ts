import type { mongo } from 'mongoose';
import { canonicalDecimal } from '../decimal.js';

/** The canonical plain decimal string of a Decimal128 (see canonicalDecimal); NaN throws. */
export function decimal128ToString(value: mongo.Decimal128): string {
  return canonicalDecimal(value.toString());
}
