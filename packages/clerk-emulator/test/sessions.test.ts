import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { verifyWebhook } from '@clerk/backend/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClerkEmulator, type ClerkEmulator, type SessionJSON } from '../src/index.js';
import { startReceiver } from './receiver.js';

const SECRET = `whsec_${Buffer.from('assetra-sessions-signing-secret!').toString('base64')}`;
const DAY = 24 * 3600 * 1000;

let clock = Date.UTC(2026, 0, 1);
let emulator: ClerkEmulator;
let clerk: ClerkClient;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let emails = 0;

beforeAll(async () => {
  receiver = await startReceiver();
  emulator = await startClerkEmulator({
    now: () => clock,
    webhook: { url: receiver.url, secret: SECRET },
  });
  clerk = createClerkClient({ apiUrl: emulator.url, secretKey: emulator.secretKey });
});

afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const newUser = () => emulator.instance.createUser({ emailAddress: [`s${++emails}@example.com`] });

/** A session created `minutesLater` after the previous one, so their order is known. */
function sessionOf(userId: string, minutesLater = 1) {
  clock += minutesLater * 60_000;
  return emulator.instance.createSession({ userId });
}

async function listRaw(query: string) {
  const response = await fetch(`${emulator.url}/v1/sessions?${query}`, {
    headers: { authorization: `Bearer ${emulator.secretKey}` },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** Forgets the webhooks delivered so far, once every one queued has been delivered. */
async function forgetWebhooks() {
  await emulator.webhooks.drain();
  receiver.received.length = 0;
}

/** The webhooks received so far, verified as the API verifies them. */
async function receivedEvents() {
  await emulator.webhooks.drain();
  return Promise.all(
    receiver.received.map((delivery) =>
      verifyWebhook(
        new Request(receiver.url, {
          method: 'POST',
          headers: Object.entries(delivery.headers).flatMap(([key, value]) =>
            typeof value === 'string' ? [[key, value] as [string, string]] : [],
          ),
          body: delivery.body,
        }),
        { signingSecret: SECRET },
      ),
    ),
  );
}

describe('GET /v1/sessions', () => {
  it("lists a user's active sessions newest first with a total, through getSessionList", async () => {
    const user = newUser();
    const [first, second, third] = [sessionOf(user.id), sessionOf(user.id), sessionOf(user.id)];
    emulator.instance.revokeSession(second.id);
    sessionOf(newUser().id);

    const { data, totalCount } = await clerk.sessions.getSessionList({
      userId: user.id,
      status: 'active',
    });

    expect(data.map((session) => session.id)).toEqual([third.id, first.id]);
    expect(totalCount).toBe(2);
  });

  it('lists sessions begun in the same millisecond newest first too', async () => {
    const user = newUser();
    const older = sessionOf(user.id);
    const newer = sessionOf(user.id, 0);

    const { data } = await clerk.sessions.getSessionList({ userId: user.id });

    expect(data.map((session) => session.id)).toEqual([newer.id, older.id]);
  });

  it('pages with limit and offset, as a plain array without paginated=true', async () => {
    const user = newUser();
    const sessions = [sessionOf(user.id), sessionOf(user.id), sessionOf(user.id)];

    const page = await listRaw(`user_id=${user.id}&limit=1&offset=1`);

    expect(page.status).toBe(200);
    expect((page.body as SessionJSON[]).map((session) => session.id)).toEqual([sessions[1]?.id]);
  });

  it('filters by status, revoked ones included', async () => {
    const user = newUser();
    const revoked = sessionOf(user.id);
    sessionOf(user.id);
    emulator.instance.revokeSession(revoked.id);

    const { data } = await clerk.sessions.getSessionList({ userId: user.id, status: 'revoked' });

    expect(data.map((session) => [session.id, session.status])).toEqual([[revoked.id, 'revoked']]);
  });

  it.each([
    ['no user_id nor client_id', '', 422],
    ['an unknown status', 'user_id=user_x&status=sleeping', 422],
    ['limit above 500', 'user_id=user_x&limit=501', 422],
    ['a negative offset', 'user_id=user_x&offset=-1', 422],
  ])('answers %s with a Clerk error', async (_name, query, status) => {
    const answer = await listRaw(query);

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ errors: [{ code: expect.stringMatching(/^form_param/) }] });
  });
});

describe('session lifetime', () => {
  it('expires 7 days after creation: listed as expired, no more tokens', async () => {
    const user = newUser();
    const session = sessionOf(user.id);

    clock += 7 * DAY;
    const fetched = await clerk.sessions.getSession(session.id);
    const active = await clerk.sessions.getSessionList({ userId: user.id, status: 'active' });
    const mint = emulator.mintToken({ userId: user.id, sessionId: session.id });

    expect(fetched.status).toBe('expired');
    expect(fetched.expireAt).toBe(session.created_at + 7 * DAY);
    expect(fetched.abandonAt).toBe(session.created_at + 30 * DAY);
    expect(active.totalCount).toBe(0);
    await expect(mint).rejects.toMatchObject({ code: 'session_not_active' });
  });

  it('an expired session stays expired when the user is banned afterwards', async () => {
    const user = newUser();
    const session = sessionOf(user.id);
    clock += 7 * DAY;

    await clerk.users.banUser(user.id);

    expect(emulator.instance.getSession(session.id).status).toBe('expired');
  });

  it('a ban revokes every active session of the user', async () => {
    const user = newUser();
    sessionOf(user.id);
    sessionOf(user.id);

    await clerk.users.banUser(user.id);
    const { data } = await clerk.sessions.getSessionList({ userId: user.id });

    expect(data.map((session) => session.status)).toEqual(['revoked', 'revoked']);
  });
});

describe('latest_activity and last_active_at', () => {
  const iphone = { deviceType: 'iPhone', browserName: 'Safari', browserVersion: '18.2' };

  it('are set when a session is created and when a token is minted from another device', async () => {
    const user = newUser();
    const created = emulator.instance.createSession({
      userId: user.id,
      activity: {
        ...iphone,
        isMobile: true,
        city: 'Lisbon',
        country: 'PT',
        ipAddress: '203.0.113.7',
      },
    });

    clock += 5 * 60_000;
    await emulator.mintToken({
      userId: user.id,
      sessionId: created.id,
      activity: { deviceType: 'Macintosh', browserName: 'Firefox', city: 'Porto', country: 'PT' },
    });
    const after = await clerk.sessions.getSession(created.id);

    expect(created.latest_activity).toMatchObject({
      object: 'session_activity',
      device_type: 'iPhone',
      is_mobile: true,
      ip_address: '203.0.113.7',
    });
    expect(after.latestActivity).toMatchObject({
      deviceType: 'Macintosh',
      browserName: 'Firefox',
      city: 'Porto',
      isMobile: false,
    });
    expect(after.latestActivity?.id).not.toBe(created.latest_activity?.id);
    expect(after.lastActiveAt).toBe(created.last_active_at + 5 * 60_000);
  });

  it('a token minted without activity moves last_active_at and keeps the device', async () => {
    const user = newUser();
    const created = emulator.instance.createSession({ userId: user.id, activity: iphone });

    clock += 60_000;
    await emulator.mintToken({ userId: user.id, sessionId: created.id });
    const after = emulator.instance.getSession(created.id);

    expect(after.last_active_at).toBe(created.last_active_at + 60_000);
    expect(after.latest_activity).toEqual(created.latest_activity);
  });

  it('is null for a session created without any', () => {
    expect(sessionOf(newUser().id).latest_activity).toBeNull();
  });

  it('can be given to the dev token endpoint in Clerk field names; a wrong or unknown field is a 422', async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.url}/__dev/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const ok = await post({
      email: 'dev-activity@example.com',
      activity: { city: 'Oslo', is_mobile: true },
    });
    const { session_id: sessionId } = (await ok.json()) as { session_id: string };
    const wrongType = await post({ email: 'dev-activity@example.com', activity: { city: 7 } });
    const unknown = await post({ email: 'dev-activity@example.com', activity: { toString: 'x' } });

    expect(emulator.instance.getSession(sessionId).latest_activity).toMatchObject({
      city: 'Oslo',
      is_mobile: true,
    });
    expect([wrongType.status, unknown.status]).toEqual([422, 422]);
  });
});

describe('session webhooks', () => {
  it('session.created is sent however the session begins, with its user and activity', async () => {
    await forgetWebhooks();
    const user = newUser();
    const viaBackend = await clerk.sessions.createSession({ userId: user.id });
    const viaMint = await emulator.mintToken({ userId: user.id, activity: { city: 'Rome' } });
    const viaDev = await fetch(`${emulator.url}/__dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: user.id }),
    }).then((response) => response.json() as Promise<{ session_id: string }>);
    const ticket = emulator.instance.createSignInToken(user.id, 60);
    const viaTicket = await fetch(`${emulator.url}/v1/client/sign_ins`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ strategy: 'ticket', ticket: ticket.token }),
    }).then((response) => response.json() as Promise<{ response: { created_session_id: string } }>);

    const created = (await receivedEvents()).filter((event) => event.type === 'session.created');

    expect(created.map((event) => event.data.id)).toEqual([
      viaBackend.id,
      viaMint.sessionId,
      viaDev.session_id,
      viaTicket.response.created_session_id,
    ]);
    expect(created[0]?.data).toMatchObject({ status: 'active', user: { id: user.id } });
    expect(created[1]?.data).toMatchObject({ latest_activity: { city: 'Rome' } });
  });

  it('ending, removing and revoking send session.ended, .removed and .revoked, once each', async () => {
    await forgetWebhooks();
    const user = newUser();
    const [ended, removed, revoked] = [sessionOf(user.id), sessionOf(user.id), sessionOf(user.id)];

    emulator.instance.endSession(ended.id);
    emulator.instance.removeSession(removed.id);
    await clerk.sessions.revokeSession(revoked.id);
    await clerk.sessions.revokeSession(ended.id); // already over: nothing changes, nothing sent

    const events = (await receivedEvents()).filter(
      (event) => event.type.startsWith('session.') && event.type !== 'session.created',
    );
    expect(events.map((event) => [event.type, event.data.id])).toEqual([
      ['session.ended', ended.id],
      ['session.removed', removed.id],
      ['session.revoked', revoked.id],
    ]);
    expect(emulator.instance.getSession(ended.id).status).toBe('ended');
  });
});
