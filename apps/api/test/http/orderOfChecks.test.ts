import { describe, expect, it } from 'vitest';
import type { ApiHarness } from '../support/api.js';
import { useApi } from '../support/useApi.js';

const MALFORMED = { body: '{"displayName":', headers: { 'content-type': 'application/json' } };

// No API of the file's own: each test starts one with the settings it is about.
const { store, start: startWith } = useApi({ shared: false });
const start = (env: Record<string, string> = {}) => startWith({ env });

const codeOf = async (response: Response) => {
  const body = (await response.json()) as { code?: string };
  return `${response.status} ${body.code ?? ''}`;
};

/** A signed-in user whose local account exists and is then disabled (or tombstoned). */
async function userIn(app: ApiHarness, state: 'disabled' | 'deleted') {
  const { token, userId } = await app.signIn();
  expect((await app.request('/auth/bootstrap', { method: 'POST', token })).status).toBe(201);
  if (state === 'deleted') await store.deleteUserData(userId);
  else {
    await store.applyClerkUser(`evt_${userId}`, {
      clerkUserId: userId,
      email: null,
      clerkName: null,
      isActive: false,
      clerkUpdatedAt: new Date(),
    });
  }
  return token;
}

describe('the order of checks', () => {
  it('answers 403 https_required before the IP limit, and refusals are not counted', async () => {
    const app = await start({
      REQUIRE_HTTPS: 'true',
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_IP_MAX: '1',
    });
    const https = { headers: { 'x-forwarded-proto': 'https' } };

    const plain = [await app.request('/openapi.json'), await app.request('/openapi.json')];
    const first = await app.request('/openapi.json', https);
    const second = await app.request('/openapi.json', https);
    const plainAfter = await app.request('/openapi.json');

    expect(plain.map((response) => response.status)).toEqual([403, 403]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(await codeOf(plainAfter)).toBe('403 https_required');
  });

  it('limits per IP before matching routes: an unknown route answers 429 over the limit', async () => {
    const app = await start({ RATE_LIMIT_IP_MAX: '2' });

    await app.request('/openapi.json');
    const unknown = await app.request('/no/such/route', { token: 'garbage' });
    const over = await app.request('/no/such/route', { token: 'garbage' });

    expect(await codeOf(unknown)).toBe('404 not_found');
    expect(await codeOf(over)).toBe('429 rate_limited');
  });

  it('applies the /auth limit before route matching too', async () => {
    const app = await start({ RATE_LIMIT_AUTH_MAX: '1' });

    const unknown = await app.request('/auth/nothing-here', { method: 'POST' });
    const over = await app.request('/auth/nothing-here', { method: 'POST' });

    expect(await codeOf(unknown)).toBe('404 not_found');
    expect(await codeOf(over)).toBe('429 rate_limited');
  });

  it('answers 404 for an unknown route whatever the credentials', async () => {
    const app = await start();
    const { token } = await app.signIn();

    const none = await app.request('/users/you');
    const bad = await app.request('/users/you', { token: 'not.a.token' });
    const valid = await app.request('/users/you', { token });

    for (const response of [none, bad, valid]) expect(await codeOf(response)).toBe('404 not_found');
  });

  it('authenticates before reading the body: 401, never a body error', async () => {
    const app = await start();

    const noToken = await app.request('/users/me', { method: 'PATCH', ...MALFORMED });
    const badToken = await app.request('/users/me', {
      method: 'PATCH',
      token: 'not.a.token',
      ...MALFORMED,
    });
    const notJson = await app.request('/users/me', {
      method: 'PATCH',
      token: 'not.a.token',
      body: 'x'.repeat(200_000),
      headers: { 'content-type': 'text/plain' },
    });

    expect(await codeOf(noToken)).toBe('401 unauthenticated');
    expect(await codeOf(badToken)).toBe('401 invalid_token');
    expect(await codeOf(notJson)).toBe('401 invalid_token');
  });

  it('checks account state before the body: 403 disabled, 401 deleted', async () => {
    const app = await start();
    const disabled = await userIn(app, 'disabled');
    const deleted = await userIn(app, 'deleted');

    const a = await app.request('/users/me', { method: 'PATCH', token: disabled, ...MALFORMED });
    const b = await app.request('/users/me', { method: 'PATCH', token: deleted, ...MALFORMED });

    expect(await codeOf(a)).toBe('403 account_disabled');
    expect(await codeOf(b)).toBe('401 account_deleted');
  });

  it('checks account state before the per-user limit, on every kind of route', async () => {
    const app = await start({ RATE_LIMIT_USER_MAX: '1' });
    const disabled = await userIn(app, 'disabled');
    const deleted = await userIn(app, 'deleted');

    const answers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      answers.push(await codeOf(await app.request('/users/me', { token: disabled })));
      answers.push(
        await codeOf(await app.request('/auth/bootstrap', { method: 'POST', token: disabled })),
      );
      answers.push(
        await codeOf(await app.request('/users/me', { method: 'DELETE', token: disabled })),
      );
      answers.push(await codeOf(await app.request('/portfolio', { token: deleted })));
    }

    expect(answers).toEqual(
      Array(3)
        .fill([
          '403 account_disabled',
          '403 account_disabled',
          '403 account_disabled',
          '401 account_deleted',
        ])
        .flat(),
    );
  });

  it('limits per user before reading the body', async () => {
    const app = await start({ RATE_LIMIT_USER_MAX: '1' });
    const { token } = await app.signIn();

    const first = await app.request('/users/me', { token });
    const malformed = await app.request('/users/me', { method: 'PATCH', token, ...MALFORMED });

    expect(first.status).toBe(200);
    expect(await codeOf(malformed)).toBe('429 rate_limited');
  });

  it('then checks media type, size and JSON syntax, and validates last', async () => {
    const app = await start();
    const { token } = await app.signIn();

    const malformed = await app.request('/users/me', { method: 'PATCH', token, ...MALFORMED });
    const text = await app.request('/users/me', {
      method: 'PATCH',
      token,
      body: 'displayName=x',
      headers: { 'content-type': 'text/plain' },
    });
    const huge = await app.request('/users/me', {
      method: 'PATCH',
      token,
      json: { displayName: 'x'.repeat(200_000) },
    });
    const invalid = await app.request('/users/me', {
      method: 'PATCH',
      token,
      json: { role: 'admin' },
    });

    expect(await codeOf(malformed)).toBe('400 malformed_json');
    expect(await codeOf(text)).toBe('415 unsupported_media_type');
    expect(await codeOf(huge)).toBe('413 payload_too_large');
    expect(await codeOf(invalid)).toBe('400 validation_failed');
  });
});
