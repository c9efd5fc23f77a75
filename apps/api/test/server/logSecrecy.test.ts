import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/api.js';
import { rawRequest } from '../support/rawHttp.js';
import { signInTo } from '../support/clerkUsers.js';
import { WEBHOOK_SECRET, clerkUserEvent, svixHeaders } from '../support/svix.js';
import { useApi } from '../support/useApi.js';

const RC_AUTH = 'Bearer rc-sup3r-secret-value';
const DB_PASSWORD = 's3cretpass';
const SSL_KEY_PASSWORD = 'ssl-k3y-pass';
const REDIS_PASSWORD = 'r3dispass';
const COOKIE = 'session=sup3r-cookie-value';

const env = { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET, REVENUECAT_WEBHOOK_AUTH: RC_AUTH };
const { api, emulator } = useApi({ database: 'test', env });
/** Through the real startServer, its database and Redis unreachable: their errors get logged. */
let failing: ApiHarness;
/** Every string that must never reach a log line, with what it is. */
const secrets = new Map<string, string>();

function plant(what: string, value: string) {
  secrets.set(value, what);
}

function plantToken(what: string, token: string) {
  plant(what, token);
  plant(`${what} (signature)`, token.split('.')[2] ?? token);
}

beforeAll(async () => {
  failing = await startApi({
    emulator,
    env: {
      ...env,
      DATABASE_URL: `postgres://user:${DB_PASSWORD}@127.0.0.1:1/x?sslpassword=${SSL_KEY_PASSWORD}`,
      REDIS_URL: `redis://default:${REDIS_PASSWORD}@127.0.0.1:1/0`,
    },
  });
  plant('the webhook secret', WEBHOOK_SECRET);
  plant('the webhook secret key', WEBHOOK_SECRET.slice('whsec_'.length));
  plant('the RevenueCat secret', RC_AUTH.slice('Bearer '.length));
  plant('the database password', DB_PASSWORD);
  plant("the database's TLS key password", SSL_KEY_PASSWORD);
  plant('the Redis password', REDIS_PASSWORD);
  plant('a cookie', COOKIE.split('=')[1] ?? COOKIE);
  plant('the Clerk secret key', emulator.secretKey);
});

afterAll(async () => {
  emulator.setFault(null);
  await failing.close();
});

async function traffic(base: string) {
  const { token } = await signInTo(emulator);
  const inQuery = (await signInTo(emulator)).token;
  const both = (await signInTo(emulator)).token;
  const forged = `${token.slice(0, -12)}sup3rForged0`;
  plantToken('a session token', token);
  plantToken('a token in ?access_token=', inQuery);
  plantToken('a token sent twice', both);
  plantToken('a forged token', forged);
  const bearer = (value: string) => ({ authorization: `Bearer ${value}`, cookie: COOKIE });

  await rawRequest(`${base}/auth/bootstrap`, { method: 'POST', headers: bearer(token) });
  await rawRequest(`${base}/users/me`, { headers: bearer(token) });
  await rawRequest(`${base}/users/me?access_token=${inQuery}`, { headers: { cookie: COOKIE } });
  await rawRequest(`${base}/users/me?access_token=${both}`, { headers: bearer(both) });
  await rawRequest(`${base}/nowhere?access_token=${inQuery}`, {});
  const pushToken = `ExponentPushToken[sup3rPush${Date.now()}]`;
  plant('a push token', pushToken.slice('ExponentPushToken['.length, -1));
  const pushPath = encodeURIComponent(pushToken);
  await rawRequest(`${base}/users/me/push-tokens/${pushPath}`, {
    method: 'DELETE',
    headers: bearer(token),
  });
  await rawRequest(`${base}/users/me/push-tokens/${pushPath}`, { method: 'DELETE' });
  await rawRequest(`${base}/users/me/push-token/${pushPath}`, {
    method: 'DELETE',
    headers: bearer(token),
  });
  await rawRequest(`${base}/users/me`, { headers: bearer(forged) });
  await rawRequest(`${base}/users/me`, {
    method: 'PATCH',
    headers: { ...bearer(token), 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: 'not gzip',
  });

  const event = clerkUserEvent('user.created', { id: `user_log${Date.now()}`, updatedAt: 1 });
  const signed = svixHeaders(event);
  plant('an svix-signature', signed['svix-signature'] ?? '');
  plant('a signature inside svix-signature', signed['svix-signature']?.slice(3) ?? '');
  await rawRequest(`${base}/webhooks/clerk`, { method: 'POST', headers: signed, body: event });
  const badSignature = 'v1,c3VwM3JCYWRTaWduYXR1cmVWYWx1ZQ==';
  plant('a wrong svix-signature', badSignature);
  await rawRequest(`${base}/webhooks/clerk`, {
    method: 'POST',
    headers: { ...signed, 'svix-signature': badSignature },
    body: event,
  });
  const rcBody = JSON.stringify({
    event: { id: `e${Date.now()}`, type: 'TEST', event_timestamp_ms: 1 },
  });
  const json = { 'content-type': 'application/json' };
  await rawRequest(`${base}/webhooks/revenuecat`, {
    method: 'POST',
    headers: { ...json, authorization: RC_AUTH },
    body: rcBody,
  });
  plant('a wrong RevenueCat secret', 'rc-sup3r-wrong-value');
  await rawRequest(`${base}/webhooks/revenuecat`, {
    method: 'POST',
    headers: { ...json, authorization: 'Bearer rc-sup3r-wrong-value' },
    body: rcBody,
  });

  emulator.setFault('error');
  await rawRequest(`${base}/users/me`, { method: 'DELETE', headers: bearer(token) });
  const { token: lookupFails } = await signInTo(emulator);
  plantToken('a token during a Clerk outage', lookupFails);
  await rawRequest(`${base}/auth/bootstrap`, { method: 'POST', headers: bearer(lookupFails) });
  emulator.setFault(null);
}

function leaks(lines: string[]): string[] {
  const joined = lines.join('');
  return [...secrets].filter(([value]) => joined.includes(value)).map(([, what]) => what);
}

describe('logs at LOG_LEVEL=debug', () => {
  it('hold no token, secret, signature, cookie or password after hostile and normal traffic', async () => {
    await traffic(api.url);

    expect(api.logs.length).toBeGreaterThan(15);
    expect(api.logs.join('')).toContain('"path":"/users/me"');
    expect(leaks(api.logs)).toEqual([]);
  });

  it('hold no credential of the database or Redis URL, only scheme, host, port and database', async () => {
    await traffic(failing.url);
    const ready = await rawRequest(`${failing.url}/readyz`);

    expect(ready.status).toBe(503);
    const joined = failing.logs.join('');
    expect(joined).toContain('database unavailable');
    expect(joined).toContain('"database":"postgres://127.0.0.1:1/x"');
    expect(joined).toContain('"redis":"redis://127.0.0.1:1/0"');
    expect(leaks(failing.logs)).toEqual([]);
  });
});
