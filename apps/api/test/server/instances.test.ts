import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standInEnv } from '../support/api.js';
import { spawnApi, type ApiProcess } from '../support/apiProcess.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';
import { redisReachable, redisUrl } from '../support/redis.js';
import { signInTo } from '../support/clerkUsers.js';
import { parse } from '../support/logs.js';
import { WEBHOOK_SECRET, clerkUserEvent, svixHeaders } from '../support/svix.js';

const run =
  requireOrSkip('PostgreSQL', await postgresReachable()) &&
  requireOrSkip('Redis', await redisReachable());

/** The per-user limit part (a) shares between two instances. */
const L = 10;
const UNLIMITED = '1000000';

describe.runIf(run)('two API processes sharing PostgreSQL and Redis', () => {
  let database: { url: string; drop(): Promise<void> };
  let sql: pg.Client;
  let emulator: ClerkEmulator;
  /** Limits out of the way: provisioning and webhooks. */
  let open: ApiProcess[] = [];
  /** RATE_LIMIT_USER_MAX = L, shared through Redis. */
  let limited: ApiProcess[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    emulator = await startClerkEmulator();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl(),
      ...standInEnv(emulator),
      CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
    };
    const spawned = await Promise.allSettled([
      spawnApi({ ...env, RATE_LIMIT_USER_MAX: UNLIMITED }),
      spawnApi({ ...env, RATE_LIMIT_USER_MAX: UNLIMITED }),
      spawnApi({ ...env, RATE_LIMIT_USER_MAX: String(L) }),
      spawnApi({ ...env, RATE_LIMIT_USER_MAX: String(L) }),
    ]);
    const started = spawned.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    );
    open = started.slice(0, 2);
    limited = started.slice(2);
    const failed = spawned.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...open, ...limited].map((api) => api.stop()));
    await sql.end();
    await emulator.close();
    await database.drop();
  }, 30_000);

  const on = (instances: ApiProcess[], i: number) => instances[i % instances.length]!.url;
  const count = async (query: string, params: unknown[]) =>
    Number((await sql.query<{ n: string }>(query, params)).rows[0]?.n);

  it('(b) creates one user from 40 concurrent first requests spread across both', async () => {
    const { userId, token } = await signInTo(emulator);

    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${on(open, i)}/auth/bootstrap`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
      user: { id: string };
      created: boolean;
    }[];

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(39);
    expect(bodies.filter((body) => body.created)).toHaveLength(1);
    expect(new Set(bodies.map((body) => body.user.id)).size).toBe(1);
    expect(await count('select count(*) n from users where clerk_user_id = $1', [userId])).toBe(1);
    expect(
      await count(
        'select count(*) n from portfolios p join users u on u.id = p.user_id where u.clerk_user_id = $1',
        [userId],
      ),
    ).toBe(1);
  });

  it('(c) applies one webhook delivered to both at once exactly once', async () => {
    const clerkUserId = `user_multi${Date.now()}`;
    const svixId = `msg_multi${Date.now()}`;
    const body = clerkUserEvent('user.created', {
      id: clerkUserId,
      email: 'multi@example.com',
      updatedAt: Date.now(),
    });
    const headers = svixHeaders(body, { id: svixId });

    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${on(open, i)}/webhooks/clerk`, { method: 'POST', headers, body }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    const outcomes = () =>
      open
        .flatMap((api) => api.logs.map(parse))
        .filter((entry) => entry?.msg === 'clerk webhook' && entry.svixId === svixId)
        .map((entry) => entry?.outcome);
    await expect.poll(() => outcomes().length, { timeout: 5_000 }).toBe(8);
    expect(outcomes().filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(outcomes().filter((outcome) => outcome === 'duplicate')).toHaveLength(7);
    expect(
      await count('select count(*) n from processed_webhooks where event_id = $1', [svixId]),
    ).toBe(1);
    expect(
      await count('select count(*) n from users where clerk_user_id = $1', [clerkUserId]),
    ).toBe(1);
  });

  it(`(a) lets at most ${L} requests of one user through per window across both instances`, async () => {
    const { token } = await signInTo(emulator);
    const statuses: number[] = [];
    const refusals: Response[] = [];

    // Alternating, one at a time: per-process counting would let 2 × L through.
    for (let i = 0; i < 3 * L; i += 1) {
      const response = await fetch(`${on(limited, i)}/users/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      statuses.push(response.status);
      if (response.status === 429) refusals.push(response);
      else await response.body?.cancel();
    }

    expect(statuses.slice(0, L)).toEqual(Array(L).fill(200));
    expect(statuses.slice(L)).toEqual(Array(2 * L).fill(429));
    expect(refusals[0]?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refusals[0]?.json()).toMatchObject({ code: 'rate_limited', status: 429 });
  });
});
