import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { createPostgresDatabase, postgresReachable, requireOrSkip } from '../support/databases.js';
import { settleWithin } from '../support/deadline.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { useApi } from '../support/useApi.js';

const run = requireOrSkip('PostgreSQL', await postgresReachable());

describe.runIf(run)('a PostgreSQL outage behind a TCP proxy', () => {
  let database: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;

  // Registered before useApi's, so the database outlives the store (after hooks run in reverse).
  beforeAll(async () => {
    database = await createPostgresDatabase();
    proxy = await startTcpProxy(Number(new URL(database.url).port || 5432));
  });

  afterAll(async () => {
    await proxy.close();
    await database.drop();
  });

  const { api } = useApi({
    database: () => {
      const target = new URL(database.url);
      target.port = String(proxy.port);
      return openPostgresStore(target.toString());
    },
  });

  /** The response, and whether it came before a 2.5 s timer (see settleWithin). */
  const timed = async (request: () => Promise<Response>) => {
    const answer = request();
    const { inTime } = await settleWithin(answer, 2_500);
    return { response: await answer, inTime };
  };

  it('answers /readyz 503 and authenticated routes 503 within 2 s, then recovers without a restart', async () => {
    const { token } = await api.signIn();
    const healthy = await api.request('/auth/bootstrap', { method: 'POST', token });

    proxy.cut();
    const ready = await timed(() => api.request('/readyz'));
    const me = await timed(() => api.request('/users/me', { token }));
    const health = await api.request('/healthz');
    proxy.restore();

    expect(healthy.status).toBe(201);
    expect(ready.response.status).toBe(503);
    expect(await ready.response.json()).toMatchObject({ code: 'not_ready' });
    expect(ready.inTime).toBe(true);
    expect(me.response.status).toBe(503);
    expect(await me.response.json()).toMatchObject({ code: 'database_unavailable', status: 503 });
    expect(me.inTime).toBe(true);
    expect(health.status).toBe(200);
    await expect
      .poll(async () => (await api.request('/readyz')).status, { timeout: 10_000 })
      .toBe(200);
    expect((await api.request('/users/me', { token })).status).toBe(200);
  });

  it('provisions a new user who first arrives during an outage once the database is back', async () => {
    const { token } = await api.signIn();
    proxy.cut();

    const during = await api.request('/auth/bootstrap', { method: 'POST', token });
    proxy.restore();

    expect(during.status).toBe(503);
    await expect
      .poll(async () => (await api.request('/auth/bootstrap', { method: 'POST', token })).status, {
        timeout: 10_000,
      })
      .toBe(201);
  });
});
