import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountCache } from '../../src/services/accountCache.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/port.js';
import { startApi, type ApiHarness } from '../support/api.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';
import { WEBHOOK_SECRET } from '../support/svix.js';
import { within } from '../support/deadline.js';

/**
 * Two API instances on one PostgreSQL database, each with the production account cache (2 s,
 * following the database's change feed), and the operator commands run as their own process
 * against the same database and stand-in: what one changes, every instance must honour
 * within the contract's 2 s bound.
 */
const BOUND_MS = 2000;
const ADMIN = fileURLToPath(new URL('../../scripts/admin.ts', import.meta.url));
const runPostgres = requireOrSkip('PostgreSQL', await postgresReachable());

let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
let stores: Store[] = [];
let emulator: ClerkEmulator;
let a: ApiHarness;
let b: ApiHarness;

type AdminRun = { status: number | null; stdout: string; stderr: string };

function admin(...args: string[]): Promise<AdminRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@assetra/source', ADMIN, ...args],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        CLERK_SECRET_KEY: emulator.secretKey,
        CLERK_API_URL: emulator.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => {
    child.on('close', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

const status = async (api: ApiHarness, token: string) => {
  const response = await api.request('/users/me', { token });
  const body = (await response.json()) as { code?: string };
  return `${String(response.status)}${body.code ? ` ${body.code}` : ''}`;
};
const answersEverywhere = (token: string, expected: string) =>
  within(
    BOUND_MS,
    async () => (await status(a, token)) === expected && (await status(b, token)) === expected,
  );

describe.runIf(runPostgres)(
  'Security center across two instances and the operator commands',
  () => {
    beforeAll(async () => {
      database = await createPostgresDatabase();
      stores = [openPostgresStore(database.url), openPostgresStore(database.url)];
      emulator = await startClerkEmulator();
      const instance = (store: Store) =>
        startApi({
          store,
          emulator,
          env: { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET },
          accountCache: createAccountCache({ ttlMs: BOUND_MS }),
        });
      const [storeA, storeB] = stores;
      if (!storeA || !storeB) throw new Error('two stores expected');
      // One migration run at a time, as a rolling deploy would have it.
      await storeA.ping();
      await storeB.ping();
      [a, b] = await Promise.all([instance(storeA), instance(storeB)]);
      emulator.configureWebhook({ url: `${a.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });
    });

    afterAll(async () => {
      await Promise.all([a.close(), b.close()]);
      await emulator.close();
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    });

    /** A user with two sessions that both instances have seen (their caches are warm). */
    async function seenByBoth() {
      const email = `ops${String(Date.now())}@example.com`;
      const user = emulator.instance.createUser({ emailAddress: [email] });
      const phone = await emulator.mintToken({ userId: user.id });
      const laptop = await emulator.mintToken({ userId: user.id });
      await emulator.webhooks.drain();
      for (const api of [a, b]) {
        for (const token of [phone.token, laptop.token])
          expect(await status(api, token)).toBe('200');
      }
      return { userId: user.id, email, phone, laptop };
    }

    it('a session ended on A is refused by B within 2 s', async () => {
      const { phone, laptop } = await seenByBoth();

      const ended = await a.request(`/users/me/sessions/${laptop.sessionId}`, {
        method: 'DELETE',
        token: phone.token,
      });

      expect(ended.status).toBe(204);
      expect(await answersEverywhere(laptop.token, '401 invalid_token')).toBe(true);
      expect(await status(b, phone.token)).toBe('200');
    });

    it('user disable: 403 account_disabled on every instance within 2 s, sessions revoked, one event with the reason, banned at Clerk', async () => {
      const { userId, phone, laptop } = await seenByBoth();

      const disabled = await admin('user', 'disable', userId, '--reason', 'fraud report #42');
      // A session Clerk began as the command ran, so it was not among those revoked.
      const escaped = await emulator.mintToken({ userId });
      await emulator.webhooks.drain();

      expect(disabled).toMatchObject({ status: 0, stderr: '' });
      expect(disabled.stdout).toContain(`disabled ${userId}; 2 session(s) revoked`);
      expect(await answersEverywhere(escaped.token, '403 account_disabled')).toBe(true);
      expect(await answersEverywhere(phone.token, '401 invalid_token')).toBe(true);
      expect(await answersEverywhere(laptop.token, '401 invalid_token')).toBe(true);
      expect(emulator.instance.getUser(userId).banned).toBe(true);
      const listed = await admin('user', 'events', userId, '--json');
      const events = JSON.parse(listed.stdout) as {
        type: string;
        detail: Record<string, unknown>;
      }[];
      expect(events.filter((event) => event.type === 'account.disabled')).toEqual([
        expect.objectContaining({ detail: { by: 'operator', reason: 'fraud report #42' } }),
      ]);
    });

    it('user enable lets the account back in; user show finds it by email and prints no secret', async () => {
      const { userId, email } = await seenByBoth();
      await admin('user', 'disable', userId, '--reason', 'checking');

      const enabled = await admin('user', 'enable', userId);
      const shown = await admin('user', 'show', email);
      const text = await admin('user', 'events', userId);

      expect(enabled.status).toBe(0);
      expect(emulator.instance.getUser(userId).banned).toBe(false);
      expect(shown.status).toBe(0);
      expect(shown.stdout).toContain(`clerkUserId: ${userId}`);
      expect(shown.stdout).toContain('state: active');
      expect(text.stdout.split('\n')[0]).toMatch(/account\.enabled {2}by="operator"$/);
      for (const run of [enabled, shown, text]) {
        expect(run.stdout + run.stderr).not.toContain(emulator.secretKey);
        expect(run.stdout + run.stderr).not.toContain(database.url);
      }
    });

    it('fails with exit status 1 and one line for an unknown user, a missing reason or no command', async () => {
      const runs = await Promise.all([
        admin('user', 'disable', 'user_nobody', '--reason', 'x'),
        admin('user', 'disable', 'user_nobody'),
        admin(),
      ]);

      expect(runs.map((run) => run.status)).toEqual([1, 1, 1]);
      expect(runs.map((run) => run.stderr.trim().split('\n').length)).toEqual([1, 1, 1]);
      expect(runs[0].stderr).toContain('no user user_nobody');
      expect(runs[1].stderr).toContain('--reason');
    });

    it('refuses a reason holding a control character (a terminal escape): nothing disabled, no event', async () => {
      const { userId, phone } = await seenByBoth();

      const refused = await admin('user', 'disable', userId, '--reason', 'late\u001b[2Jpay');

      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('the reason must not contain control characters');
      expect(emulator.instance.getUser(userId).banned).toBe(false);
      expect(await status(a, phone.token)).toBe('200');
      const listed = await admin('user', 'events', userId, '--json');
      const types = (JSON.parse(listed.stdout) as { type: string }[]).map((event) => event.type);
      expect(types).not.toContain('account.disabled');
    });
  },
);
