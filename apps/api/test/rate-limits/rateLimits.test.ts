import { describe, expect, it } from 'vitest';
import type { ApiHarness } from '../support/api.js';
import { useApi } from '../support/useApi.js';

// No API of the file's own: each test starts one with the settings it is about.
const { start: startWith } = useApi({ shared: false });
const start = (env: Record<string, string>) => startWith({ env });

const statuses = async (count: number, send: () => Promise<Response>) => {
  const seen: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await send();
    await response.arrayBuffer();
    seen.push(response.status);
  }
  return seen;
};

const forgedWebhook = (app: ApiHarness) =>
  app.request('/webhooks/clerk', { method: 'POST', json: { type: 'user.deleted' } });

describe('per-IP limit', () => {
  it('answers the 6th request of a window 429 rate_limited with Retry-After at RATE_LIMIT_IP_MAX=5', async () => {
    const app = await start({ RATE_LIMIT_IP_MAX: '5' });

    const responses: Response[] = [];
    for (let i = 0; i < 6; i += 1) responses.push(await app.request('/openapi.json'));
    const last = responses[5];

    expect(responses.slice(0, 5).map((response) => response.status)).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(last?.status).toBe(429);
    expect(last?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await last?.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(last?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    responses.forEach((response, i) => {
      expect(response.headers.get('ratelimit-policy')).toMatch(/^"ip"; q=5; w=60; pk=:[\w+/=]+:$/);
      expect(response.headers.get('ratelimit')).toMatch(
        new RegExp(`^"ip"; r=${Math.max(4 - i, 0)}; t=\\d+$`),
      );
    });
  });

  it('never limits /healthz and /readyz, nor gives them rate-limit headers', async () => {
    const app = await start({ RATE_LIMIT_IP_MAX: '1' });

    await statuses(2, () => app.request('/openapi.json'));
    const probes = [...Array(5).keys()].flatMap(() => [
      app.request('/healthz'),
      app.request('/readyz'),
    ]);
    const answered = await Promise.all(probes);

    // /readyz may answer 503 when a loaded machine makes the store's probe slow; what matters
    // here is that neither probe is ever limited.
    for (const response of answered) {
      expect(response.status).not.toBe(429);
      expect(response.headers.get('ratelimit')).toBeNull();
    }
    expect(answered.filter((_, i) => i % 2 === 0).map((response) => response.status)).toEqual([
      200, 200, 200, 200, 200,
    ]);
  });

  it('ignores a spoofed X-Forwarded-For while TRUST_PROXY is unset', async () => {
    const app = await start({ RATE_LIMIT_IP_MAX: '3' });

    const seen = await statuses(5, () =>
      app.request('/openapi.json', {
        headers: { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` },
      }),
    );

    expect(seen).toEqual([200, 200, 200, 429, 429]);
  });

  it('counts clients behind a trusted proxy apart, IPv6 ones per /56', async () => {
    const app = await start({ RATE_LIMIT_IP_MAX: '2', TRUST_PROXY: 'loopback' });
    const from = (ip: string) => () =>
      app.request('/openapi.json', { headers: { 'x-forwarded-for': ip } });

    const first = await statuses(3, from('203.0.113.1'));
    const second = await statuses(2, from('203.0.113.2'));
    const sameSubnet = await statuses(3, from('2001:db8:0:1::1'));
    const neighbour = await statuses(1, from('2001:db8:0:2::99'));
    const otherSubnet = await statuses(1, from('2001:db8:0:100::1'));

    expect(first).toEqual([200, 200, 429]);
    expect(second).toEqual([200, 200]);
    expect(sameSubnet).toEqual([200, 200, 429]);
    expect(neighbour).toEqual([429]);
    expect(otherSubnet).toEqual([200]);
  });
});

describe('/auth/* limit', () => {
  it('limits /auth/* per IP at RATE_LIMIT_AUTH_MAX, in any letter case, on top of the IP limit', async () => {
    const app = await start({ RATE_LIMIT_AUTH_MAX: '2', RATE_LIMIT_IP_MAX: '50' });
    const { token } = await app.signIn();

    const first = await app.request('/auth/bootstrap', { method: 'POST', token });
    const seen = await statuses(2, () => app.request('/AUTH/bootstrap', { method: 'POST', token }));
    const elsewhere = await app.request('/users/me', { token });

    expect(first.status).toBe(201);
    expect(first.headers.get('ratelimit-policy')).toMatch(/^"ip"; q=50; .*, "auth"; q=2; /);
    expect(seen).toEqual([200, 429]);
    expect(elsewhere.status).toBe(200);
  });
});

describe('per-user limit', () => {
  it('gives two users behind one IP each their own RATE_LIMIT_USER_MAX', async () => {
    const app = await start({ RATE_LIMIT_USER_MAX: '3' });
    const alice = await app.signIn();
    const bob = await app.signIn();

    const aliceSeen = await statuses(4, () => app.request('/users/me', { token: alice.token }));
    const bobSeen = await statuses(4, () => app.request('/portfolio', { token: bob.token }));
    const limited = await app.request('/subscription', { token: alice.token });

    expect(aliceSeen).toEqual([200, 200, 200, 429]);
    expect(bobSeen).toEqual([200, 200, 200, 429]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-policy')).toMatch(/"user"; q=3; w=60/);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('counts /auth/bootstrap and DELETE /users/me per user too', async () => {
    const app = await start({ RATE_LIMIT_USER_MAX: '2' });
    const { token } = await app.signIn();

    const seen = [
      ...(await statuses(2, () => app.request('/auth/bootstrap', { method: 'POST', token }))),
      ...(await statuses(1, () => app.request('/users/me', { method: 'DELETE', token }))),
    ];

    expect(seen).toEqual([201, 200, 429]);
  });
});

describe('webhooks', () => {
  it('keeps user routes answering while forged webhooks exhaust their own bucket', async () => {
    const app = await start({ RATE_LIMIT_IP_MAX: '3' });
    const { token } = await app.signIn();

    const flood = await statuses(31, () => forgedWebhook(app));
    const user = await statuses(3, () => app.request('/users/me', { token }));

    expect(flood.slice(0, 30).every((status) => status !== 429)).toBe(true);
    expect(flood[30]).toBe(429);
    expect(user).toEqual([200, 200, 200]);
  });

  it('keeps webhooks answering while user traffic exhausts the per-IP limit', async () => {
    const app = await start({ RATE_LIMIT_IP_MAX: '3' });

    const user = await statuses(4, () => app.request('/openapi.json'));
    const hooks = await statuses(5, () => forgedWebhook(app));

    expect(user).toEqual([200, 200, 200, 429]);
    expect(hooks.every((status) => status !== 429)).toBe(true);
  });
});
