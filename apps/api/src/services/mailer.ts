import nodemailer from 'nodemailer';

export type OutgoingEmail = { to: string; subject: string; text: string; html: string };

/** Sends one email; rejects when the SMTP server does not take it. */
export type Mailer = { send(email: OutgoingEmail): Promise<void> };

/**
 * nodemailer over `SMTP_URL` (`smtp://` with STARTTLS, `smtps://` for implicit TLS;
 * credentials in the URL). With `requireTls`, `smtp://` refuses a server that does not offer
 * STARTTLS before sending anything (else STARTTLS is used when offered, which an attacker on
 * the path can strip). One connection per message: sign-in emails are rare.
 */
export function createSmtpMailer(options: {
  url: string;
  from: string;
  requireTls: boolean;
}): Mailer {
  const transport = nodemailer.createTransport({
    url: options.url,
    requireTLS: options.requireTls,
    // A hung SMTP server must not pile up background sends for minutes (defaults: 2 and 10 min).
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(email) {
      await transport.sendMail({ from: options.from, ...email });
    },
  };
}

/**
 * What may be logged of a failed send: nodemailer's code, the SMTP reply code and command.
 * Its messages may quote the server's reply, which can hold the recipient's address.
 */
export function describeMailError(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { kind: typeof error };
  const pick = (key: string): unknown => (key in error ? Reflect.get(error, key) : undefined);
  return { code: pick('code'), responseCode: pick('responseCode'), command: pick('command') };
}
