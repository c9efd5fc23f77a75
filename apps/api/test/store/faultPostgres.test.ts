import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standInEnv } from '../support/api.js';
import { spawnApi, type ApiProcess } from '../support/apiProcess.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';
import { signInTo } from '../support/clerkUsers.js';
import { WEBHOOK_SECRET, clerkUserEvent, svixHeaders } from '../support/svix.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

const run = requireOrSkip('PostgreSQL', await postgresReachable());

const LOOPS = 4;
const CUT_AT_MS = 1_000;
const CUT_FOR_MS = 1_000;
/** Loops keep writing this long, then only until their last answer is a 2xx. */
const LOAD_MS = 3_000;
const DEADLINE_MS = 20_000;

type Answer = { status: number; code?: string; ms: number; at: number };

/**
 * The API runs as its own process, its PostgreSQL reached through a proxy the test cuts: a
 * crash (an error event nobody listens to) shows as the process exiting, not as noise in
 * the test runner.
 */
describe.runIf(run)('PostgreSQL cut and restored under load', () => {
  let database: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let emulator: ClerkEmulator;
  let api: ApiProcess | undefined;
  let direct: pg.Client;
  let proxiedUrl: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const target = new URL(database.url);
    proxy = await startTcpProxy(Number(target.port || 5432));
    target.port = String(proxy.port);
    emulator = await startClerkEmulator();
    proxiedUrl = target.toString();
    direct = new pg.Client({ connectionString: database.url });
    direct.on('error', () => undefined);
    await direct.connect();
  });

  /** Each test gets its own process: one that crashed must not fail the next test. */
  beforeEach(async () => {
    proxy.restore();
    api = await spawnApi({
      DATABASE_URL: proxiedUrl,
      ...standInEnv(emulator),
      CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
    });
    // Migrations done: the tests below hold locks and cut the link, not the first connection.
    await expect
      .poll(async () => (await fetch(`${api!.url}/readyz`)).status, { timeout: 30_000 })
      .toBe(200);
  }, 60_000);

  afterEach(async () => {
    proxy.restore();
    await api?.stop();
    api = undefined;
  }, 30_000);

  afterAll(async () => {
    await direct.end();
    await proxy.close();
    await emulator.close();
    await database.drop();
  }, 30_000);

  /** Backends of this database waiting on a lock. */
  async function lockWaiters() {
    const { rows } = await direct.query<{ n: string }>(
      "select count(*) n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
    );
    return Number(rows[0]?.n);
  }

  /** The process's own account of a crash, for the failure message. */
  const crash = () => `API process exit ${String(api?.exit())}: ${api?.stderr.join('\n') ?? ''}`;

  async function call(started: number, path: string, init: RequestInit & { token: string }) {
    const at = Date.now() - started;
    const { token, ...rest } = init;
    const response = await fetch(`${api!.url}${path}`, {
      ...rest,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    const body = (await response.json()) as Record<string, unknown>;
    const answer: Answer = {
      status: response.status,
      code: typeof body.code === 'string' ? body.code : undefined,
      ms: Date.now() - started - at,
      at,
    };
    return { answer, body };
  }

  /** PATCHes one user's displayName with increasing values; returns the last one acknowledged. */
  async function patchLoop(token: string, loop: number, started: number, answers: Answer[]) {
    let acknowledged: string | undefined;
    for (let i = 1; Date.now() - started < DEADLINE_MS; i += 1) {
      const value = `loop${loop}-${i}`;
      const { answer, body } = await call(started, '/users/me', {
        method: 'PATCH',
        token,
        body: JSON.stringify({ displayName: value }),
      });
      answers.push(answer);
      if (answer.status === 200) {
        expect((body.user as { displayName: string }).displayName).toBe(value);
        acknowledged = value;
      }
      if (Date.now() - started > LOAD_MS && answer.status === 200) break;
      await sleep(20);
    }
    return acknowledged;
  }

  /** First-sight provisioning of a new user per request; returns the users acknowledged. */
  async function provisionLoop(
    tokens: { userId: string; token: string }[],
    started: number,
    answers: Answer[],
  ) {
    const acknowledged: string[] = [];
    for (const { userId, token } of tokens) {
      if (Date.now() - started > LOAD_MS) break;
      const { answer } = await call(started, '/auth/bootstrap', { method: 'POST', token });
      answers.push(answer);
      if (answer.status === 201) acknowledged.push(userId);
      await sleep(20);
    }
    return acknowledged;
  }

  it('answers 503 database_unavailable during the cut, recovers without a restart, and loses no acknowledged write', async () => {
    const users = await Promise.all(Array.from({ length: LOOPS }, () => signInTo(emulator)));
    for (const { token } of users) {
      const { answer } = await call(Date.now(), '/auth/bootstrap', { method: 'POST', token });
      expect(answer.status).toBe(201);
    }
    const newcomers = await Promise.all(Array.from({ length: 150 }, () => signInTo(emulator)));
    const answers: Answer[][] = Array.from({ length: LOOPS + 1 }, () => []);
    const started = Date.now();

    const loops = Promise.all([
      ...users.map(({ token }, k) => patchLoop(token, k, started, answers[k]!)),
      provisionLoop(newcomers, started, answers[LOOPS]!),
    ]).catch((error: unknown) => new Error(`${String(error)}; ${crash()}`));
    await sleep(CUT_AT_MS);
    proxy.cut();
    await sleep(CUT_FOR_MS);
    proxy.restore();
    const results = await loops;

    if (results instanceof Error) throw results;

    const all = answers.flat();
    const refused = all.filter((answer) => answer.status >= 300);
    expect(
      refused.every((answer) => answer.status === 503 && answer.code === 'database_unavailable'),
      JSON.stringify(refused),
    ).toBe(true);
    expect(Math.max(...all.map((answer) => answer.ms))).toBeLessThan(5_000);
    for (const loopAnswers of answers.slice(0, LOOPS)) {
      expect(loopAnswers.some((answer) => answer.status === 503)).toBe(true);
      expect(loopAnswers.at(-1)).toMatchObject({ status: 200 });
      expect(loopAnswers.at(-1)!.at).toBeGreaterThan(CUT_AT_MS + CUT_FOR_MS);
    }
    for (const [k, { userId }] of users.entries()) {
      const { rows } = await direct.query<{ display_name: string }>(
        'select display_name from users where clerk_user_id = $1',
        [userId],
      );
      expect(rows[0]?.display_name).toBe(results[k]);
    }
    const provisioned = results[LOOPS] as string[];
    expect(provisioned.length).toBeGreaterThan(0);
    const { rows } = await direct.query<{ n: string }>(
      'select count(*) n from users u join portfolios p on p.user_id = u.id where u.clerk_user_id = any($1)',
      [provisioned],
    );
    expect(Number(rows[0]?.n)).toBe(provisioned.length);
    expect((await fetch(`${api!.url}/readyz`)).status).toBe(200);
    expect(api!.exit(), crash()).toBeNull();
  });

  it('survives a connection reset in the middle of a transaction, and applies the delivery on retry', async () => {
    const svixId = `msg_reset${Date.now()}`;
    const body = clerkUserEvent('user.created', { id: `user_reset${Date.now()}`, updatedAt: 1 });
    const headers = svixHeaders(body, { id: svixId });
    // An uncommitted row with the same key holds the API's webhook transaction mid-statement.
    await direct.query('begin');
    await direct.query("insert into processed_webhooks (source, event_id) values ('clerk', $1)", [
      svixId,
    ]);
    const delivery = fetch(`${api!.url}/webhooks/clerk`, { method: 'POST', headers, body }).then(
      (response) => response.status,
      (error: unknown) => `no answer: ${String(error)}`,
    );
    await expect.poll(lockWaiters, { timeout: 5_000, interval: 20 }).toBeGreaterThanOrEqual(1);

    proxy.cut();
    const during = await delivery;
    proxy.restore();
    await direct.query('rollback');
    await sleep(500);

    expect(api!.exit(), crash()).toBeNull();
    expect(during).toBe(503);
    await expect
      .poll(
        async () =>
          (await fetch(`${api!.url}/webhooks/clerk`, { method: 'POST', headers, body })).status,
        { timeout: 10_000, interval: 250 },
      )
      .toBe(200);
  });
});
