import type { CurrencyCode, DecimalString } from '@assetra/shared';

type Part = { type: string; value: string };

/**
 * Formats a decimal string for the user's locale without ever making it a binary float (the
 * API sends money as strings for that reason): Intl lays out the sign, currency and grouping of
 * the integer part, given as a BigInt (exact at any size), and the fraction digits are the
 * string's own, padded to the currency's minimum (2 for USD, 0 for JPY), never rounded.
 * Latin digits are forced so the fraction we splice in matches the integer Intl wrote.
 */
export function formatMoney(
  amount: DecimalString,
  currency: CurrencyCode,
  locale?: string,
): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  try {
    return withIntl(negative, whole, fraction, currency, locale);
  } catch {
    // An engine whose Intl cannot format a BigInt: the same digits, laid out the en-US way.
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${negative ? '-' : ''}${currency} ${grouped}.${fraction.padEnd(2, '0')}`;
  }
}

function withIntl(
  negative: boolean,
  whole: string,
  fraction: string,
  currency: CurrencyCode,
  locale: string | undefined,
): string {
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
    numberingSystem: 'latn',
  });
  const digits = formatter.resolvedOptions().minimumFractionDigits ?? 2;
  const shownFraction = fraction.replace(/0+$/, '').padEnd(digits, '0');
  const integer = BigInt(whole);
  // -0n is 0n: a negative amount under 1 is laid out as -1 and its integer digits replaced.
  const parts: Part[] = formatter.formatToParts(
    negative ? -(integer === 0n ? 1n : integer) : integer,
  );
  const integerParts = parts.filter((part) => part.type === 'integer');
  if (negative && integer === 0n && integerParts.length === 1 && integerParts[0]) {
    integerParts[0].value = '0';
  }
  const out = parts.filter((part) => part.type !== 'decimal' && part.type !== 'fraction');
  if (shownFraction.length > 0) {
    let lastInteger = -1;
    out.forEach((part, index) => {
      if (part.type === 'integer') lastInteger = index;
    });
    out.splice(
      lastInteger + 1,
      0,
      { type: 'decimal', value: decimalSeparator(locale) },
      { type: 'fraction', value: shownFraction },
    );
  }
  return out.map((part) => part.value).join('');
}

function decimalSeparator(locale: string | undefined): string {
  const parts = new Intl.NumberFormat(locale, { numberingSystem: 'latn' }).formatToParts(1.5);
  return parts.find((part) => part.type === 'decimal')?.value ?? '.';
}
