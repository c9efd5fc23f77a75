import type { OutgoingEmail } from './mailer.js';

export const escapeHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** `14:05 UTC`: the server cannot know the reader's time zone, so it says which one it uses. */
export const clockTime = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

/**
 * The sign-in email: the link, when it stops working, and what to do if it was not asked for.
 * The same words for every address, known to Clerk or not.
 */
export function signInEmail(input: {
  to: string;
  link: string;
  expiresAt: Date;
  validMinutes: number;
}): OutgoingEmail {
  const { link, expiresAt, validMinutes } = input;
  const expiry = `It expires in ${validMinutes} minutes (at ${clockTime(expiresAt)}) and works once, only in the Assetra app that asked for it.`;
  const notYou =
    "Didn't ask to sign in? Ignore this email. Nobody can use this link without the app that asked for it, and nothing changes until it is opened there.";
  const text = [
    'Sign in to Assetra',
    '',
    'Open this link on the phone where you asked to sign in:',
    link,
    '',
    expiry,
    '',
    notYou,
    '',
  ].join('\n');
  const href = escapeHtml(link);
  const html = `<!doctype html>
<html lang="en">
  <body style="font-family: -apple-system, Segoe UI, Roboto, sans-serif; line-height: 1.5">
    <h1 style="font-size: 20px">Sign in to Assetra</h1>
    <p>Open this link on the phone where you asked to sign in:</p>
    <p><a href="${href}" style="font-weight: bold">Sign in to Assetra</a></p>
    <p style="word-break: break-all; color: #555">${href}</p>
    <p>${escapeHtml(expiry)}</p>
    <p style="color: #555">${escapeHtml(notYou)}</p>
  </body>
</html>
`;
  return { to: input.to, subject: 'Your Assetra sign-in link', text, html };
}
