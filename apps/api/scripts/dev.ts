/**
 * `npm run dev`: the whole local stack with zero configuration — the Clerk stand-in, the API
 * on an embedded database, an SMTP sink that prints sign-in links, and a ready-to-paste curl
 * with a valid token.
 * Overridable for tests: PORT, CLERK_EMULATOR_PORT, SMTP_SINK_PORT, ASSETRA_DEV_DATA_DIR,
 * EMAIL_LINK_URL.
 */
import { startClerkEmulator } from '@assetra/clerk-emulator';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import pretty from 'pino-pretty';
import { startServer } from '../src/server.js';
import { startSmtpSink } from './smtpSink.js';

const DEV_USER = 'dev@assetra.local';
const TOKEN_TTL_SECONDS = 3600; // Clerk's are 60 s; an hour keeps the printed curl usable
const EMAIL_LINK_URL = process.env.EMAIL_LINK_URL ?? 'assetra://auth/email-link';

const dataDir = resolve(
  process.env.ASSETRA_DEV_DATA_DIR ?? join(import.meta.dirname, '../../../.data'),
);
const clerk = await startClerkEmulator({
  port: Number(process.env.CLERK_EMULATOR_PORT ?? 4010),
  dataDir: join(dataDir, 'clerk'),
});
// Sign-in emails go nowhere but this terminal: the link is what a developer needs to paste.
const smtp = await startSmtpSink({
  port: Number(process.env.SMTP_SINK_PORT ?? 0),
  onMessage: ({ to, text }) => {
    const link = text.split('\n').find((line) => line.startsWith(`${EMAIL_LINK_URL}?`));
    process.stdout.write(
      `\nSign-in email to ${to.join(', ')}:\n  ${link ?? '(no link in it)'}\n\n`,
    );
  },
});
// A fresh signing secret each run: the stand-in signs its webhooks to the API with it.
const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
const api = await startServer(
  {
    NODE_ENV: 'development',
    PORT: process.env.PORT ?? '3000',
    HOST: '127.0.0.1',
    DATABASE_URL: `pglite:${join(dataDir, 'dev')}`,
    CLERK_SECRET_KEY: clerk.secretKey,
    CLERK_API_URL: clerk.url,
    CLERK_ISSUER: clerk.issuer,
    CLERK_WEBHOOK_SIGNING_SECRET: webhookSecret,
    SMTP_URL: smtp.url,
    EMAIL_LINK_URL,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  },
  {
    logger: pino(
      { level: process.env.LOG_LEVEL ?? 'info' },
      pretty({ colorize: true, singleLine: true }),
    ),
  },
);

clerk.configureWebhook({ url: `${api.url}/webhooks/clerk`, secret: webhookSecret });

/**
 * True once /readyz answers 200. A failed request (a kept-alive connection the server closed
 * as it was reused, as happens on a loaded machine) is "not yet", not the end of the stack.
 */
async function isReady(): Promise<boolean> {
  try {
    const response = await fetch(`${api.url}/readyz`);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

// The embedded database starts in the background; print the curl once it answers.
while (!(await isReady())) await new Promise((r) => setTimeout(r, 200));

const userId =
  clerk.instance.findUserIdByEmail(DEV_USER) ??
  clerk.instance.createUser({ emailAddress: [DEV_USER], firstName: 'Dev' }).id;
const { token } = await clerk.mintToken({ userId, ttlSeconds: TOKEN_TTL_SECONDS });

process.stdout.write(`
Assetra is running.
  API           ${api.url}   (docs: ${api.url}/docs)
  Clerk stand-in ${clerk.url}
  Database      pglite:${join(dataDir, 'dev')}
  SMTP sink     ${smtp.url}   (sign-in links are printed here)

Try it (token valid for ${TOKEN_TTL_SECONDS / 60} minutes; a fresh one: npm run token -- ${DEV_USER}):

curl -s -X POST -H "Authorization: Bearer ${token}" ${api.url}/auth/bootstrap

`);

const shutdown = () => {
  void Promise.all([api.stop(), clerk.close(), smtp.close()]).then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
