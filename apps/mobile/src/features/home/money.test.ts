import { formatMoney } from './money';

/** Intl separates the currency code with a no-break space; compare with plain spaces. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('formatMoney', () => {
  it('keeps every digit of an amount a float would corrupt', () => {
    expect(Number('12345678901234567.89').toFixed(2)).not.toBe('12345678901234567.89');

    expect(plain(formatMoney('12345678901234567.89', 'USD', 'en-US'))).toBe(
      'USD 12,345,678,901,234,567.89',
    );
  });

  it('pads to the currency minimum and never rounds extra digits away', () => {
    expect(plain(formatMoney('1234567.5', 'USD', 'en-US'))).toBe('USD 1,234,567.50');
    expect(plain(formatMoney('0', 'USD', 'en-US'))).toBe('USD 0.00');
    expect(plain(formatMoney('0.105', 'USD', 'en-US'))).toBe('USD 0.105');
    expect(plain(formatMoney('1500', 'JPY', 'en-US'))).toBe('JPY 1,500');
  });

  it('lays out sign, grouping and decimal separator for the locale', () => {
    expect(plain(formatMoney('-0.5', 'USD', 'en-US'))).toBe('-USD 0.50');
    expect(plain(formatMoney('-9007199254740993.01', 'EUR', 'de-DE'))).toBe(
      '-9.007.199.254.740.993,01 EUR',
    );
  });
});
