import type { Device, SecurityEvent } from '@assetra/shared';

/**
 * Sessions and security events in plain words: "New sign-in on iPhone · Lisbon, Portugal · 2
 * minutes ago". Country codes become names with Intl.DisplayNames and times become relative
 * with Intl.RelativeTimeFormat, in the device's language; where an engine lacks one of them the
 * code, or the date, is shown instead.
 */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

export function relativeTime(iso: string, now: number = Date.now()): string {
  const at = new Date(iso).getTime();
  if (typeof Intl.RelativeTimeFormat !== 'function') return new Date(at).toLocaleString();
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const seconds = Math.round((at - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return format.format(0, 'second');
}

export function countryName(code: string): string {
  if (typeof Intl.DisplayNames !== 'function') return code;
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a region code Intl knows
  }
}

/** "Lisbon, Portugal", "Portugal", or null when the session's location is unknown. */
export function approximateLocation(device: Device | null): string | null {
  if (!device) return null;
  const parts = [device.city, device.country ? countryName(device.country) : null];
  const known = parts.filter((part): part is string => Boolean(part));
  return known.length > 0 ? known.join(', ') : null;
}

/** The device as people name it: its type ("iPhone"), else its browser, else "an unknown device". */
export function deviceName(device: Device | null): string {
  return device?.type ?? device?.browser ?? 'an unknown device';
}

const joined = (parts: (string | null)[]) =>
  parts.filter((part): part is string => Boolean(part)).join(' · ');

function count(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function title(event: SecurityEvent): string {
  const on = deviceName(event.device);
  const by = event.detail.by;
  switch (event.type) {
    case 'account.created':
      return 'Account created';
    case 'sign_in':
      return `New sign-in on ${on}`;
    case 'email_link.redeemed':
      return `Signed in with an email link on ${on}`;
    case 'session.ended':
      if (by === 'user') return `Signed out on ${on}`;
      if (by === 'operator') return `Signed out on ${on} by Assetra`;
      return `Session ended on ${on}`;
    case 'sessions.revoked_others': {
      const revoked = event.detail.revoked;
      return typeof revoked === 'number'
        ? `Signed out of ${count(revoked, 'other device', 'other devices')}`
        : 'Signed out of all other devices';
    }
    case 'account.disabled':
      return 'Account locked by Assetra';
    case 'account.enabled':
      return 'Account unlocked';
    case 'passkey.added':
      return 'Passkey added';
    case 'passkey.removed':
      return 'Passkey removed';
    case 'email.changed':
      return 'Email address changed';
  }
}

/** One line per event: what happened · where · when. */
export function describeEvent(event: SecurityEvent, now?: number): string {
  return joined([title(event), approximateLocation(event.device), relativeTime(event.at, now)]);
}

/** The second line of a session: browser · place · last activity. */
export function describeSession(
  session: { device: Device; lastActiveAt: string },
  now?: number,
): string {
  const browser = session.device.type ? session.device.browser : null;
  return joined([
    browser,
    approximateLocation(session.device),
    `Active ${relativeTime(session.lastActiveAt, now)}`,
  ]);
}

export function otherDevicesSignedOut(n: number): string {
  return `Signed out of ${count(n, 'other device', 'other devices')}.`;
}
