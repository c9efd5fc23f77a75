import type { SecurityDevice } from '../store/port.js';
import { clockTime, escapeHtml } from './emailLinkMessage.js';
import type { OutgoingEmail } from './mailer.js';

export const NEW_DEVICE_SUBJECT = 'New sign-in to your Assetra account';

/** "Safari on iPhone", "an unknown device": what the user would recognise. */
export function describeDevice(device: SecurityDevice | null): string {
  const browser = device?.browser ?? null;
  const type = device?.type ?? null;
  if (browser && type) return `${browser} on ${type}`;
  return browser ?? type ?? 'an unknown device';
}

/** "Zurich, CH": city and country as Clerk located the IP address (never the address itself). */
export function describeLocation(device: SecurityDevice | null): string {
  const parts = [device?.city, device?.country].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : 'an unknown location';
}

/**
 * The new-device email: when, on what, from roughly where, and what to do if it was not the
 * user. No link: a sign-in alert that links somewhere teaches users to follow phishing.
 */
export function newDeviceEmail(input: {
  to: string;
  at: Date;
  device: SecurityDevice | null;
}): OutgoingEmail {
  const when = `${input.at.toISOString().slice(0, 10)} at ${clockTime(input.at)}`;
  const facts = [
    `When: ${when}`,
    `Device: ${describeDevice(input.device)}`,
    `Approximate location: ${describeLocation(input.device)}`,
  ];
  const ifYou = 'If this was you, there is nothing to do.';
  const ifNot =
    'If it was not you, open the Assetra app, go to Security, end that session (or every other ' +
    'session), and change how you sign in. Assetra will never ask for your password or a code by email.';
  const text = [
    NEW_DEVICE_SUBJECT,
    '',
    'Your Assetra account was just signed in to from a device or country it has not seen in 90 days.',
    '',
    ...facts,
    '',
    ifYou,
    ifNot,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en">
  <body style="font-family: -apple-system, Segoe UI, Roboto, sans-serif; line-height: 1.5">
    <h1 style="font-size: 20px">${escapeHtml(NEW_DEVICE_SUBJECT)}</h1>
    <p>Your Assetra account was just signed in to from a device or country it has not seen in 90 days.</p>
    <ul>
${facts.map((fact) => `      <li>${escapeHtml(fact)}</li>`).join('\n')}
    </ul>
    <p>${escapeHtml(ifYou)}</p>
    <p style="font-weight: bold">${escapeHtml(ifNot)}</p>
  </body>
</html>
`;
  return { to: input.to, subject: NEW_DEVICE_SUBJECT, text, html };
}
