import { SecurityEventsResponseSchema, type SecurityEvent } from '@assetra/shared';
import { describe, expect, it } from 'vitest';
import { postgresReachable, requireOrSkip } from '../support/databases.js';
import { useApi } from '../support/useApi.js';
import { WEBHOOK_SECRET, clerkUserEvent, svixHeaders } from '../support/svix.js';

const runPostgres = requireOrSkip('PostgreSQL', await postgresReachable());

/** Each store the events are proved on: PGlite always, the PostgreSQL server when it answers. */
const backends: [string, 'pglite' | 'test'][] = [
  ['PGlite', 'pglite'],
  ...(runPostgres ? ([['PostgreSQL', 'test']] as [string, 'test'][]) : []),
];

describe.each(backends)('Security center events from Clerk on %s', (_name, database) => {
  const backend = useApi({ database, env: { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET } });
  const { api, emulator } = backend;

  const deliver = async (body: string) => {
    const response = await api.request('/webhooks/clerk', {
      method: 'POST',
      headers: svixHeaders(body),
      body,
    });
    expect(response.status).toBe(200);
  };

  /** A user the API knows, signed in through the stand-in, and the events it sees. */
  async function signedIn() {
    const { userId, token } = await api.signIn();
    await api.request('/auth/bootstrap', { method: 'POST', token });
    const events = async (): Promise<SecurityEvent[]> => {
      const response = await api.request('/users/me/security-events?limit=50', { token });
      return SecurityEventsResponseSchema.parse(await response.json()).events;
    };
    return { userId, token, events };
  }

  it('derives passkey and email events from successive user.updated events, once each', async () => {
    const { userId, events } = await signedIn();
    const update = (at: number, email: string, passkeys: string[]) =>
      clerkUserEvent('user.updated', { id: userId, email, passkeys, updatedAt: at });

    await deliver(update(1_000, 'first@example.com', ['pk_a']));
    const second = update(2_000, 'second@example.com', ['pk_a', 'pk_b']);
    await deliver(second);
    await deliver(second); // the same event under a new delivery id: stale, nothing added
    await deliver(update(3_000, 'second@example.com', ['pk_b']));

    const recorded = (await events()).map((event) => JSON.stringify([event.type, event.detail]));
    expect(recorded.sort()).toEqual(
      [
        ['account.created', {}],
        ['email.changed', {}],
        ['email.changed', {}],
        ['passkey.added', { passkeyId: 'pk_b' }],
        ['passkey.removed', { passkeyId: 'pk_a' }],
      ]
        .map((entry) => JSON.stringify(entry))
        .sort(),
    );
  });

  it('records session.ended by clerk for a revocation at Clerk, and erases every event with the account', async () => {
    emulator.configureWebhook({ url: `${api.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });
    const { userId, token, events } = await signedIn();
    const other = await emulator.mintToken({ userId });
    await emulator.webhooks.drain();

    emulator.instance.revokeSession(other.sessionId);
    await emulator.webhooks.drain();
    const before = await events();
    const user = await backend.store.findUserByClerkId(userId);
    const deleted = await api.request('/users/me', { method: 'DELETE', token });
    const after = await backend.store.listSecurityEvents(user?.id ?? '', { limit: 50 });
    emulator.configureWebhook(undefined);

    expect(before.filter((event) => event.type === 'session.ended')).toEqual([
      expect.objectContaining({ detail: { sessionId: other.sessionId, by: 'clerk' } }),
    ]);
    expect(before.map((event) => event.type)).toContain('sign_in');
    expect(deleted.status).toBe(204);
    expect(after.events).toEqual([]);
    expect(await backend.store.findUserByClerkId(userId)).toMatchObject({
      deletedAt: expect.any(Date),
    });
  });

  it('records account.disabled and account.enabled by clerk for a ban and an unban', async () => {
    const { userId, events } = await signedIn();

    await deliver(clerkUserEvent('user.updated', { id: userId, banned: true, updatedAt: 10_000 }));
    await deliver(clerkUserEvent('user.updated', { id: userId, banned: false, updatedAt: 20_000 }));

    const types = (await events()).map((event) => [event.type, event.detail]);
    expect(types.slice(0, 2)).toEqual([
      ['account.enabled', { by: 'clerk' }],
      ['account.disabled', { by: 'clerk' }],
    ]);
  });
});
