import { afterAll, beforeAll } from 'vitest';
import { startApi, type ApiHarness } from './api.js';
import { REVENUECAT_AUTH, USER_PLACEHOLDER, type Route } from './bodyRoutes.js';
import { bodyHeaders, type HostileBody } from './hostileBodies.js';
import { freshRequest } from './http.js';
import type { RawResponse } from './rawHttp.js';
import { WEBHOOK_SECRET } from './svix.js';
import { openTestDatabase } from './testDatabase.js';
import { late } from './useApi.js';

export type BodyHarness = {
  api: ApiHarness;
  userId: string;
  /** Every row of every table, in one query: "nothing written" means this did not change. */
  snapshot(): Promise<string>;
  /** Sends the body to the route as the signed-in user (and the route's own headers). */
  send(route: Route, body: HostileBody): Promise<RawResponse>;
  close(): Promise<void>;
};

/** The API with both webhooks configured, one provisioned user, and no rate limits in the way. */
export async function startBodyHarness(): Promise<BodyHarness> {
  const database = await openTestDatabase();
  const api = await startApi({
    store: database.store(),
    env: {
      CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
      REVENUECAT_WEBHOOK_AUTH: REVENUECAT_AUTH,
      RATE_LIMIT_IP_MAX: '1000000',
      RATE_LIMIT_USER_MAX: '1000000',
      RATE_LIMIT_AUTH_MAX: '1000000',
    },
  });
  const { token, userId } = await api.signIn();
  await api.request('/auth/bootstrap', { method: 'POST', token });
  const tables = await database.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' order by 1",
  );
  const dump = `select json_build_object(${tables
    .map(({ table_name: t }) => `'${t}', (select json_agg(t order by t::text) from "${t}" t)`)
    .join(', ')}) as dump`;

  return {
    api,
    userId,
    async snapshot() {
      const [row] = await database.query<{ dump: unknown }>(dump);
      return JSON.stringify(row?.dump);
    },
    send(route, body) {
      const bytes = Buffer.from(
        body.bytes.toString('latin1').replaceAll(USER_PLACEHOLDER, userId),
        'latin1',
      );
      return freshRequest(`${api.url}${route.path}`, {
        method: route.method,
        headers: {
          authorization: `Bearer ${token}`,
          ...route.headers?.(),
          ...bodyHeaders(body),
          'content-length': String(bytes.length),
        },
        body: bytes,
      });
    },
    async close() {
      await api.close();
      await database.close();
    },
  };
}

/** useApi() for the hostile-body files: the harness for the whole file. */
export function useBodyHarness(): BodyHarness {
  let harness: BodyHarness | undefined;
  beforeAll(async () => {
    harness = await startBodyHarness();
  }, 30_000);
  afterAll(async () => {
    await harness?.close();
  });
  return late(() => {
    if (!harness) throw new Error('useBodyHarness: the harness is ready from beforeAll on');
    return harness;
  });
}
