import {
  RevokeOthersResponseSchema,
  SecurityEventsResponseSchema,
  SessionsResponseSchema,
} from '@assetra/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClerkUnavailableError, type ClerkGateway } from '../../src/services/clerk.js';
import { postgresReachable, requireOrSkip } from '../support/databases.js';
import { WEBHOOK_SECRET, svixHeaders } from '../support/svix.js';
import { useApi } from '../support/useApi.js';

const runPostgres = requireOrSkip('PostgreSQL', await postgresReachable());
const iphone = {
  deviceType: 'iPhone',
  browserName: 'Safari',
  city: 'Zurich',
  country: 'CH',
  isMobile: true,
};

/** Each store the routes are proved on: PGlite always, the PostgreSQL server when it answers. */
const backends: [string, 'pglite' | 'test'][] = [
  ['PGlite', 'pglite'],
  ...(runPostgres ? ([['PostgreSQL', 'test']] as [string, 'test'][]) : []),
];

/** Clerk refuses every session revocation (the local revocation must stay). */
const failingRevocations = (real: ClerkGateway): ClerkGateway => ({
  ...real,
  revokeSession: () => Promise.reject(new ClerkUnavailableError(new Error('injected'))),
});

describe.each(backends)('Security center routes on %s', (_name, database) => {
  const { api, emulator, start } = useApi({
    database,
    env: { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET },
  });

  beforeAll(() => {
    emulator.configureWebhook({ url: `${api.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });
  });

  /** A user with two sessions: the phone (current) and a laptop. */
  async function twoSessions() {
    const user = emulator.instance.createUser({
      emailAddress: [`sc${String(Date.now())}@example.com`],
    });
    const phone = await emulator.mintToken({ userId: user.id, activity: iphone });
    const laptop = await emulator.mintToken({
      userId: user.id,
      activity: { deviceType: 'Macintosh', browserName: 'Chrome', city: 'Paris', country: 'FR' },
    });
    await emulator.webhooks.drain();
    // The phone was used last (a later millisecond): it lists first.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await emulator.mintToken({ userId: user.id, sessionId: phone.sessionId });
    return { userId: user.id, phone, laptop };
  }

  const events = async (token: string, query = '') => {
    const response = await api.request(`/users/me/security-events${query}`, { token });
    expect(response.status).toBe(200);
    return SecurityEventsResponseSchema.parse(await response.json());
  };

  it('lists the active sessions, current marked, most recently active first, no IP', async () => {
    const { phone, laptop } = await twoSessions();

    const response = await api.request('/users/me/sessions', { token: phone.token });

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(JSON.stringify(body)).not.toMatch(/ip_?address/i);
    const { sessions } = SessionsResponseSchema.parse(body);
    expect(sessions.map((s) => [s.id, s.current])).toEqual([
      [phone.sessionId, true],
      [laptop.sessionId, false],
    ]);
    expect(sessions[0]?.device).toEqual({
      type: 'iPhone',
      isMobile: true,
      browser: 'Safari',
      city: 'Zurich',
      country: 'CH',
    });
  });

  it('answers 404 for another user’s session and for an unknown id, 400 for %zz', async () => {
    const mine = await twoSessions();
    const theirs = await twoSessions();

    const other = await api.request(`/users/me/sessions/${theirs.laptop.sessionId}`, {
      method: 'DELETE',
      token: mine.phone.token,
    });
    const unknown = await api.request('/users/me/sessions/sess_doesnotexist', {
      method: 'DELETE',
      token: mine.phone.token,
    });
    const undecodable = await api.request('/users/me/sessions/%zz', {
      method: 'DELETE',
      token: mine.phone.token,
    });

    expect([other.status, unknown.status, undecodable.status]).toEqual([404, 404, 400]);
    expect(await other.json()).toMatchObject({ code: 'not_found' });
    expect(await api.request('/users/me', { token: theirs.laptop.token })).toHaveProperty(
      'status',
      200,
    );
  });

  it('ends a session here and at Clerk: its token is refused, one event by the user, idempotent', async () => {
    const { phone, laptop } = await twoSessions();
    const path = `/users/me/sessions/${laptop.sessionId}`;

    const first = await api.request(path, { method: 'DELETE', token: phone.token });
    const again = await api.request(path, { method: 'DELETE', token: phone.token });
    await emulator.webhooks.drain();

    expect([first.status, again.status]).toEqual([204, 204]);
    expect((await api.request('/users/me', { token: laptop.token })).status).toBe(401);
    expect(emulator.instance.getSession(laptop.sessionId).status).toBe('revoked');
    const ended = (await events(phone.token)).events.filter((e) => e.type === 'session.ended');
    expect(ended).toEqual([
      expect.objectContaining({ detail: { sessionId: laptop.sessionId, by: 'user' } }),
    ]);
  });

  it('revokes every other session, keeps the current one, and records it once', async () => {
    const { phone, laptop } = await twoSessions();

    const response = await api.request('/users/me/sessions/revoke-others', {
      method: 'POST',
      token: phone.token,
    });

    expect(response.status).toBe(200);
    expect(RevokeOthersResponseSchema.parse(await response.json())).toEqual({ revoked: 1 });
    expect((await api.request('/users/me', { token: laptop.token })).status).toBe(401);
    expect((await api.request('/users/me', { token: phone.token })).status).toBe(200);
    const types = (await events(phone.token)).events.map((e) => e.type);
    expect(types.filter((type) => type === 'sessions.revoked_others')).toHaveLength(1);
  });

  it('answers 502 when Clerk fails, revoking nothing when Clerk cannot confirm whose session it is', async () => {
    const { phone, laptop } = await twoSessions();
    await api.request('/users/me', { token: phone.token });

    emulator.setFault('error');
    const list = await api.request('/users/me/sessions', { token: phone.token });
    const end = await api.request(`/users/me/sessions/${laptop.sessionId}`, {
      method: 'DELETE',
      token: phone.token,
    });
    emulator.setFault(null);

    expect([list.status, end.status]).toEqual([502, 502]);
    expect(await list.json()).toMatchObject({ code: 'upstream_unavailable' });
    expect((await api.request('/users/me', { token: laptop.token })).status).toBe(200);
  });

  it('answers 502 when Clerk fails to revoke, and the revocation made here stays', async () => {
    const { phone, laptop, userId } = await twoSessions();
    const third = await emulator.mintToken({ userId });
    const revocationFails = await start({
      env: { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET },
      clerk: failingRevocations,
    });

    const one = await revocationFails.request(`/users/me/sessions/${laptop.sessionId}`, {
      method: 'DELETE',
      token: phone.token,
    });
    const others = await revocationFails.request('/users/me/sessions/revoke-others', {
      method: 'POST',
      token: phone.token,
    });

    expect([one.status, others.status]).toEqual([502, 502]);
    expect(await one.json()).toMatchObject({ code: 'upstream_unavailable' });
    expect((await api.request('/users/me', { token: laptop.token })).status).toBe(401);
    expect((await api.request('/users/me', { token: third.token })).status).toBe(401);
    expect((await api.request('/users/me', { token: phone.token })).status).toBe(200);
    expect(emulator.instance.getSession(laptop.sessionId).status).toBe('active');
  });

  it('records sign-ins from session.created once, even when a delivery is replayed', async () => {
    const { phone, userId } = await twoSessions();
    const session = emulator.instance.createSession({ userId });
    const body = JSON.stringify({
      type: 'session.created',
      object: 'event',
      data: emulator.instance.getSession(session.id),
    });
    const headers = svixHeaders(body, { id: 'msg_replayed_sign_in' });
    await emulator.webhooks.drain();
    const before = (await events(phone.token)).events.length;

    const first = await api.request('/webhooks/clerk', { method: 'POST', headers, body });
    const replay = await api.request('/webhooks/clerk', { method: 'POST', headers, body });

    expect([first.status, replay.status]).toEqual([200, 200]);
    const after = (await events(phone.token)).events;
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ type: 'sign_in', detail: { sessionId: session.id } });
  });

  it('pages events newest first with next, and refuses a bad limit or a forged cursor', async () => {
    const { phone } = await twoSessions();

    const first = await events(phone.token, '?limit=1');
    const second = await events(phone.token, `?limit=1&before=${first.next ?? ''}`);
    const bad = await Promise.all(
      ['?limit=0', '?limit=51', '?limit=x', '?before=bm90LWEtY3Vyc29y', '?before=%00'].map((q) =>
        api.request(`/users/me/security-events${q}`, { token: phone.token }),
      ),
    );

    expect(first.events).toHaveLength(1);
    expect(second.events[0]?.id).not.toBe(first.events[0]?.id);
    expect(Date.parse(second.events[0]?.at ?? '')).toBeLessThanOrEqual(
      Date.parse(first.events[0]?.at ?? ''),
    );
    expect(bad.map((response) => response.status)).toEqual([400, 400, 400, 400, 400]);
    const [badLimit] = bad;
    expect(await badLimit?.json()).toMatchObject({ code: 'validation_failed' });
  });
});
