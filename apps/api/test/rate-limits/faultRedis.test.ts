import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../src/middleware/rateLimitStore.js';
import { startApi, type ApiHarness } from '../support/api.js';
import { requireOrSkip } from '../support/databases.js';
import { redisReachable, redisUrl } from '../support/redis.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { useApi } from '../support/useApi.js';

const run = requireOrSkip('Redis', await redisReachable());

/** The per-user limit both apps share through Redis. */
const L = 8;

describe.runIf(run)('Redis cut and restored under load', () => {
  const { store, emulator } = useApi({ database: 'test', shared: false });
  let proxy: TcpProxy;
  let viaProxy: RedisClient;
  let straight: RedisClient;
  /** Counts through the proxy (the one that loses Redis). */
  let cutOff: ApiHarness;
  /** Counts in Redis directly: a second instance sharing the limits. */
  let peer: ApiHarness;

  beforeAll(async () => {
    const target = new URL(redisUrl());
    proxy = await startTcpProxy(Number(target.port || 6379));
    const proxied = new URL(redisUrl());
    proxied.host = `127.0.0.1:${proxy.port}`;
    viaProxy = createRedisClient(proxied.toString());
    straight = createRedisClient(redisUrl());
    await Promise.all([viaProxy.connect(), straight.connect()]);
    const rateLimitPrefix = `rl-fault-${randomBytes(4).toString('hex')}:`;
    const env = {
      RATE_LIMIT_USER_MAX: String(L),
      RATE_LIMIT_IP_MAX: '1000000',
      RATE_LIMIT_AUTH_MAX: '1000000',
    };
    // Not start(): both live for the whole block, and stop before their Redis clients.
    cutOff = await startApi({ store, emulator, env, redis: viaProxy, rateLimitPrefix });
    peer = await startApi({ store, emulator, env, redis: straight, rateLimitPrefix });
    const { token } = await cutOff.signIn();
    await cutOff.request('/auth/bootstrap', { method: 'POST', token }); // migrations, off the clock
  });

  afterAll(async () => {
    proxy.restore();
    await peer.close();
    await cutOff.close();
    viaProxy.destroy();
    straight.destroy();
    await proxy.close();
  });

  /** 2 × L requests of a fresh user, alternating over `apps`, one at a time. */
  async function burst(apps: ApiHarness[]) {
    const { token } = await cutOff.signIn();
    const answers: { status: number; ms: number }[] = [];
    for (let i = 0; i < 2 * L; i += 1) {
      const started = performance.now();
      const response = await apps[i % apps.length]!.request('/users/me', { token });
      await response.body?.cancel();
      answers.push({ status: response.status, ms: performance.now() - started });
    }
    return answers;
  }

  const statuses = (answers: { status: number }[]) => answers.map((answer) => answer.status);
  const expected = [...Array<number>(L).fill(200), ...Array<number>(L).fill(429)];

  it('keeps serving with per-process limits during the cut, then shares them again without a restart', async () => {
    const before = await burst([cutOff, peer]);

    proxy.cut();
    const during = await burst([cutOff]);
    const duringPeer = await burst([peer]);
    proxy.restore();
    await expect.poll(() => viaProxy.isReady, { timeout: 10_000 }).toBe(true);
    const after = await burst([cutOff, peer]);

    expect(statuses(before)).toEqual(expected);
    expect(statuses(during)).toEqual(expected);
    expect(statuses(duringPeer)).toEqual(expected);
    expect(Math.max(...during.map((answer) => answer.ms))).toBeLessThan(2_000);
    expect(statuses(after)).toEqual(expected);
    const logs = cutOff.logs.join('');
    expect(logs).toContain('Redis is unreachable');
    expect(logs).toContain('Redis is reachable again');
  });
});
