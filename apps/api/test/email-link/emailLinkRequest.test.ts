import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startApi } from '../support/api.js';
import {
  freshAddress,
  LINK_URL,
  MINUTE,
  pkce,
  startEmailLinkStack,
  useEmailLinkStack,
} from '../support/emailLink.js';
import { startPlaintextSmtpServer } from '../support/smtpSink.js';

const stack = useEmailLinkStack();

const problem = async (response: Response) =>
  (await response.json()) as { code: string; errors?: { path: string }[] };

// Differ from one answer to the next whatever the address: request ids, dates, the per-IP count.
const VARYING_HEADERS = new Set(['x-request-id', 'date', 'ratelimit', 'ratelimit-policy']);
const comparable = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => !VARYING_HEADERS.has(name)));

describe('POST /auth/email-link', () => {
  it('answers a known and an unknown address identically: status, headers and body', async () => {
    const known = freshAddress();
    await stack.api.signIn(known);
    const unknown = freshAddress();

    const forKnown = await stack.requestLink(known, pkce().challenge);
    const forUnknown = await stack.requestLink(unknown, pkce().challenge);

    expect(forKnown.status).toBe(202);
    expect(forUnknown.status).toBe(forKnown.status);
    expect(comparable(forUnknown)).toEqual(comparable(forKnown));
    expect(await forUnknown.text()).toBe(await forKnown.text());
    expect(await stack.tokenFrom(known)).toMatch(/^[\w-]{43}$/);
    expect(await stack.tokenFrom(unknown)).toMatch(/^[\w-]{43}$/);
  });

  it('does not ask Clerk anything: it answers 202 while Clerk hangs', async () => {
    stack.api.emulator.setFault('hang');
    const email = freshAddress();

    const response = await stack.requestLink(email, pkce().challenge);

    expect(response.status).toBe(202);
    expect((await stack.sink.waitFor(email)).text).toContain(`${LINK_URL}?token=`);
  });

  it('answers 429 rate_limited with Retry-After to the 4th request for an address within an hour', async () => {
    const email = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await stack.requestLink(email, pkce().challenge)).status);
    }

    const fourth = await stack.requestLink(email.toUpperCase(), pkce().challenge);
    const otherAddress = await stack.requestLink(freshAddress(), pkce().challenge);
    stack.clock.offsetMs = 60 * MINUTE + 1_000;
    const nextHour = await stack.requestLink(email, pkce().challenge);

    expect(statuses).toEqual([202, 202, 202]);
    expect(fourth.status).toBe(429);
    expect((await problem(fourth)).code).toBe('rate_limited');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(3_500);
    expect(Number(fourth.headers.get('retry-after'))).toBeLessThanOrEqual(3_600);
    expect(otherAddress.status).toBe(202);
    expect(nextHour.status).toBe(202);
  });

  it('counts +tags and Gmail dot variants of one mailbox as one address, and mails each as given', async () => {
    const name = `inbox${randomBytes(3).toString('hex')}`;
    const variants = [
      `${name}@gmail.com`,
      `${name}+a@gmail.com`,
      `${name.slice(0, 2)}.${name.slice(2)}@googlemail.com`,
      `${name}+b@googlemail.com`,
      `${name.slice(0, 3)}.${name.slice(3)}+c@gmail.com`,
      `${name.toUpperCase()}@GMAIL.COM`,
    ];

    const statuses: number[] = [];
    for (const email of variants) {
      statuses.push((await stack.requestLink(email, pkce().challenge)).status);
    }
    const otherDomain = await stack.requestLink(`${name}+a@example.com`, pkce().challenge);

    expect(statuses).toEqual([202, 202, 202, 429, 429, 429]);
    expect(otherDomain.status).toBe(202);
    for (const email of variants.slice(0, 3)) {
      expect((await stack.sink.waitFor(email)).to).toEqual([email]);
    }
  });

  it.each([
    ['no body', undefined],
    ['no challenge', { email: 'a@example.com' }],
    ['a malformed address', { email: 'not-an-address', codeChallenge: pkce().challenge }],
    ['a short challenge', { email: 'a@example.com', codeChallenge: 'abc' }],
    ['an extra field', { email: 'a@example.com', codeChallenge: pkce().challenge, admin: true }],
  ])('answers 400 validation_failed to %s', async (_name, json) => {
    const response = await stack.api.request('/auth/email-link', { method: 'POST', json });

    expect(response.status).toBe(400);
    expect((await problem(response)).code).toBe('validation_failed');
  });

  it.each([
    ['no verifier', { token: 'abc' }],
    ['a short verifier', { token: 'abc', codeVerifier: 'short' }],
    ['an extra field', { token: 'abc', codeVerifier: pkce().verifier, email: 'a@example.com' }],
  ])('answers 400 validation_failed to a redemption with %s', async (_name, json) => {
    const response = await stack.api.request('/auth/email-link/redeem', { method: 'POST', json });

    expect(response.status).toBe(400);
    expect((await problem(response)).code).toBe('validation_failed');
  });

  it('answers 400 malformed_json to a body that is not JSON', async () => {
    const response = await stack.api.request('/auth/email-link', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });

    expect(response.status).toBe(400);
    expect((await problem(response)).code).toBe('malformed_json');
  });
});

describe('email links without a working SMTP server', () => {
  it('answers 503 not_configured on both routes when SMTP_URL is unset', async () => {
    const api = await startApi({ store: stack.store, emulator: stack.api.emulator });

    try {
      const request = await api.request('/auth/email-link', {
        method: 'POST',
        json: { email: freshAddress(), codeChallenge: pkce().challenge },
      });
      const redeem = await api.request('/auth/email-link/redeem', {
        method: 'POST',
        json: { token: 'abc', codeVerifier: pkce().verifier },
      });

      expect(request.status).toBe(503);
      expect((await problem(request)).code).toBe('not_configured');
      expect(redeem.status).toBe(503);
      expect((await problem(redeem)).code).toBe('not_configured');
    } finally {
      await api.close();
    }
  });

  it('still answers 202 when the SMTP server is down, and logs the failure without the address', async () => {
    const down = await startEmailLinkStack({ SMTP_URL: 'smtp://127.0.0.1:1' });
    const email = freshAddress();

    try {
      const response = await down.requestLink(email, pkce().challenge);

      expect(response.status).toBe(202);
      await expect.poll(() => down.api.logs.join('')).toContain('sign-in email not sent');
      expect(down.api.logs.join('')).not.toContain(email);
    } finally {
      await down.close();
    }
  });

  it('sends neither the SMTP credentials nor the link to a server without STARTTLS in production', async () => {
    const stripped = await startPlaintextSmtpServer();
    // 0.0.0.0 reaches this machine's loopback, yet is no loopback name: to the production
    // rule it is a remote server, which is what this test needs without leaving the machine.
    const mail = {
      SMTP_URL: `smtp://mailer:smtp-hunter2@0.0.0.0:${stripped.port}`,
      EMAIL_LINK_URL: LINK_URL,
    };
    const started = { store: stack.store, emulator: stack.api.emulator };
    const production = await startApi({
      ...started,
      env: {
        ...mail,
        NODE_ENV: 'production',
        DATABASE_URL: 'pglite:memory',
        REQUIRE_HTTPS: 'false',
        EMAIL_FROM: 'Assetra <no-reply@assetra.app>',
      },
    });
    const development = await startApi({ ...started, env: mail });
    const ask = (api: typeof production) =>
      api.request('/auth/email-link', {
        method: 'POST',
        json: { email: freshAddress(), codeChallenge: pkce().challenge },
      });

    try {
      const response = await ask(production);
      await expect
        .poll(() => production.logs.join(''), { timeout: 15_000 })
        .toMatch(/sign-in email (not )?sent/);
      const inProduction = {
        credentials: stripped.credentials.length,
        messages: stripped.messages,
      };
      await ask(development);
      await expect.poll(() => stripped.messages, { timeout: 15_000 }).toBe(1);

      expect(response.status).toBe(202);
      expect(inProduction).toEqual({ credentials: 0, messages: 0 });
      expect(production.logs.join('')).toContain('sign-in email not sent');
      // The same server, outside production, is handed both: what production prevents.
      expect(stripped.credentials).toEqual([{ username: 'mailer', password: 'smtp-hunter2' }]);
    } finally {
      await production.close();
      await development.close();
      await stripped.close();
    }
  });
});
