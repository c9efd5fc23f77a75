import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisClient, type RedisClient } from '../../src/middleware/rateLimitStore.js';
import { startApi, type ApiHarness } from '../support/api.js';
import { requireOrSkip } from '../support/databases.js';
import { redisReachable, redisUrl } from '../support/redis.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { useApi } from '../support/useApi.js';

const run = requireOrSkip('Redis', await redisReachable());

/** This file's keys: unique per run, so parallel files and earlier runs never collide. */
const RUN_PREFIX = `test:hardening:${randomUUID()}:`;
const UNREACHABLE = 'Redis is unreachable: rate limits are counted per process until it is back';
const BACK = 'Redis is reachable again: rate limits are shared across instances';

describe.runIf(run)('rate limits shared through Redis', () => {
  // No API of the block's own: each test starts its apps (app()) on its own Redis clients.
  const { store, emulator } = useApi({ shared: false });
  let admin: RedisClient;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    admin = createRedisClient(redisUrl());
    await admin.connect();
  });

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  afterAll(async () => {
    const keys = await admin.keys(`${RUN_PREFIX}*`);
    if (keys.length > 0) await admin.del(keys);
    admin.destroy();
  });

  async function client(url = redisUrl(), connected = true): Promise<RedisClient> {
    const redis = createRedisClient(url);
    cleanup.push(() => {
      if (redis.isOpen) redis.destroy();
      return Promise.resolve();
    });
    if (connected) await redis.connect();
    else void redis.connect().catch(() => undefined);
    return redis;
  }

  async function app(redis: RedisClient, prefix: string, ipMax: number): Promise<ApiHarness> {
    const started = await startApi({
      store,
      emulator,
      redis,
      rateLimitPrefix: prefix,
      env: { RATE_LIMIT_IP_MAX: String(ipMax) },
    });
    cleanup.push(() => started.close());
    return started;
  }

  async function proxy(): Promise<TcpProxy> {
    const started = await startTcpProxy(Number(new URL(redisUrl()).port || 6379));
    cleanup.push(() => started.close());
    return started;
  }

  const proxied = (tcp: TcpProxy) => {
    const url = new URL(redisUrl());
    url.port = String(tcp.port);
    return url.toString();
  };

  /** Status and duration of one request, its body drained. */
  async function timed(api: ApiHarness) {
    const started = performance.now();
    const response = await api.request('/openapi.json');
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  }

  const sharedCount = async (prefix: string) =>
    Number((await admin.get(`${prefix}ip:127.0.0.1`)) ?? 0);

  /** One more request through `api`, then the count Redis holds: it grows once sharing resumes. */
  const countAfterRequest = async (api: ApiHarness, prefix: string) => {
    await timed(api);
    return sharedCount(prefix);
  };

  const logged = (api: ApiHarness, message: string) =>
    api.logs.filter((line) => (JSON.parse(line) as { msg?: string }).msg === message).length;

  it('lets two instances together through no more than the limit', async () => {
    const prefix = `${RUN_PREFIX}shared:`;
    const a = await app(await client(), prefix, 4);
    const b = await app(await client(), prefix, 4);

    const seen: number[] = [];
    for (let i = 0; i < 8; i += 1) seen.push((await timed(i % 2 === 0 ? a : b)).status);

    expect(seen).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    expect(await sharedCount(prefix)).toBe(8);
  });

  it('keeps answering per process when Redis goes away, warns once, and shares again when it is back', async () => {
    const prefix = `${RUN_PREFIX}outage:`;
    const tcp = await proxy();
    const a = await app(await client(proxied(tcp)), prefix, 6);
    const b = await app(await client(), prefix, 6);
    const before = [await timed(a), await timed(a)];

    tcp.cut();
    const during: { status: number; ms: number }[] = [];
    for (let i = 0; i < 8; i += 1) during.push(await timed(a));
    const countDuring = await sharedCount(prefix);
    tcp.restore();
    await expect
      .poll(() => countAfterRequest(a, prefix), { timeout: 10_000, interval: 200 })
      .toBeGreaterThan(2);
    const counted = await sharedCount(prefix);
    const fromB: number[] = [];
    for (let i = 0; i < 8 && fromB.at(-1) !== 429; i += 1) fromB.push((await timed(b)).status);

    expect(before.map((answer) => answer.status)).toEqual([200, 200]);
    expect(during.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    for (const answer of during) expect(answer.ms).toBeLessThan(1500);
    expect(countDuring).toBe(2);
    expect(logged(a, UNREACHABLE)).toBe(1);
    expect(logged(a, BACK)).toBe(1);
    expect(logged(b, UNREACHABLE)).toBe(0);
    expect(fromB.filter((status) => status === 200)).toHaveLength(Math.max(6 - counted, 0));
    expect(fromB.at(-1)).toBe(429);
  });

  it('lets one request at a time probe a stalled Redis after the back-off; the others count in memory at once', async () => {
    const prefix = `${RUN_PREFIX}stall:`;
    const tcp = await proxy();
    const redis = await client(proxied(tcp));
    const a = await app(redis, prefix, 1000);
    await timed(a);
    tcp.stall();
    await timed(a); // waits out the command timeout: counting falls back to memory
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // past the 1 s back-off
    const sent = vi.spyOn(redis, 'sendCommand');

    const burst = await Promise.all(Array.from({ length: 20 }, () => timed(a)));
    const probes = sent.mock.calls.length;
    tcp.restore();
    const sharedAgain = async () => {
      await timed(a);
      return logged(a, BACK);
    };
    await expect.poll(sharedAgain, { timeout: 10_000, interval: 200 }).toBe(1);

    expect(burst.map((answer) => answer.status)).toEqual(Array<number>(20).fill(200));
    expect(redis.isReady).toBe(true); // a stall, not a disconnection: nothing else held them back
    expect(probes).toBe(1);
    expect(logged(a, UNREACHABLE)).toBe(1);
  });

  it('starts while Redis is unreachable, limits per process, then shares once it answers', async () => {
    const prefix = `${RUN_PREFIX}boot:`;
    const tcp = await proxy();
    tcp.cut();
    const a = await app(await client(proxied(tcp), false), prefix, 3);

    const during: { status: number; ms: number }[] = [];
    for (let i = 0; i < 4; i += 1) during.push(await timed(a));
    tcp.restore();
    await expect
      .poll(() => countAfterRequest(a, prefix), { timeout: 10_000, interval: 200 })
      .toBeGreaterThan(0);

    expect(during.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    for (const answer of during) expect(answer.ms).toBeLessThan(1500);
    expect(logged(a, UNREACHABLE)).toBe(1);
    expect(logged(a, BACK)).toBe(1);
  });
});
