import { describe, expect, it } from 'vitest';
import { rawRequest } from '../support/rawHttp.js';
import { useApi } from '../support/useApi.js';

const APP = 'https://app.assetra.example';

// No API of the file's own: each test starts one with the settings it is about.
const { start: startWith } = useApi({ shared: false });
const start = (env: Record<string, string> = {}) => startWith({ env });

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  it("sends helmet's headers and no X-Powered-By on success, error and probe answers", async () => {
    const app = await start();
    const { token } = await app.signIn();

    const responses = [
      await app.request('/users/me', { token }),
      await app.request('/users/me'),
      await app.request('/no/such/route'),
      await app.request('/healthz'),
    ];

    for (const response of responses) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keeps /docs working under the CSP: same-origin scripts only, inline styles allowed', async () => {
    const app = await start();

    const page = await app.request('/docs/');
    const html = await page.text();
    const csp = directives(page.headers.get('content-security-policy'));
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1] ?? '');

    expect(page.status).toBe(200);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toContain("'unsafe-inline'");
    expect(csp.get('img-src')).toContain('data:');
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toMatch(/\bsrc=["']\.\/[\w.-]+\.js["']/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    for (const asset of ['swagger-ui-init.js', 'swagger-ui-bundle.js', 'swagger-ui.css']) {
      const response = await app.request(`/docs/${asset}`);
      await response.arrayBuffer();
      expect(response.status, asset).toBe(200);
    }
  });

  it('asks browsers to upgrade insecure requests only when HTTPS is required', async () => {
    const plain = await start({ REQUIRE_HTTPS: 'false' });
    const relaxed = directives(
      (await plain.request('/docs/')).headers.get('content-security-policy'),
    );
    const strict = await start({ REQUIRE_HTTPS: 'true', TRUST_PROXY: 'loopback' });
    const enforced = directives(
      (await strict.request('/docs/', { headers: { 'x-forwarded-proto': 'https' } })).headers.get(
        'content-security-policy',
      ),
    );

    expect(relaxed.has('upgrade-insecure-requests')).toBe(false);
    expect(enforced.has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('a header block over 16 KB', () => {
  it.each([
    ['one header', { 'x-big': 'a'.repeat(17_000) }],
    [
      'many headers together',
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-pad-${i}`, 'p'.repeat(500)])),
    ],
  ])(
    'is answered 431 headers_too_large as problem+json with a request id: %s',
    async (_name, headers) => {
      const app = await start({ REQUIRE_HTTPS: 'true', TRUST_PROXY: 'loopback' });

      const response = await rawRequest(`${app.url}/users/me`, { headers });
      const body = JSON.parse(response.body) as Record<string, unknown>;
      const after = await app.request('/healthz');

      expect(response.status).toBe(431);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(body).toMatchObject({ status: 431, code: 'headers_too_large' });
      expect(response.headers['x-request-id']).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
      expect(body.requestId).toBe(response.headers['x-request-id']);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(after.status).toBe(200);
    },
  );
});

describe('CORS', () => {
  it('sends no CORS header at all when CORS_ORIGINS is unset', async () => {
    const app = await start();

    const simple = await rawRequest(`${app.url}/openapi.json`, { headers: { origin: APP } });
    const preflight = await rawRequest(`${app.url}/users/me`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'GET' },
    });

    for (const response of [simple, preflight]) {
      const names = Object.keys(response.headers).filter((name) =>
        name.startsWith('access-control'),
      );
      expect(names).toEqual([]);
    }
  });

  it('allows exactly the configured origins, exposing the request id and rate-limit headers', async () => {
    const app = await start({ CORS_ORIGINS: `${APP}, https://admin.assetra.example/` });
    const { token } = await app.signIn();

    const allowed = await rawRequest(`${app.url}/users/me`, {
      headers: { origin: APP, authorization: `Bearer ${token}` },
    });
    const second = await rawRequest(`${app.url}/openapi.json`, {
      headers: { origin: 'https://admin.assetra.example' },
    });
    const other = await rawRequest(`${app.url}/openapi.json`, {
      headers: { origin: 'https://evil.example' },
    });
    const none = await rawRequest(`${app.url}/openapi.json`);

    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(APP);
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(allowed.headers['access-control-expose-headers']).split(',')).toEqual([
      'X-Request-Id',
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
    ]);
    expect(String(allowed.headers.vary)).toMatch(/\bOrigin\b/);
    expect(second.headers['access-control-allow-origin']).toBe('https://admin.assetra.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(String(other.headers.vary)).toMatch(/\bOrigin\b/);
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an allowed preflight 204 with the methods and headers, without credentials', async () => {
    const app = await start({ CORS_ORIGINS: APP });

    const preflight = await rawRequest(`${app.url}/users/me`, {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    const refused = await rawRequest(`${app.url}/users/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PATCH' },
    });

    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(APP);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,POST,PATCH,DELETE');
    expect(preflight.headers['access-control-allow-headers']).toBe(
      'Authorization,Content-Type,X-Request-Id',
    );
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    expect(preflight.headers['access-control-max-age']).toBe('600');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('puts the CORS header on 429 answers too, so a browser app can read Retry-After', async () => {
    const app = await start({ CORS_ORIGINS: APP, RATE_LIMIT_IP_MAX: '1' });

    await rawRequest(`${app.url}/openapi.json`, { headers: { origin: APP } });
    const limited = await rawRequest(`${app.url}/openapi.json`, { headers: { origin: APP } });

    expect(limited.status).toBe(429);
    expect(limited.headers['access-control-allow-origin']).toBe(APP);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
  });
});
