import { createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { UserRecord } from '../src/store/port.js';
import { buildServer, type BuiltServer } from './apps.js';
import type { Fill, FromServer, ServerKind, ToServer } from './protocol.js';

/**
 * One server under test, as its own process: `fork('server.ts', [kind])`. It measures its own
 * CPU (process.cpuUsage) between the coordinator's `begin` and `end`, and counts the requests
 * that arrived meanwhile; nothing it does for the coordinator goes over HTTP.
 */
const kind = process.argv[2] as ServerKind;
const pem = process.env.BENCH_PEM ?? '';

function send(message: FromServer) {
  process.send?.(message);
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function syntheticUser(i: number): UserRecord {
  const at = new Date();
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    clerkUserId: `user_fill_${i}`,
    email: `fill${i}@example.com`,
    displayName: null,
    subscriptionStatus: 'free',
    entitlements: [],
    subscriptionExpiresAt: null,
    isActive: true,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
}

/**
 * RSS after `count` distinct tokens, users and sessions went through the caches. Synthetic
 * entries through the caches' own `set`/lookup (1M RSA signatures would take ~20 min to mint):
 * realistic ~700-character token strings, one record per user.
 */
async function fill(server: BuiltServer, count: number): Promise<Fill> {
  gc();
  const rssBeforeBytes = process.memoryUsage().rss;
  const body = 'eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc19iZW5jaCIsInR5cCI6IkpXVCJ9.'.padEnd(690, 'x');
  const far = Date.now() + 3_600_000;
  const key = createPublicKey(pem);
  for (let i = 0; i < count; i += 1) {
    server.tokenCache?.set(`${body}${i}`, {
      session: {
        clerkUserId: `user_fill_${i}`,
        sessionId: `sess_fill_${i}`,
        fva: null,
        email: undefined,
      },
      expMs: far,
      notBeforeMs: 0,
      key,
    });
    void server.accountCache?.user(`user_fill_${i}`, () => Promise.resolve(syntheticUser(i)));
    void server.accountCache?.sessionRevoked(`sess_fill_${i}`, () => Promise.resolve(false));
    if (i % 50_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  // Let V8 finish sweeping and hand free pages back before reading RSS.
  for (let i = 0; i < 3; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    gc();
  }
  const after = process.memoryUsage();
  return {
    count,
    rssAtStartBytes,
    rssBeforeBytes,
    rssAfterBytes: after.rss,
    heapUsedAfterBytes: after.heapUsed,
    tokenCache: { size: server.tokenCache?.size ?? 0, bytes: server.tokenCache?.weight ?? 0 },
    accountCache: server.accountCache?.size ?? { users: 0, sessions: 0 },
  };
}

let rssAtStartBytes = 0;

async function main() {
  const server = await buildServer(kind, pem);
  const http = server.server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    http.once('listening', resolve);
    http.once('error', reject);
  });
  rssAtStartBytes = process.memoryUsage().rss;
  let requests = 0;
  http.on('request', () => {
    requests += 1;
  });
  let cpuAtBegin = process.cpuUsage();

  process.on('message', (message: ToServer) => {
    void (async () => {
      switch (message.type) {
        case 'begin':
          requests = 0;
          cpuAtBegin = process.cpuUsage();
          send({ type: 'begun' });
          break;
        case 'end': {
          const cpu = process.cpuUsage(cpuAtBegin);
          const rssBytes = process.memoryUsage().rss;
          send({ type: 'window', window: { cpuUs: cpu.user + cpu.system, requests, rssBytes } });
          break;
        }
        case 'count':
          send({ type: 'counted', users: (await server.countUsers?.(message.prefix)) ?? -1 });
          break;
        case 'fill':
          send({ type: 'filled', fill: await fill(server, message.count) });
          break;
        case 'stop':
          http.closeAllConnections();
          http.close();
          await server.close?.();
          process.exit(0);
      }
    })().catch((error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    });
  });
  const { port } = http.address() as AddressInfo;
  send({ type: 'ready', url: `http://127.0.0.1:${port}` });
}

process.on('disconnect', () => process.exit(0));
main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
