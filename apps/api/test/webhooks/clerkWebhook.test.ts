import { describe, expect, it } from 'vitest';
import { useApi } from '../support/useApi.js';
import { WEBHOOK_SECRET, clerkUserEvent, svixHeaders } from '../support/svix.js';

const { api, store, sql, start } = useApi({
  env: { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET },
});
let counter = 0;

const newId = () => `user_hook${++counter}${Date.now()}`;
const deliver = (body: string, headers: Record<string, string>) =>
  api.request('/webhooks/clerk', { method: 'POST', headers, body });

async function expectRefused(response: Response) {
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ code: 'invalid_signature', status: 400 });
}

describe('POST /webhooks/clerk signature checks', () => {
  it('applies a valid delivery signed with the svix library', async () => {
    const id = newId();
    const body = clerkUserEvent('user.created', {
      id,
      email: 'hook@example.com',
      firstName: 'Ada',
      lastName: 'L',
      updatedAt: Date.now(),
    });

    const response = await deliver(body, svixHeaders(body));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(await store.findUserByClerkId(id)).toMatchObject({
      email: 'hook@example.com',
      displayName: 'Ada L',
    });
  });

  it('refuses a body changed by one byte, and writes nothing', async () => {
    const id = newId();
    const body = clerkUserEvent('user.created', {
      id,
      email: 'x@example.com',
      updatedAt: Date.now(),
    });
    const headers = svixHeaders(body);

    await expectRefused(await deliver(body.replace('x@example.com', 'y@example.com'), headers));
    expect(await store.findUserByClerkId(id)).toBeNull();
  });

  it('refuses a delivery signed with another secret', async () => {
    const body = clerkUserEvent('user.created', { id: newId(), updatedAt: Date.now() });
    const other = `whsec_${Buffer.from('another-secret-of-thirty-two-b!!').toString('base64')}`;

    await expectRefused(await deliver(body, svixHeaders(body, { secret: other })));
  });

  it.each([
    ['301 s old', -301],
    // Svix timestamps are whole seconds: +301.5 s stays past the limit whatever the rounding.
    ['301 s ahead', 301.5],
  ])('refuses a timestamp %s', async (_name, offset) => {
    const body = clerkUserEvent('user.created', { id: newId(), updatedAt: Date.now() });

    await expectRefused(
      await deliver(body, svixHeaders(body, { at: new Date(Date.now() + offset * 1000) })),
    );
  });

  it('accepts several signatures when one v1 entry matches', async () => {
    const id = newId();
    const body = clerkUserEvent('user.created', { id, updatedAt: Date.now() });

    const response = await deliver(
      body,
      svixHeaders(body, { signature: (good) => `v2,x v1,bad ${good}` }),
    );

    expect(response.status).toBe(200);
    expect(await store.findUserByClerkId(id)).not.toBeNull();
  });

  it('refuses the right signature under another version', async () => {
    const body = clerkUserEvent('user.created', { id: newId(), updatedAt: Date.now() });

    await expectRefused(
      await deliver(body, svixHeaders(body, { signature: (good) => good.replace(/^v1,/, 'v2,') })),
    );
  });

  it.each(['svix-id', 'svix-timestamp', 'svix-signature'])(
    'refuses a delivery without %s',
    async (header) => {
      const body = clerkUserEvent('user.created', { id: newId(), updatedAt: Date.now() });
      const headers = Object.fromEntries(
        Object.entries(svixHeaders(body)).filter(([name]) => name !== header),
      );

      await expectRefused(await deliver(body, headers));
    },
  );

  it('verifies the raw bytes: a signed body with unusual whitespace is accepted', async () => {
    const id = newId();
    const body = clerkUserEvent('user.created', {
      id,
      email: 'ws@example.com',
      updatedAt: Date.now(),
    }).replace(/,/g, ' ,\n  ');

    const response = await deliver(body, svixHeaders(body));

    expect(response.status).toBe(200);
    expect((await store.findUserByClerkId(id))?.email).toBe('ws@example.com');
  });

  it('answers 200 for event types it ignores', async () => {
    const body = JSON.stringify({
      type: 'organization.created',
      object: 'event',
      data: { id: 'org_1' },
    });

    expect((await deliver(body, svixHeaders(body))).status).toBe(200);
  });

  it('answers 503 not_configured without a signing secret', async () => {
    const bare = await start();
    const body = clerkUserEvent('user.created', { id: newId(), updatedAt: Date.now() });

    const response = await bare.request('/webhooks/clerk', {
      method: 'POST',
      headers: svixHeaders(body),
      body,
    });

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'not_configured' });
  });
});

describe('POST /webhooks/clerk effects', () => {
  it('applies one svix-id once, also when delivered twice at the same moment', async () => {
    const id = newId();
    const body = clerkUserEvent('user.created', {
      id,
      email: 'once@example.com',
      updatedAt: Date.now(),
    });
    const headers = svixHeaders(body, { id: `msg_once_${id}` });

    const [a, b] = await Promise.all([deliver(body, headers), deliver(body, headers)]);
    const again = await deliver(body, headers);
    const users = await sql<{ n: number }>(
      'select count(*)::int as n from users where clerk_user_id = $1',
      [id],
    );
    const processed = await sql<{ n: number }>(
      'select count(*)::int as n from processed_webhooks where event_id = $1',
      [`msg_once_${id}`],
    );

    expect([a.status, b.status, again.status]).toEqual([200, 200, 200]);
    expect(users[0]?.n).toBe(1);
    expect(processed[0]?.n).toBe(1);
  });

  it('never lets an older user.updated overwrite newer data', async () => {
    const id = newId();
    const newer = clerkUserEvent('user.updated', {
      id,
      email: 'new@example.com',
      updatedAt: 2_000_000,
    });
    const older = clerkUserEvent('user.updated', {
      id,
      email: 'old@example.com',
      updatedAt: 1_000_000,
    });

    await deliver(newer, svixHeaders(newer));
    await deliver(older, svixHeaders(older));

    expect((await store.findUserByClerkId(id))?.email).toBe('new@example.com');
  });

  it('user.deleted removes local data and leaves a tombstone, even for an id never seen', async () => {
    const seen = newId();
    const unseen = newId();
    const created = clerkUserEvent('user.created', {
      id: seen,
      email: 'gone@example.com',
      updatedAt: Date.now(),
    });
    await deliver(created, svixHeaders(created));
    const remove = (id: string) =>
      JSON.stringify({
        type: 'user.deleted',
        object: 'event',
        data: { object: 'user', id, deleted: true },
      });

    const first = await deliver(remove(seen), svixHeaders(remove(seen)));
    const second = await deliver(remove(unseen), svixHeaders(remove(unseen)));
    const tombstone = await store.findUserByClerkId(seen);
    const recreate = clerkUserEvent('user.updated', {
      id: unseen,
      email: 'back@example.com',
      updatedAt: Date.now(),
    });
    await deliver(recreate, svixHeaders(recreate));

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(tombstone).toMatchObject({
      email: null,
      displayName: null,
      deletedAt: expect.any(Date),
    });
    await expect(store.getPortfolio(tombstone?.id ?? '')).rejects.toThrow();
    expect(await store.findUserByClerkId(unseen)).toMatchObject({
      email: null,
      deletedAt: expect.any(Date),
    });
  });
});

describe("Clerk changes reach the API through the stand-in's webhooks", () => {
  it('a ban answers 403 account_disabled and an unban 200 again', async () => {
    api.emulator.configureWebhook({ url: `${api.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });
    const { token, userId } = await api.signIn();
    await api.request('/auth/bootstrap', { method: 'POST', token });

    api.emulator.instance.setFlag(userId, 'banned', true);
    await api.emulator.webhooks.drain();
    const banned = await api.request('/users/me', { token });
    api.emulator.instance.setFlag(userId, 'banned', false);
    await api.emulator.webhooks.drain();
    const unbanned = await api.request('/users/me', { token });

    expect(banned.status).toBe(403);
    expect(await banned.json()).toMatchObject({ code: 'account_disabled' });
    expect(unbanned.status).toBe(200);
  });

  it("a revoked session's token answers 401 while another session of the user still works", async () => {
    api.emulator.configureWebhook({ url: `${api.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });
    const { token, userId, sessionId } = await api.signIn();
    const other = await api.emulator.mintToken({ userId });

    api.emulator.instance.revokeSession(sessionId);
    await api.emulator.webhooks.drain();
    const revoked = await api.request('/users/me', { token });
    const stillValid = await api.request('/users/me', { token: other.token });

    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'invalid_token' });
    expect(stillValid.status).toBe(200);
  });
});
