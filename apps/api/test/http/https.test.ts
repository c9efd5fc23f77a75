import { describe, expect, it } from 'vitest';
import { useApi } from '../support/useApi.js';

const HSTS = 'max-age=31536000; includeSubDomains';

// No API of the file's own: each test starts one with the settings it is about.
const { start: startWith } = useApi({ shared: false });
const start = (env: Record<string, string>) => startWith({ env });

describe('REQUIRE_HTTPS=true', () => {
  it('answers a plain HTTP request 403 https_required as problem+json, without a redirect', async () => {
    const app = await start({ REQUIRE_HTTPS: 'true' });
    const { token } = await app.signIn();

    const response = await app.request('/users/me', { token, redirect: 'manual' });

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toMatchObject({ code: 'https_required', status: 403 });
  });

  it('refuses an unknown route over plain HTTP before route matching', async () => {
    const app = await start({ REQUIRE_HTTPS: 'true' });

    const response = await app.request('/no/such/route');

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'https_required' });
  });

  it('exempts /healthz and /readyz, which probes call over plain HTTP', async () => {
    const app = await start({ REQUIRE_HTTPS: 'true' });

    const health = await app.request('/healthz');
    const ready = await app.request('/readyz');

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
  });

  it('lets a request through with X-Forwarded-Proto: https from a trusted proxy, with HSTS', async () => {
    const app = await start({ REQUIRE_HTTPS: 'true', TRUST_PROXY: 'loopback' });
    const { token } = await app.signIn();

    const response = await app.request('/users/me', {
      token,
      headers: { 'x-forwarded-proto': 'https' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBe(HSTS);
  });

  it('ignores a forged X-Forwarded-Proto: https while TRUST_PROXY is false', async () => {
    const app = await start({ REQUIRE_HTTPS: 'true', TRUST_PROXY: 'false' });
    const { token } = await app.signIn();

    const response = await app.request('/users/me', {
      token,
      headers: { 'x-forwarded-proto': 'https' },
    });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'https_required' });
  });

  it('ignores X-Forwarded-Proto from an address outside the trusted subnets', async () => {
    const app = await start({ REQUIRE_HTTPS: 'true', TRUST_PROXY: '10.0.0.0/8' });

    const response = await app.request('/openapi.json', {
      headers: { 'x-forwarded-proto': 'https' },
    });

    expect(response.status).toBe(403);
  });
});

describe('REQUIRE_HTTPS=false', () => {
  it('serves plain HTTP and never sends Strict-Transport-Security', async () => {
    const app = await start({ REQUIRE_HTTPS: 'false' });
    const { token } = await app.signIn();

    const me = await app.request('/users/me', { token });
    const missing = await app.request('/no/such/route');
    const health = await app.request('/healthz');

    expect(me.status).toBe(200);
    for (const response of [me, missing, health]) {
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });
});
