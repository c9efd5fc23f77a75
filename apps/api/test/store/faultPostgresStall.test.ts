import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standInEnv } from '../support/api.js';
import { spawnApi, type ApiProcess } from '../support/apiProcess.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';
import { signInTo } from '../support/clerkUsers.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

const run = requireOrSkip('PostgreSQL', await postgresReachable());

const USERS = 12;
const FREEZE_AT_MS = 500;
const FREEZE_FOR_MS = 3_000;
/** Loops keep writing this long, then only until their last answer is a 200. */
const LOAD_MS = 4_000;
const LOOP_DEADLINE_MS = 15_000;

type Answer = { status: number; code?: string };

/**
 * Two API processes on one PostgreSQL database, instance A through a proxy that freezes its
 * connections and delivers what it held later: a partition that drops packets, or a pooler
 * holding a statement. A write the API answered 503 must never land after that answer, so
 * no acknowledged write is ever overwritten by an older one.
 */
describe.runIf(run)('PostgreSQL connections frozen, then released', () => {
  let database: { url: string; drop(): Promise<void> };
  let emulator: ClerkEmulator;
  const proxies: TcpProxy[] = [];
  const apis: ApiProcess[] = [];
  let direct: pg.Client;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    emulator = await startClerkEmulator();
    direct = new pg.Client({ connectionString: database.url });
    direct.on('error', () => undefined);
    await direct.connect();
    const target = new URL(database.url);
    const spawnBehindProxy = async () => {
      const proxy = await startTcpProxy(Number(target.port || 5432));
      const url = new URL(database.url);
      url.port = String(proxy.port);
      const api = await spawnApi({
        DATABASE_URL: url.toString(),
        ...standInEnv(emulator),
      });
      // Migrations done: the tests hold statements, not the first connection.
      for (let tries = 0; (await fetch(`${api.url}/readyz`)).status !== 200; tries += 1) {
        if (tries > 300) throw new Error('the API never became ready');
        await sleep(100);
      }
      return { proxy, api };
    };
    for (const { proxy, api } of await Promise.all([spawnBehindProxy(), spawnBehindProxy()])) {
      proxies.push(proxy);
      apis.push(api);
    }
  }, 90_000);

  afterAll(async () => {
    for (const proxy of proxies) proxy.release();
    await Promise.all(apis.map((api) => api.stop()));
    await direct.end();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await emulator.close();
    await database.drop();
  }, 30_000);

  const [A, B] = [0, 1];

  async function patch(instance: number, token: string, displayName: string): Promise<Answer> {
    const response = await fetch(`${apis[instance]!.url}/users/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName }),
    });
    const body = (await response.json()) as { code?: unknown };
    return { status: response.status, code: typeof body.code === 'string' ? body.code : undefined };
  }

  /** Freezes proxy A at `marker`; rejects if no such statement is sent within 5 s. */
  function freezeAt(marker: string): Promise<void> {
    const noSuch = sleep(5_000).then(() => {
      throw new Error(`no statement with ${marker} went through the proxy`);
    });
    return Promise.race([proxies[A]!.freezeAt(marker), noSuch]);
  }

  async function newUser() {
    const user = await signInTo(emulator);
    const bootstrap = await fetch(`${apis[B]!.url}/auth/bootstrap`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(bootstrap.status).toBe(201);
    return user;
  }

  async function displayNames(clerkUserIds: string[]): Promise<Map<string, string | null>> {
    const { rows } = await direct.query<{ clerk_user_id: string; display_name: string | null }>(
      'select clerk_user_id, display_name from users where clerk_user_id = any($1)',
      [clerkUserIds],
    );
    return new Map(rows.map((row) => [row.clerk_user_id, row.display_name]));
  }

  /** Everything held was delivered and no API connection is still inside a statement or transaction. */
  async function settled() {
    await expect
      .poll(
        async () => {
          const { rows } = await direct.query<{ state: string; query: string }>(
            `select state, query from pg_stat_activity where datname = current_database()
               and pid <> pg_backend_pid() and state <> 'idle'`,
          );
          return { held: proxies.map((proxy) => proxy.held()), busy: rows };
        },
        { timeout: 10_000, interval: 50 },
      )
      .toEqual({ held: [0, 0], busy: [] });
  }

  it('a COMMIT held until after its 503 does not commit', async () => {
    const user = await newUser();
    expect(await patch(B, user.token, 'before')).toMatchObject({ status: 200 });
    const trap = freezeAt('commit');

    const late = patch(A, user.token, 'late');
    await trap;
    expect(await late).toEqual({ status: 503, code: 'database_unavailable' });
    proxies[A]!.release();
    await settled();

    expect((await displayNames([user.userId])).get(user.userId)).toBe('before');
  }, 20_000);

  it('an UPDATE held until after its 503 neither overwrites the newer write acknowledged meanwhile nor is committed by the next request on its connection', async () => {
    const [x, y] = [await newUser(), await newUser()];
    const trap = freezeAt('set "display_name"');

    const older = patch(A, x.token, 'older');
    await trap;
    expect(await older).toEqual({ status: 503, code: 'database_unavailable' });
    expect(await patch(B, x.token, 'newer')).toMatchObject({ status: 200 });
    // Past the UPDATE's 2 s timeout and its ROLLBACK's, which waited behind it: the client
    // has given up on that connection altogether before the held UPDATE arrives.
    await sleep(2_500);
    proxies[A]!.release();
    expect(await patch(A, y.token, 'next')).toMatchObject({ status: 200 });
    await settled();

    expect(await displayNames([x.userId, y.userId])).toEqual(
      new Map([
        [x.userId, 'newer'],
        [y.userId, 'next'],
      ]),
    );
  }, 20_000);

  it('under writes through both instances, every user ends on their newest acknowledged value and none ever goes backwards', async () => {
    const users = await Promise.all(Array.from({ length: USERS }, () => newUser()));
    const ids = users.map(({ userId }) => userId);
    const started = Date.now();
    const answers: Answer[] = [];
    const seen = new Map<string, number[]>(ids.map((id) => [id, []]));
    const done = new AbortController();

    const sampling = (async () => {
      while (!done.signal.aborted) {
        for (const [id, name] of await displayNames(ids)) {
          if (name !== null) seen.get(id)?.push(Number(name.slice(1)));
        }
        await sleep(25);
      }
    })();
    /** v1, v2, … alternating instances; returns the newest value answered 200. */
    const loop = async (token: string) => {
      let acknowledged: string | undefined;
      for (let n = 1; Date.now() - started < LOOP_DEADLINE_MS; n += 1) {
        const answer = await patch(n % 2 === 0 ? A : B, token, `v${n}`);
        answers.push(answer);
        if (answer.status === 200) acknowledged = `v${n}`;
        if (Date.now() - started > LOAD_MS && answer.status === 200) break;
        await sleep(10);
      }
      return acknowledged;
    };
    let acknowledged: (string | undefined)[];
    try {
      const loops = Promise.all(users.map(({ token }) => loop(token)));
      await sleep(FREEZE_AT_MS);
      proxies[A]!.freeze();
      await sleep(FREEZE_FOR_MS);
      proxies[A]!.release();
      acknowledged = await loops;
      await settled();
    } finally {
      done.abort();
      await sampling;
    }

    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.filter((answer) => answer.code !== 'database_unavailable')).toEqual([]);
    const final = await displayNames(ids);
    for (const [k, id] of ids.entries()) {
      expect(final.get(id), id).toBe(acknowledged[k]);
      const values = seen.get(id) ?? [];
      expect(values, id).toEqual([...values].sort((a, b) => a - b));
    }
    expect(apis.map((api) => api.exit())).toEqual([null, null]);
  }, 40_000);
});
