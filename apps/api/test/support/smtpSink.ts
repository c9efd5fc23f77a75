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
