import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app.js';
import { createHttpServer } from '../../src/httpServer.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { RedisClient } from '../../src/middleware/rateLimitStore.js';
import { createAccountCache, type AccountCache } from '../../src/services/accountCache.js';
import { createClerkGateway, type ClerkGateway } from '../../src/services/clerk.js';
import { jwksKeySource, staticKeySource, type KeySource } from '../../src/services/jwks.js';
import type { Store } from '../../src/store/port.js';

export type ApiHarness = {
  url: string;
  emulator: ClerkEmulator;
  store: Store;
  logs: string[];
  /** fetch against the API with an optional bearer token. */
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  /** A new Clerk user (and session token) in the stand-in. */
  signIn(
    email?: string,
    options?: { fva?: [number, number] },
  ): Promise<{ userId: string; token: string; sessionId: string }>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  store: Store;
  /** `pem`: CLERK_JWT_KEY (networkless); `jwks`: keys from the stand-in's Backend API. */
  keys?: 'pem' | 'jwks';
  env?: Record<string, string>;
  emulator?: ClerkEmulator;
  keySource?: (emulator: ClerkEmulator) => KeySource;
  /** The app's clock (`AppDeps.now`), for tests that move time forward. */
  now?: () => number;
  /** A Redis client (connected by the test, closed by it) for shared rate limits. */
  redis?: RedisClient;
  /** Namespace of this app's rate-limit keys in Redis, unique per test. */
  rateLimitPrefix?: string;
  /** Default: disabled (TTL 0), so a test's raw SQL is seen by the very next request. */
  accountCache?: AccountCache;
  /** Wraps the real Clerk gateway (to make one call fail, say). */
  clerk?: (real: ClerkGateway) => ClerkGateway;
};

let emailCounter = 0;

/** The real app on a loopback port, in front of a real store and the Clerk stand-in. */
export async function startApi(options: HarnessOptions): Promise<ApiHarness> {
  const emulator = options.emulator ?? (await startClerkEmulator());
  const config = loadConfig({
    NODE_ENV: 'test',
    CLERK_SECRET_KEY: emulator.secretKey,
    CLERK_API_URL: emulator.url,
    CLERK_ISSUER: emulator.issuer,
    ...(options.keys === 'jwks' ? {} : { CLERK_JWT_KEY: emulator.publicKeyPem }),
    LOG_LEVEL: 'debug',
    // Every test client is 127.0.0.1: limits only apply where a test sets them in `env`.
    RATE_LIMIT_IP_MAX: '1000000',
    RATE_LIMIT_AUTH_MAX: '1000000',
    RATE_LIMIT_USER_MAX: '1000000',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const keys =
    options.keySource?.(emulator) ??
    (config.clerk.jwtKey
      ? staticKeySource(config.clerk.jwtKey)
      : jwksKeySource({ apiUrl: emulator.url, secretKey: emulator.secretKey }));
  const app = createApp({
    config,
    store: options.store,
    clerk: (options.clerk ?? ((real) => real))(
      createClerkGateway({ apiUrl: emulator.url, secretKey: emulator.secretKey }),
    ),
    keys,
    logger: createLogger(config.logLevel, sink),
    now: options.now,
    redis: options.redis,
    rateLimitPrefix: options.rateLimitPrefix,
    accountCache: options.accountCache ?? createAccountCache({ ttlMs: 0 }),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = createHttpServer(app).listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    emulator,
    store: options.store,
    logs,
    request(path, init = {}) {
      const { token, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, {
        ...rest,
        headers,
        body: json === undefined ? rest.body : JSON.stringify(json),
      });
    },
    async signIn(email = `user${++emailCounter}-${Date.now()}@example.com`, signInOptions = {}) {
      const user = emulator.instance.createUser({ emailAddress: [email] });
      const session = emulator.instance.createSession({
        userId: user.id,
        factorAgeMinutes: signInOptions.fva,
      });
      const { token } = await emulator.mintToken({ userId: user.id, sessionId: session.id });
      return { userId: user.id, token, sessionId: session.id };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      if (!options.emulator) await emulator.close();
    },
  };
}
