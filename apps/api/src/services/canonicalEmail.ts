/** Providers that ignore dots in the local part, and the domain their mailboxes answer to. */
const DOTLESS_DOMAINS = new Map([
  ['gmail.com', 'gmail.com'],
  ['googlemail.com', 'gmail.com'],
]);

/**
 * The mailbox an address reaches, as the per-address quota counts it: lower-cased, without a
 * `+tag` in the local part, and for Gmail without dots and under `gmail.com`. So
 * `J.Doe+a@googlemail.com` and `jdoe@gmail.com` share one quota. Only for counting: mail
 * goes to the address as given.
 */
export function canonicalEmail(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  const domain = lower.slice(at + 1);
  let local = lower.slice(0, at);
  // A leading "+" is the whole name, not a tag.
  const plus = local.indexOf('+', 1);
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS.get(domain);
  return dotless === undefined ? `${local}@${domain}` : `${local.replaceAll('.', '')}@${dotless}`;
}
