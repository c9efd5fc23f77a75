import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/app.js';
import { createHttpServer } from '../../src/httpServer.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { RedisClient } from '../../src/middleware/rateLimitStore.js';
import { startServer } from '../../src/server.js';
import type { AccountCache } from '../../src/services/accountCache.js';
import { createClerkGateway, type ClerkGateway } from '../../src/services/clerk.js';
import { jwksKeySource, staticKeySource, type KeySource } from '../../src/services/jwks.js';
import type { Store } from '../../src/store/port.js';
import { signInTo, type SignedIn } from './clerkUsers.js';
import { logSink } from './logs.js';
import { pgliteSnapshot } from './snapshots.js';

export type ApiHarness = {
  url: string;
  emulator: ClerkEmulator;
  /** Every pino line so far (LOG_LEVEL debug). */
  logs: string[];
  /** fetch against the API with an optional bearer token. */
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  /** A new Clerk user (and session token) in the stand-in. */
  signIn(email?: string, options?: { fva?: [number, number] }): Promise<SignedIn>;
  /** Stops the API (as SIGTERM would when it runs through `startServer`). */
  close(): Promise<void>;
};

export type HarnessOptions = {
  /**
   * The store the app runs on: the app is composed here, so the options below can inject a
   * clock, keys, Redis or a cache. Without a store, the real `startServer` (src/server.ts)
   * composes it from `env` alone (DATABASE_URL, default `pglite:memory` from the snapshot;
   * REDIS_URL…), for what that composition does: server options, `openStore`, shutdown.
   */
  store?: Store;
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
  /**
   * Default: production's (createApp's own, DEFAULT_ACCOUNT_CACHE_TTL_MS), so tests run the
   * cached path production serves. A test that needs it off passes
   * `createAccountCache({ ttlMs: 0 })` and says why at the call (none does today).
   */
  accountCache?: AccountCache;
  /** Wraps the real Clerk gateway (to make one call fail, say). */
  clerk?: (real: ClerkGateway) => ClerkGateway;
};

/**
 * The API's settings for the Clerk stand-in, as every test starts it (in-process or with
 * spawnApi): its keys and URLs, and rate limits out of the way, since every test client is
 * 127.0.0.1; limits only apply where a test sets them.
 */
export function standInEnv(emulator: ClerkEmulator, keys: 'pem' | 'jwks' = 'pem') {
  return {
    CLERK_SECRET_KEY: emulator.secretKey,
    CLERK_API_URL: emulator.url,
    CLERK_ISSUER: emulator.issuer,
    ...(keys === 'jwks' ? {} : { CLERK_JWT_KEY: emulator.publicKeyPem }),
    RATE_LIMIT_IP_MAX: '1000000',
    RATE_LIMIT_AUTH_MAX: '1000000',
    RATE_LIMIT_USER_MAX: '1000000',
  };
}

/** The environment both ways of starting the API in-process share; `options.env` on top. */
function environment(emulator: ClerkEmulator, options: HarnessOptions): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: 'pglite:memory',
    LOG_LEVEL: 'debug',
    ...standInEnv(emulator, options.keys),
    ...options.env,
  };
}

type Listening = { url: string; stop(): Promise<void> };

/** The app composed here from `options`, on a loopback port. */
async function listenWith(
  store: Store,
  config: Config,
  emulator: ClerkEmulator,
  options: HarnessOptions,
  sink: ReturnType<typeof logSink>['sink'],
): Promise<Listening> {
  const keys =
    options.keySource?.(emulator) ??
    (config.clerk.jwtKey
      ? staticKeySource(config.clerk.jwtKey)
      : jwksKeySource({ apiUrl: emulator.url, secretKey: emulator.secretKey }));
  const app = createApp({
    config,
    store,
    clerk: (options.clerk ?? ((real) => real))(
      createClerkGateway({ apiUrl: emulator.url, secretKey: emulator.secretKey }),
    ),
    keys,
    logger: createLogger(config.logLevel, sink),
    now: options.now,
    redis: options.redis,
    rateLimitPrefix: options.rateLimitPrefix,
    accountCache: options.accountCache,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = createHttpServer(app).listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/**
 * The real app on a loopback port, in this process, in front of the Clerk stand-in (its own
 * unless `options.emulator`), its log lines captured: the one way tests start it in-process
 * (`apiProcess.ts` starts it as a process). Files use it through `useApi()` (useApi.ts).
 */
export async function startApi(options: HarnessOptions = {}): Promise<ApiHarness> {
  const emulator = options.emulator ?? (await startClerkEmulator());
  const env = environment(emulator, options);
  const { logs, sink } = logSink();
  const listening: Listening = options.store
    ? await listenWith(options.store, loadConfig(env), emulator, options, sink)
    : await startServer(env, {
        logger: createLogger(env.LOG_LEVEL ?? 'debug', sink),
        pgliteSnapshot: pgliteSnapshot(),
      });
  const { url } = listening;

  return {
    url,
    emulator,
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
    signIn: (email, signInOptions) => signInTo(emulator, email, signInOptions),
    async close() {
      await listening.stop();
      if (!options.emulator) await emulator.close();
    },
  };
}
