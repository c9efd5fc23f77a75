import type { CurrencyCode, DecimalString } from '@assetra/shared';

/**
 * Formats a decimal string without ever turning it into a binary float (the API sends money as
 * strings for that reason): thousands grouped, at least two decimals, currency code first.
 */
export function formatMoney(amount: DecimalString, currency: CurrencyCode): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fraction.padEnd(2, '0');
  return `${negative ? '−' : ''}${currency} ${grouped}.${cents}`;
}
