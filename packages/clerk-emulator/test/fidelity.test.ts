import { verifyWebhook } from '@clerk/backend/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTANCE_EVENT_TYPES, startClerkEmulator, type ClerkEmulator } from '../src/index.js';
import { backendRoutes } from '../src/routes/backend.js';
import {
  checkBackendResponse,
  checkWebhookPayload,
  specPathFor,
  webhookEventTypes,
} from './openapi.js';
import { startReceiver } from './receiver.js';

/**
 * Every Backend API answer and every webhook the stand-in produces, checked against Clerk's
 * own OpenAPI specification (test/clerk-openapi); known differences are named in openapi.ts.
 */
const SECRET = `whsec_${Buffer.from('assetra-fidelity-signing-secret!').toString('base64')}`;

let emulator: ClerkEmulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const served = new Set<string>();

beforeAll(async () => {
  receiver = await startReceiver();
  emulator = await startClerkEmulator({ webhook: { url: receiver.url, secret: SECRET } });
});

afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

/** `/users/:id` and `/users/{user_id}` both become `/users/{}`. */
const routeKey = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/:[^/]+|\{[^}]+\}/g, '{}')}`;

type Answer = { status: number; body: Record<string, unknown> & Record<number, unknown> };

/** Calls the Backend API and fails the test when the answer is not Clerk's wire format. */
async function bapi(
  method: string,
  path: string,
  body?: unknown,
  secretKey = emulator.secretKey,
): Promise<Answer> {
  const url = new URL(`${emulator.url}/v1${path}`);
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Answer['body'];

  expect(response.headers.get('content-type')).toBe('application/json');
  expect(checkBackendResponse(method, url, response.status, json), `${method} ${path}`).toEqual([]);
  served.add(routeKey(method, specPathFor(url.pathname.replace(/^\/v1/, '')) ?? path));
  return { status: response.status, body: json };
}

const activity = {
  deviceType: 'iPhone',
  browserName: 'Safari',
  browserVersion: '18.2',
  city: 'Lisbon',
  country: 'PT',
  isMobile: true,
  ipAddress: '203.0.113.7',
};

describe("the Backend API answers as Clerk's OpenAPI specification describes", () => {
  it('users: create, get, list, count, update, ban / unban / lock / unlock, delete', async () => {
    const created = await bapi('POST', '/users', {
      email_address: ['spec@example.com'],
      first_name: 'Spec',
    });
    const id = String(created.body.id);

    await bapi('GET', `/users/${id}`);
    await bapi('GET', '/users?email_address=spec@example.com&limit=5&offset=0');
    await bapi('GET', '/users/count?email_address=spec@example.com');
    await bapi('PATCH', `/users/${id}`, { last_name: 'Sheet' });
    for (const action of ['ban', 'unban', 'lock', 'unlock']) {
      await bapi('POST', `/users/${id}/${action}`);
    }
    await bapi('POST', '/email_addresses', { user_id: id, email_address: 'spec2@example.com' });
    const deleted = await bapi('DELETE', `/users/${id}`);

    expect(created.status).toBe(200);
    expect(deleted.body).toEqual({ object: 'user', id, deleted: true });
  });

  it('users: errors are ClerkErrors with the statuses Clerk uses', async () => {
    await bapi('POST', '/users', { email_address: ['twice-spec@example.com'] });

    const taken = await bapi('POST', '/users', { email_address: ['twice-spec@example.com'] });
    const missing = await bapi('GET', '/users/user_missing');
    const banMissing = await bapi('POST', '/users/user_missing/ban');
    const badLimit = await bapi('GET', '/users?limit=0');
    const wrongKey = await bapi('GET', '/users', undefined, 'sk_test_wrong');

    expect([taken, missing, banMissing, badLimit, wrongKey].map((a) => a.status)).toEqual([
      422, 404, 404, 422, 401,
    ]);
  });

  it('sessions: create, list (plain and paginated), get, tokens, revoke', async () => {
    const user = emulator.instance.createUser({ emailAddress: ['sessions-spec@example.com'] });
    const { sessionId } = await emulator.mintToken({ userId: user.id, activity });

    const created = await bapi('POST', '/sessions', { user_id: user.id });
    const list = await bapi('GET', `/sessions?user_id=${user.id}&status=active`);
    const page = await bapi('GET', `/sessions?user_id=${user.id}&paginated=true&limit=1`);
    const one = await bapi('GET', `/sessions/${sessionId}`);
    await bapi('POST', `/sessions/${sessionId}/tokens`, { expires_in_seconds: 60 });
    const revoked = await bapi('POST', `/sessions/${sessionId}/revoke`);
    const refused = await bapi('POST', `/sessions/${sessionId}/tokens`);
    const unknown = await bapi('GET', '/sessions/sess_missing');
    const noFilter = await bapi('GET', '/sessions');

    expect(created.body.status).toBe('active');
    expect(Array.isArray(list.body)).toBe(true);
    expect(page.body).toMatchObject({ total_count: 2, data: [{ id: created.body.id }] });
    expect(one.body.latest_activity).toMatchObject({ object: 'session_activity', city: 'Lisbon' });
    expect(revoked.body.status).toBe('revoked');
    expect([refused.status, unknown.status, noFilter.status]).toEqual([400, 404, 422]);
  });

  it('sign-in tokens and the JWKS', async () => {
    const user = emulator.instance.createUser({ emailAddress: ['ticket-spec@example.com'] });

    const token = await bapi('POST', '/sign_in_tokens', { user_id: user.id });
    await bapi('POST', '/sign_in_tokens', { user_id: user.id, expires_in_seconds: -1 });
    await bapi('POST', `/sign_in_tokens/${String(token.body.id)}/revoke`);
    await bapi('GET', '/jwks');
    const anonymous = await bapi('GET', '/jwks', undefined, 'sk_test_wrong');

    expect(anonymous.status).toBe(401);
  });

  it('every route the stand-in serves under /v1 was checked above', () => {
    const router = backendRoutes({
      instance: emulator.instance,
      issuer: () => emulator.issuer,
      mint: () => Promise.resolve(''),
      jwks: () => ({ keys: [] }),
    });
    const routes = (router as unknown as { stack: RouteLayer[] }).stack.flatMap((layer) =>
      Object.keys(layer.route?.methods ?? {}).map((method) =>
        routeKey(method, layer.route?.path ?? ''),
      ),
    );

    expect(routes.length).toBeGreaterThan(15);
    expect([...served].sort()).toEqual(expect.arrayContaining(routes.sort()));
  });
});

type RouteLayer = { route?: { path: string; methods: Record<string, boolean> } };

describe("webhooks carry Clerk's payloads, as its webhooks specification describes", () => {
  it('every event type the stand-in sends, each payload valid', async () => {
    const user = emulator.instance.createUser({ emailAddress: ['hooks-spec@example.com'] });
    emulator.instance.updateUser(user.id, { firstName: 'Hooks' });
    const a = emulator.instance.createSession({ userId: user.id, activity });
    const b = emulator.instance.createSession({ userId: user.id });
    const c = emulator.instance.createSession({ userId: user.id });
    emulator.instance.revokeSession(a.id);
    emulator.instance.endSession(b.id);
    emulator.instance.removeSession(c.id);
    emulator.instance.deleteUser(user.id);
    await emulator.webhooks.drain();

    const events = await Promise.all(
      receiver.received.map(async (delivery) => {
        const request = new Request(receiver.url, {
          method: 'POST',
          headers: Object.entries(delivery.headers).flatMap(([key, value]) =>
            typeof value === 'string' ? [[key, value] as [string, string]] : [],
          ),
          body: delivery.body,
        });
        await verifyWebhook(request, { signingSecret: SECRET });
        return JSON.parse(delivery.body) as { type: string };
      }),
    );

    for (const event of events) {
      expect(checkWebhookPayload(event), event.type).toEqual([]);
    }
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(INSTANCE_EVENT_TYPES));
    expect(webhookEventTypes()).toEqual(expect.arrayContaining([...INSTANCE_EVENT_TYPES]));
  });
});
