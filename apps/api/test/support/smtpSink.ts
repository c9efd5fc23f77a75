import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../../scripts/smtpSink.js';

export type { SinkMessage } from '../../scripts/smtpSink.js';

export type TestSmtpSink = SmtpSink & {
  messages: SinkMessage[];
  /** The first message to `to`, waiting up to `timeoutMs` for it. */
  waitFor(to: string, timeoutMs?: number): Promise<SinkMessage>;
};

/** The development SMTP sink on an ephemeral loopback port, keeping what it receives. */
export async function startTestSmtpSink(): Promise<TestSmtpSink> {
  const messages: SinkMessage[] = [];
  const sink = await startSmtpSink({
    onMessage: (message) => {
      messages.push(message);
    },
  });
  return {
    ...sink,
    messages,
    async waitFor(to, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((message) => message.to.includes(to));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

export type PlaintextSmtpServer = {
  port: number;
  /** Every username/password pair a client sent in AUTH. */
  credentials: { username: string | undefined; password: string | null | undefined }[];
  /** How many messages it accepted. */
  messages: number;
  close(): Promise<void>;
};

/**
 * An SMTP server on loopback that does not offer STARTTLS yet takes AUTH in plaintext: what
 * an attacker who strips STARTTLS from a server's EHLO answer looks like to the API.
 */
export async function startPlaintextSmtpServer(): Promise<PlaintextSmtpServer> {
  const credentials: PlaintextSmtpServer['credentials'] = [];
  let messages = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      credentials.push({ username: auth.username, password: auth.password });
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.once('end', () => {
        messages += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    credentials,
    get messages() {
      return messages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
