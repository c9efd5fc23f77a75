import { pathToFileURL } from 'node:url';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { createHttpServer } from './httpServer.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createRedisClient, type RedisClient } from './middleware/rateLimitStore.js';
import { createClerkGateway } from './services/clerk.js';
import { jwksKeySource, noKeySource, staticKeySource, type KeySource } from './services/jwks.js';
import { openStore, connectionTarget } from './store/index.js';
import { withTimeout } from './timeout.js';

const SHUTDOWN_GRACE_MS = 10_000;
const REDIS_BOOT_WAIT_MS = 1000;

function keySource(config: Config): KeySource {
  if (config.clerk.jwtKey) return staticKeySource(config.clerk.jwtKey);
  if (config.clerk.secretKey)
    return jwksKeySource({ apiUrl: config.clerk.apiUrl, secretKey: config.clerk.secretKey });
  return noKeySource;
}

/**
 * Connects in the background: the API listens, limiting per process, even while Redis is down,
 * and the client keeps reconnecting (its commands fail fast meanwhile, see rateLimitStore.ts).
 * Listening waits up to 1 s for it, so a healthy boot does not start with per-process counts.
 */
async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = createRedisClient(url);
  logger.info({ redis: connectionTarget(url) }, 'rate limits shared through Redis');
  const connected = client.connect().then(
    () => undefined,
    (error: unknown) => {
      logger.warn({ reason: error instanceof Error ? error.message : 'unknown' }, 'Redis closed');
    },
  );
  await withTimeout(connected, REDIS_BOOT_WAIT_MS, () => undefined);
  return client;
}

export type RunningServer = { server: Server; url: string; stop(): Promise<void> };

/**
 * config → store → listen → graceful shutdown. Exported so `npm run dev` can run it in-process.
 * Without `env`, loadConfig reads the process's environment. `pgliteSnapshot`: what
 * `pglite:memory` starts from (`OpenStoreOptions`); tests pass a migrated one.
 */
export async function startServer(
  env?: NodeJS.ProcessEnv,
  options: { logger?: Logger; pgliteSnapshot?: Blob } = {},
): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = options.logger ?? createLogger(config.logLevel);
  if (config.databaseDefaulted)
    logger.warn('DATABASE_URL is not set: using an in-memory database (pglite:memory)');
  if (config.clerk.authorizedParties.length === 0)
    logger.warn('CLERK_AUTHORIZED_PARTIES is not set: azp is not checked');
  if (!config.clerk.jwtKey && !config.clerk.secretKey) {
    logger.warn('neither CLERK_JWT_KEY nor CLERK_SECRET_KEY is set: every token will be refused');
  }
  const store = await openStore(config.databaseUrl, {
    logger,
    pgliteSnapshot: options.pgliteSnapshot,
  });
  logger.info({ database: connectionTarget(config.databaseUrl), kind: store.kind }, 'store opened');
  const clerk = createClerkGateway({
    apiUrl: config.clerk.apiUrl,
    secretKey: config.clerk.secretKey,
  });
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  const app = createApp({ config, store, clerk, keys: keySource(config), logger, redis });

  const server = createHttpServer(app).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch((error: unknown) => {
    // Its reconnection timers would keep a process that cannot listen alive.
    if (redis?.isOpen) redis.destroy();
    throw error;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url }, 'listening');
  // Log lines are buffered (logger.ts); whoever waits for this one should not wait a second.
  logger.flush();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      // The deadline covers the whole shutdown, closing the database included: past it,
      // connections are cut and stop() resolves (main() exits) whatever still hangs.
      const graceful = (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeIdleConnections();
        });
        // destroy, not close: nothing is in flight any more, and close() could wait on a dead link.
        if (redis?.isOpen) redis.destroy();
        await store.close();
      })();
      // Failing before the deadline, stop() rejects; after it, there is no one left to tell.
      await withTimeout(graceful, SHUTDOWN_GRACE_MS, () => {
        logger.warn('shutdown deadline passed: connections cut, not waiting any longer');
        server.closeAllConnections();
      });
      logger.flush();
    })());
  return { server, url, stop };
}

async function main() {
  try {
    const running = await startServer();
    const onSignal = () => {
      void running.stop().then(() => process.exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  } catch (error) {
    // Before the logger exists: name the bad variables, never their values.
    process.stderr.write(`${error instanceof ConfigError ? error.message : 'failed to start'}\n`);
    if (!(error instanceof ConfigError)) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
