import {
  MemoryStore,
  type ClientRateLimitInfo,
  type IncrementResponse,
  type Options,
  type Store,
} from 'express-rate-limit';
import type { Logger } from 'pino';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { createClient, type RedisClientType } from 'redis';
import { withTimeout } from '../timeout.js';

export type RedisClient = RedisClientType;

/** How long a rate-limit check may wait for Redis before the request is counted in memory. */
const COMMAND_TIMEOUT_MS = 500;
/** While Redis is failing, how often one request tries it again (besides its `ready` event). */
const RETRY_AFTER_FAILURE_MS = 1000;

/**
 * The one Redis client of a process. Commands fail at once while it is disconnected (no offline
 * queue) rather than wait; it reconnects forever, backing off to at most 1 s.
 */
export function createRedisClient(url: string): RedisClient {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000),
    },
  });
  // 'error' repeats on every reconnection attempt; without a listener it would crash the process.
  // What matters to rate limiting is logged by sharedCounts(), once per transition.
  client.on('error', () => undefined);
  return client;
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  withTimeout(promise, ms, () => {
    throw new Error(`Redis did not answer within ${ms} ms`);
  });

/** Shared counting through one Redis client, with the fallback state all its stores share. */
export type SharedCounts = { store(prefix: string): Store };

/**
 * Rate-limit stores that count in Redis, so every instance shares the limits, and count in
 * process memory whenever Redis fails or is slow: limiting never stops and a request never
 * fails or hangs because of Redis (express-rate-limit's `passOnStoreError` would let every
 * request through instead). One warning when counting falls back, one line when it is shared
 * again, however many limiters and requests there are.
 */
export function sharedCounts(client: RedisClient, logger: Logger): SharedCounts {
  let degraded = false;
  let retryAt = 0;
  /** While degraded, one request at a time tries Redis; the others count in memory meanwhile. */
  let probing = false;
  client.on('error', () => undefined);
  client.on('ready', () => {
    retryAt = 0;
  });

  async function run<T>(viaRedis: () => Promise<T>, inMemory: () => Promise<T>): Promise<T> {
    if (degraded && (probing || Date.now() < retryAt || !client.isReady)) return inMemory();
    // A stalled Redis keeps its connection "ready": without this, every request arriving after
    // the back-off would wait out the command timeout, not one.
    const probe = degraded;
    if (probe) probing = true;
    try {
      const result = await within(viaRedis(), COMMAND_TIMEOUT_MS);
      if (degraded) {
        degraded = false;
        logger.info('Redis is reachable again: rate limits are shared across instances');
      }
      return result;
    } catch (error) {
      retryAt = Date.now() + RETRY_AFTER_FAILURE_MS;
      if (!degraded) {
        degraded = true;
        logger.warn(
          { reason: error instanceof Error ? error.message : 'unknown' },
          'Redis is unreachable: rate limits are counted per process until it is back',
        );
      }
      return await inMemory();
    } finally {
      if (probe) probing = false;
    }
  }

  return { store: (prefix) => new FallbackStore(client, prefix, run) };
}

type Runner = <T>(viaRedis: () => Promise<T>, inMemory: () => Promise<T>) => Promise<T>;

class FallbackStore implements Store {
  readonly localKeys = false;
  private readonly redis: RedisStore;
  private readonly memory = new MemoryStore();
  private options: Options | undefined;
  private redisInit: Promise<void> | undefined;

  constructor(
    client: RedisClient,
    readonly prefix: string,
    private readonly run: Runner,
  ) {
    this.redis = new RedisStore({
      prefix,
      sendCommand: (...args: string[]) => client.sendCommand<RedisReply>(args),
    });
  }

  init(options: Options) {
    this.options = options;
    this.memory.init(options);
  }

  /**
   * RedisStore loads its Lua scripts in init() and keeps a failed load forever, so the load is
   * done here, lazily, and repeated after a failure (Redis was down at boot, or went away).
   */
  private async ready(): Promise<RedisStore> {
    const options = this.options;
    if (!options) throw new Error('the rate-limit store was used before init()');
    this.redisInit ??= this.redis.init(options).catch((error: unknown) => {
      this.redisInit = undefined;
      throw error;
    });
    await this.redisInit;
    return this.redis;
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.run(
      async () => (await this.ready()).increment(key),
      () => this.memory.increment(key),
    );
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.run(
      async () => (await this.ready()).get(key),
      () => this.memory.get(key),
    );
  }

  decrement(key: string): Promise<void> {
    return this.run(
      async () => (await this.ready()).decrement(key),
      () => this.memory.decrement(key),
    );
  }

  resetKey(key: string): Promise<void> {
    return this.run(
      async () => (await this.ready()).resetKey(key),
      () => this.memory.resetKey(key),
    );
  }

  shutdown() {
    this.memory.shutdown();
  }
}
