import { startClerkEmulator, type ClerkEmulator } from '@assetra/clerk-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountCache } from '../../src/services/accountCache.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';
import { startApi, type ApiHarness } from '../support/api.js';
import { WEBHOOK_SECRET } from '../support/svix.js';

/**
 * Two instances sharing one database, each with its own account cache on a clock the test
 * moves. Clerk's webhooks reach instance A only: A must refuse at once, B may keep answering
 * read-only requests for at most the TTL, never writes.
 */
const TTL = 2000;
const RC_AUTH = 'Bearer rc-cache-secret';

let store: Store;
let emulator: ClerkEmulator;
let a: ApiHarness;
let b: ApiHarness;
const clocks = { a: 0, b: 0 };

beforeAll(async () => {
  store = await openStore('pglite:memory');
  emulator = await startClerkEmulator();
  const env = { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET, REVENUECAT_WEBHOOK_AUTH: RC_AUTH };
  const instance = (name: 'a' | 'b') =>
    startApi({
      store,
      emulator,
      env,
      accountCache: createAccountCache({ ttlMs: TTL, now: () => clocks[name] }),
    });
  [a, b] = await Promise.all([instance('a'), instance('b')]);
  emulator.configureWebhook({ url: `${a.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });
});

afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await emulator.close();
  await store.close();
});

beforeEach(() => {
  clocks.a = 0;
  clocks.b = 0;
});

const status = async (api: ApiHarness, token: string, init: RequestInit = {}) => {
  const response = await api.request('/users/me', { ...init, token });
  const body = (await response.json()) as { code?: string };
  return `${response.status}${body.code ? ` ${body.code}` : ''}`;
};
/** A signed-in user both instances have already seen (their caches are warm). */
async function seenByBoth() {
  const session = await a.signIn();
  await a.request('/auth/bootstrap', { method: 'POST', token: session.token });
  for (const api of [a, b]) expect(await status(api, session.token)).toBe('200');
  return session;
}

const rename = { method: 'PATCH', json: { displayName: 'Renamed' } } as RequestInit;

describe('account state across two instances with a 2 s account cache', () => {
  it('a revoked session: refused at once where the webhook landed, within the TTL elsewhere', async () => {
    const { token, sessionId } = await seenByBoth();

    emulator.instance.revokeSession(sessionId);
    await emulator.webhooks.drain();

    expect(await status(a, token)).toBe('401 invalid_token');
    expect(await status(b, token)).toBe('200');
    expect(await status(b, token, rename)).toBe('401 invalid_token');
    clocks.b = TTL;
    expect(await status(b, token)).toBe('401 invalid_token');
  });

  it('a banned account: refused at once where the webhook landed, within the TTL elsewhere', async () => {
    const { token, userId } = await seenByBoth();

    emulator.instance.setFlag(userId, 'banned', true);
    await emulator.webhooks.drain();

    expect(await status(a, token)).toBe('403 account_disabled');
    expect(await status(b, token)).toBe('200');
    expect(await status(b, token, rename)).toBe('403 account_disabled');
    clocks.b = TTL - 1;
    expect(await status(b, token)).toBe('200');
    clocks.b = TTL;
    expect(await status(b, token)).toBe('403 account_disabled');
  });

  it('a deleted account: refused at once where the webhook landed, within the TTL elsewhere', async () => {
    const { token, userId } = await seenByBoth();

    emulator.instance.deleteUser(userId);
    await emulator.webhooks.drain();

    expect(await status(a, token)).toBe('401 account_deleted');
    expect(await status(b, token)).toBe('200');
    clocks.b = TTL;
    expect(await status(b, token)).toBe('401 account_deleted');
  });

  it('DELETE /users/me takes effect at once on the instance that served it', async () => {
    const session = await seenByBoth();
    const recent = await emulator.mintToken({
      userId: session.userId,
      sessionId: session.sessionId,
      fva: [0, -1],
    });

    // Clerk's user.deleted webhook would tell A too: hold it back to see B's own effect.
    emulator.configureWebhook(undefined);
    const deleted = await b.request('/users/me', { method: 'DELETE', token: recent.token });
    emulator.configureWebhook({ url: `${a.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });

    expect(deleted.status).toBe(204);
    expect(await status(b, session.token)).toBe('401 account_deleted');
    expect(await status(a, session.token)).toBe('200');
    clocks.a = TTL;
    expect(await status(a, session.token)).toBe('401 account_deleted');
  });

  it('PATCH /users/me and a subscription webhook show at once on the instance that wrote them', async () => {
    const { token, userId } = await seenByBoth();

    await b.request('/users/me', { ...rename, token });
    const purchase = await b.request('/webhooks/revenuecat', {
      method: 'POST',
      headers: { authorization: RC_AUTH },
      json: {
        api_version: '1.0',
        event: {
          id: `evt_cache_${userId}`,
          type: 'INITIAL_PURCHASE',
          app_user_id: userId,
          entitlement_ids: ['pro'],
          expiration_at_ms: Date.now() + 86_400_000,
          event_timestamp_ms: Date.now(),
        },
      },
    });
    const me = (await (await b.request('/users/me', { token })).json()) as {
      user: { displayName: string; subscriptionStatus: string };
    };

    expect(purchase.status).toBe(200);
    expect(me.user).toMatchObject({ displayName: 'Renamed', subscriptionStatus: 'active' });
    expect((await b.request('/pro/insights', { token })).status).toBe(200);
  });
});
