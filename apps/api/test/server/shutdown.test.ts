import { startClerkEmulator } from '@assetra/clerk-emulator';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';
import { startApi } from '../support/api.js';
import { startTcpProxy } from '../support/tcpProxy.js';

const run = requireOrSkip('PostgreSQL', await postgresReachable());

/** The contract's bound on shutdown, and how much later this test gives up waiting. */
const SHUTDOWN_LIMIT_MS = 10_000;
const GIVE_UP_MS = 2 * SHUTDOWN_LIMIT_MS;

describe.runIf(run)('graceful shutdown', () => {
  it('finishes within its 10 s limit even when closing the database hangs', async () => {
    const database = await createPostgresDatabase();
    const tcp = await startTcpProxy(Number(new URL(database.url).port || 5432));
    const proxied = new URL(database.url);
    proxied.host = `127.0.0.1:${String(tcp.port)}`;
    const emulator = await startClerkEmulator();
    const server = await startApi({ emulator, env: { DATABASE_URL: proxied.toString() } });

    try {
      const { token } = await server.signIn();
      const bootstrap = await fetch(`${server.url}/auth/bootstrap`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      tcp.stall(); // the database stops answering: closing its connections never completes
      const outcome = await Promise.race([
        server.close().then(() => 'stopped'),
        new Promise((resolve) => setTimeout(resolve, GIVE_UP_MS, 'still stopping')),
      ]);

      expect(bootstrap.status).toBe(201);
      expect(outcome).toBe('stopped');
      expect(server.logs.join('')).toContain('shutdown deadline passed');
    } finally {
      tcp.restore();
      await tcp.close();
      await emulator.close();
      await database.drop();
    }
  }, 60_000);
});
