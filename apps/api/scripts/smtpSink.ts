import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as the sink received it: the envelope's recipients and the parsed bodies. */
export type SinkMessage = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
};

export type SmtpSink = {
  /** Pass as `SMTP_URL`. */
  url: string;
  port: number;
  close(): Promise<void>;
};

/**
 * A local SMTP server that accepts every message and hands it, parsed, to `onMessage`: the
 * development stack prints sign-in links with it, tests read them. Loopback, no TLS, no auth.
 */
export async function startSmtpSink(options: {
  onMessage: (message: SinkMessage) => void;
  port?: number;
  host?: string;
}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // Close at once: a client holding a connection must not stall the stack's shutdown.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          options.onMessage({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          callback();
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error('unparsable message'));
        },
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
