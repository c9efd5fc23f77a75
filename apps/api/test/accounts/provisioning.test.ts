import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { ClerkGateway } from '../../src/services/clerk.js';
import { createProvisioning } from '../../src/services/provisioning.js';
import type { Store, UserRecord } from '../../src/store/port.js';
import { userRecord } from '../support/accounts.js';
import { useApi } from '../support/useApi.js';

type UserBody = {
  user: { id: string; email: string | null; clerkUserId: string; displayName: string | null };
};
type BootstrapBody = UserBody & {
  created: boolean;
  portfolio: { id: string; userId: string; totalValue: string };
};

const { api, store, sql } = useApi();

const bootstrap = (token: string) => api.request('/auth/bootstrap', { method: 'POST', token });

describe('POST /auth/bootstrap', () => {
  it('creates the user and an empty portfolio once: 201 created, then 200 with the same ids', async () => {
    const { token, userId } = await api.signIn('first@example.com');

    const first = await bootstrap(token);
    const second = await bootstrap(token);
    const firstBody = (await first.json()) as BootstrapBody;
    const secondBody = (await second.json()) as BootstrapBody;

    expect(first.status).toBe(201);
    expect(firstBody).toMatchObject({
      created: true,
      user: {
        clerkUserId: userId,
        email: 'first@example.com',
        subscriptionStatus: 'free',
        entitlements: [],
        isActive: true,
      },
      portfolio: { baseCurrency: 'USD', totalValue: '0', lastCalculatedAt: null },
    });
    expect(firstBody.portfolio.userId).toBe(firstBody.user.id);
    expect(second.status).toBe(200);
    expect(secondBody.created).toBe(false);
    expect(secondBody.user.id).toBe(firstBody.user.id);
    expect(secondBody.portfolio.id).toBe(firstBody.portfolio.id);
  });

  it('creates exactly one user and portfolio under 50 concurrent first requests', async () => {
    const { token, userId } = await api.signIn('race@example.com');

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? bootstrap(token) : api.request('/users/me', { token }),
      ),
    );
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as UserBody[];
    const created = responses.filter((response) => response.status === 201);

    expect(responses.every((response) => response.status === 200 || response.status === 201)).toBe(
      true,
    );
    expect(created.length).toBeLessThanOrEqual(1);
    expect(new Set(bodies.map((body) => body.user.id)).size).toBe(1);
    const user = await store.findUserByClerkId(userId);
    const portfolio = await store.getPortfolio(user?.id ?? '');
    expect(portfolio.userId).toBe(user?.id);
  });

  it('takes the email from an email session claim without asking Clerk', async () => {
    const user = api.emulator.instance.createUser({ emailAddress: ['claim-in-clerk@example.com'] });
    const { token } = await api.emulator.mintToken({
      userId: user.id,
      extraClaims: { email: 'claim@example.com' },
    });
    api.emulator.setFault('error');

    const response = await bootstrap(token);

    expect(((await response.json()) as BootstrapBody).user.email).toBe('claim@example.com');
  });
});

describe('email at first sight', () => {
  it('provisions with email null while Clerk is down, and a later request fills it in', async () => {
    const { token } = await api.signIn('later@example.com');
    api.emulator.setFault('error');

    const first = await bootstrap(token);
    api.emulator.setFault(null);
    const firstBody = (await first.json()) as BootstrapBody;

    expect(first.status).toBe(201);
    expect(firstBody.user.email).toBeNull();
    await expect
      .poll(
        async () => {
          const response = await api.request('/users/me', { token });
          return ((await response.json()) as UserBody).user.email;
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toBe('later@example.com');
  });

  it('answers within the 3 s lookup budget when Clerk hangs', async () => {
    const { token } = await api.signIn('hang@example.com');
    api.emulator.setFault('hang');
    const started = Date.now();

    const response = await bootstrap(token);

    expect(response.status).toBe(201);
    expect(((await response.json()) as BootstrapBody).user.email).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('provisions with email null when Clerk does not know the user', async () => {
    const user = api.emulator.instance.createUser({ emailAddress: ['vanished@example.com'] });
    const { token } = await api.emulator.mintToken({ userId: user.id });
    api.emulator.instance.deleteUser(user.id);

    const response = await bootstrap(token);

    expect(response.status).toBe(201);
    expect(((await response.json()) as BootstrapBody).user.email).toBeNull();
  });
});

describe('email lookups of users without an email claim', () => {
  const USERS = 100_000;
  const T0 = Date.parse('2030-01-01T00:00:00Z');

  /** Bytes the heap holds after a full collection: what the process keeps. */
  function retainedHeap(): number {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    return process.memoryUsage().heapUsed;
  }

  it('remembers a bounded number of users after 100,000 first sights, and asks Clerk about each at most once per 10 s', async () => {
    let clock = T0;
    // Preallocated and indexed by user number, so the test itself retains nothing per user.
    const lastAskedAt = new Float64Array(USERS).fill(Number.NEGATIVE_INFINITY);
    let asked = 0;
    let askedTooSoon = 0;
    const clerk = {
      primaryEmail(clerkUserId: string) {
        const user = Number(clerkUserId.slice('user_'.length));
        if (clock - (lastAskedAt[user] ?? 0) < 10_000) askedTooSoon += 1;
        lastAskedAt[user] = clock;
        asked += 1;
        return Promise.resolve(null);
      },
    } as unknown as ClerkGateway;
    // Built on demand from the id, not kept: every user exists from T0 on, without an email.
    let created = false;
    const record = (clerkUserId: string): UserRecord => ({
      ...userRecord(clerkUserId),
      id: clerkUserId,
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
    });
    const store = {
      findUserByClerkId: (clerkUserId: string) =>
        Promise.resolve(created ? record(clerkUserId) : null),
      provisionUser: ({ clerkUserId }: { clerkUserId: string }) =>
        Promise.resolve({ user: record(clerkUserId), portfolio: null, created: true }),
    } as unknown as Store;
    const provisioning = createProvisioning({
      store,
      clerk,
      logger: pino({ level: 'silent' }),
      now: () => clock,
    });
    /** Every user makes one request at `at`; returns how many were looked up. */
    async function everyoneAt(at: number): Promise<number> {
      clock = at;
      const before = asked;
      for (let user = 0; user < USERS; user += 1) {
        await provisioning.ensureUser({ clerkUserId: `user_${user}`, email: undefined });
      }
      await new Promise((resolve) => setImmediate(resolve)); // background lookups started
      return asked - before;
    }
    const heapBefore = retainedHeap();

    const firstSights = await everyoneAt(T0);
    const heapAfterFirstSights = retainedHeap() - heapBefore;
    created = true;
    const within10s = await everyoneAt(T0 + 9_000);
    const after10s = await everyoneAt(T0 + 10_000);
    const rightAfter = await everyoneAt(T0 + 15_000);
    const later = await everyoneAt(T0 + 20_000);
    const heapAtEnd = retainedHeap() - heapBefore;

    expect(firstSights).toBe(USERS);
    expect(within10s).toBe(0);
    expect(after10s).toBeGreaterThan(0);
    expect(after10s).toBeLessThanOrEqual(10_000);
    expect(rightAfter).toBe(0);
    expect(later).toBeGreaterThan(0);
    expect(askedTooSoon).toBe(0);
    // 100,000 remembered users would hold several MB; what stays is bounded (~1 MB).
    expect(heapAfterFirstSights).toBeLessThan(2_000_000);
    expect(heapAtEnd).toBeLessThan(4_000_000);
  }, 120_000);
});

describe('profile and portfolio', () => {
  it('PATCH /users/me trims and stores displayName', async () => {
    const { token } = await api.signIn();

    const response = await api.request('/users/me', {
      method: 'PATCH',
      token,
      json: { displayName: '  Ada L.  ' },
    });

    expect(response.status).toBe(200);
    expect(((await response.json()) as UserBody).user.displayName).toBe('Ada L.');
  });

  it.each(['clerkUserId', 'email', 'subscriptionStatus', 'isActive', 'role'])(
    'PATCH /users/me with %s answers 400 validation_failed and changes nothing',
    async (field) => {
      const { token, userId } = await api.signIn();
      await bootstrap(token);
      const before = await store.findUserByClerkId(userId);

      const response = await api.request('/users/me', {
        method: 'PATCH',
        token,
        json: { displayName: 'Mallory', [field]: field === 'isActive' ? false : 'x' },
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: `/${field}` }],
      });
      expect(await store.findUserByClerkId(userId)).toEqual(before);
    },
  );

  it('PATCH /users/me refuses a displayName over 80 characters', async () => {
    const { token } = await api.signIn();

    const response = await api.request('/users/me', {
      method: 'PATCH',
      token,
      json: { displayName: 'x'.repeat(81) },
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ path: '/displayName' }] });
  });

  it('PATCH /users/me answers 400 malformed_json and 415 for a non-JSON body', async () => {
    const { token } = await api.signIn();

    const malformed = await api.request('/users/me', {
      method: 'PATCH',
      token,
      headers: { 'content-type': 'application/json' },
      body: '{"displayName":',
    });
    const text = await api.request('/users/me', {
      method: 'PATCH',
      token,
      headers: { 'content-type': 'text/plain' },
      body: 'displayName=x',
    });

    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('malformed_json');
    expect(text.status).toBe(415);
  });

  it('GET and PATCH /portfolio', async () => {
    const { token } = await api.signIn();

    const before = await api.request('/portfolio', { token });
    const patched = await api.request('/portfolio', {
      method: 'PATCH',
      token,
      json: { baseCurrency: 'EUR' },
    });
    const invalid = await api.request('/portfolio', {
      method: 'PATCH',
      token,
      json: { baseCurrency: 'euro' },
    });

    expect(await before.json()).toMatchObject({
      portfolio: { baseCurrency: 'USD', totalValue: '0' },
    });
    expect(await patched.json()).toMatchObject({ portfolio: { baseCurrency: 'EUR' } });
    expect(invalid.status).toBe(400);
  });
});

describe('account state', () => {
  it('answers 403 account_disabled for a disabled account on every authenticated route', async () => {
    const { token, userId } = await api.signIn();
    await bootstrap(token);
    await sql('update users set is_active = false where clerk_user_id = $1', [userId]);

    const me = await api.request('/users/me', { token });
    const again = await bootstrap(token);

    expect(me.status).toBe(403);
    expect(await me.json()).toMatchObject({ code: 'account_disabled', status: 403 });
    expect(again.status).toBe(403);
  });

  it('answers 401 account_deleted for a tombstone and never re-creates it', async () => {
    const { token, userId } = await api.signIn();
    await bootstrap(token);
    await sql('update users set deleted_at = now(), email = null where clerk_user_id = $1', [
      userId,
    ]);

    const me = await api.request('/users/me', { token });
    const again = await bootstrap(token);

    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toBe('Bearer realm="assetra"');
    expect(await me.json()).toMatchObject({ code: 'account_deleted' });
    expect(again.status).toBe(401);
    expect((await store.findUserByClerkId(userId))?.deletedAt).toBeInstanceOf(Date);
  });
});
