import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiHarness } from '../support/api.js';
import { useApi } from '../support/useApi.js';

/** Clerk's Backend API budget is 3 s (lookup, deletion, JWKS); the rest is slack for a busy machine. */
const BOUND_MS = 5_000;

const { api, store, start } = useApi({ database: 'test' });

beforeAll(async () => {
  const { token } = await api.signIn();
  await api.request('/auth/bootstrap', { method: 'POST', token }); // migrations, off the clock
});

async function timed(request: () => Promise<Response>) {
  const started = performance.now();
  const response = await request();
  const body = response.status === 204 ? undefined : ((await response.json()) as unknown);
  return { status: response.status, body, ms: performance.now() - started };
}

describe('the Clerk stand-in hanging or failing', () => {
  it.each(['hang', 'error'] as const)(
    'provisions a first-time user with email null within the bound when Clerk is %s',
    async (fault) => {
      const { token } = await api.signIn();
      api.emulator.setFault(fault);

      const [bootstrap, health] = await Promise.all([
        timed(() => api.request('/auth/bootstrap', { method: 'POST', token })),
        timed(() => api.request('/healthz')),
      ]);

      expect(bootstrap.status).toBe(201);
      expect(bootstrap.body).toMatchObject({ created: true, user: { email: null } });
      expect(bootstrap.ms).toBeLessThan(BOUND_MS);
      expect(health.status).toBe(200);
      expect(health.ms).toBeLessThan(1_000);
    },
  );

  it.each(['hang', 'error'] as const)(
    'answers DELETE /users/me 502 upstream_unavailable within the bound and deletes nothing when Clerk is %s',
    async (fault) => {
      const { token, userId } = await api.signIn();
      await api.request('/auth/bootstrap', { method: 'POST', token });
      api.emulator.setFault(fault);

      const deletion = await timed(() => api.request('/users/me', { method: 'DELETE', token }));
      api.emulator.setFault(null);

      expect(deletion.status).toBe(502);
      expect(deletion.body).toMatchObject({ code: 'upstream_unavailable', status: 502 });
      expect(deletion.ms).toBeLessThan(BOUND_MS);
      expect((await store.findUserByClerkId(userId))?.deletedAt).toBeNull();
      expect((await api.request('/users/me', { token })).status).toBe(200);
    },
  );
});

describe('JWKS keys with Clerk failing and no key cached', () => {
  let cold: ApiHarness | undefined;

  it.each(['hang', 'error'] as const)(
    'answers 502 upstream_unavailable, not 401, within the bound when Clerk is %s',
    async (fault) => {
      const { token } = await api.signIn();
      cold = await start({ keys: 'jwks' });
      api.emulator.setFault(fault);

      const me = await timed(() => cold!.request('/users/me', { token }));

      expect(me.status).toBe(502);
      expect(me.body).toMatchObject({ code: 'upstream_unavailable' });
      expect(me.ms).toBeLessThan(BOUND_MS);
    },
  );

  it('answers 502, not 401, to every request while Clerk stays down, not only the first', async () => {
    const { token } = await api.signIn();
    cold = await start({ keys: 'jwks' });
    api.emulator.setFault('error');

    // A 401 tells the app its (valid) token was rejected: it would sign the user out.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await cold.request('/users/me', { token })).status);

    expect(statuses).toEqual([502, 502, 502]);
  });

  it('answers 200 once Clerk is back, without a restart', async () => {
    const { token } = await api.signIn();
    cold = await start({ keys: 'jwks' });
    api.emulator.setFault('error');
    const during = await cold.request('/users/me', { token });

    api.emulator.setFault(null);

    expect(during.status).toBe(502);
    await expect
      .poll(async () => (await cold!.request('/users/me', { token })).status, {
        timeout: 10_000,
        interval: 250,
      })
      .toBe(200);
  });
});
