import type { ClerkEmulator } from '@assetra/clerk-emulator';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { pgliteSnapshot } from './snapshots.js';

export type ServerHarness = RunningServer & { logs: string[] };

/**
 * The real `startServer` (server.ts: config, store, listen) on a loopback port, in this
 * process, its pino lines captured. For what the harness in api.ts bypasses: server options,
 * middleware wired from the environment, `openStore`.
 */
export async function startServerWith(
  emulator: ClerkEmulator,
  env: Record<string, string> = {},
): Promise<ServerHarness> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const settings = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: 'pglite:memory',
    CLERK_SECRET_KEY: emulator.secretKey,
    CLERK_API_URL: emulator.url,
    CLERK_ISSUER: emulator.issuer,
    CLERK_JWT_KEY: emulator.publicKeyPem,
    LOG_LEVEL: 'debug',
    ...env,
  };
  const running = await startServer(settings, {
    logger: createLogger(settings.LOG_LEVEL, sink),
    pgliteSnapshot: pgliteSnapshot(),
  });
  return { ...running, logs };
}

let users = 0;

/** A user of the stand-in and a fresh session token for them. */
export async function signInTo(
  emulator: ClerkEmulator,
  email = `u${Date.now()}-${++users}@example.com`,
) {
  const user = emulator.instance.createUser({ emailAddress: [email] });
  const session = emulator.instance.createSession({ userId: user.id });
  const { token } = await emulator.mintToken({ userId: user.id, sessionId: session.id });
  return { userId: user.id, sessionId: session.id, token };
}
